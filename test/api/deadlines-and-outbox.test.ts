/**
 * What a user sees of deadlines and reminders through the API on the embedded
 * default (no SMTP_URL): the case's deadlines, a to-do list per person, the
 * outbox, and (dev mode) moving the clock and running a sweep.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personnummerFor, startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let caseId = '';

beforeAll(async () => {
  app = await startTestApp({ now: '2026-01-15T09:00:00Z' });
  const anna = await app.as('anna');
  const kalle = await app.as('kalle');
  caseId = (await anna.createCase({ personnummer: personnummerFor('1982-03-03', 5), name: 'Lista Listsson' })).body.id;
  for (const type of ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED', 'DECISION_MADE', 'DECISION_COMMUNICATED', 'UPPDRAG_SENT', 'INSKRIVNING_BOOKED'] as const) {
    await anna.step(caseId, type);
  }
  // Kalle takes the referral from KC's queue: its KC deadlines are his from now on.
  await kalle.step(caseId, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
  await kalle.step(caseId, 'INSKRIVNING_HELD');
});
afterAll(async () => {
  await app.close();
});

describe('deadlines through the API', () => {
  it('shows the case’s deadlines, including the meeting that was held', async () => {
    const view = (await (await app.as('anna')).get(`/api/cases/${caseId}`)).body;
    expect(view.deadlines.map((d: { kind: string; status: string; dueDate: string }) => [d.kind, d.status, d.dueDate])).toEqual([
      ['inskrivningsmote', 'done', '2026-02-03'],
      ['genomforandeplan_upprattad', 'open', '2026-02-17'],
      ['uppfoljning', 'open', '2026-04-30'],
      ['ny_bedomning', 'open', '2026-12-30'],
    ]);
    expect(view.deadlines[1]).toMatchObject({ label: 'Genomförandeplan ska upprättas', responsibleUserId: 'kalle' });
  });

  it('gives each person their own to-do list, soonest first', async () => {
    const mine = async (username: string, query = '') => ((await (await app.as(username)).get(`/api/deadlines?mine=true${query}`)).body.deadlines as { kind: string }[]).map((d) => d.kind);
    expect(await mine('anna')).toEqual(['uppfoljning', 'ny_bedomning']);
    expect(await mine('kalle')).toEqual(['genomforandeplan_upprattad']);
    // Not kim's (another consultant), and not the samordnare's while it is assigned and not overdue.
    expect(await mine('kim')).toEqual([]);
    expect(await mine('sven')).toEqual([]);
    expect(await mine('bo')).toEqual([]);
    expect(await mine('anna', '&status=overdue')).toEqual([]);
    const listed = (await (await app.as('anna')).get('/api/deadlines?mine=true')).body.deadlines[0];
    expect(listed.case).toMatchObject({ id: caseId, reference: expect.stringMatching(/^KC-/), client: { name: 'Lista Listsson' } });
    expect((await (await app.as('anna')).get('/api/deadlines?status=later')).status).toBe(400);
  });

  it('lets time pass in dev mode: overdue steps show up and reminders land in the outbox', async () => {
    const anna = await app.as('anna');
    app.clock.set('2026-02-18T08:00:00Z');
    const run = await anna.post('/api/dev/scheduler/run');
    expect(run.status).toBe(200);
    expect(run.body.report).toMatchObject({ deadlinesOverdue: 1 });
    expect(((await (await app.as('kalle')).get('/api/deadlines?mine=true&status=overdue')).body.deadlines as { kind: string }[]).map((d) => d.kind)).toEqual(['genomforandeplan_upprattad']);
    // The samordnare's list holds KC's overdue steps; kim's holds nothing of kalle's referral.
    expect(((await (await app.as('sven')).get('/api/deadlines?mine=true')).body.deadlines as { kind: string }[]).map((d) => d.kind)).toEqual(['genomforandeplan_upprattad']);
    expect(((await (await app.as('kim')).get('/api/deadlines?mine=true')).body.deadlines as unknown[])).toEqual([]);
    // Each user reads the e-mails addressed to them (dev mode only).
    const outbox = (await (await app.as('kalle')).get('/api/outbox')).body.messages as { to: string; subject: string; text: string }[];
    expect(outbox.map((m) => m.to)).toContain('kalle@stegvis.local');
    expect(new Set(outbox.map((m) => m.to))).toEqual(new Set(['kalle@stegvis.local']));
    expect(outbox.some((m) => m.subject.startsWith('Att göra: Genomförandeplan ska upprättas senast 17 februari 2026'))).toBe(true);
    expect(JSON.stringify(outbox)).not.toContain('Lista Listsson');
  });

  it('moves the server clock with PUT /api/dev/clock (the 1:e socialsekreterare)', async () => {
    const fatima = await app.as('fatima');
    const moved = await app.http.put('/api/dev/clock').set('Authorization', `Bearer ${fatima.token}`).send({ now: '2026-03-01T12:00:00+01:00' });
    expect(moved.body).toEqual({ now: '2026-03-01T11:00:00.000Z' });
    const bad = await app.http.put('/api/dev/clock').set('Authorization', `Bearer ${fatima.token}`).send({ now: 'tomorrow' });
    expect(bad.status).toBe(400);
  });
});

describe('when a referral ends', () => {
  it('cancels the deadlines that are left', async () => {
    const anna = await app.as('anna');
    app.clock.set('2026-03-02T09:00:00Z');
    const id = (await anna.createCase({ personnummer: personnummerFor('1982-03-03', 6), name: 'Slut Slutsson' })).body.id as string;
    for (const type of ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED', 'DECISION_MADE', 'DECISION_COMMUNICATED', 'UPPDRAG_SENT'] as const) {
      await anna.step(id, type);
    }
    const booked = await anna.step(id, 'INSKRIVNING_BOOKED', { at: '2026-03-20T09:00:00+01:00' });
    expect((booked.deadlines as { kind: string; status: string }[]).map((d) => [d.kind, d.status])).toEqual([['inskrivningsmote', 'open']]);
    const withdrawn = await anna.step(id, 'REFERRAL_WITHDRAWN');
    expect((withdrawn.deadlines as { kind: string; status: string }[]).map((d) => [d.kind, d.status])).toEqual([['inskrivningsmote', 'cancelled']]);
  });
});

describe('KC’s steps follow the assignment', () => {
  it('puts KC’s steps on the assigned consultant’s list, and moves them when the samordnare reassigns the referral', async () => {
    const anna = await app.as('anna');
    app.clock.set('2026-03-03T09:00:00Z');
    const id = (await anna.createCase({ personnummer: personnummerFor('1982-03-03', 7), name: 'Kö Kösson' })).body.id as string;
    for (const type of ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED', 'DECISION_MADE', 'DECISION_COMMUNICATED', 'UPPDRAG_SENT'] as const) {
      await anna.step(id, type);
    }
    await anna.step(id, 'INSKRIVNING_BOOKED', { at: '2026-03-20T09:00:00+01:00' });
    // The consultant the samordnare assigns holds the inskrivning (hers to record): the genomförandeplan is then her duty.
    await (await app.as('sven')).step(id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
    await (await app.as('kalle')).step(id, 'INSKRIVNING_HELD');
    const kcSteps = async (username: string) =>
      ((await (await app.as(username)).get('/api/deadlines?mine=true')).body.deadlines as { kind: string; case: { id: string } }[])
        .filter((d) => d.case.id === id)
        .map((d) => d.kind);
    expect(await kcSteps('kalle')).toEqual(['genomforandeplan_upprattad']);
    expect(await kcSteps('sven')).toEqual([]);
    expect(await kcSteps('kim')).toEqual([]);

    await (await app.as('sven')).step(id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kim' });
    expect(await kcSteps('kim')).toEqual(['genomforandeplan_upprattad']);
    expect(await kcSteps('sven')).toEqual([]);
    expect(await kcSteps('kalle')).toEqual([]);
  });
});
