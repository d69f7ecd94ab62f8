/** PostgreSQL helpers for the benchmark: create, reset and describe its own databases. */
import pg from 'pg';

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

function maintenanceUrl(url: string): string {
  const parsed = new URL(url);
  parsed.pathname = '/postgres';
  return parsed.toString();
}

const PROTECTED = new Set(['postgres', 'test', 'root', 'template0', 'template1']);

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function withMaintenance<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: maintenanceUrl(url) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function databaseExists(url: string): Promise<boolean> {
  const name = databaseName(url);
  return withMaintenance(url, async (client) => (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1);
}

/** Creates the database if it is missing. */
export async function ensureDatabase(url: string): Promise<void> {
  if (await databaseExists(url)) return;
  const name = databaseName(url);
  await withMaintenance(url, (client) => client.query(`CREATE DATABASE ${quoteIdent(name)}`));
}

/** Drops (if present) and creates the database: every benchmark starts from an empty one. */
export async function resetDatabase(url: string): Promise<void> {
  const name = databaseName(url);
  if (PROTECTED.has(name)) throw new Error(`Refusing to reset the database "${name}": give the benchmark a database of its own (BENCH_DATABASE_URL).`);
  await withMaintenance(url, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
  });
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function describeServer(url: string) {
  return withClient(url, async (client) => {
    const setting = async (name: string) => (await client.query<{ setting: string }>(`SELECT current_setting($1) AS setting`, [name])).rows[0]?.setting;
    return {
      version: (await client.query<{ v: string }>('SELECT version() AS v')).rows[0]?.v ?? '',
      shared_buffers: await setting('shared_buffers'),
      synchronous_commit: await setting('synchronous_commit'),
      fsync: await setting('fsync'),
      max_connections: await setting('max_connections'),
      work_mem: await setting('work_mem'),
    };
  });
}

/** Connections still free on the server (for pgbench's client counts; others share this server). */
export async function freeConnections(url: string): Promise<number> {
  return withClient(url, async (client) => {
    const row = (
      await client.query<{ free: number }>(
        `SELECT current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int - (SELECT count(*) FROM pg_stat_activity)::int AS free`,
      )
    ).rows[0];
    return row?.free ?? 0;
  });
}
