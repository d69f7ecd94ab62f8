/**
 * What a person can type, paste or a client can send as text: control
 * characters (a NUL that PostgreSQL refuses, a bell, a line break in a name),
 * broken Unicode, odd keys and deeply nested bodies are answered with a 400 that
 * names the field, never a 500, and a refused request changes nothing. Line
 * breaks and tabs stay allowed in free text.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personnummerFor, startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let serial = 0;
const nextPersonnummer = () => personnummerFor('1981-06-30', (serial += 1));

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

/** A 400 whose details name `path` and say it is about control characters or broken text. */
function expectRefusedField(response: { status: number; body: { error?: { code: string; details?: { path: string; reason: string; message: string }[] } } }, path: string) {
  expect(response.status, JSON.stringify(response.body)).toBe(400);
  expect(response.body.error?.code).toBe('VALIDATION_FAILED');
  expect(response.body.error?.details).toEqual(
    expect.arrayContaining([expect.objectContaining({ path, reason: expect.stringMatching(/^(control_characters|single_line|broken_unicode)$/), message: expect.stringMatching(/styrtecken|en rad|trasigt tecken/) })]),
  );
}

async function newCase() {
  const anna = await app.as('anna');
  const created = await anna.createCase({ personnummer: nextPersonnummer(), name: 'Text Textsson' });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

async function historyLength(caseId: string) {
  return ((await (await app.as('anna')).get(`/api/cases/${caseId}/events`)).body.events as unknown[]).length;
}

describe('control characters in text', () => {
  it('refuses a NUL, a bell or a line break in a client name when a referral or a client is registered, naming the field', async () => {
    const anna = await app.as('anna');
    for (const name of ['Nul\u0000Nulsson', 'Bell\u0007Bellsson', 'Två\nRader', 'Del\u007fsson', 'C1\u0085sson']) {
      expectRefusedField(await anna.createCase({ personnummer: nextPersonnummer(), name }), 'client.name');
      expectRefusedField(await anna.post('/api/clients', { personnummer: nextPersonnummer(), name }), 'name');
    }
    // Nothing was registered: the list is as empty as before.
    expect((await anna.get('/api/cases')).body.cases).toEqual([]);
  });

  it('refuses broken Unicode (a lone surrogate) in a name and in free text', async () => {
    const anna = await app.as('anna');
    expectRefusedField(await anna.createCase({ personnummer: nextPersonnummer(), name: 'Halv\ud800' }), 'client.name');
    const caseId = await newCase();
    expectRefusedField(await anna.send(caseId, 'SSBTEK_INFO_RECORDED', { afSummary: 'Halv \udc00 rad' }), 'afSummary');
    expect(await historyLength(caseId)).toBe(1);
  });

  it('refuses a NUL in a case event’s free text, and keeps line breaks and tabs there', async () => {
    const anna = await app.as('anna');
    const caseId = await newCase();
    expectRefusedField(await anna.send(caseId, 'SSBTEK_INFO_RECORDED', { afSummary: 'AF\u0000 inget' }), 'afSummary');
    expectRefusedField(await anna.send(caseId, 'SSBTEK_INFO_RECORDED', { fkSummary: 'FK \u001b[31m röd' }), 'fkSummary');
    expect(await historyLength(caseId)).toBe(1);

    const accepted = await anna.send(caseId, 'SSBTEK_INFO_RECORDED', { afSummary: 'Rad ett\r\nRad två\n\tindragen' });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const history = (await anna.get(`/api/cases/${caseId}/events`)).body.events as { type: string; payload: Record<string, unknown> }[];
    expect(history.at(-1)?.payload.afSummary).toBe('Rad ett\r\nRad två\n\tindragen');
  });

  it('refuses a line break, a tab or a NUL in a single-line field (the inskrivning’s place)', async () => {
    const anna = await app.as('anna');
    const caseId = await newCase();
    for (const type of ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED', 'DECISION_MADE', 'DECISION_COMMUNICATED', 'UPPDRAG_SENT'] as const) {
      await anna.step(caseId, type);
    }
    const before = await historyLength(caseId);
    for (const place of ['KC\nAngered', 'KC\tAngered', 'KC\u0000Angered', 'KC\u2028Angered']) {
      expectRefusedField(await anna.send(caseId, 'INSKRIVNING_BOOKED', { place }), 'place');
    }
    expect(await historyLength(caseId)).toBe(before);
    expect((await anna.send(caseId, 'INSKRIVNING_BOOKED', { place: 'KC Angered, Angereds torg 9' })).status).toBe(200);
  });

  it('refuses a NUL in the bedömningsstöd: a reason, a questionnaire answer and comment, a document text', async () => {
    const anna = await app.as('anna');
    const registered = await anna.post('/api/clients', { personnummer: nextPersonnummer(), name: 'Bedömd Textsson' });
    expect(registered.status).toBe(201);
    const clientId = registered.body.client.id as string;
    const send = (body: object) => anna.post(`/api/clients/${clientId}/assessment/events`, body);

    expectRefusedField(await send({ type: 'INLEDANDE_STARTED', householdRole: 'sokande', reason: 'Omprövning\u0000' }), 'reason');
    const started = await send({ type: 'INLEDANDE_STARTED', householdRole: 'sokande' });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    const questionnaireId = (started.body.questionnaires as { id: string }[])[0]!.id;
    expectRefusedField(await send({ type: 'QUESTIONNAIRE_SAVED', questionnaireId, answers: { mal: { text: 'Arbete\u0000' } } }), 'answers.mal.text');
    expectRefusedField(await send({ type: 'QUESTIONNAIRE_SAVED', questionnaireId, answers: { halsa: { value: 3, comment: 'Ont\u0000' } } }), 'answers.halsa.comment');
    const content = { mal: 'Mål\n- arbete', hinder: 'Inga\u0000', forvantningar: '', planering: '' };
    expectRefusedField(await send({ type: 'ARBETSPLAN_REVISED', documentId: randomUUID(), content }), 'content.hinder');
    const egen = { arbetslivserfarenhet: '', kompetens: '', halsa: '', behovAvInsats: '', egenBedomning: '\u0000' };
    expectRefusedField(await send({ type: 'UPPDRAGSBESKRIVNING_REVISED', documentId: randomUUID(), content: egen }), 'content.egenBedomning');

    // The questionnaire still has no answers, and the assessment took one step only (after its creation event).
    const questionnaire = await anna.get(`/api/clients/${clientId}/questionnaires/${questionnaireId}`);
    expect(questionnaire.status).toBe(200);
    expect(questionnaire.body.answers).toEqual({});
    expect((await anna.get(`/api/clients/${clientId}/assessment`)).body.version).toBe(2);
  });

  it('refuses a NUL in a query string (the access log’s user) and in the dev login’s user name with a 400, not a 500', async () => {
    const fatima = await app.as('fatima');
    expectRefusedField(await fatima.get('/api/audit?userId=anna%00'), 'userId');
    expectRefusedField(await app.http.post('/api/auth/dev-login').send({ username: 'anna\u0000' }), 'username');
  });

  it('refuses a key with a NUL or other control character in a body, wherever it is', async () => {
    const anna = await app.as('anna');
    const caseId = await newCase();
    const bodies = [
      { type: 'SSBTEK_INFO_RECORDED', afSummary: 'a', fkSummary: 'b', 'x\u0000': 1 },
      { type: 'SSBTEK_INFO_RECORDED', afSummary: 'a', fkSummary: 'b', nested: { '\u0000': 'y' } },
      { '\u0000type': 'SSBTEK_INFO_RECORDED' },
    ];
    const responses = [
      ...(await Promise.all(bodies.map((body) => anna.post(`/api/cases/${caseId}/events`, body)))),
      await anna.post('/api/clients', { personnummer: nextPersonnummer(), name: 'Nyckel Nyckelsson', '\u0001': true }),
      await anna.post('/api/cases', { client: { personnummer: nextPersonnummer(), name: 'Nyckel Nyckelsson', '\u0000': true } }),
      await anna.post('/api/cases', { client: { personnummer: nextPersonnummer(), name: 'Nyckel Nyckelsson' }, '\ud800': true }),
    ];
    for (const response of responses) {
      expect(response.status, JSON.stringify(response.body)).toBe(400);
      expect(response.body.error).toMatchObject({ reason: 'body_key_control_characters', message: expect.stringMatching(/fältnamn.*styrtecken/) });
    }
    expect(await historyLength(caseId)).toBe(1);
    expect((await anna.get('/api/cases')).body.cases.some((c: { client: { name: string } }) => c.client.name === 'Nyckel Nyckelsson')).toBe(false);
  });
});

describe('deeply nested bodies', () => {
  const depth = 5000;
  const deepArray = '['.repeat(depth) + ']'.repeat(depth);
  const deepObject = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

  function postRaw(path: string, token: string, json: string) {
    return app.http.post(path).set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json').set('Idempotency-Key', randomUUID()).send(json);
  }

  it('answers a body nested 5,000 levels deep (under 100 kB) with a 400 that says so, on the case and assessment routes', async () => {
    const anna = await app.as('anna');
    const caseId = await newCase();
    const registered = await anna.post('/api/clients', { personnummer: nextPersonnummer(), name: 'Djup Djupsson' });
    const clientId = registered.body.client.id as string;
    expect(deepObject.length).toBeLessThan(100_000);
    for (const nested of [deepArray, deepObject]) {
      for (const path of [`/api/cases/${caseId}/events`, `/api/clients/${clientId}/assessment/events`, '/api/cases', '/api/clients']) {
        const response = await postRaw(path, anna.token, `{"type":"SSBTEK_INFO_RECORDED","afSummary":"a","fkSummary":"b","x":${nested}}`);
        expect(response.status, `${path}: ${JSON.stringify(response.body)}`).toBe(400);
        expect(response.body.error.reason).toBe('body_too_deep');
      }
      for (const path of [`/api/cases/${caseId}/events`, `/api/clients/${clientId}/assessment/events`]) {
        const bare = await postRaw(path, anna.token, nested);
        expect(bare.status, `${path}: ${JSON.stringify(bare.body)}`).toBe(400);
        expect(bare.body.error.reason).toBe('body_too_deep');
      }
    }
    expect(await historyLength(caseId)).toBe(1);
    // No assessment was started by any of them.
    expect((await anna.get(`/api/clients/${clientId}/assessment`)).status).toBe(404);

    // An ordinary body of a few levels (questionnaire answers) still goes through.
    const started = await anna.post(`/api/clients/${clientId}/assessment/events`, { type: 'INLEDANDE_STARTED', householdRole: 'sokande' });
    const questionnaireId = (started.body.questionnaires as { id: string }[])[0]!.id;
    const saved = await anna.post(`/api/clients/${clientId}/assessment/events`, { type: 'QUESTIONNAIRE_SAVED', questionnaireId, answers: { mal: { text: 'Arbete.' } } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  });
});
