/**
 * The referral process through the HTTP API, as the people who use it would
 * drive it: on PGlite by default, on PostgreSQL when TEST_DATABASE_URL is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAllCases } from '../../src/cases/verify-cases';
import { personnummerFor, startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let serial = 0;
const usedPersonnummer: string[] = [];
const nextPersonnummer = () => {
  const personnummer = personnummerFor('1985-04-12', (serial += 1));
  usedPersonnummer.push(personnummer, personnummer.replace('-', ''));
  return personnummer;
};

beforeAll(async () => {
  app = await startTestApp();
});

afterAll(async () => {
  // Every case this file created must replay to its stored snapshot (npm run verify).
  const report = await verifyAllCases(app.database.prisma);
  expect(report.mismatches).toEqual([]);
  expect(report.casesChecked).toBeGreaterThan(5);
  // Nothing the server logged during all of the above names a client.
  const logs = app.logLines.join('\n');
  expect(app.logLines.length).toBeGreaterThan(50);
  for (const secret of [...usedPersonnummer, 'Testa Testsson', 'Skyddad Person']) expect(logs).not.toContain(secret);
  await app.close();
});

async function newCase(options: { protectedIdentity?: boolean; name?: string } = {}) {
  const anna = await app.as('anna');
  const response = await anna.createCase({ personnummer: nextPersonnummer(), name: options.name ?? 'Testa Testsson', ...options });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; reference: string; state: string; version: number };
}

async function caseInInsats(options: { protectedIdentity?: boolean } = {}) {
  const anna = await app.as('anna');
  const kase = await newCase(options);
  for (const type of ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED'] as const) {
    await anna.step(kase.id, type);
  }
  if (options.protectedIdentity) await anna.step(kase.id, 'KC_SAMORDNARE_CONSULTED');
  for (const type of ['DECISION_MADE', 'DECISION_COMMUNICATED', 'UPPDRAG_SENT'] as const) {
    await anna.step(kase.id, type);
  }
  // KC's samordnare assigns kalle; from now on he sees the referral and gets its reminders.
  await (await app.as('sven')).step(kase.id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
  await anna.step(kase.id, 'INSKRIVNING_BOOKED');
  return kase;
}

describe('a whole referral, from creation to avslutad', () => {
  it('walks every step with the right person and ends avslutad', async () => {
    const anna = await app.as('anna');
    const kalle = await app.as('kalle');
    const kase = await newCase();
    expect(kase).toMatchObject({ state: 'forberedelse.samrad_ssbtek', version: 1 });
    expect(kase.reference).toMatch(/^KC-\d{6}$/);

    // Before the uppdrag is sent, KC does not see the case at all.
    expect((await kalle.get(`/api/cases/${kase.id}`)).status).toBe(404);
    expect((await kalle.get('/api/cases')).body.cases.map((c: { id: string }) => c.id)).not.toContain(kase.id);

    await anna.step(kase.id, 'SSBTEK_INFO_RECORDED');
    await anna.step(kase.id, 'AF_PLAN_CHECKED');
    await anna.step(kase.id, 'AF_NOTIFIED');
    await anna.step(kase.id, 'KC_CRITERIA_ASSESSED');
    await anna.step(kase.id, 'KC_CONSENT_RECORDED');
    const ready = await anna.step(kase.id, 'ARBETSPLAN_UPDATED');
    expect(ready.allowedEvents).toContain('DECISION_MADE');
    const decided = await anna.step(kase.id, 'DECISION_MADE', { decisionDate: '2026-01-15', validFrom: '2026-02-01' });
    expect(decided).toMatchObject({ state: 'beslut.fattat', process: { decision: { validUntil: '2027-01-31' } } });
    await anna.step(kase.id, 'DECISION_COMMUNICATED');
    await anna.step(kase.id, 'UPPDRAG_SENT');

    // At KC, unassigned: in KC's queue (no client data), but no consultant sees the referral itself yet.
    expect((await kalle.get(`/api/cases/${kase.id}`)).status).toBe(404);
    expect((await kalle.get('/api/cases')).body.cases.map((c: { id: string }) => c.id)).not.toContain(kase.id);
    const queue = (await kalle.get('/api/kc/queue')).body.queue as { id: string }[];
    expect(queue.find((entry) => entry.id === kase.id)).toEqual({ id: kase.id, reference: kase.reference, unit: 'SF Nordost', inskrivningAt: null, scope: expect.any(String) });
    // Kalle takes it from the queue, for himself; then it leaves the queue and kim does not see it.
    const taken = await kalle.step(kase.id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
    expect(taken.allowedEvents).not.toContain('KC_CONSULTANT_ASSIGNED');
    expect(((await kalle.get('/api/kc/queue')).body.queue as { id: string }[]).map((entry) => entry.id)).not.toContain(kase.id);
    expect((await (await app.as('kim')).get(`/api/cases/${kase.id}`)).status).toBe(404);

    // Now KC sees it, with what the uppdrag gives it and nothing of the social file.
    const seenByKalle = await kalle.get(`/api/cases/${kase.id}`);
    expect(seenByKalle.status).toBe(200);
    expect(seenByKalle.body.process.uppdrag).toMatchObject({ goals: 'Arbete inom ett år.' });
    expect(seenByKalle.body.process.samrad).toBeUndefined();
    expect(seenByKalle.body.process.criteria).toBeUndefined();
    expect(seenByKalle.body.allowedEvents).toEqual(['UPPDRAG_REVIEWED', 'DISAGREEMENT_RAISED']);
    const kalleHistory = await kalle.get(`/api/cases/${kase.id}/events`);
    expect(kalleHistory.body.events.map((e: { type: string }) => e.type)).toEqual(['DECISION_MADE', 'UPPDRAG_SENT', 'KC_CONSULTANT_ASSIGNED']);

    await anna.step(kase.id, 'INSKRIVNING_BOOKED');
    await kalle.step(kase.id, 'UPPDRAG_REVIEWED');
    const started = await kalle.step(kase.id, 'INSKRIVNING_HELD');
    expect(started).toMatchObject({ state: 'pagaende.aktiv', process: { insatsStart: '2026-02-03' } });
    await kalle.step(kase.id, 'GENOMFORANDEPLAN_ESTABLISHED');
    // Each meeting is recorded as held on its day or later (docs/process.md "Plausible dates"): the clock goes there.
    const before = app.clock.now();
    let closed;
    try {
      app.clock.set('2026-05-04T12:00:00Z');
      await anna.step(kase.id, 'FOLLOW_UP_HELD');
      await anna.step(kase.id, 'FOLLOW_UP_BOOKED');
      app.clock.set('2026-08-03T12:00:00Z');
      await anna.step(kase.id, 'FOLLOW_UP_HELD', { on: '2026-08-03' });
      await kalle.step(kase.id, 'GENOMFORANDEPLAN_UPDATED');
      await kalle.step(kase.id, 'CLOSING_ANNOUNCED', { reason: 'ohalsa', selfSufficient: false });
      await kalle.step(kase.id, 'THREE_PARTY_MEETING_BOOKED', { at: '2026-08-20T13:00:00+02:00' });
      app.clock.set('2026-09-01T12:00:00Z');
      await anna.step(kase.id, 'THREE_PARTY_MEETING_HELD');
      await kalle.step(kase.id, 'CLOSING_DOCUMENT_CREATED');
      await anna.step(kase.id, 'INSATS_CLOSED');
      closed = await kalle.step(kase.id, 'GWA_CLOSED');
    } finally {
      app.clock.set(before);
    }
    expect(closed).toMatchObject({ state: 'avslutad', status: 'avslutad', allowedEvents: [], version: 25 });

    const history = await anna.get(`/api/cases/${kase.id}/events`);
    expect(history.body.events).toHaveLength(25);
    expect(history.body.events[10]).toMatchObject({ seq: 11, type: 'KC_CONSULTANT_ASSIGNED', actor: { id: 'kalle', role: 'arbetsmarknadskonsulent' } });
    expect(history.body.events[0]).toMatchObject({ seq: 1, type: 'CASE_CREATED', actor: { id: 'anna', displayName: 'Anna Andersson', role: 'socialsekreterare' } });
    expect(history.body.events.at(-1)).toMatchObject({ seq: 25, type: 'GWA_CLOSED', actor: { displayName: 'Kalle Karlsson', role: 'arbetsmarknadskonsulent' } });
    expect((await anna.get('/api/cases?status=avslutad')).body.cases.map((c: { id: string }) => c.id)).toContain(kase.id);
    expect((await anna.get('/api/cases?status=active')).body.cases.map((c: { id: string }) => c.id)).not.toContain(kase.id);
  });
});

describe('an AF activity (samråd steg 2)', () => {
  it('makes the referral wait until the activity is judged unsuitable; what the check found is the social services’ to read', async () => {
    const anna = await app.as('anna');
    const kalle = await app.as('kalle');
    const kase = await newCase();
    await anna.step(kase.id, 'SSBTEK_INFO_RECORDED');
    const waiting = await anna.step(kase.id, 'AF_PLAN_CHECKED', { afActivity: 'pagaende', note: 'Praktik via AF.' });
    expect(waiting).toMatchObject({ state: 'forberedelse.vilande_af_aktivitet', status: 'active', endReason: null, process: { samrad: { afActivity: 'pagaende', afPlanNote: 'Praktik via AF.' } } });
    expect(waiting.allowedEvents).toEqual(expect.arrayContaining(['AF_PLAN_CHECKED', 'AF_ACTIVITY_JUDGED_UNSUITABLE', 'REFERRAL_WITHDRAWN']));
    expect(waiting.allowedEvents).not.toContain('AF_NOTIFIED');
    // Not yet: AF is notified only after no activity, or one judged unsuitable (409, nothing stored).
    expect((await anna.send(kase.id, 'AF_NOTIFIED')).status).toBe(409);
    // Only the socialsekreterare judges (the unit's 1:e sees the case but gets 403); the reason is required (400).
    expect((await (await app.as('fatima')).send(kase.id, 'AF_ACTIVITY_JUDGED_UNSUITABLE')).status).toBe(403);
    expect((await anna.send(kase.id, 'AF_ACTIVITY_JUDGED_UNSUITABLE', { reason: '' })).status).toBe(400);
    const judged = await anna.step(kase.id, 'AF_ACTIVITY_JUDGED_UNSUITABLE');
    expect(judged).toMatchObject({ state: 'forberedelse.samrad_af_underrattelse', version: 4, process: { samrad: { afActivityUnsuitable: { reason: expect.stringContaining('motsvarar inte') } } } });
    for (const type of ['AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED', 'DECISION_MADE', 'DECISION_COMMUNICATED', 'UPPDRAG_SENT'] as const) await anna.step(kase.id, type);
    await (await app.as('sven')).step(kase.id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
    // KC reads neither the check nor the judgement (process.md "What KC sees").
    const seenByKalle = await kalle.get(`/api/cases/${kase.id}`);
    expect(seenByKalle.body.process.samrad).toBeUndefined();
    const kalleHistory = (await kalle.get(`/api/cases/${kase.id}/events`)).body.events.map((event: { type: string }) => event.type);
    expect(kalleHistory).not.toContain('AF_PLAN_CHECKED');
    expect(kalleHistory).not.toContain('AF_ACTIVITY_JUDGED_UNSUITABLE');
  });
});

describe('protected identity (skyddade personuppgifter)', () => {
  it('shows name and personnummer only to the responsible socialsekreterare and the KC samordnare', async () => {
    const anna = await app.as('anna');
    const sven = await app.as('sven');
    const kase = await newCase({ protectedIdentity: true, name: 'Skyddad Person' });

    // The samordnare is consulted before the decision and may see the case from then on.
    expect((await sven.get(`/api/cases/${kase.id}`)).status).toBe(404);
    const beforeConsult = await anna.send(kase.id, 'DECISION_MADE');
    expect(beforeConsult.status).toBe(409);
    await caseStepsTo(kase.id);
    const seenBySven = await sven.get(`/api/cases/${kase.id}`);
    expect(seenBySven.status).toBe(200);
    expect(seenBySven.body.client).toMatchObject({ name: 'Skyddad Person', masked: false, protectedIdentity: true });

    for (const type of ['DECISION_MADE', 'DECISION_COMMUNICATED', 'UPPDRAG_SENT'] as const) await anna.step(kase.id, type);
    const booked = await anna.step(kase.id, 'INSKRIVNING_BOOKED');
    expect(booked).toMatchObject({ process: { inskrivning: { bookedVia: 'kc_samordnare' } } });

    // A consultant may not take a protected referral from the queue: it is not in hers, only in the samordnare's.
    const kalle = await app.as('kalle');
    expect(((await kalle.get('/api/kc/queue')).body.queue as { id: string }[]).map((entry) => entry.id)).not.toContain(kase.id);
    expect(((await sven.get('/api/kc/queue')).body.queue as { id: string }[]).map((entry) => entry.id)).toContain(kase.id);
    const takeProtected = await kalle.send(kase.id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
    expect(takeProtected.status).toBe(404);
    expect(JSON.stringify(takeProtected.body)).not.toContain('Skyddad Person');
    expect((await sven.get(`/api/cases/${kase.id}`)).body.version).toBe(booked.version);
    expect((await kalle.get(`/api/cases/${kase.id}`)).status).toBe(404);
    await sven.step(kase.id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
    expect((await sven.get(`/api/cases/${kase.id}`)).body.client).toMatchObject({ name: 'Skyddad Person', masked: false });

    for (const username of ['kalle', 'fatima']) {
      const other = await app.as(username);
      const view = await other.get(`/api/cases/${kase.id}`);
      expect(view.status).toBe(200);
      expect(view.body.client).toEqual({ id: expect.any(String), protectedIdentity: true, masked: true, name: null, personnummer: null });
      const list = await other.get('/api/cases');
      expect(JSON.stringify(list.body)).not.toContain('Skyddad Person');
      const history = await other.get(`/api/cases/${kase.id}/events`);
      expect(JSON.stringify(history.body)).not.toContain('Skyddad Person');
    }
    const seenByAnna = await anna.get(`/api/cases/${kase.id}`);
    expect(seenByAnna.body.client.name).toBe('Skyddad Person');
    expect(seenByAnna.body.client.personnummer).toMatch(/^\d{8}-\d{4}$/);
    // Lists mask a protected client for everyone, the responsible socialsekreterare and the samordnare too.
    for (const user of [anna, sven]) {
      const listed = ((await user.get('/api/cases')).body.cases as { id: string; client: unknown }[]).find((c) => c.id === kase.id);
      expect(listed?.client).toEqual({ id: expect.any(String), protectedIdentity: true, masked: true, name: null, personnummer: null });
    }

    async function caseStepsTo(caseId: string) {
      for (const type of ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED', 'KC_SAMORDNARE_CONSULTED'] as const) {
        await anna.step(caseId, type);
      }
    }
  });
});

describe('protected identity marked after the referral was created (Bilaga 1 from then on)', () => {
  const masked = { id: expect.any(String), protectedIdentity: true, masked: true, name: null, personnummer: null };
  const queueIds = async (username: string) => ((await (await app.as(username)).get('/api/kc/queue')).body.queue as { id: string }[]).map((entry) => entry.id);

  it('[forberedelse.protected-identity-marked-later] masks a running referral marked by the socialsekreterare like one protected from the start, and KC’s invitations go to the samordnare', async () => {
    const anna = await app.as('anna');
    const kalle = await app.as('kalle');
    const sven = await app.as('sven');
    const kase = await caseInInsats();
    expect((await kalle.get(`/api/cases/${kase.id}`)).body.client).toMatchObject({ name: 'Testa Testsson', masked: false });

    const marked = await anna.step(kase.id, 'PROTECTED_IDENTITY_MARKED');
    expect(marked).toMatchObject({ client: { protectedIdentity: true, masked: false, name: 'Testa Testsson' }, process: { protectedIdentity: true } });
    expect(marked.allowedEvents).not.toContain('PROTECTED_IDENTITY_MARKED');
    // Views and histories for everyone else, and every list, mask the client as for a case protected from the start.
    for (const user of [kalle, await app.as('fatima')]) {
      expect((await user.get(`/api/cases/${kase.id}`)).body.client).toEqual(masked);
      expect(JSON.stringify((await user.get(`/api/cases/${kase.id}/events`)).body)).not.toContain('Testa Testsson');
    }
    expect((await sven.get(`/api/cases/${kase.id}`)).body.client).toMatchObject({ name: 'Testa Testsson', masked: false });
    for (const user of [anna, sven, kalle]) {
      const listed = ((await user.get('/api/cases')).body.cases as { id: string; client: unknown }[]).find((c) => c.id === kase.id);
      expect(listed?.client).toEqual(masked);
    }
    // A moved meeting is now booked with the samordnare, and KC's invitation goes to her, not the consultant.
    const moved = await kalle.step(kase.id, 'INSKRIVNING_RESCHEDULED', { at: '2026-02-05T13:00:00+01:00' });
    expect(moved).toMatchObject({ process: { inskrivning: { at: '2026-02-05T13:00:00+01:00', bookedVia: 'kc_samordnare' } } });
    const invited = await app.database.prisma.notification.findMany({ where: { caseId: kase.id, kind: 'kallelse', createdAt: { gte: new Date(0) } }, orderBy: { id: 'asc' } });
    const lastInvitation = invited.filter((row) => (row.data as { at?: string }).at === '2026-02-05T13:00:00+01:00').map((row) => row.recipientUserId).sort();
    expect(lastInvitation).toEqual(['anna', 'sven']);
  });

  it('[forberedelse.protected-identity-marked-later] tells the client’s active referral when the client record is marked protected, and asks for the samordnare before a decision', async () => {
    const anna = await app.as('anna');
    const personnummer = nextPersonnummer();
    const kase = (await anna.createCase({ personnummer, name: 'Testa Testsson' })).body as { id: string };
    for (const type of ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED'] as const) await anna.step(kase.id, type);
    expect((await anna.get(`/api/cases/${kase.id}`)).body.allowedEvents).toContain('DECISION_MADE');

    const registered = await anna.post('/api/clients', { personnummer, name: 'Testa Testsson', protectedIdentity: true });
    expect(registered.status).toBe(200);
    expect(registered.body).toMatchObject({ created: false, client: { protectedIdentity: true } });
    const history = (await anna.get(`/api/cases/${kase.id}/events`)).body.events as { type: string; actor: { role: string } }[];
    expect(history.at(-1)).toMatchObject({ type: 'PROTECTED_IDENTITY_MARKED', actor: { role: 'system' } });
    const view = (await anna.get(`/api/cases/${kase.id}`)).body;
    expect(view.allowedEvents).not.toContain('DECISION_MADE');
    expect(view.allowedEvents).toContain('KC_SAMORDNARE_CONSULTED');
    expect((await anna.get(`/api/ui/cases/${kase.id}/guide`)).body.decisionBlockers.map((b: { code: string }) => b.code)).toEqual(['samordnare_not_consulted']);
    // Marked again: nothing more happens to the referral.
    expect((await anna.post('/api/clients', { personnummer, name: 'Testa Testsson', protectedIdentity: true })).status).toBe(200);
    expect(((await anna.get(`/api/cases/${kase.id}/events`)).body.events as unknown[]).length).toBe(history.length);
  });

  it('marks a referral once when the socialsekreterare marks it on the referral and on the client record at the same moment', async () => {
    const anna = await app.as('anna');
    const personnummer = nextPersonnummer();
    const kase = (await anna.createCase({ personnummer, name: 'Testa Testsson' })).body as { id: string };
    await anna.step(kase.id, 'SSBTEK_INFO_RECORDED');
    const [onReferral, onClient] = await Promise.all([
      anna.send(kase.id, 'PROTECTED_IDENTITY_MARKED'),
      anna.post('/api/clients', { personnummer, name: 'Testa Testsson', protectedIdentity: true }),
    ]);
    // Whichever came second finds the referral already protected: a refusal (409) on the referral, nothing more from the register.
    expect([200, 409]).toContain(onReferral.status);
    expect(onClient.status).toBe(200);
    const types = ((await anna.get(`/api/cases/${kase.id}/events`)).body.events as { type: string }[]).map((event) => event.type);
    expect(types.filter((type) => type === 'PROTECTED_IDENTITY_MARKED')).toHaveLength(1);
  });

  it('[forberedelse.protected-identity-marked-later] takes a referral marked later out of the consultants’ queue, leaving it to the samordnare', async () => {
    const anna = await app.as('anna');
    const personnummer = nextPersonnummer();
    const kase = (await anna.createCase({ personnummer, name: 'Testa Testsson' })).body as { id: string };
    for (const type of ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED', 'DECISION_MADE', 'DECISION_COMMUNICATED', 'UPPDRAG_SENT'] as const) {
      await anna.step(kase.id, type);
    }
    expect(await queueIds('kalle')).toContain(kase.id);
    await anna.post('/api/clients', { personnummer, name: 'Testa Testsson', protectedIdentity: true }).expect(200);
    expect(await queueIds('kalle')).not.toContain(kase.id);
    expect(await queueIds('sven')).toContain(kase.id);
    expect((await (await app.as('kalle')).send(kase.id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' })).status).toBe(404);
  });
});

describe('inskrivning missed', () => {
  it('[inskrivning.missed-socialsekreterare-decides] gets a new time only when the socialsekreterare asks for one, the consultant gives it, and the missed meeting is counted', async () => {
    const anna = await app.as('anna');
    const kalle = await app.as('kalle');
    const kase = await caseInInsats();
    const missed = await kalle.step(kase.id, 'INSKRIVNING_MISSED');
    expect(missed).toMatchObject({ state: 'inskrivning.missad', process: { missedInskrivningCount: 1 } });
    expect(missed.allowedEvents).not.toContain('INSKRIVNING_REBOOKED');
    expect((await kalle.send(kase.id, 'INSKRIVNING_REBOOKED', { at: '2026-02-10T09:00:00+01:00' })).status).toBe(409);
    await anna.step(kase.id, 'INSKRIVNING_NEW_TIME_REQUESTED');
    expect((await anna.send(kase.id, 'INSKRIVNING_REBOOKED', { at: '2026-02-10T09:00:00+01:00' })).status).toBe(403);
    await kalle.step(kase.id, 'INSKRIVNING_REBOOKED', { at: '2026-02-10T09:00:00+01:00' });
    expect((await anna.send(kase.id, 'INSKRIVNING_HELD')).status).toBe(403);
    const held = await kalle.step(kase.id, 'INSKRIVNING_HELD');
    expect(held).toMatchObject({ state: 'pagaende.aktiv', process: { insatsStart: '2026-02-10', missedInskrivningCount: 1 } });
  });

  it('[inskrivning.rescheduled-not-missed] moves a booked meeting: not counted missed, the deadline and its reminders follow the new day, the invitation updates the same calendar entry', async () => {
    const kalle = await app.as('kalle');
    const kase = await caseInInsats();
    const moved = await kalle.step(kase.id, 'INSKRIVNING_RESCHEDULED', { at: '2026-02-12T10:00:00+01:00', reason: 'Tolken kan inte den dagen.' });
    expect(moved).toMatchObject({ state: 'inskrivning.bokad', process: { missedInskrivningCount: 0, rescheduledInskrivningCount: 1, inskrivning: { at: '2026-02-12T10:00:00+01:00' } } });
    const deadlines = await app.database.prisma.deadline.findMany({ where: { caseId: kase.id, kind: 'inskrivningsmote' }, orderBy: { id: 'asc' } });
    expect(deadlines.map((d) => [d.basis, d.status])).toEqual([
      ['2026-02-03T09:00:00+01:00', 'cancelled'],
      ['2026-02-12T10:00:00+01:00', 'open'],
    ]);
    expect(await app.database.prisma.notification.count({ where: { deadlineId: deadlines[0]!.id, status: 'pending' } })).toBe(0);
    const invitations = await app.database.prisma.notification.findMany({ where: { caseId: kase.id, kind: 'kallelse' }, orderBy: { id: 'asc' } });
    const data = invitations.map((row) => row.data as { at: string; uid: string });
    const latest = data.filter((d) => d.at === '2026-02-12T10:00:00+01:00');
    expect(latest.length).toBeGreaterThan(0);
    // One calendar entry, moved: the same uid as the first booking's.
    expect(new Set(data.map((d) => d.uid)).size).toBe(1);
  });

  it('[inskrivning.no-meeting-both-sides] ends avbruten only when the socialsekreterare has withdrawn the uppdrag and the consultant has cancelled in GWA', async () => {
    const anna = await app.as('anna');
    const kalle = await app.as('kalle');
    const kase = await caseInInsats();
    await anna.step(kase.id, 'INSKRIVNING_MISSED');
    // Each side records its own part: the consultant cannot withdraw the uppdrag, the socialsekreterare cannot cancel in GWA.
    expect((await kalle.send(kase.id, 'UPPDRAG_WITHDRAWN')).status).toBe(403);
    expect((await anna.send(kase.id, 'INSKRIVNING_CANCELLED_IN_GWA')).status).toBe(403);
    const inGwa = await kalle.step(kase.id, 'INSKRIVNING_CANCELLED_IN_GWA');
    expect(inGwa).toMatchObject({ state: 'inskrivning.ingen_ny_tid', status: 'active' });
    const cancelled = await anna.step(kase.id, 'UPPDRAG_WITHDRAWN');
    expect(cancelled).toMatchObject({ state: 'avbruten', status: 'avbruten', endReason: 'ingen_inskrivning', allowedEvents: [] });
    // The client can now get a new referral.
    expect((await anna.get('/api/cases?status=avbruten')).body.cases.map((c: { id: string }) => c.id)).toContain(kase.id);
  });
});

describe('avslut in any order', () => {
  it('[avslut.closing-steps-any-order] ends avslutad with the closing document last, completes its deadline and opens the bedömningsstöd’s uppföljning', async () => {
    const anna = await app.as('anna');
    const kalle = await app.as('kalle');
    const kase = await caseInInsats();
    await kalle.step(kase.id, 'INSKRIVNING_HELD');
    await kalle.step(kase.id, 'CLOSING_ANNOUNCED', { reason: 'flytt', selfSufficient: false });
    await anna.step(kase.id, 'INSATS_CLOSED');
    await kalle.step(kase.id, 'GWA_CLOSED');
    const beforeDocument = await kalle.step(kase.id, 'THREE_PARTY_MEETING_NOT_HELD');
    expect(beforeDocument).toMatchObject({ state: 'avslut', status: 'active' });
    expect(beforeDocument.allowedEvents).toEqual(expect.arrayContaining(['CLOSING_DOCUMENT_CREATED', 'CLOSING_WITHDRAWN']));
    const ended = await kalle.step(kase.id, 'CLOSING_DOCUMENT_CREATED');
    expect(ended).toMatchObject({ state: 'avslutad', status: 'avslutad', allowedEvents: [] });
    const deadline = await app.database.prisma.deadline.findFirstOrThrow({ where: { caseId: kase.id, kind: 'avslutsdokument' } });
    expect(deadline.status).toBe('done');
    const clientId = (ended.client as { id: string }).id;
    const events = (await anna.get(`/api/clients/${clientId}/assessment/events`)).body.events as { type: string; payload: { outcome?: string } }[];
    expect(events.find((event) => event.type === 'INSATS_ENDED')).toMatchObject({ payload: { outcome: 'ej_sjalvforsorjande' } });
  });
});

describe('the decision year', () => {
  it('[beslut.renewal-window] is renewed with a new one-year period: not yet possible the first week, then after samråd again inside the window, and communicated', async () => {
    const anna = await app.as('anna');
    const kalle = await app.as('kalle');
    const kase = await caseInInsats();
    await kalle.step(kase.id, 'INSKRIVNING_HELD');
    const early = await anna.send(kase.id, 'DECISION_RENEWED', { decisionDate: '2026-01-20', validFrom: '2027-02-01' });
    expect(early.status).toBe(409);
    expect(early.body.error.details.refusal).toEqual([{ code: 'renewal_window_not_open', opensOn: '2026-12-02' }]);
    expect(early.body.error.message).toContain('tidigast 2 december 2026');
    const before = app.clock.now();
    try {
      app.clock.set('2026-12-10T09:00:00Z');
      await anna.step(kase.id, 'SSBTEK_INFO_RECORDED');
      await anna.step(kase.id, 'AF_PLAN_CHECKED', { afActivity: 'ingen' });
      await anna.step(kase.id, 'AF_NOTIFIED', { sentOn: '2026-12-10' });
      // A renewal is dated the day it is made, not ahead of it.
      app.clock.set('2027-01-10T09:00:00Z');
      const renewed = await anna.step(kase.id, 'DECISION_RENEWED', { decisionDate: '2027-01-10', validFrom: '2027-02-01' });
      expect(renewed).toMatchObject({ state: 'pagaende.aktiv', process: { decision: { validFrom: '2027-02-01', validUntil: '2028-01-31' }, decisionCount: 2 } });
      expect(renewed.allowedEvents).toContain('DECISION_COMMUNICATED');
      const communicated = await anna.step(kase.id, 'DECISION_COMMUNICATED', { on: '2027-01-11' });
      expect(communicated.allowedEvents).not.toContain('DECISION_COMMUNICATED');
      // KC sees the renewed decision, not the samråd with AF nor its communication (process.md "What KC sees").
      const history = (await kalle.get(`/api/cases/${kase.id}/events`)).body.events as { type: string }[];
      expect(history.map((event) => event.type)).toContain('DECISION_RENEWED');
      expect(history.filter((event) => ['SSBTEK_INFO_RECORDED', 'AF_NOTIFIED', 'DECISION_COMMUNICATED'].includes(event.type))).toEqual([]);
    } finally {
      app.clock.set(before);
    }
  });
});

describe('oenighet', () => {
  it('[oenighet.resolved-after-both-positions] is raised by the socialsekreterare, blocks the closing, gets both managers’ positions and is resolved by the 1:e socialsekreterare of the unit', async () => {
    const anna = await app.as('anna');
    const kalle = await app.as('kalle');
    const fatima = await app.as('fatima');
    const sven = await app.as('sven');
    const bo = await app.as('bo');
    const kase = await caseInInsats();
    await kalle.step(kase.id, 'INSKRIVNING_HELD');
    await kalle.step(kase.id, 'CLOSING_ANNOUNCED', { reason: 'annat', selfSufficient: true });
    await anna.step(kase.id, 'DISAGREEMENT_RAISED', { topic: 'avslut', description: 'Insatsen bör fortsätta.' });
    const blocked = await kalle.send(kase.id, 'CLOSING_DOCUMENT_CREATED');
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.details.refusal).toEqual([{ code: 'disagreement_open' }]);
    expect(blocked.body.error.details.allowedEvents).not.toContain('CLOSING_DOCUMENT_CREATED');

    expect((await bo.get(`/api/cases/${kase.id}`)).status).toBe(404);
    const fatimaView = await fatima.get(`/api/cases/${kase.id}`);
    // The 1:e socialsekreterare records her side's position, and may hand the referral over (within the unit or to another).
    expect(fatimaView.body.allowedEvents).toEqual(['DISAGREEMENT_POSITION_RECORDED', 'RESPONSIBLE_CHANGED', 'TRANSFER_REQUESTED']);
    await fatima.step(kase.id, 'DISAGREEMENT_POSITION_RECORDED', { position: 'Fortsätt tre månader.' });
    const early = await fatima.send(kase.id, 'DISAGREEMENT_RESOLVED', { outcome: 'Avslut enligt KC.' });
    expect(early.status).toBe(409);
    expect(early.body.error.details.refusal).toEqual([{ code: 'disagreement_positions_missing' }]);
    expect((await sven.send(kase.id, 'DISAGREEMENT_RESOLVED', { outcome: 'KC avgör.' })).status).toBe(403);
    await sven.step(kase.id, 'DISAGREEMENT_POSITION_RECORDED', { position: 'Avsluta nu.' });
    await fatima.step(kase.id, 'DISAGREEMENT_RESOLVED', { outcome: 'Avslut enligt KC.' });
    const documented = await kalle.step(kase.id, 'CLOSING_DOCUMENT_CREATED');
    expect(documented.state).toBe('avslut');
  });
});

describe('who sees which cases', () => {
  it('lists the responsible socialsekreterare’s cases, the unit’s for the 1:e, and only sent ones for KC', async () => {
    const kase = await newCase();
    const ids = async (username: string) => ((await (await app.as(username)).get('/api/cases')).body.cases as { id: string }[]).map((c) => c.id);
    expect(await ids('anna')).toContain(kase.id);
    expect(await ids('fatima')).toContain(kase.id);
    expect(await ids('bo')).not.toContain(kase.id);
    expect(await ids('kalle')).not.toContain(kase.id);
    expect(await ids('sven')).not.toContain(kase.id);
    expect((await (await app.as('bo')).get(`/api/cases/${kase.id}/events`)).status).toBe(404);
  });
});
