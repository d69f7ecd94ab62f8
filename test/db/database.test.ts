/**
 * The database layer on whichever backend is selected (in-memory PGlite, or a
 * database of its own on TEST_DATABASE_URL): migrations, the rules the schema
 * cannot express, and interactive transactions with row locks.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseStatus, Prisma, Role, type Database } from '../../src/db/database';
import { applyMigrations } from '../../src/db/migrate';
import { MIGRATIONS_DIR, readMigrationList } from '../../src/db/schema-engine';
import { createTestDatabase } from '../support/test-database';

let database: Database & { url: string | null };
let prisma: Database['prisma'];

beforeAll(async () => {
  database = await createTestDatabase();
  prisma = database.prisma;
  await prisma.user.create({ data: { id: 'u-anna', username: 'anna', displayName: 'Anna', role: Role.socialsekreterare, unit: 'SF Nordost' } });
});
afterAll(async () => {
  await database?.close();
});

let clientCounter = 0;
async function newClient() {
  clientCounter += 1;
  return prisma.client.create({ data: { personnummer: `1970010100${String(clientCounter).padStart(2, '0')}`, name: `Klient ${clientCounter}` } });
}
function newCase(clientId: string, status: CaseStatus = CaseStatus.active) {
  return prisma.case.create({ data: { clientId, responsibleUserId: 'u-anna', unit: 'SF Nordost', status, state: 'start', snapshot: {}, version: 0 } });
}

describe(`the database (${process.env.TEST_DATABASE_URL ? 'PostgreSQL server' : 'in-memory PGlite'})`, () => {
  it('answers, and on PGlite was made from the migrated template of these migrations (not initialised and migrated again)', async () => {
    await database.ping();
    // How long that takes is for `npm run bench`, not a test: a loaded machine must not fail the suite.
    if (!process.env.TEST_DATABASE_URL) expect(process.env.STEGVIS_TEST_PGLITE_TEMPLATE, 'test/support/global-setup.ts ran').toMatch(/pglite-template-\w+\.tar$/);
  });

  it('has every migration recorded as Prisma records it (sha256 of migration.sql), and applying again does nothing', async () => {
    const rows = await prisma.$queryRaw<{ migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null }[]>`
      SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name`;
    const names = readMigrationList().migrationDirectories.map((directory) => directory.path);
    expect(rows.map((row) => row.migration_name)).toEqual(names);
    for (const row of rows) {
      const sql = readFileSync(path.join(MIGRATIONS_DIR, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(row.finished_at).not.toBeNull();
      expect(row.rolled_back_at).toBeNull();
    }

    if (database.url) {
      expect(await applyMigrations({ kind: 'postgres', url: database.url })).toEqual([]);
    } else {
      // The test database's own PGlite is not exposed: check a copy made from the same migrated template.
      const template = process.env.STEGVIS_TEST_PGLITE_TEMPLATE;
      const pglite = new PGlite(template ? { loadDataDir: new Blob([readFileSync(template)]) } : {});
      if (!template) expect(await applyMigrations({ kind: 'pglite', pglite })).toEqual(names);
      expect(await applyMigrations({ kind: 'pglite', pglite })).toEqual([]);
      await pglite.close();
    }
    expect(await prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM _prisma_migrations`).toEqual([{ n: names.length }]);
  });

  it('allows a client one active case next to ended ones, and refuses a second active one', async () => {
    const client = await newClient();
    await newCase(client.id, CaseStatus.avslutad);
    await newCase(client.id, CaseStatus.avbruten);
    const active = await newCase(client.id);

    const second = newCase(client.id);
    await expect(second).rejects.toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    await expect(second).rejects.toMatchObject({ code: 'P2002' });

    // Once it has ended, a new referral may start.
    await prisma.case.update({ where: { id: active.id }, data: { status: CaseStatus.avslutad } });
    await expect(newCase(client.id)).resolves.toMatchObject({ status: 'active' });
    // Another client is not affected.
    await expect(newCase((await newClient()).id)).resolves.toMatchObject({ status: 'active' });
  });

  it('refuses UPDATE and DELETE on the case history, through Prisma and in raw SQL', async () => {
    const kase = await newCase((await newClient()).id);
    const event = await prisma.caseEvent.create({
      data: { caseId: kase.id, seq: 1, type: 'CASE_CREATED', payload: {}, actorId: 'u-anna', actorRole: Role.socialsekreterare, occurredAt: new Date() },
    });

    await expect(prisma.caseEvent.update({ where: { id: event.id }, data: { type: 'REWRITTEN' } })).rejects.toThrow(/CaseEvent is append-only: UPDATE is not allowed/);
    await expect(prisma.caseEvent.delete({ where: { id: event.id } })).rejects.toThrow(/CaseEvent is append-only: DELETE is not allowed/);
    await expect(prisma.$executeRaw`UPDATE "CaseEvent" SET payload = '{"x":1}'`).rejects.toThrow(/append-only/);
    await expect(prisma.$executeRaw`DELETE FROM "CaseEvent"`).rejects.toThrow(/append-only/);
    await expect(prisma.$executeRawUnsafe('TRUNCATE "CaseEvent" CASCADE')).rejects.toThrow(/append-only/);

    expect(await prisma.caseEvent.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({ type: 'CASE_CREATED', payload: {} });
    // Appending is what the table is for.
    await prisma.caseEvent.create({ data: { caseId: kase.id, seq: 2, type: 'NOTE', payload: {}, actorId: 'u-anna', actorRole: Role.socialsekreterare, occurredAt: new Date() } });
    expect(await prisma.caseEvent.count({ where: { caseId: kase.id } })).toBe(2);
  });

  it('runs an interactive transaction with SELECT … FOR UPDATE, and rolls it back when it throws', async () => {
    const kase = await newCase((await newClient()).id);
    const version = await prisma.$transaction(async (tx) => {
      const [row] = await tx.$queryRaw<{ version: number }[]>`SELECT version FROM "Case" WHERE id = ${kase.id}::uuid FOR UPDATE`;
      await tx.case.update({ where: { id: kase.id }, data: { version: row!.version + 1 } });
      return row!.version + 1;
    });
    expect(version).toBe(1);

    await expect(
      prisma.$transaction(async (tx) => {
        await tx.case.update({ where: { id: kase.id }, data: { version: 99 } });
        await tx.caseEvent.create({ data: { caseId: kase.id, seq: 1, type: 'X', payload: {}, actorId: 'u-anna', actorRole: Role.socialsekreterare, occurredAt: new Date() } });
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect((await prisma.case.findUniqueOrThrow({ where: { id: kase.id } })).version).toBe(1);
    expect(await prisma.caseEvent.count({ where: { caseId: kase.id } })).toBe(0);
  });

  it('lets concurrent interactive transactions on one case take turns: no lost update', async () => {
    const kase = await newCase((await newClient()).id);
    const log: string[] = [];
    const bump = (name: string, holdMs: number) =>
      prisma.$transaction(async (tx) => {
        const [row] = await tx.$queryRaw<{ version: number }[]>`SELECT version FROM "Case" WHERE id = ${kase.id}::uuid FOR UPDATE`;
        log.push(`${name} read ${row!.version}`);
        await new Promise((resolve) => setTimeout(resolve, holdMs));
        await tx.case.update({ where: { id: kase.id }, data: { version: row!.version + 1 } });
        log.push(`${name} wrote ${row!.version + 1}`);
      });

    await Promise.all([bump('A', 200), bump('B', 0), bump('C', 0)]);
    expect((await prisma.case.findUniqueOrThrow({ where: { id: kase.id } })).version).toBe(3);
    // Whatever the order, each transaction read what the previous one wrote.
    const reads = log.filter((line) => line.includes('read')).map((line) => Number(line.split(' ')[2]));
    expect(reads.sort()).toEqual([0, 1, 2]);
    // Each one wrote before the next one read: they never interleaved on the locked row.
    for (let i = 0; i < log.length; i += 2) expect(log[i + 1]).toBe(`${log[i]!.split(' ')[0]} wrote ${Number(log[i]!.split(' ')[2]) + 1}`);
  });

  it('keeps other rows usable while one transaction holds a row lock', async () => {
    const [one, two] = [await newCase((await newClient()).id), await newCase((await newClient()).id)];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const holder = prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT 1 FROM "Case" WHERE id = ${one.id}::uuid FOR UPDATE`;
      await held;
    });
    // PGlite has one connection: the other transaction waits for the whole holder; PostgreSQL only for the locked row.
    const other = prisma.$transaction(async (tx) => tx.case.update({ where: { id: two.id }, data: { version: 7 } }));
    setTimeout(release, 100);
    await Promise.all([holder, other]);
    expect((await prisma.case.findUniqueOrThrow({ where: { id: two.id } })).version).toBe(7);
  });
});
