/**
 * Property-based: random and malformed event types, payloads, ids, headers and
 * queries sent to the case routes and to the client and assessment routes
 * (strings with control characters, NUL and broken Unicode, deeply nested
 * bodies, huge numbers among them) never get a 500, never change a case or an
 * assessment when refused, and every history still replays to its snapshot. Every
 * error answer carries a reason of the catalogue and a Swedish message.
 * The seeds are fixed; CI makes the full number of runs, a developer's `npm test`
 * the first quarter of them (test/support/property-runs.ts).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANVISNING_EVENT_TYPES } from '../../machines/anvisning';
import { BEDOMNING_REQUEST_TYPES } from '../../machines/bedomning';
import { verifyAllAssessments } from '../../src/assessments/verify-assessments';
import { verifyAllCases } from '../../src/cases/verify-cases';
import { ERROR_REASONS, FIELD_REASONS } from '../../src/texts';
import { samplePayloads } from '../support/anvisning-payloads';
import { ENGLISH_LEFTOVERS } from '../support/english-leftovers';
import { fullPropertyRuns, propertyRuns, propertyTimeout } from '../support/property-runs';
import { personnummerFor, startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let caseId = '';
let requests = 0;
/** A client with an assessment: a completed initial part (questionnaire) and an arbetsplan (document), and a referral. */
const fuzzClient = { id: '', questionnaireId: '', documentId: '', caseId: '' };

beforeAll(async () => {
  app = await startTestApp();
  const anna = await app.as('anna');
  caseId = (await anna.createCase({ personnummer: personnummerFor('1975-07-07', 3), name: 'Fuzz Fuzzsson' })).body.id;

  const registered = await anna.post('/api/clients', { personnummer: personnummerFor('1975-07-07', 4), name: 'Fuzzy Klientsson' });
  expect(registered.status).toBe(201);
  fuzzClient.id = registered.body.client.id;
  const step = async (body: object) => {
    const response = await anna.post(`/api/clients/${fuzzClient.id}/assessment/events`, body);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body as { questionnaires: { id: string }[]; documents: { id: string }[] };
  };
  fuzzClient.questionnaireId = (await step({ type: 'INLEDANDE_STARTED', householdRole: 'sokande' })).questionnaires[0]!.id;
  const scale = (value: number) => ({ value });
  await step({
    type: 'QUESTIONNAIRE_SAVED',
    questionnaireId: fuzzClient.questionnaireId,
    answers: { mal: { text: 'Arbete.' }, hinder: { text: 'Inga.' }, forvantningar: { text: 'Stöd.' }, planering: { text: 'Kurs.' }, halsa: scale(3), arbetsformaga: scale(3), energiMotivation: scale(3), kommunikation: scale(3), kannedomArbetsmarknad: scale(2) },
  });
  await step({ type: 'INLEDANDE_COMPLETED', questionnaireId: fuzzClient.questionnaireId });
  fuzzClient.documentId = (await step({ type: 'ARBETSPLAN_CREATED', importFrom: fuzzClient.questionnaireId })).documents[0]!.id;
  fuzzClient.caseId = (await anna.createCase({ personnummer: personnummerFor('1975-07-07', 4), name: 'Fuzzy Klientsson' })).body.id;
});
afterAll(async () => {
  console.log(`Malformed-input properties: ${requests} requests, no 500${fullPropertyRuns ? '' : ' (a quarter of the runs; FULL_PROPERTY_RUNS=1 makes them all, as CI does)'}`);
  expect((await verifyAllCases(app.database.prisma)).mismatches).toEqual([]);
  expect((await verifyAllAssessments(app.database.prisma)).mismatches).toEqual([]);
  await app.close();
});

/** Text no person types: control characters, NUL, DEL, C1, line separators, lone surrogates, mixed with ordinary letters. */
const controlString = fc
  .tuple(fc.string({ maxLength: 8 }), fc.constantFrom('\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u2028', '\n', '\t', '\ud800', '\udc00'), fc.string({ maxLength: 8 }))
  .map(([before, control, after]) => `${before}${control}${after}`);
