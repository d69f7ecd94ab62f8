/**
 * Applies pending migrations from prisma/migrations at start-up with Prisma's
 * WebAssembly schema engine, recording them in Prisma's `_prisma_migrations`
 * table (so an operator with internet access can also use `prisma migrate deploy`).
 * Applying twice is a no-op. On a PostgreSQL server, processes that start at
 * the same time take turns on an advisory lock.
 */
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { NO_FILTERS, openSchemaEngine, readMigrationList } from './schema-engine';

/** An arbitrary, fixed key: "Stegvis migrate". */
const MIGRATION_LOCK_KEY = 7_263_401_912;

export async function applyMigrations(
  adapter: SqlMigrationAwareDriverAdapterFactory,
  target: { kind: 'pglite' } | { kind: 'postgres'; url: string },
): Promise<string[]> {
  const apply = async () => {
    const engine = await openSchemaEngine(target.kind === 'postgres' ? sendingWholeScripts(adapter) : adapter);
    try {
      const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList: readMigrationList(), filters: NO_FILTERS });
      return appliedMigrationNames;
    } finally {
      engine.free();
    }
  };
  if (target.kind === 'pglite') return apply();

  const lockClient = new pg.Client({ connectionString: target.url });
  await lockClient.connect();
  try {
    await lockClient.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return await apply();
  } finally {
    await lockClient.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lockClient.end();
  }
}

/**
 * @prisma/adapter-pg runs a migration script by splitting it on ";", which
 * breaks any statement with a ";" inside it (a plpgsql function body). Send
 * each script whole instead: PostgreSQL's simple query protocol runs several
 * statements in one implicit transaction, so a migration applies all or nothing.
 */
function sendingWholeScripts(factory: SqlMigrationAwareDriverAdapterFactory): SqlMigrationAwareDriverAdapterFactory {
  const wrap = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    adapter.executeScript = async (script: string) => {
      await adapter.executeRaw({ sql: script, args: [], argTypes: [] });
    };
    return adapter;
  };
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => wrap(await factory.connect()),
    connectToShadowDb: async () => wrap(await factory.connectToShadowDb()),
  };
}
