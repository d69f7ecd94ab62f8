/**
 * Property-based: random and malformed event types, payloads, ids, headers and
 * queries sent to the case routes never get a 500, never change a case when
 * refused, and the history still replays to the stored snapshot.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANVISNING_EVENT_TYPES } from '../../machines/anvisning';
import { verifyAllCases } from '../../src/cases/verify-cases';
import { samplePayloads } from '../support/anvisning-payloads';
import { personnummerFor, startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let caseId = '';
let requests = 0;

beforeAll(async () => {
  app = await startTestApp();
  caseId = (await (await app.as('anna')).createCase({ personnummer: personnummerFor('1975-07-07', 3), name: 'Fuzz Fuzzsson' })).body.id;
});
afterAll(async () => {
  console.log(`Malformed-input properties: ${requests} requests, no 500`);
  expect((await verifyAllCases(app.database.prisma)).mismatches).toEqual([]);
  await app.close();
});

const eventType = fc.oneof(fc.constantFrom(...ANVISNING_EVENT_TYPES), fc.string(), fc.constant(''), fc.integer(), fc.constant(null));
const junkValue = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.object({ maxDepth: 2 }));
/** A payload near a real one: a sample with some fields replaced, dropped or added. */
const payload = fc.tuple(fc.constantFrom(...ANVISNING_EVENT_TYPES), fc.dictionary(fc.string({ maxLength: 20 }), junkValue, { maxKeys: 4 }), fc.boolean()).map(([type, extra, keepSample]) => ({
  ...(keepSample ? samplePayloads[type] : {}),
  ...extra,
}));
const header = fc.oneof(fc.constant(undefined), fc.string({ maxLength: 40 }).filter((s) => /^[\x20-\x7e]*$/.test(s)), fc.nat().map((n) => `"${n}"`));

async function stateOf(id: string) {
  const response = await (await app.as('anna')).get(`/api/cases/${id}`);
  return { version: response.body.version, state: response.body.state };
}

describe('malformed input', () => {
  it('never gets a 500 from the event route, and a refused request changes nothing', async () => {
    const anna = await app.as('anna');
    await fc.assert(
      fc.asyncProperty(eventType, payload, header, header, fc.constantFrom('anna', 'kalle', 'fatima', 'bo'), async (type, body, ifMatch, idempotencyKey, username) => {
        const before = await stateOf(caseId);
        const user = username === 'anna' ? anna : await app.as(username);
        let request = user.post(`/api/cases/${caseId}/events`, { ...body, type });
        if (ifMatch !== undefined) request = request.set('If-Match', ifMatch);
        if (idempotencyKey !== undefined) request = request.set('Idempotency-Key', idempotencyKey);
        const response = await request;
        requests += 1;
        expect(response.status, JSON.stringify(response.body)).toBeLessThan(500);
        expect(response.body.error?.message ?? '').not.toMatch(/\bat \S+\.(ts|js):\d+|prisma|SELECT|INSERT/i);
        if (response.status !== 200) expect(await stateOf(caseId)).toEqual(before);
      }),
      { numRuns: 300, seed: 20261123 },
    );
  });

  it('never gets a 500 for odd ids, queries and bodies on the other routes', async () => {
    const anna = await app.as('anna');
    const fatima = await app.as('fatima');
    const id = fc.oneof(fc.string({ maxLength: 50 }).map(encodeURIComponent), fc.uuid(), fc.constant(caseId));
    const query = fc.dictionary(fc.constantFrom('status', 'limit', 'offset', 'mine', 'x', 'caseId'), fc.string({ maxLength: 12 }), { maxKeys: 3 });
    await fc.assert(
      fc.asyncProperty(id, query, junkValue, async (someId, someQuery, body) => {
        const search = new URLSearchParams(someQuery).toString();
        const responses = await Promise.all([
          anna.get(`/api/cases/${someId}`),
          anna.get(`/api/cases/${someId}/events`),
          anna.get(`/api/cases?${search}`),
          anna.get(`/api/deadlines?${search}`),
          anna.post('/api/cases', typeof body === 'object' && body !== null ? body : { client: body }),
          app.http.post('/api/cases').set('Authorization', `Bearer ${anna.token}`).set('Content-Type', 'application/json').send(JSON.stringify(body).slice(0, -1)),
          fatima.get(`/api/audit?${search}&caseId=${someId}`),
          anna.get(`/api/outbox?${search}`),
          app.http.post('/api/auth/dev-login').send(typeof body === 'object' && body !== null ? body : { username: body }),
          app.http.put('/api/dev/clock').set('Authorization', `Bearer ${anna.token}`).send({ now: body }),
        ]);
        requests += responses.length;
        for (const response of responses) expect(response.status, JSON.stringify(response.body)).toBeLessThan(500);
      }),
      { numRuns: 100, seed: 7 },
    );
  });
});