const nastyString = fc.oneof(
  controlString,
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({ unit: fc.constantFrom('\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u2028', '\n', '\r', '\t', '\ud800', '\udc00', 'a', 'å', ' ', '"', '\\'), maxLength: 20 }),
);
const hugeNumber = fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 63, 1e21, -0, 5e-324, 4294967297);
/** As raw JSON, nested `depth` levels: arrays or objects, deeper than JSON.stringify and zod can follow. */
const deepJson = fc.tuple(fc.integer({ min: 33, max: 6000 }), fc.boolean()).map(([depth, arrays]) => (arrays ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)));
/** Numbers JSON can say but JavaScript cannot hold exactly (1e400 is Infinity once parsed). */
const rawNumber = fc.constantFrom('1e400', '-1e400', '123456789012345678901234567890', '1e-400', '0.0000000000000000000001');
/** A URL path segment or query value from any string (a lone surrogate cannot be percent-encoded: its UTF-8 bytes are sent as they are). */
const urlPart = (value: string) => {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
};

const eventType = fc.oneof(fc.constantFrom(...ANVISNING_EVENT_TYPES), fc.string(), fc.constant(''), fc.integer(), fc.constant(null), nastyString);
const junkValue = fc.oneof(
  fc.string(),
  nastyString,
  fc.integer(),
  fc.double(),
  hugeNumber,
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.string(), nastyString), { maxLength: 3 }),
  fc.object({ maxDepth: 2 }),
  fc.dictionary(nastyString, fc.oneof(nastyString, hugeNumber), { maxKeys: 2 }),
);
/** A payload near a real one: a sample with some fields replaced, dropped or added. */
const nearSample = fc.tuple(fc.constantFrom(...ANVISNING_EVENT_TYPES), fc.dictionary(fc.oneof(fc.string({ maxLength: 20 }), nastyString), junkValue, { maxKeys: 4 }), fc.boolean()).map(([type, extra, keepSample]) => ({
  ...(keepSample ? samplePayloads[type] : {}),
  ...extra,
}));
/** A sample whose text fields hold control characters, NUL or broken Unicode. */
const nastySample = fc.tuple(fc.constantFrom(...ANVISNING_EVENT_TYPES), fc.oneof(nastyString, fc.constant('\u0000'))).map(([type, nasty]) =>
  Object.fromEntries(Object.entries(samplePayloads[type]).map(([key, value]) => [key, typeof value === 'string' && !/^\d{4}-/.test(value) ? `${value}${nasty}` : value])),
);
const payload = fc.oneof(nearSample, nastySample);
const header = fc.oneof(fc.constant(undefined), fc.string({ maxLength: 40 }).filter((s) => /^[\x20-\x7e]*$/.test(s)), fc.nat().map((n) => `"${n}"`));

async function stateOf(id: string) {
  const response = await (await app.as('anna')).get(`/api/cases/${id}`);
  return { version: response.body.version, state: response.body.state };
}

/**
 * An error answer carries a reason of the catalogue and a Swedish message (no English left over),
 * and so does each field issue of a 400, a machine's refusal (not_allowed_in_state) with its explanation
 * (the machine's codes in the catalogue's words).
 */
