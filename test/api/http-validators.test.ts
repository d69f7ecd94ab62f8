/**
 * Validators (ETag) are per user: the case and the assessment look different to
 * each user (their allowed steps, what KC may read, masking), so a validator one
 * user got never makes the server answer another user "304, use what you have".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personnummerFor, startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let caseId = '';
let clientId = '';

beforeAll(async () => {
  app = await startTestApp();
  const anna = await app.as('anna');
  const created = await anna.createCase({ personnummer: personnummerFor('1984-02-29', 7), name: 'Validator Validatorsson' });
  caseId = created.body.id;
  for (const type of ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED', 'DECISION_MADE', 'DECISION_COMMUNICATED', 'UPPDRAG_SENT'] as const) {
    await anna.step(caseId, type);
  }
  clientId = created.body.client.id;
  // Sending the uppdrag started the client's assessment, with anna responsible.
});
afterAll(async () => {
  await app.close();
});

describe('per-user validators', () => {
  it('GET /api/cases/:id: another user’s ETag in If-None-Match never gets a 304, and the ETag still works as If-Match', async () => {
    const users = ['anna', 'fatima', 'sven'];
    const etags = new Map<string, string>();
    for (const username of users) {
      const response = await (await app.as(username)).get(`/api/cases/${caseId}`);
      expect(response.status).toBe(200);
      etags.set(username, response.headers.etag as string);
    }
    expect(new Set(etags.values()).size).toBe(users.length);
    for (const asker of users) {
      for (const owner of users.filter((u) => u !== asker)) {
        const response = await (await app.as(asker)).get(`/api/cases/${caseId}`).set('If-None-Match', etags.get(owner)!);
        expect(response.status, `${asker} with ${owner}'s validator`).toBe(200);
        // What KC gets is KC's view: no SSBTEK summaries or criteria from anna's.
        if (asker === 'sven') expect(JSON.stringify(response.body)).not.toContain('Inskriven på AF sedan 2024');
      }
    }
    // The user's own validator still saves the download.
    const anna = await app.as('anna');
    expect((await anna.get(`/api/cases/${caseId}`).set('If-None-Match', etags.get('anna')!)).status).toBe(304);

    // A validator still works as If-Match for the next step (412 once stale), and so does the plain version.
    const loaded = await anna.get(`/api/cases/${caseId}`);
    const booked = await anna
      .post(`/api/cases/${caseId}/events`, { type: 'INSKRIVNING_BOOKED', at: '2026-02-03T09:00:00+01:00', place: 'KC Angered', interpreter: false })
      .set('If-Match', loaded.headers.etag as string);
    expect(booked.status, JSON.stringify(booked.body)).toBe(200);
    const stale = await anna.post(`/api/cases/${caseId}/events`, { type: 'AF_RESPONSE_RECORDED', summary: 'AF har inga invändningar.' }).set('If-Match', loaded.headers.etag as string);
    expect(stale.status).toBe(412);
    const current = await anna.post(`/api/cases/${caseId}/events`, { type: 'AF_RESPONSE_RECORDED', summary: 'AF har inga invändningar.' }).set('If-Match', `"${booked.body.version}"`);
    expect(current.status, JSON.stringify(current.body)).toBe(200);
  });

  it('GET /api/clients/:id/assessment: the responsible socialsekreterare’s ETag gives the 1:e socialsekreterare no 304', async () => {
    const anna = await app.as('anna');
    const fatima = await app.as('fatima');
    const annas = await anna.get(`/api/clients/${clientId}/assessment`);
    expect(annas.status).toBe(200);
    expect(annas.body.allowedEvents.length).toBeGreaterThan(0);
    const hers = await fatima.get(`/api/clients/${clientId}/assessment`).set('If-None-Match', annas.headers.etag as string);
    expect(hers.status).toBe(200);
    // Her own steps, not anna's: a 1:e socialsekreterare writes no arbetsplan.
    expect(annas.body.allowedEvents).toContain('ARBETSPLAN_CREATED');
    expect(hers.body.allowedEvents).not.toContain('ARBETSPLAN_CREATED');
  });
});
