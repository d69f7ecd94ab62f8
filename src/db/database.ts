/**
 * Opens Stegvis's database: embedded PostgreSQL (PGlite, in a data directory or
 * in memory) by default, or a PostgreSQL server. One Prisma schema serves both,
 * through driver adapters; pending migrations are applied on open.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import lockfile from 'proper-lockfile';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from './generated/client';
import { applyMigrations } from './migrate';

export { Prisma, PrismaClient } from './generated/client';
export type { CaseStatus, Role } from './generated/enums';

export type DatabaseConfig =
  /** dataDir null = in memory; `loadDataDir`: start from a dumped data directory (the tests' migrated template). */
  | { kind: 'pglite'; dataDir: string | null; loadDataDir?: Blob }
  | { kind: 'postgres'; url: string };

export interface Database {
  prisma: PrismaClient;
  kind: DatabaseConfig['kind'];
  /** Resolves when the database answers a query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export async function openDatabase(config: DatabaseConfig, options: { migrate?: boolean } = {}): Promise<Database> {
  let adapter: SqlMigrationAwareDriverAdapterFactory;
  let closeDriver: () => Promise<void> = async () => {};
  if (config.kind === 'pglite') {
    const release = config.dataDir ? await lockDataDir(config.dataDir) : async () => {};
    const pglite = new PGlite({ dataDir: config.dataDir ?? undefined, loadDataDir: config.loadDataDir });
    await pglite.waitReady;
    adapter = new PrismaPGlite(pglite);
    closeDriver = async () => {
      await pglite.close();
      await release();
    };
  } else {
    adapter = new PrismaPg({ connectionString: config.url });
  }

  if (options.migrate ?? true) {
    await applyMigrations(config.kind === 'pglite' ? { kind: 'pglite', adapter } : { kind: 'postgres', url: config.url });
  }

  const prisma = new PrismaClient({ adapter });
  return {
    prisma,
    kind: config.kind,
    async ping() {
      await prisma.$queryRaw`SELECT 1`;
    },
    async close() {
      await prisma.$disconnect();
      await closeDriver();
    },
  };
}

/**
 * PGlite is PostgreSQL inside this process: a second process opening the same data
 * directory would corrupt it. Refuse clearly instead (the lock is released on close,
 * and taken over when its holder died without releasing it).
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  mkdirSync(dataDir, { recursive: true });
  try {
    return await lockfile.lock(dataDir, { lockfilePath: `${dataDir}.lock`, stale: 30_000, update: 10_000 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw new Error(
        `The embedded database in ${dataDir} is in use by another Stegvis process. Stop it first, or give this one its own STEGVIS_DATA_DIR (or use DATABASE_URL for a PostgreSQL server, which several processes can share). If that process was killed, its lock expires within 30 seconds.`,
      );
    }
    throw error;
  }
}
