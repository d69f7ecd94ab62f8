/**
 * Loggkontroll: every read and write of a case leaves a row saying who, when, what
 * and from where, refused attempts included; the unit's 1:e socialsekreterare can
 * read it; nobody can change it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personnummerFor, startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let annasCase = '';
let bosCase = '';

interface Entry {
  userId: string;
  action: string;
  resource: string;
  status: number;
  caseIds: string[];
  otherCases: number;
  ip: string | null;
  method: string;
  route: string;
  requestId: string | null;
  clientRequestId: string | null;
}

/** The log is written when a response has finished; give it a moment. */
async function auditAs(username: string, query: string, expectAtLeast = 1): Promise<{ status: number; entries: Entry[] }> {
  const user = await app.as(username);
  for (let attempt = 0; ; attempt += 1) {
    const response = await user.get(`/api/audit?${query}`);
    if (response.status !== 200 || response.body.entries.length >= expectAtLeast || attempt > 20) return { status: response.status, entries: response.body.entries ?? [] };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  app = await startTestApp();
  const anna = await app.as('anna');
  const bo = await app.as('bo');
  annasCase = (await anna.createCase({ personnummer: personnummerFor('1961-12-12', 1), name: 'Logg Loggsson' })).body.id;
  bosCase = (await bo.createCase({ personnummer: personnummerFor('1961-12-12', 2), name: 'Annan Enhet' })).body.id;
  await anna.get(`/api/cases/${annasCase}`);
  await anna.get(`/api/cases/${annasCase}/events`);
  await anna.step(annasCase, 'SSBTEK_INFO_RECORDED');
  await anna.get('/api/cases');
  // Someone from another unit tries to look: refused, and logged.
  expect((await bo.get(`/api/cases/${annasCase}`)).status).toBe(404);
});
afterAll(async () => {
  await app.close();
});

describe('the access log', () => {
  it('records every read and write of a case, refused attempts included, for the unit’s 1:e socialsekreterare', async () => {
    const { status, entries } = await auditAs('fatima', `caseId=${annasCase}`, 6);
    expect(status).toBe(200);
    const summary = entries.map((entry) => [entry.userId, entry.action, entry.resource, entry.status]).reverse();
    expect(summary).toEqual([
      ['anna', 'write', 'case', 201],
      ['anna', 'read', 'case', 200],
      ['anna', 'read', 'case.history', 200],
      ['anna', 'write', 'case.events', 200],
      ['anna', 'read', 'case.list', 200],
      ['bo', 'read', 'case', 404],
    ]);
    expect(entries[0]).toMatchObject({ method: 'GET', route: '/api/cases/:id', ip: expect.stringMatching(/127\.0\.0\.1|::1|::ffff:127\.0\.0\.1/) });
  });

  it('answers what one user of the unit accessed, naming only the unit’s own cases', async () => {
    // bo is in SF Hisingen: his unit's 1:e socialsekreterare (gustav) asks; fatima (SF Nordost) may not.
    const { entries } = await auditAs('gustav', 'userId=bo', 2);
    const refused = entries.find((entry) => entry.status === 404)!;
    expect(refused).toMatchObject({ caseIds: [], otherCases: 1 }); // anna's case is in SF Nordost, not gustav's unit
    const ownCase = entries.find((entry) => entry.resource === 'case' && entry.action === 'write')!;
    expect(ownCase).toMatchObject({ caseIds: [bosCase], otherCases: 0 });
    expect((await auditAs('fatima', 'userId=bo')).status).toBe(403);
  });

  it('is only for the 1:e socialsekreterare, and only for the unit’s cases', async () => {
    expect((await auditAs('anna', `caseId=${annasCase}`)).status).toBe(403);
    expect((await auditAs('sven', `caseId=${annasCase}`)).status).toBe(403);
    expect((await auditAs('fatima', `caseId=${bosCase}`)).status).toBe(404);
    expect((await auditAs('fatima', '')).status).toBe(400);
  });

  it('logs each step once, with the request it came in (written in the step’s own transaction), and a refused or stale step with its answer', async () => {
    const anna = await app.as('anna');
    const kase = (await anna.createCase({ personnummer: personnummerFor('1962-03-03', 3), name: 'Steg Stegsson' })).body.id as string;
    const stored = await anna.post(`/api/cases/${kase}/events`).set('X-Request-Id', 'step-trace-1').send({ type: 'SSBTEK_INFO_RECORDED', afSummary: 'AF.', fkSummary: 'FK.' });
    expect(stored.status).toBe(200);
    const refused = await anna.post(`/api/cases/${kase}/events`).send({ type: 'INSATS_CLOSED' });
    expect(refused.status).toBe(409);
    const stale = await anna.post(`/api/cases/${kase}/events`).set('If-Match', '"1"').send({ type: 'AF_NOTIFIED', sentOn: '2026-01-02' });
    expect(stale.status).toBe(412);
    const { entries } = await auditAs('fatima', `caseId=${kase}`, 4);
    const steps = entries.filter((entry) => entry.resource === 'case.events').reverse();
    expect(steps.map((entry) => entry.status)).toEqual([200, 409, 412]);
    expect(steps[0]).toMatchObject({
      userId: 'anna',
      action: 'write',
      method: 'POST',
      route: '/api/cases/:id/events',
      caseIds: [kase],
      requestId: stored.headers['x-request-id'],
      clientRequestId: 'step-trace-1',
      ip: expect.stringMatching(/127\.0\.0\.1|::1|::ffff:127\.0\.0\.1/),
    });
  });

  it('cannot be changed or deleted, not even in the database', async () => {
    await expect(app.database.prisma.$executeRaw`UPDATE "AccessLog" SET "userId" = 'someone-else'`).rejects.toThrow(/append-only/);
    await expect(app.database.prisma.$executeRaw`DELETE FROM "AccessLog"`).rejects.toThrow(/append-only/);
  });
});