function expectCatalogued(response: { status: number; body: { error?: { reason?: string; message?: string; details?: unknown } } }) {
  if (response.status < 400) return;
  const error = response.body.error;
  const context = JSON.stringify(response.body);
  expect(ERROR_REASONS, context).toContain(error?.reason);
  const message = error?.message ?? '';
  expect(message.trim(), context).not.toBe('');
  for (const phrase of ENGLISH_LEFTOVERS) expect(message.toLowerCase(), context).not.toContain(phrase);
  if (error?.reason !== 'validation_failed') return;
  expect(Array.isArray(error.details), context).toBe(true);
  for (const issue of error.details as { path?: unknown; reason?: string; message?: string }[]) {
    expect(typeof issue.path, context).toBe('string');
    expect(FIELD_REASONS, context).toContain(issue.reason);
    expect((issue.message ?? '').trim(), context).not.toBe('');
    for (const phrase of ENGLISH_LEFTOVERS) expect((issue.message ?? '').toLowerCase(), context).not.toContain(phrase);
  }
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
        expectCatalogued(response);
        if (response.status !== 200) expect(await stateOf(caseId)).toEqual(before);
      }),
      { numRuns: propertyRuns(300), seed: 20261123 },
    );
  }, propertyTimeout(180_000));

  it('never gets a 500 for odd ids, queries and bodies on the other routes', async () => {
    const anna = await app.as('anna');
    const fatima = await app.as('fatima');
    const id = fc.oneof(fc.string({ maxLength: 50 }).map(encodeURIComponent), fc.uuid(), fc.constant(caseId));
    const queryValue = fc.oneof(fc.string({ maxLength: 12 }), nastyString, hugeNumber.map(String), rawNumber);
    const query = fc.dictionary(fc.constantFrom('status', 'limit', 'offset', 'mine', 'x', 'caseId', 'userId', 'q', 'step', 'overdue', 'sort'), queryValue, { maxKeys: 3 });
    await fc.assert(
      fc.asyncProperty(id, query, junkValue, deepJson, rawNumber, controlString, async (someId, someQuery, body, deep, number, control) => {
        const search = new URLSearchParams(someQuery).toString();
        const raw = (path: string, json: string) => app.http.post(path).set('Authorization', `Bearer ${anna.token}`).set('Content-Type', 'application/json').send(json);
        const responses = await Promise.all([
          anna.get(`/api/cases/${someId}`),
          anna.get(`/api/cases/${someId}/events`),
          anna.get(`/api/cases?${search}`),
          // The case list's search and filters (issue 18), with odd text in each and as a repeated parameter.
          fatima.get(`/api/cases?q=${urlPart(control)}&step=${encodeURIComponent(String(JSON.stringify(body)))}&overdue=${encodeURIComponent(String(number))}`),
          anna.get(`/api/cases?q=a&q=b&sort=${urlPart(control)}&${search}`),
          anna.get(`/api/deadlines?${search}`),
          anna.post('/api/cases', typeof body === 'object' && body !== null ? body : { client: body }),
          app.http.post('/api/cases').set('Authorization', `Bearer ${anna.token}`).set('Content-Type', 'application/json').send(JSON.stringify(body).slice(0, -1)),
          fatima.get(`/api/audit?${search}&caseId=${someId}`),
          anna.get(`/api/outbox?${search}`),
          app.http.post('/api/auth/dev-login').send(typeof body === 'object' && body !== null ? body : { username: body }),
          app.http.put('/api/dev/clock').set('Authorization', `Bearer ${anna.token}`).send({ now: body }),
          raw(`/api/cases/${caseId}/events`, `{"type":"SSBTEK_INFO_RECORDED","afSummary":"a","fkSummary":${deep}}`),
          raw('/api/cases', deep),
          raw(`/api/cases/${caseId}/events`, `{"type":"AF_PLAN_CHECKED","afActivity":${number}}`),
          fatima.get(`/api/audit?caseId=${caseId}&userId=${urlPart(control)}`),
          // Issue 12's routes: KC's queue, the colleague lists, handover and assignment payloads.
          (await app.as('kalle')).get(`/api/kc/queue?${search}`),
          fatima.get(`/api/colleagues?${search}`),
          fatima.get(`/api/colleagues?role=${urlPart(control)}`),
          fatima.post(`/api/cases/${caseId}/events`, { type: 'RESPONSIBLE_CHANGED', toUserId: body, reason: body }),
          fatima.post(`/api/cases/${caseId}/events`, { type: 'TRANSFER_REQUESTED', toUnit: body, reason: control }),
          (await app.as('sven')).post(`/api/cases/${caseId}/events`, { type: 'KC_CONSULTANT_ASSIGNED', consultantId: body }),
          // Issue 15: the managers' list of samverkansfrågor, and the oenighet's and avvikelse's payloads.
          fatima.get(`/api/samverkansfragor?${search}`),
          (await app.as('sven')).get(`/api/samverkansfragor/${someId}`),
          anna.post(`/api/cases/${caseId}/events`, { type: 'DISAGREEMENT_RAISED', topic: body, description: control, samverkansfraga: body }),
          fatima.post(`/api/cases/${caseId}/events`, { type: 'DISAGREEMENT_POSITION_RECORDED', position: control, disagreementId: body }),
          fatima.post(`/api/cases/${caseId}/events`, { type: 'DISAGREEMENT_RESOLVED', outcome: body, disagreementId: urlPart(control), samverkansfraga: number }),
          (await app.as('kalle')).post(`/api/cases/${caseId}/events`, { type: 'AVVIKELSE_REPORTED', on: body, kind: control, summary: body }),
          anna.post(`/api/cases/${caseId}/events`, { type: 'EXTERNAL_CONSENT_RECORDED', party: control, area: body }),
          // Issue 16: the statistics, with odd dates, periods and groupings, as JSON and as CSV.
          fatima.get(`/api/statistics/anvisning?${search}&from=${urlPart(control)}&to=2026-12-31`),
          fatima.get(`/api/statistics/anvisning?from=2026-01-01&to=2026-12-31&groupBy=${urlPart(control)}&period=${encodeURIComponent(String(JSON.stringify(body)))}`),
          (await app.as('sven')).get(`/api/statistics/anvisning?from=2026-01-01&to=${encodeURIComponent(String(JSON.stringify(body)))}&groupBy=kon,${encodeURIComponent(String(number))}`).set('Accept', 'text/csv'),
          fatima.get(`/api/statistics/anvisning?${search}`).set('Accept', 'text/csv'),
        ]);
        requests += responses.length;
        for (const response of responses) {
          expect(response.status, JSON.stringify(response.body)).toBeLessThan(500);
          expectCatalogued(response);
        }
      }),
      { numRuns: propertyRuns(100), seed: 7 },
    );
  }, propertyTimeout(180_000));

  it('never gets a 500 for a disagreementId and the new events’ payloads on a running referral with two open disagreements, and names only its own', async () => {
    // A referral in its insats (kalle assigned), with disagreements 1 and 2 open: positions and resolutions reach the machine.
    const anna = await app.as('anna');
    const [kalle, fatima, sven] = [await app.as('kalle'), await app.as('fatima'), await app.as('sven')];
    const running = (await anna.createCase({ personnummer: personnummerFor('1975-07-07', 5), name: 'Oenig Oenigsson' })).body.id as string;
    for (const type of ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED', 'DECISION_MADE', 'DECISION_COMMUNICATED', 'UPPDRAG_SENT', 'INSKRIVNING_BOOKED'] as const) {
      await anna.step(running, type);
    }
    await sven.step(running, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
    await kalle.step(running, 'INSKRIVNING_HELD');
    await anna.step(running, 'DISAGREEMENT_RAISED', { topic: 'insats', description: 'Första.' });
    await kalle.step(running, 'DISAGREEMENT_RAISED', { topic: 'avslut', description: 'Andra.' });
    const idLike = fc.oneof(
      fc.constantFrom('1', '2', '3', '0', '-1', '01', ' 1', '2\n', '1 OR 1=1', "1' OR '1'='1", '999999', '9999999', '1e1', '１', '__proto__'),
      fc.integer({ min: -10, max: 10_000_000 }).map(String),
      nastyString,
      junkValue,
    );
    const users = { fatima, sven, kalle, anna };
    const step = fc.oneof(
      fc.record({ who: fc.constantFrom('fatima' as const, 'sven' as const), body: fc.tuple(idLike, fc.oneof(fc.constant('Ståndpunkt.'), nastyString, junkValue)).map(([disagreementId, position]) => ({ type: 'DISAGREEMENT_POSITION_RECORDED', disagreementId, position })) }),
      fc.record({ who: fc.constant('fatima' as const), body: fc.tuple(idLike, fc.oneof(fc.boolean(), junkValue)).map(([disagreementId, samverkansfraga]) => ({ type: 'DISAGREEMENT_RESOLVED', outcome: 'Beslut.', disagreementId, samverkansfraga })) }),
      fc.record({ who: fc.constant('kalle' as const), body: fc.tuple(junkValue, fc.oneof(fc.constantFrom('franvaro', 'annat'), nastyString), junkValue).map(([on, kind, summary]) => ({ type: 'AVVIKELSE_REPORTED', on, kind, summary })) }),
      fc.record({ who: fc.constantFrom('anna' as const, 'kalle' as const), body: fc.tuple(fc.oneof(fc.constant('Vården'), nastyString, junkValue), fc.oneof(fc.constantFrom('socialt_halsa', 'kompetens_jobb'), junkValue)).map(([party, area]) => ({ type: 'EXTERNAL_CONSENT_RECORDED', party, area })) }),
      fc.record({ who: fc.constant('anna' as const), body: fc.tuple(junkValue, junkValue).map(([count, extra]) => ({ type: 'AVVIKELSE_ACKNOWLEDGED', count, [String(extra)]: extra })) }),
    );
    await fc.assert(
      fc.asyncProperty(step, header, async ({ who, body }, ifMatch) => {
        const before = await stateOf(running);
        let request = users[who].post(`/api/cases/${running}/events`, body);
        if (ifMatch !== undefined) request = request.set('If-Match', ifMatch);
        const response = await request;
        requests += 1;
        expect(response.status, JSON.stringify(response.body)).toBeLessThan(500);
        expect(response.body.error?.message ?? '').not.toMatch(/\bat \S+\.(ts|js):\d+|prisma|SELECT|INSERT/i);
        expectCatalogued(response);
        const after = await stateOf(running);
        expect(after.version).toBe(before.version + (response.status === 200 ? 1 : 0));
      }),
      { numRuns: propertyRuns(200), seed: 20261215 },
    );
    // Whatever was named, the referral still has exactly its own two disagreements.
    const disagreements = (await fatima.get(`/api/cases/${running}`)).body.process.disagreements as { id: string }[];
    expect(disagreements.map((disagreement) => disagreement.id)).toEqual(['1', '2']);
  }, propertyTimeout(180_000));

  /** What anna's assessment looks like, and the saved answers of its questionnaire: a refused step must change neither. */
  async function assessmentOf(clientId: string) {
    const anna = await app.as('anna');
    const [assessment, questionnaire, document] = await Promise.all([
      anna.get(`/api/clients/${clientId}/assessment`),
      anna.get(`/api/clients/${clientId}/questionnaires/${fuzzClient.questionnaireId}`),
      anna.get(`/api/clients/${clientId}/arbetsplaner/${fuzzClient.documentId}`),
    ]);
    return { version: assessment.body.version, state: assessment.body.state, answers: questionnaire.body.answers, versions: document.body.versions?.length };
  }

  it('never gets a 500 from the assessment event route, and a refused step changes nothing', async () => {
    /** A valid-looking payload per step, with the ids of the fuzz client. */
    const samples: Record<string, Record<string, unknown>> = {
      INLEDANDE_STARTED: { householdRole: 'sokande', reason: 'Omprövning.' },
      QUESTIONNAIRE_SAVED: { questionnaireId: fuzzClient.questionnaireId, answers: { mal: { text: 'Arbete.' }, halsa: { value: 3, comment: 'Bra.' } } },
      INLEDANDE_COMPLETED: { questionnaireId: fuzzClient.questionnaireId },
      INRIKTNING_CHOSEN: { tracks: ['rehab'], reasonAgainstIndication: 'Valt så.' },
      TRACK_COMPLETED: { questionnaireId: fuzzClient.questionnaireId },
      UPPFOLJNING_STARTED: { reason: 'Uppföljning.' },
      UPPFOLJNING_COMPLETED: { questionnaireId: fuzzClient.questionnaireId },
      ARBETSPLAN_CREATED: { importFrom: fuzzClient.questionnaireId },
      ARBETSPLAN_REVISED: { documentId: fuzzClient.documentId, content: { mal: 'Mål.', hinder: 'Hinder.', forvantningar: 'F.', planering: 'P.' } },
      UPPDRAGSBESKRIVNING_CREATED: { caseId: fuzzClient.caseId },
      UPPDRAGSBESKRIVNING_REVISED: { documentId: fuzzClient.documentId, content: { arbetslivserfarenhet: 'A.', kompetens: 'K.', halsa: 'H.', behovAvInsats: 'B.', egenBedomning: 'E.' } },
    };
    /** Each string in a sample, at any depth, with control characters or broken Unicode added. */
    const spoil = (value: unknown, nasty: string): unknown => {
      if (typeof value === 'string') return /^[0-9a-f-]{36}$/.test(value) || value === 'sokande' || value === 'rehab' ? value : `${value}${nasty}`;
      if (Array.isArray(value)) return value.map((item) => spoil(item, nasty));
      if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, spoil(item, nasty)]));
      return value;
    };
    const stepType = fc.oneof(fc.constantFrom(...BEDOMNING_REQUEST_TYPES), fc.string(), nastyString, fc.integer(), fc.constant(null));
    const extra = fc.dictionary(fc.oneof(fc.constantFrom('questionnaireId', 'documentId', 'answers', 'content', 'tracks', 'importFrom', 'caseId', 'householdRole'), fc.string({ maxLength: 12 }), nastyString), junkValue, { maxKeys: 3 });
    const body = fc.tuple(fc.constantFrom(...BEDOMNING_REQUEST_TYPES), fc.constantFrom('sample', 'spoiled', 'junk'), nastyString, extra).map(([type, how, nasty, more]) => {
      const sample = samples[type] ?? {};
      if (how === 'sample') return { ...sample, ...more };
      if (how === 'spoiled') return spoil(sample, nasty) as Record<string, unknown>;
      return more;
    });
    const anna = await app.as('anna');
    await fc.assert(
      fc.asyncProperty(stepType, body, header, header, fc.constantFrom('anna', 'fatima', 'kalle', 'bo'), fc.option(fc.oneof(deepJson, rawNumber)), async (type, payloadBody, ifMatch, idempotencyKey, username, rawValue) => {
        const before = await assessmentOf(fuzzClient.id);
        const user = username === 'anna' ? anna : await app.as(username);
        const path = `/api/clients/${fuzzClient.id}/assessment/events`;
        let request =
          rawValue === null
            ? user.post(path, { ...payloadBody, type })
            : app.http.post(path).set('Authorization', `Bearer ${user.token}`).set('Content-Type', 'application/json').send(`{"type":${JSON.stringify(type)},"answers":{"halsa":{"value":${rawValue}}},"questionnaireId":"${fuzzClient.questionnaireId}"}`);
        if (ifMatch !== undefined) request = request.set('If-Match', ifMatch);
        if (idempotencyKey !== undefined) request = request.set('Idempotency-Key', idempotencyKey);
        const response = await request;
        requests += 1;
        expect(response.status, JSON.stringify(response.body)).toBeLessThan(500);
        expect(response.body.error?.message ?? '').not.toMatch(/\bat \S+\.(ts|js):\d+|prisma|SELECT|INSERT/i);
        expectCatalogued(response);
        if (response.status !== 200) expect(await assessmentOf(fuzzClient.id)).toEqual(before);
      }),
      { numRuns: propertyRuns(150), seed: 20261202 },
    );
  }, propertyTimeout(180_000));

  it('never gets a 500 for odd ids, queries and bodies on the client routes, and a refused registration registers nobody', async () => {
    const users = await Promise.all(['anna', 'fatima', 'kalle'].map((username) => app.as(username)));
    const uuidish = fc.oneof(fc.string({ maxLength: 40 }).map(urlPart), nastyString.map(urlPart), fc.uuid(), fc.constant(fuzzClient.id), fc.constant(fuzzClient.questionnaireId), fc.constant(fuzzClient.documentId));
    const clientId = fc.oneof(uuidish, fc.constant(fuzzClient.id));
    const forValue = fc.oneof(fc.constantFrom('arbetsplan', 'uppdragsbeskrivning'), fc.string({ maxLength: 12 }), nastyString, hugeNumber.map(String));
    const query = fc.dictionary(fc.constantFrom('for', 'x', 'limit'), forValue, { maxKeys: 2 });
    const registration = fc.oneof(
      junkValue,
      fc.record({
        personnummer: fc.oneof(fc.constant(personnummerFor('1975-07-07', 4)), fc.integer({ min: 10, max: 999 }).map((serial) => personnummerFor('1975-07-07', serial)), nastyString, hugeNumber),
        name: fc.oneof(controlString, nastyString, junkValue),
        protectedIdentity: fc.oneof(fc.constant(undefined), fc.boolean(), junkValue),
      }),
    );
    const correction = fc.oneof(junkValue, fc.record({ name: fc.oneof(controlString, nastyString, junkValue), reason: fc.oneof(controlString, nastyString, junkValue) }));
    const clientCount = () => app.database.prisma.client.count();
    // A registration may also switch protection on for a known client (CLIENT_PROTECTION_MARKED, by right): not counted here.
    const clientEventCount = () => app.database.prisma.clientEvent.count({ where: { type: { not: 'CLIENT_PROTECTION_MARKED' } } });
    await fc.assert(
      fc.asyncProperty(clientId, uuidish, query, registration, deepJson, fc.constantFrom(0, 0, 0, 1, 2), correction, header, async (someClient, someId, someQuery, body, deep, who, fix, ifMatch) => {
        const user = users[who]!;
        const search = new URLSearchParams(someQuery as Record<string, string>).toString();
        const clientsBefore = await clientCount();
        const clientEventsBefore = await clientEventCount();
        const before = await assessmentOf(fuzzClient.id);
        const base = `/api/clients/${someClient}`;
        const responses = await Promise.all([
          user.get(base),
          user.get(`${base}/assessment`),
          user.get(`${base}/assessment/events`),
          user.get(`${base}/questionnaires/${someId}`),
          user.get(`${base}/import-sources?${search}`),
          user.get(`${base}/arbetsplaner/${someId}`),
          user.get(`${base}/uppdragsbeskrivningar/${someId}`),
          user.get(`${base}/progression?${search}`),
          user.post('/api/clients', typeof body === 'object' && body !== null && !Array.isArray(body) ? body : { personnummer: body, name: body }),
          app.http.post('/api/clients').set('Authorization', `Bearer ${user.token}`).set('Content-Type', 'application/json').send(deep),
          app.http.post('/api/clients').set('Authorization', `Bearer ${user.token}`).set('Content-Type', 'application/json').send(`{"personnummer":${deep},"name":"x"}`),
          // The client's rights (issue 17): the history, the registerutdrag (JSON and PDF) and a name correction.
          user.get(`${base}/history?${search}`),
          user.get(`${base}/registerutdrag?${search}`),
          user.get(`${base}/registerutdrag`).set('Accept', 'application/pdf'),
          (ifMatch === undefined ? user.post(`${base}/name-corrections`) : user.post(`${base}/name-corrections`).set('If-Match', ifMatch)).send(
            typeof fix === 'object' && fix !== null && !Array.isArray(fix) ? fix : { name: fix, reason: fix },
          ),
        ]);
        requests += responses.length;
        for (const response of responses) {
          expect(response.status, JSON.stringify(response.body)).toBeLessThan(500);
          expect(response.body.error?.message ?? '').not.toMatch(/\bat \S+\.(ts|js):\d+|prisma|SELECT|INSERT/i);
          expectCatalogued(response);
        }
        // Reads change nothing; a refused registration registers nobody.
        const registered = responses[8]!;
        expect(await clientCount()).toBe(clientsBefore + (registered.status === 201 ? 1 : 0));
        // A refused correction adds nothing to the client's history (a new client adds its CLIENT_REGISTERED).
        const corrected = responses.at(-1)!;
        expect(await clientEventCount()).toBe(clientEventsBefore + (registered.status === 201 ? 1 : 0) + (corrected.status === 201 ? 1 : 0));
        expect(await assessmentOf(fuzzClient.id)).toEqual(before);
      }),
      { numRuns: propertyRuns(80), seed: 11 },
    );
  }, propertyTimeout(180_000));
});
