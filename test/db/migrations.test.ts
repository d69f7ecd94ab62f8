/** Migrations apply themselves at start-up: once, even when several processes start together. */
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database';
import { applyMigrations } from '../../src/db/migrate';
import { readMigrationList } from '../../src/db/schema-engine';
import { createTestDatabase } from '../support/test-database';

const migrationNames = readMigrationList().migrationDirectories.map((directory) => directory.path);

describe('migrations', () => {
  it('are recorded in Prisma’s own table, and applying them again changes nothing', async () => {
    const database = await createTestDatabase();
    try {
      const rows = await database.prisma.$queryRaw<{ migration_name: string; finished_at: Date | null }[]>`
        SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY migration_name`;
      expect(rows.map((row) => row.migration_name)).toEqual(migrationNames);
      expect(rows.every((row) => row.finished_at !== null)).toBe(true);
      if (database.url) expect(await applyMigrations({ kind: 'postgres', url: database.url })).toEqual([]);
    } finally {
      await database.close();
    }
  });

  it('apply on an empty embedded database, then a second time apply nothing', async () => {
    const pglite = new PGlite();
    expect(await applyMigrations({ kind: 'pglite', pglite })).toEqual(migrationNames);
    expect(await applyMigrations({ kind: 'pglite', pglite })).toEqual([]);
    await pglite.close();
  });

  it.runIf(process.env.TEST_DATABASE_URL)('are applied once when two servers start on an empty PostgreSQL database at the same moment', async () => {
    const serverUrl = process.env.TEST_DATABASE_URL!;
    const name = `stegvis_race_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    try {
      const [first, second] = await Promise.all([openDatabase({ kind: 'postgres', url: url.toString() }), openDatabase({ kind: 'postgres', url: url.toString() })]);
      const rows = await first.prisma.$queryRaw<{ count: bigint }[]>`SELECT count(*) FROM _prisma_migrations`;
      expect(Number(rows[0]?.count)).toBe(migrationNames.length);
      await Promise.all([first.close(), second.close()]);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  });
});
