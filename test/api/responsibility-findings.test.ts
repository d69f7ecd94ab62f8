/**
 * The holes found when Stegvis was attacked with a valid login (issue 12 §3):
 * a known personnummer is not access, refusals say whom to contact and nothing
 * about the client, retries carry no stored personal data, lists never show a
 * protected name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personnummerFor, startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let serial = 0;

beforeAll(async () => {
  app = await startTestApp();
});

afterAll(async () => {
  await app?.close();
});

const newPersonnummer = () => personnummerFor('1977-07-07', (serial += 1));

async function annasAssessmentClient(name = 'Agnes Annasdotter') {
  const anna = await app.as('anna');
  const personnummer = newPersonnummer();
  const registered = await anna.post('/api/clients', { personnummer, name });
  expect(registered.status).toBe(201);
  const clientId = registered.body.client.id as string;
  expect((await anna.post(`/api/clients/${clientId}/assessment/events`, { type: 'INLEDANDE_STARTED', householdRole: 'sokande' })).status).toBe(200);
  return { personnummer, clientId };
}

async function accessLogFor(clientId: string, userId: string) {
  // The access log is written when the response has finished.
  await new Promise((resolve) => setTimeout(resolve, 50));
  return app.database.prisma.accessLog.findMany({ where: { userId, clientIds: { has: clientId } }, orderBy: { id: 'asc' } });
}

describe('a known personnummer opens nothing', () => {
  it('refuses another unit’s referral for a client whose assessment is someone else’s, names the unit, keeps the name, logs the attempt', async () => {
    const { personnummer, clientId } = await annasAssessmentClient();
    const bo = await app.as('bo');
    const created = await bo.createCase({ personnummer, name: 'Falskt Namn' });
    expect(created.status).toBe(403);
    expect(created.body.error).toMatchObject({ reason: 'client_held_elsewhere', message: expect.stringContaining('SF Nordost') });
    expect(JSON.stringify(created.body)).not.toMatch(/Agnes|anna|KC-\d|protected/i);
    expect((await app.database.prisma.client.findUniqueOrThrow({ where: { id: clientId } })).name).toBe('Agnes Annasdotter');
    expect(await app.database.prisma.case.count({ where: { clientId } })).toBe(0);
    expect(await accessLogFor(clientId, 'bo')).toEqual([expect.objectContaining({ status: 403, action: 'write' })]);
    // Nor can he read or change the assessment, or start one.
    expect((await bo.get(`/api/clients/${clientId}/assessment`)).status).toBe(404);
    const q = await bo.post(`/api/clients/${clientId}/assessment/events`, { type: 'INLEDANDE_STARTED', householdRole: 'sokande' });
    expect([403, 404]).toContain(q.status);
  });

  it('a referral of the same client gives no access to the assessment: only responsibility for it does', async () => {
    const anna = await app.as('anna');
    const maja = await app.as('maja');
    const { clientId } = await annasAssessmentClient('Greta Gransson');
    // Anna's own referral of her client is fine; maja's (same unit) is not.
    const personnummer = (await app.database.prisma.client.findUniqueOrThrow({ where: { id: clientId } })).personnummer;
    expect((await maja.createCase({ personnummer, name: 'Greta Gransson' })).status).toBe(403);
    expect((await anna.createCase({ personnummer, name: 'Greta Gransson' })).status).toBe(201);
    expect((await maja.get(`/api/clients/${clientId}/assessment`)).status).toBe(404);
  });

  it('finding a client by personnummer tells another socialsekreterare whom to contact, not whether the client is protected', async () => {
    const anna = await app.as('anna');
    const { personnummer, clientId } = await annasAssessmentClient('Hemliga Hanna');
    expect((await anna.post('/api/clients', { personnummer, name: 'Hemliga Hanna', protectedIdentity: true })).body.client).toMatchObject({ protectedIdentity: true });
    const bo = await app.as('bo');
    const found = await bo.post('/api/clients', { personnummer, name: 'x' });
    expect(found.status).toBe(403);
    expect(found.body.error).toMatchObject({ reason: 'client_held_elsewhere', message: expect.stringContaining('SF Nordost') });
    expect(JSON.stringify(found.body)).not.toMatch(/protectedIdentity|Hemliga|KC-\d/);
    expect(await accessLogFor(clientId, 'bo')).toEqual([expect.objectContaining({ status: 403 })]);
    // Bo cannot switch protection either.
    const marking = await bo.post('/api/clients', { personnummer, name: 'x', protectedIdentity: true });
    expect(marking.status).toBe(403);
  });

  it('a client no one holds: whether it is protected is told only to whoever takes the client up', async () => {
    const anna = await app.as('anna');
    const personnummer = newPersonnummer();
    // Registered as protected, but no one has started anything: the client is no one's.
    const registered = await anna.post('/api/clients', { personnummer, name: 'Ingen Innehavare', protectedIdentity: true });
    expect(registered.body.client).toMatchObject({ protectedIdentity: true });
    const found = await (await app.as('bo')).post('/api/clients', { personnummer, name: 'x' });
    expect(found.status).toBe(200);
    expect(found.body.client).toEqual({ id: registered.body.client.id });
  });

  it('marking a client protected is its own access-log entry', async () => {
    const anna = await app.as('anna');
    const { personnummer, clientId } = await annasAssessmentClient('Märta Markerad');
    expect((await anna.post('/api/clients', { personnummer, name: 'Märta Markerad', protectedIdentity: true })).status).toBe(200);
    const entries = await accessLogFor(clientId, 'anna');
    expect(entries.map((entry) => entry.resource)).toContain('client.protected-identity-marked');
  });
});

describe('Idempotency-Key replays', () => {
  it('store no personal data and rebuild the view for the caller: a client protected since is masked on replay', async () => {
    const anna = await app.as('anna');
    const kalle = await app.as('kalle');
    const personnummer = newPersonnummer();
    const created = await anna.createCase({ personnummer, name: 'Rut Retry' });
    expect(created.status).toBe(201);
    const caseId = created.body.id as string;
    for (const type of ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED', 'DECISION_MADE', 'DECISION_COMMUNICATED', 'UPPDRAG_SENT', 'INSKRIVNING_BOOKED'] as const) {
      await anna.step(caseId, type);
    }
    await (await app.as('sven')).step(caseId, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
    const send = () => kalle.post(`/api/cases/${caseId}/events`, { type: 'UPPDRAG_REVIEWED' }).set('Idempotency-Key', 'review-1');
    const first = await send();
    expect(first.status).toBe(200);
    expect(first.body.client.name).toBe('Rut Retry');

    expect((await anna.post('/api/clients', { personnummer, name: 'Rut Retry', protectedIdentity: true })).status).toBe(200);
    const replay = await send();
    expect(replay.status).toBe(200);
    // The case as it is now: one step more, the marking Stegvis sent to the referral (PROTECTED_IDENTITY_MARKED), not a second review.
    expect(replay.body.version).toBe(first.body.version + 1);
    const types = ((await anna.get(`/api/cases/${caseId}/events`)).body.events as { type: string }[]).map((event) => event.type);
    expect(types.filter((type) => type === 'UPPDRAG_REVIEWED')).toHaveLength(1);
    expect(types.at(-1)).toBe('PROTECTED_IDENTITY_MARKED');
    expect(replay.body.client).toMatchObject({ masked: true, name: null, personnummer: null });
    const stored = await app.database.prisma.$queryRawUnsafe<unknown[]>(`SELECT * FROM "IdempotencyRecord" WHERE key = 'review-1'`);
    const row = JSON.stringify(stored, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
    // The client's own data, not any twelve digits: the request's sha256 and the case id are random hex and may hold a run of digits.
    for (const personalData of ['Rut', 'Retry', personnummer, personnummer.replace('-', ''), personnummer.replace('-', '').slice(2)]) expect(row).not.toContain(personalData);
  });

  it('are forgotten after 24 hours: the key may then be used again', async () => {
    const anna = await app.as('anna');
    const created = await anna.createCase({ personnummer: newPersonnummer(), name: 'Olle Omsänd' });
    const caseId = created.body.id as string;
    const send = () => anna.post(`/api/cases/${caseId}/events`, { type: 'AF_RESPONSE_RECORDED', summary: 'Svar.' }).set('Idempotency-Key', 'af-answer');
    expect((await send()).body.version).toBe(2);
    expect((await send()).body.version).toBe(2);
    await app.database.prisma.idempotencyRecord.updateMany({ where: { key: 'af-answer' }, data: { createdAt: new Date(Date.now() - 25 * 3600 * 1000) } });
    expect((await send()).body.version).toBe(3);
  });
});

describe('protected names in lists', () => {
  it('are masked in every list, even for the responsible socialsekreterare, who sees them on the case itself', async () => {
    const anna = await app.as('anna');
    const created = await anna.createCase({ personnummer: newPersonnummer(), name: 'Skyddad Sara', protectedIdentity: true });
    const caseId = created.body.id as string;
    expect(created.body.client.name).toBe('Skyddad Sara');
    await anna.step(caseId, 'SSBTEK_INFO_RECORDED');
    const list = await anna.get('/api/cases');
    const listed = (list.body.cases as { id: string; client: unknown }[]).find((c) => c.id === caseId);
    expect(listed?.client).toMatchObject({ masked: true, name: null, personnummer: null });
    expect(JSON.stringify(list.body)).not.toContain('Skyddad Sara');
    const deadlines = await anna.get('/api/deadlines?mine=true&status=open');
    expect(JSON.stringify(deadlines.body)).not.toContain('Skyddad Sara');
    expect((await anna.get(`/api/cases/${caseId}`)).body.client.name).toBe('Skyddad Sara');
  });
});
