/**
 * Opens Stegvis's database: embedded PostgreSQL (PGlite, in a data directory or
 * in memory) by default, or a PostgreSQL server. One Prisma schema serves both,
 * through driver adapters; pending migrations are applied on open.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import lockfile from 'proper-lockfile';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from './generated/client';
import { applyMigrations } from './migrate';

// Everything else imports the database layer from here, never from ./generated.
export { Prisma, PrismaClient } from './generated/client';
export { CaseStatus, DeadlineStatus, NotificationStatus, Role } from './generated/enums';

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

/** How long an interactive transaction on PGlite may wait for the ones ahead of it. */
const PGLITE_TRANSACTION_MAX_WAIT_MS = 15_000;

export async function openDatabase(config: DatabaseConfig, options: { migrate?: boolean } = {}): Promise<Database> {
  let adapter: SqlDriverAdapterFactory;
  let closeDriver: () => Promise<void> = async () => {};
  // PGlite is a single connection: interactive transactions queue behind each other, so
  // waiting to start one is normal under load; Prisma's default 2 s wait is too short.
  let transactionOptions: { maxWait?: number } = {};
  if (config.kind === 'pglite') {
    const release = config.dataDir ? await lockDataDir(config.dataDir) : async () => {};
    const pglite = new PGlite({ dataDir: config.dataDir ?? undefined, loadDataDir: config.loadDataDir });
    try {
      await pglite.waitReady;
      if (options.migrate ?? true) await applyMigrations({ kind: 'pglite', pglite });
    } catch (error) {
      await pglite.close().catch(() => undefined);
      await release();
      throw error;
    }
    adapter = new PrismaPGlite(pglite);
    transactionOptions = { maxWait: PGLITE_TRANSACTION_MAX_WAIT_MS };
    closeDriver = async () => {
      await pglite.close();
      await release();
    };
  } else {
    if (options.migrate ?? true) await applyMigrations({ kind: 'postgres', url: config.url });
    adapter = new PrismaPg({ connectionString: config.url });
  }

  // 'minimal': Prisma's other formats capture a stack (new Error) on every query to point an error at its call in the
  // source, a per-query cost on the hot path (issue 19); the error's code and the database's message stay.
  const prisma = new PrismaClient({ adapter, transactionOptions, errorFormat: 'minimal' });
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
