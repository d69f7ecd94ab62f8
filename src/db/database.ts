/**
 * Opens Stegvis's database: embedded PostgreSQL (PGlite, in a data directory or
 * in memory) by default, or a PostgreSQL server. One Prisma schema serves both,
 * through driver adapters; pending migrations are applied on open.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from './generated/client';
import { applyMigrations } from './migrate';

export { Prisma, PrismaClient } from './generated/client';
export type { CaseStatus, Role } from './generated/enums';

export type DatabaseConfig = { kind: 'pglite'; dataDir: string | null } | { kind: 'postgres'; url: string };

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
    if (config.dataDir) mkdirSync(config.dataDir, { recursive: true });
    const pglite = new PGlite(config.dataDir ?? undefined);
    await pglite.waitReady;
    adapter = new PrismaPGlite(pglite);
    closeDriver = () => pglite.close();
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
