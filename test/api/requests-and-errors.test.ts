/**
 * What a client of the API meets when something is wrong: a clear error with a
 * code and a message a person can act on, and a case that did not change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personnummerFor, startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let serial = 500;
const nextPersonnummer = () => personnummerFor('1979-11-30', (serial += 1));

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

async function newCaseId(): Promise<string> {
  const response = await (await app.as('anna')).createCase({ personnummer: nextPersonnummer(), name: 'Fel Felsson' });
  expect(response.status).toBe(201);
  return response.body.id as string;
}

async function versionOf(caseId: string): Promise<number> {
  return (await (await app.as('anna')).get(`/api/cases/${caseId}`)).body.version as number;
}

describe('authentication', () => {
  it('answers 401 without a valid bearer token, except for the OpenAPI document and health checks', async () => {
    expect((await app.http.get('/api/cases')).status).toBe(401);
    const garbled = await app.http.get('/api/cases').set('Authorization', 'Bearer not-a-token');
    expect(garbled.status).toBe(401);
    expect(garbled.body.error.code).toBe('UNAUTHENTICATED');
    expect((await app.http.get('/api/openapi.json')).status).toBe(200);
    expect((await app.http.get('/healthz')).status).toBe(200);
    expect((await app.http.get('/readyz')).status).toBe(200);
  });

  it('describes the case API in the OpenAPI document, generated from the request schemas', async () => {
    const document = (await app.http.get('/api/openapi.json')).body;
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/cases', '/api/cases/{id}', '/api/cases/{id}/events', '/api/auth/dev-login']),
    );
    expect(JSON.stringify(document)).toContain('DECISION_MADE');
  });
});

describe('creating a case', () => {
  it('refuses a 10-digit personnummer, because its century would be a guess', async () => {
    const response = await (await app.as('anna')).createCase({ personnummer: '850412-1234', name: 'Kort Nummer' });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(response.body.error.details).toEqual([{ path: 'client.personnummer', reason: 'personnummer_needs_century', message: expect.stringMatching(/12 siffror/) }]);
    expect(JSON.stringify(response.body)).not.toContain('Kort Nummer');
  });

  it('refuses a personnummer with a wrong check digit', async () => {
    const valid = nextPersonnummer();
    const wrong = valid.slice(0, -1) + String((Number(valid.at(-1)) + 1) % 10);
    const response = await (await app.as('anna')).createCase({ personnummer: wrong, name: 'Fel Siffra' });
    expect(response.status).toBe(400);
    expect(response.body.error.details[0]).toMatchObject({ reason: 'personnummer_invalid', message: expect.stringMatching(/inte ett giltigt personnummer/) });
  });

  it('accepts a samordningsnummer', async () => {
    const response = await (await app.as('anna')).createCase({ personnummer: personnummerFor('1990-01-61', 1), name: 'Samordnings Nummer' });
    expect(response.status).toBe(201);
  });

  it('allows only a socialsekreterare to create a referral', async () => {
    const response = await (await app.as('kalle')).createCase({ personnummer: nextPersonnummer(), name: 'Ej Tillåten' });
    expect(response.status).toBe(403);
  });

  it('refuses a second active referral for the same client', async () => {
    const anna = await app.as('anna');
    const personnummer = nextPersonnummer();
    expect((await anna.createCase({ personnummer, name: 'Dubbel Dubbelsson' })).status).toBe(201);
    const second = await anna.createCase({ personnummer: personnummer.replace('-', ''), name: 'Dubbel Dubbelsson' });
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ reason: 'client_has_active_referral', message: expect.stringMatching(/redan en aktiv anvisning \(KC-\d{6}\)/) });
  });

  it('names the existing referral by id (for a link) to whoever may open it, and not to anyone else', async () => {
    const anna = await app.as('anna');
    const personnummer = nextPersonnummer();
    const first = await anna.createCase({ personnummer, name: 'Länk Länksson' });
    const second = await anna.createCase({ personnummer, name: 'Länk Länksson' });
    expect(second.status).toBe(409);
    expect(second.body.error.details).toEqual({ caseId: first.body.id });
    // Maja (same unit) does not hold the client: refused before anything about the referral is said.
    const maja = await (await app.as('maja')).createCase({ personnummer, name: 'Länk Länksson' });
    expect(maja.status).toBe(403);
    expect(JSON.stringify(maja.body)).not.toContain(first.body.id);
  });

  it('says "Måste fyllas i" for an empty personnummer, not that it needs 12 digits', async () => {
    const response = await (await app.as('anna')).createCase({ personnummer: '  ', name: '' });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([
      { path: 'client.personnummer', reason: 'required', message: 'Måste fyllas i.' },
      { path: 'client.name', reason: 'empty', message: 'Måste fyllas i.' },
    ]);
  });

  it('says that the stored name was kept when a known client is given under another name', async () => {
    const anna = await app.as('anna');
    const personnummer = nextPersonnummer();
    const registered = await anna.post('/api/clients', { personnummer, name: 'Karin Lund' });
    expect(registered.status).toBe(201);
    expect(registered.body.nameKept).toBeUndefined();
    const sameNameOtherCase = await anna.post('/api/clients', { personnummer, name: '  karin  LUND ' });
    expect(sameNameOtherCase.body.nameKept).toBeUndefined();
    // No one holds the client yet: that the name was not used, not which name is stored.
    const found = await anna.post('/api/clients', { personnummer, name: 'Karin Berg' });
    expect(found.status).toBe(200);
    expect(found.body.nameKept).toEqual({});
    expect(JSON.stringify(found.body)).not.toContain('Lund');
    // Creating the referral makes her responsible: the view shows the stored name, and says the typed one was not used.
    const created = await anna.createCase({ personnummer, name: 'Karin Berg' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ clientNameKept: true, client: { name: 'Karin Lund' } });
    // Now she holds the client: the stored name is named.
    expect((await anna.post('/api/clients', { personnummer, name: 'Karin Berg' })).body.nameKept).toEqual({ storedName: 'Karin Lund' });
  });

  it('does not tell the stored name of a protected client no one holds, only that the name typed was not used', async () => {
    const anna = await app.as('anna');
    const personnummer = nextPersonnummer();
    const first = await anna.createCase({ personnummer, name: 'Skyddad Person', protectedIdentity: true });
    expect((await anna.send(first.body.id, 'REFERRAL_WITHDRAWN', { reason: 'Testar' })).status).toBe(200);
    const maja = await (await app.as('maja')).post('/api/clients', { personnummer, name: 'Någon Annan' });
    expect(maja.status, JSON.stringify(maja.body)).toBe(200);
    expect(maja.body.nameKept).toEqual({});
    expect(JSON.stringify(maja.body)).not.toContain('Skyddad');
  });

  it('answers 400, not 500, for malformed JSON', async () => {
    const anna = await app.as('anna');
    const response = await app.http
      .post('/api/cases')
      .set('Authorization', `Bearer ${anna.token}`)
      .set('Content-Type', 'application/json')
      .send('{"client": ');
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('BAD_REQUEST');
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.ts|SyntaxError/);
  });
});

describe('sending events', () => {
  it('says which field is wrong and why, and changes nothing', async () => {
    const caseId = await newCaseId();
    const anna = await app.as('anna');
    const response = await anna.post(`/api/cases/${caseId}/events`, { type: 'SSBTEK_INFO_RECORDED', afSummary: '' });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual(
      expect.arrayContaining([
        { path: 'afSummary', reason: 'empty', message: 'Måste fyllas i.' },
        expect.objectContaining({ path: 'fkSummary' }),
      ]),
    );
    expect(await versionOf(caseId)).toBe(1);
  });

  it('refuses an unknown event type and a missing type', async () => {
    const caseId = await newCaseId();
    const anna = await app.as('anna');
    const unknown = await anna.post(`/api/cases/${caseId}/events`, { type: 'MAKE_IT_SO' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].path).toBe('type');
    expect((await anna.post(`/api/cases/${caseId}/events`, { afSummary: 'x' })).status).toBe(400);
  });

  it('answers 403 for a role that may never send the event, 409 with what is possible for a step out of turn', async () => {
    const caseId = await newCaseId();
    const anna = await app.as('anna');
    await anna.step(caseId, 'SSBTEK_INFO_RECORDED');
    await anna.step(caseId, 'AF_PLAN_CHECKED');
    await anna.step(caseId, 'AF_NOTIFIED');

    const outOfTurn = await anna.send(caseId, 'DECISION_MADE');
    expect(outOfTurn.status).toBe(409);
    expect(outOfTurn.body.error).toMatchObject({
      code: 'NOT_ALLOWED_IN_STATE',
      reason: 'not_allowed_in_state',
      details: { state: 'forberedelse.samrad_klart', allowedEvents: expect.arrayContaining(['KC_CONSENT_RECORDED']) },
    });
    expect(outOfTurn.body.error.message).toMatch(/samtycke till KC är inte upprättat/);
    // The machine's codes beside the words (src/texts/process-messages.ts).
    expect(outOfTurn.body.error.details.refusal).toContainEqual({ code: 'consent_missing' });

    const fatima = await app.as('fatima');
    const forbidden = await fatima.send(caseId, 'KC_CONSENT_RECORDED');
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('FORBIDDEN');
  });

  it('says a step refused out of turn in Swedish words: the step and the state by their names, no machine code', async () => {
    const caseId = await newCaseId();
    const anna = await app.as('anna');
    await anna.step(caseId, 'SSBTEK_INFO_RECORDED');
    const before = await versionOf(caseId);

    const refused = await anna.send(caseId, 'DECISION_COMMUNICATED');
    expect(refused.status).toBe(409);
    const message = refused.body.error.message as string;
    expect(message).toBe('Steget går inte att ta nu: ”Registrera att beslutet kommunicerats” går inte när ärendet står i ”Samråd 2: AF:s handlingsplan”.');
    expect(message).not.toMatch(/[A-Z]+_[A-Z_]+|[a-z]+\.[a-z_]+/);
    // The codes stay for programs, beside the words.
    expect(refused.body.error.details.refusal).toEqual([{ code: 'event_not_allowed', event: 'DECISION_COMMUNICATED', state: 'forberedelse.samrad_af_planering' }]);
    expect(await versionOf(caseId)).toBe(before);
  });

  it('answers 404 for a case the user may not see, an unknown id and a malformed id', async () => {
    const caseId = await newCaseId();
    const bo = await app.as('bo');
    expect((await bo.send(caseId, 'SSBTEK_INFO_RECORDED')).status).toBe(404);
    expect((await bo.get(`/api/cases/${caseId}`)).status).toBe(404);
    const anna = await app.as('anna');
    expect((await anna.get('/api/cases/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await anna.get('/api/cases/not-a-uuid')).status).toBe(404);
    expect((await anna.send('not-a-uuid', 'SSBTEK_INFO_RECORDED')).status).toBe(404);
    expect(await versionOf(caseId)).toBe(1);
  });

  it('answers 412 to a stale If-Match and accepts the current version', async () => {
    const caseId = await newCaseId();
    const anna = await app.as('anna');
    const body = { type: 'SSBTEK_INFO_RECORDED', afSummary: 'a', fkSummary: 'b' };
    const stale = await anna.post(`/api/cases/${caseId}/events`, body).set('If-Match', '"7"');
    expect(stale.status).toBe(412);
    expect(stale.body.error).toMatchObject({ code: 'PRECONDITION_FAILED', details: { currentVersion: 1 } });
    const current = await anna.post(`/api/cases/${caseId}/events`, body).set('If-Match', '"1"');
    expect(current.status).toBe(200);
    expect(current.headers.etag).toMatch(/^"2-[0-9a-f]{16}"$/);
    const garbage = await anna.post(`/api/cases/${caseId}/events`, body).set('If-Match', 'yesterday');
    expect(garbage.status).toBe(400);
  });

  it('appends one event for a request retried with the same Idempotency-Key and returns the same result', async () => {
    const caseId = await newCaseId();
    const anna = await app.as('anna');
    const body = { type: 'SSBTEK_INFO_RECORDED', afSummary: 'a', fkSummary: 'b' };
    const first = await anna.post(`/api/cases/${caseId}/events`, body).set('Idempotency-Key', 'retry-1');
    const second = await anna.post(`/api/cases/${caseId}/events`, body).set('Idempotency-Key', 'retry-1');
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect((await anna.get(`/api/cases/${caseId}/events`)).body.events).toHaveLength(2);

    const reused = await anna
      .post(`/api/cases/${caseId}/events`, { type: 'AF_PLAN_CHECKED', afActivity: 'ingen' })
      .set('Idempotency-Key', 'retry-1');
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await versionOf(caseId)).toBe(2);

    // No response is stored: a retry after a later step gets the case as it is now, and still appends nothing.
    await anna.step(caseId, 'AF_PLAN_CHECKED');
    const late = await anna.post(`/api/cases/${caseId}/events`, body).set('Idempotency-Key', 'retry-1');
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({ version: 3, state: 'forberedelse.samrad_af_underrattelse' });
    expect((await anna.get(`/api/cases/${caseId}/events`)).body.events).toHaveLength(3);
  });

  it('lets exactly one of two conflicting concurrent edits win', async () => {
    const caseId = await newCaseId();
    const anna = await app.as('anna');
    await anna.step(caseId, 'SSBTEK_INFO_RECORDED');
    // The AF plan check either lets the referral wait or moves it on: both cannot happen.
    const [waits, continues] = await Promise.all([
      anna.post(`/api/cases/${caseId}/events`, { type: 'AF_PLAN_CHECKED', afActivity: 'planerad' }).set('If-Match', '"2"'),
      anna.post(`/api/cases/${caseId}/events`, { type: 'AF_PLAN_CHECKED', afActivity: 'ingen' }).set('If-Match', '"2"'),
    ]);
    expect([waits.status, continues.status].sort()).toEqual([200, 412]);
    expect(await versionOf(caseId)).toBe(3);
  });

  it('serialises concurrent edits without If-Match: the second is judged on the state the first left', async () => {
    const caseId = await newCaseId();
    const anna = await app.as('anna');
    const results = await Promise.all([anna.send(caseId, 'SSBTEK_INFO_RECORDED'), anna.send(caseId, 'SSBTEK_INFO_RECORDED')]);
    expect(results.map((response) => response.status).sort()).toEqual([200, 409]);
    expect((await anna.get(`/api/cases/${caseId}/events`)).body.events).toHaveLength(2);
  });
});
