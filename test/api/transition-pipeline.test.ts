/**
 * One transition pipeline for both aggregates (src/aggregates/transition.ts):
 * the same order of refusals, the same retry behaviour, the same versioning
 * (a creation event first), for a referral and for an assessment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personnummerFor, startTestApp, type TestApp, type UserSession } from '../support/test-app';

let app: TestApp;
let serial = 0;

beforeAll(async () => {
  app = await startTestApp();
});

afterAll(async () => {
  await app?.close();
});

interface Target {
  /** Anna's aggregate, at version 2, and the URL of its events. */
  events: string;
  read: string;
  /** A valid step anna may take now, one the 1:e socialsekreterare may never send, and one not allowed now. */
  allowedNow: object;
  neverForFatima: object;
  notNow: object;
  invalid: object;
}

async function referral(): Promise<Target> {
  const anna = await app.as('anna');
  const created = await anna.createCase({ personnummer: personnummerFor('1969-04-04', (serial += 1)), name: 'Pia Pipeline' });
  const id = created.body.id as string;
  await anna.step(id, 'SSBTEK_INFO_RECORDED');
  return {
    events: `/api/cases/${id}/events`,
    read: `/api/cases/${id}`,
    allowedNow: { type: 'AF_RESPONSE_RECORDED', summary: 'Svar från AF.' },
    neverForFatima: { type: 'AF_RESPONSE_RECORDED', summary: 'Svar från AF.' },
    notNow: { type: 'DECISION_MADE', decisionDate: '2026-01-20', validFrom: '2026-02-01' },
    invalid: { type: 'AF_RESPONSE_RECORDED', summary: '' },
  };
}

async function assessment(): Promise<Target> {
  const anna = await app.as('anna');
  const registered = await anna.post('/api/clients', { personnummer: personnummerFor('1968-05-05', (serial += 1)), name: 'Pelle Pipeline' });
  const id = registered.body.client.id as string;
  const first = await anna.post(`/api/clients/${id}/assessment/events`, { type: 'INLEDANDE_STARTED', householdRole: 'sokande' });
  expect(first.status).toBe(200);
  return {
    events: `/api/clients/${id}/assessment/events`,
    read: `/api/clients/${id}/assessment`,
    allowedNow: { type: 'ARBETSPLAN_CREATED' },
    neverForFatima: { type: 'ARBETSPLAN_CREATED' },
    notNow: { type: 'INRIKTNING_CHOSEN', tracks: ['arbetsmarknad'] },
    invalid: { type: 'INRIKTNING_CHOSEN', tracks: [] },
  };
}

const send = (user: UserSession, url: string, body: object, headers: Record<string, string> = {}) => {
  let request = user.post(url, body);
  for (const [name, value] of Object.entries(headers)) request = request.set(name, value);
  return request;
};

describe.each([
  ['a referral', referral],
  ['an assessment', assessment],
])('%s', (_name, make) => {
  it('starts with its creation event: version 2 after the first step, one event per version', async () => {
    const target = await make();
    const anna = await app.as('anna');
    const view = await anna.get(target.read);
    expect(view.body.version).toBe(2);
    const history = await anna.get(target.events);
    expect((history.body.events as { type: string }[]).map((event) => event.type)[0]).toMatch(/_CREATED$/);
    expect(history.body.events).toHaveLength(2);
  });

  it('refuses in one order: 400 before 404, 404 before 403, 403 before 412, 412 before 409', async () => {
    const target = await make();
    const [anna, bo, fatima] = [await app.as('anna'), await app.as('bo'), await app.as('fatima')];
    const stale = { 'If-Match': '"1"' };
    expect((await send(bo, target.events, target.invalid)).status).toBe(400);
    expect((await send(bo, target.events, target.neverForFatima, stale)).status).toBe(404);
    expect((await send(fatima, target.events, target.neverForFatima, stale)).status).toBe(403);
    expect((await send(anna, target.events, target.notNow, stale)).status).toBe(412);
    expect((await send(anna, target.events, target.notNow)).status).toBe(409);
    expect((await anna.get(target.read)).body.version).toBe(2);
  });

  it('answers a retry with the aggregate as it is now, built for the caller, and stores no response', async () => {
    const target = await make();
    const anna = await app.as('anna');
    const key = { 'Idempotency-Key': `pipeline-${serial}` };
    const first = await send(anna, target.events, target.allowedNow, key);
    expect(first.status).toBe(200);
    const retry = await send(anna, target.events, target.allowedNow, key);
    expect(retry.status).toBe(200);
    expect(retry.body.version).toBe(first.body.version);
    expect((await anna.get(target.events)).body.events).toHaveLength(3);
    // The same key for another request is refused.
    expect((await send(anna, target.events, target.notNow, key)).status).toBe(422);
    const columns = await app.database.prisma.$queryRawUnsafe<{ column_name: string }[]>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'IdempotencyRecord'`,
    );
    expect(columns.map((c) => c.column_name)).not.toContain('response');
  });
});
