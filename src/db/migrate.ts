/**
 * Applies pending migrations from prisma/migrations at start-up with Prisma's
 * WebAssembly schema engine, recording them in Prisma's `_prisma_migrations`
 * table (so an operator with internet access can also use `prisma migrate deploy`).
 * Applying twice is a no-op. On a PostgreSQL server, processes that start at
 * the same time take turns on an advisory lock.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { NO_FILTERS, openSchemaEngine, readMigrationList } from './schema-engine';

/** An arbitrary, fixed key: "Stegvis migrate". */
const MIGRATION_LOCK_KEY = 7_263_401_912;

export type MigrationTarget = { kind: 'pglite'; adapter: SqlMigrationAwareDriverAdapterFactory } | { kind: 'postgres'; url: string };

export async function applyMigrations(target: MigrationTarget): Promise<string[]> {
  if (target.kind === 'pglite') return applyWith(target.adapter);

  const lockClient = new pg.Client({ connectionString: target.url });
  await lockClient.connect();
  // The engine's connections hold its own session-level lock until they close, so they get
  // a pool of their own, ended right after: the next process need not wait for it.
  const { factory, dispose } = migrationConnections(target.url);
  try {
    await lockClient.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return await applyWith(factory);
  } finally {
    await dispose();
    await lockClient.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lockClient.end();
  }
}

async function applyWith(adapter: SqlMigrationAwareDriverAdapterFactory): Promise<string[]> {
  const engine = await openSchemaEngine(adapter);
  try {
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList: readMigrationList(), filters: NO_FILTERS });
    return appliedMigrationNames;
  } finally {
    engine.free();
  }
}

/**
 * @prisma/adapter-pg runs a migration script by splitting it on ";", which
 * breaks any statement with a ";" inside it (a plpgsql function body). Send
 * each script whole instead: PostgreSQL's simple query protocol runs several
 * statements in one implicit transaction, so a migration applies all or nothing.
 */
function migrationConnections(url: string): { factory: SqlMigrationAwareDriverAdapterFactory; dispose: () => Promise<void> } {
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
