/**
 * What the database promises: a restart loses nothing, the history cannot be
 * rewritten, a client has one active referral, and `verify` notices a
 * snapshot that does not match its history.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyAllCases } from '../../src/cases/verify-cases';
import { loadConfig } from '../../src/config';
import { openDatabase, type DatabaseConfig } from '../../src/db/database';
import { createLogger } from '../../src/logger';
import { createStegvis } from '../../src/server';
import { samplePayloads } from '../support/anvisning-payloads';
import { createTestDatabase, pgliteTemplate } from '../support/test-database';
import { personnummerFor } from '../support/test-app';

const config = loadConfig({ LOG_LEVEL: 'silent', DEV_TOKEN_SECRET: 'restart-test-secret-restart-test-secret' });
const cleanups: (() => Promise<void> | void)[] = [];
/** Opening a PGlite data directory on disk, twice, takes seconds on an idle two-core machine and many more on a busy one. */
const DATA_DIRECTORY_TIMEOUT_MS = 120_000;
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/**
 * A database that outlives one server: a PGlite data directory, or a database on the PostgreSQL server.
 * The data directory starts as a copy of the tests' migrated template (`first`), not from initdb and every
 * migration: a fresh directory on disk is `npm start`'s first start, test/build/runtime-and-build.test.ts.
 */
async function durableDatabaseConfig(): Promise<{ first: DatabaseConfig; again: DatabaseConfig }> {
  if (process.env.TEST_DATABASE_URL) {
    const holder = await createTestDatabase();
    cleanups.push(() => holder.close());
    const postgres: DatabaseConfig = { kind: 'postgres', url: holder.url! };
    return { first: postgres, again: postgres };
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'stegvis-restart-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  return { first: { kind: 'pglite', dataDir, loadDataDir: pgliteTemplate() }, again: { kind: 'pglite', dataDir } };
}

async function startServer(databaseConfig: DatabaseConfig) {
  const database = await openDatabase(databaseConfig);
  const stegvis = await createStegvis({ config, database, logger: createLogger({ logLevel: 'silent' }) });
  const http = request(stegvis.app);
  const token = (await http.post('/api/auth/dev-login').send({ username: 'anna' })).body.token as string;
  return {
    database,
    get: (url: string) => http.get(url).set('Authorization', `Bearer ${token}`),
    post: (url: string, body: object) => http.post(url).set('Authorization', `Bearer ${token}`).send(body),
    stop: async () => {
      await stegvis.close();
      await database.close();
    },
  };
}

describe('a restart', () => {
  it('loses nothing: the case, its version and its history are all there afterwards', async () => {
    const databaseConfig = await durableDatabaseConfig();
    const first = await startServer(databaseConfig.first);
    const created = await first.post('/api/cases', { client: { personnummer: personnummerFor('1970-06-01', 7), name: 'Om Start' } });
    expect(created.status).toBe(201);
    const caseId = created.body.id as string;
    for (const type of ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED'] as const) {
      expect((await first.post(`/api/cases/${caseId}/events`, { type, ...samplePayloads[type] })).status).toBe(200);
    }
    const before = (await first.get(`/api/cases/${caseId}`)).body;
    await first.stop();

    const second = await startServer(databaseConfig.again);
    const after = await second.get(`/api/cases/${caseId}`);
    expect(after.status).toBe(200);
    expect(after.body).toEqual(before);
    expect((await second.get(`/api/cases/${caseId}/events`)).body.events.map((e: { type: string }) => e.type)).toEqual([
      'CASE_CREATED',
      'SSBTEK_INFO_RECORDED',
      'AF_PLAN_CHECKED',
    ]);
    // Work continues where it stopped.
    expect((await second.post(`/api/cases/${caseId}/events`, { type: 'AF_NOTIFIED', ...samplePayloads.AF_NOTIFIED })).body.version).toBe(4);
    expect((await verifyAllCases(second.database.prisma)).mismatches).toEqual([]);
    await second.stop();
  }, DATA_DIRECTORY_TIMEOUT_MS);
});

describe('the database itself', () => {
  it('refuses to rewrite or delete the history, keeps one active referral per client, and verify finds a tampered snapshot', async () => {
    const database = await createTestDatabase();
    cleanups.push(() => database.close());
    const stegvis = await createStegvis({ config, database, logger: createLogger({ logLevel: 'silent' }) });
    const http = request(stegvis.app);
    const token = (await http.post('/api/auth/dev-login').send({ username: 'anna' })).body.token as string;
    const created = await http
      .post('/api/cases')
      .set('Authorization', `Bearer ${token}`)
      .send({ client: { personnummer: personnummerFor('1970-06-01', 8), name: 'Integ Ritet' } });
    const caseId = created.body.id as string;
    const { prisma } = database;

    await expect(prisma.$executeRaw`UPDATE "CaseEvent" SET "type" = 'FORGED' WHERE "caseId" = ${caseId}::uuid`).rejects.toThrow(/append-only/);
    await expect(prisma.$executeRaw`DELETE FROM "CaseEvent" WHERE "caseId" = ${caseId}::uuid`).rejects.toThrow(/append-only/);

    const kase = await prisma.case.findUniqueOrThrow({ where: { id: caseId } });
    await expect(
      prisma.case.create({
        data: { clientId: kase.clientId, responsibleUserId: 'anna', unit: 'SF Nordost', state: 'x', snapshot: {}, version: 1 },
      }),
    ).rejects.toThrow(/Unique constraint|unique/i);
    // An ended referral does not count: a new active one is allowed beside it.
    await prisma.case.update({ where: { id: caseId }, data: { status: 'avbruten' } });
    const second = await prisma.case.create({
      data: { clientId: kase.clientId, responsibleUserId: 'anna', unit: 'SF Nordost', state: 'x', snapshot: {}, version: 0 },
    });
    await prisma.case.delete({ where: { id: second.id } });
    await prisma.case.update({ where: { id: caseId }, data: { status: 'active' } });

    expect((await verifyAllCases(prisma)).mismatches).toEqual([]);
    await prisma.case.update({ where: { id: caseId }, data: { state: 'avslutad' } });
    const report = await verifyAllCases(prisma);
    expect(report.mismatches).toEqual([{ caseId, problem: 'state column avslutad, replay gives forberedelse.samrad_ssbtek' }]);
  });
});

describe('the embedded database directory', () => {
  it.skipIf(process.env.TEST_DATABASE_URL)('is refused to a second opener while the first has it, and free again after close', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'stegvis-lock-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const first = await openDatabase({ kind: 'pglite', dataDir, loadDataDir: pgliteTemplate() });
    await expect(openDatabase({ kind: 'pglite', dataDir })).rejects.toThrow(/in use by another Stegvis process/);
    await first.close();
    const second = await openDatabase({ kind: 'pglite', dataDir });
    await second.close();
  }, DATA_DIRECTORY_TIMEOUT_MS);
});
