/**
 * Applies pending migrations from prisma/migrations at start-up with Prisma's
 * WebAssembly schema engine, recording them in Prisma's `_prisma_migrations`
 * table (so an operator with internet access can also use `prisma migrate deploy`).
 * Applying twice is a no-op. On a PostgreSQL server, processes that start at
 * the same time take turns on an advisory lock.
 */
import { PGlite as PGliteClass, type PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { DriverAdapterError, type SqlDriverAdapter, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { MigrationList } from '@prisma/schema-engine-wasm';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { NO_FILTERS, openSchemaEngine, readMigrationList } from './schema-engine';

/** An arbitrary, fixed key: "Stegvis migrate". */
const MIGRATION_LOCK_KEY = 7_263_401_912;

/** PGlite is one in-process connection (the data directory's file lock keeps other processes out). */
export type MigrationTarget = { kind: 'pglite'; pglite: PGlite } | { kind: 'postgres'; url: string };

/** Applies the pending migrations in order; returns their names (empty when none were pending). */
export async function applyMigrations(target: MigrationTarget, options: { migrationsDir?: string } = {}): Promise<string[]> {
  const migrations = readMigrationList(options.migrationsDir);
  if (target.kind === 'pglite') return applyWith(pgliteMigrationConnections(target.pglite), migrations);

  const lockClient = new pg.Client({ connectionString: target.url });
  await lockClient.connect();
  // The engine's connections hold its own session-level lock until they close, so they get
  // a pool of their own, ended right after: the next process need not wait for it.
  const { factory, dispose } = pgMigrationConnections(target.url);
  try {
    await lockClient.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return await applyWith(factory, migrations);
  } finally {
    await dispose();
    await lockClient.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lockClient.end();
  }
}

async function applyWith(adapter: SqlMigrationAwareDriverAdapterFactory, migrationsList: MigrationList): Promise<string[]> {
  const engine = await openSchemaEngine(adapter);
  try {
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
    return appliedMigrationNames;
  } finally {
    engine.free();
  }
}

/**
 * pglite-prisma-adapter 0.7.2 starts a migration script with `exec` and does not
 * await it: a failing migration would be recorded as applied, its error left as
 * an unhandled rejection. Await it, so the engine records the failure (and stops,
 * as `prisma migrate deploy` does). `exec` sends the script whole: one implicit
 * transaction, so a migration applies all or nothing.
 */
export function pgliteMigrationConnections(pglite: PGlite): SqlMigrationAwareDriverAdapterFactory {
  const inner = new PrismaPGlite(pglite);
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => {
      const adapter = await inner.connect();
      adapter.executeScript = async (script: string) => {
        try {
          await pglite.exec(script);
        } catch (error) {
          // In the adapter's error shape, so the engine reports PostgreSQL's message.
          const e = error as { code?: unknown; severity?: string; message: string; detail?: string; hint?: string };
          if (typeof e.code !== 'string') throw error;
          throw new DriverAdapterError({ kind: 'postgres', code: e.code, severity: e.severity ?? 'ERROR', message: e.message, detail: e.detail, column: undefined, hint: e.hint });
        }
      };
      return adapter;
    },
    // Only `diff` (scripts/migration-new.ts) uses a shadow database: a fresh in-memory PGlite.
    connectToShadowDb: async () => pgliteMigrationConnections(new PGliteClass()).connect(),
  };
}

/**
 * @prisma/adapter-pg runs a migration script by splitting it on ";", which
 * breaks any statement with a ";" inside it (a plpgsql function body). Send
 * each script whole instead: PostgreSQL's simple query protocol runs several
 * statements in one implicit transaction, so a migration applies all or nothing.
 */
function pgMigrationConnections(url: string): { factory: SqlMigrationAwareDriverAdapterFactory; dispose: () => Promise<void> } {
  const inner = new PrismaPg({ connectionString: url });
  const opened: SqlDriverAdapter[] = [];
  const wrap = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    adapter.executeScript = async (script: string) => {
      await adapter.executeRaw({ sql: script, args: [], argTypes: [] });
    };
    opened.push(adapter);
    return adapter;
  };
  return {
    factory: {
      provider: inner.provider,
      adapterName: inner.adapterName,
      connect: async () => wrap(await inner.connect()),
      connectToShadowDb: async () => wrap(await inner.connectToShadowDb()),
    },
    dispose: async () => {
      await Promise.all(opened.map((adapter) => adapter.dispose()));
    },
  };
}
