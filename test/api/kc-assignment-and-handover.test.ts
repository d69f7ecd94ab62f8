/**
 * Access that follows responsibility (issue 12 §1–2): a referral at KC has one
 * assigned consultant, and a 1:e socialsekreterare hands referrals and
 * assessments over, within the unit or to another unit.
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

const TO_UPPDRAG = ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED', 'DECISION_MADE', 'DECISION_COMMUNICATED', 'UPPDRAG_SENT', 'INSKRIVNING_BOOKED'] as const;

async function referral(owner = 'anna', options: { protectedIdentity?: boolean; upTo?: (typeof TO_UPPDRAG)[number] | null } = {}) {
  const user = await app.as(owner);
  const created = await user.createCase({ personnummer: personnummerFor('1981-03-03', (serial += 1)), name: 'Tilda Tilldelad', protectedIdentity: options.protectedIdentity ?? false });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as string;
  const upTo = options.upTo === undefined ? 'INSKRIVNING_BOOKED' : options.upTo;
  if (upTo !== null) {
    const steps = TO_UPPDRAG.slice(0, TO_UPPDRAG.indexOf(upTo) + 1);
    if (options.protectedIdentity) await user.step(id, 'KC_SAMORDNARE_CONSULTED');
    for (const type of steps) await user.step(id, type);
  }
  return { id, clientId: created.body.client.id as string, personnummer: created.body.client.personnummer as string };
}

const ids = async (user: UserSession, path = '/api/cases') => ((await user.get(path)).body.cases as { id: string }[]).map((c) => c.id);
const queueIds = async (user: UserSession) => {
  const response = await user.get('/api/kc/queue');
  expect(response.status).toBe(200);
  return (response.body.queue as { id: string }[]).map((entry) => entry.id);
};

describe('a consultant at KC sees only the referrals assigned to her', () => {
  it('puts a sent referral in KC’s queue with reference, unit, inskrivning and scope only, and no consultant sees it before assignment', async () => {
    const kase = await referral();
    const [kalle, kim] = [await app.as('kalle'), await app.as('kim')];
    const queue = (await kalle.get('/api/kc/queue')).body.queue as Record<string, unknown>[];
    const entry = queue.find((e) => e.id === kase.id);
    expect(entry).toEqual({ id: kase.id, reference: expect.stringMatching(/^KC-\d{6}$/), unit: 'SF Nordost', inskrivningAt: '2026-02-03T09:00:00+01:00', scope: 'Jobbsökaraktiviteter.' });
    expect(JSON.stringify(queue)).not.toContain('Tilda');
    expect(JSON.stringify(queue)).not.toContain(kase.personnummer.slice(0, 8));
    for (const consultant of [kalle, kim]) {
      expect((await consultant.get(`/api/cases/${kase.id}`)).status).toBe(404);
      expect((await consultant.get(`/api/cases/${kase.id}/events`)).status).toBe(404);
      expect(await ids(consultant)).not.toContain(kase.id);
    }
    // Social services have no queue.
    expect((await (await app.as('anna')).get('/api/kc/queue')).status).toBe(403);
  });

  it('lets a consultant take a referral from the queue for herself; then only she and the samordnare see it', async () => {
    const kase = await referral();
    const [kalle, kim, sven] = [await app.as('kalle'), await app.as('kim'), await app.as('sven')];
    // Not for someone else, and not before she has it.
    const forKim = await kalle.send(kase.id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kim' });
    expect(forKim.status).toBe(409);
    const taken = await kalle.step(kase.id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
    expect(taken.allowedEvents).toContain('INSKRIVNING_HELD');
    expect(taken.allowedEvents).not.toContain('KC_CONSULTANT_ASSIGNED');
    expect(await queueIds(kalle)).not.toContain(kase.id);
    expect(await ids(kalle)).toContain(kase.id);
    expect((await kim.get(`/api/cases/${kase.id}`)).status).toBe(404);
    expect((await kim.send(kase.id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kim' })).status).toBe(404);
    expect((await sven.get(`/api/cases/${kase.id}`)).status).toBe(200);
    const history = (await kalle.get(`/api/cases/${kase.id}/events`)).body.events as { type: string; actor: { id: string } }[];
    expect(history.at(-1)).toMatchObject({ type: 'KC_CONSULTANT_ASSIGNED', actor: { id: 'kalle' } });
  });

  it('lets the samordnare reassign; the former consultant gets 404 like anyone else, and KC’s deadlines follow', async () => {
    const kase = await referral();
    const [kalle, kim, sven] = [await app.as('kalle'), await app.as('kim'), await app.as('sven')];
    const assigned = await sven.step(kase.id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
    // The case view says what the next assignment needs: someone else than the one assigned.
    expect((assigned.nextSteps as { type: string }[]).map((step) => step.type)).toEqual(assigned.allowedEvents);
    expect((assigned.nextSteps as { type: string }[]).find((step) => step.type === 'KC_CONSULTANT_ASSIGNED')).toEqual({
      type: 'KC_CONSULTANT_ASSIGNED',
      requires: ['consultantId'],
      notConsultantIds: ['kalle'],
    });
    await kalle.step(kase.id, 'INSKRIVNING_HELD');
    const kcDeadline = async (user: UserSession) =>
      ((await user.get('/api/deadlines?mine=true')).body.deadlines as { kind: string; case: { id: string } }[]).filter((d) => d.case.id === kase.id).map((d) => d.kind);
    expect(await kcDeadline(kalle)).toContain('genomforandeplan_upprattad');
    expect(await kcDeadline(kim)).toEqual([]);

    const unknown = await sven.send(kase.id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'anna' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([expect.objectContaining({ path: 'consultantId' })]);
    await sven.step(kase.id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kim' });
    expect((await kalle.get(`/api/cases/${kase.id}`)).status).toBe(404);
    expect((await kalle.send(kase.id, 'GENOMFORANDEPLAN_ESTABLISHED')).status).toBe(404);
    expect(await kcDeadline(kim)).toContain('genomforandeplan_upprattad');
    expect(await kcDeadline(kalle)).toEqual([]);
    await kim.step(kase.id, 'GENOMFORANDEPLAN_ESTABLISHED');
  });

  it('leaves a protected referral to the samordnare: not in a consultant’s queue, and she cannot take it herself', async () => {
    const kase = await referral('anna', { protectedIdentity: true });
    const [kalle, sven] = [await app.as('kalle'), await app.as('sven')];
    expect(await queueIds(kalle)).not.toContain(kase.id);
    expect(await queueIds(sven)).toContain(kase.id);
    expect((await kalle.send(kase.id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' })).status).toBe(404);
    await sven.step(kase.id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
    const view = await kalle.get(`/api/cases/${kase.id}`);
    expect(view.status).toBe(200);
    expect(view.body.client).toMatchObject({ masked: true, name: null, personnummer: null });
  });

  it('sends KC’s reminders to the assigned consultant, and to the samordnare while none is assigned', async () => {
    const kase = await referral('anna', { upTo: 'UPPDRAG_SENT' });
    const anna = await app.as('anna');
    await anna.step(kase.id, 'INSKRIVNING_BOOKED', { at: '2026-03-03T09:00:00+01:00' });
    const recipientsOf = async () => {
      const rows = await app.database.prisma.notification.findMany({ where: { caseId: kase.id, kind: 'kallelse' }, select: { recipientUserId: true } });
      return rows.map((row) => row.recipientUserId).sort();
    };
    // The invitation to the booked inskrivning: the socialsekreterare and, with no consultant yet, the samordnare.
    expect(await recipientsOf()).toEqual(['anna', 'sven']);
    await (await app.as('sven')).step(kase.id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
    await (await app.as('kalle')).step(kase.id, 'INSKRIVNING_RESCHEDULED', { at: '2026-03-10T09:00:00+01:00' });
    expect(await recipientsOf()).toContain('kalle');
  });

  it('gives whoever takes over a case the invitations to the meetings already booked, and the previous owner none', async () => {
    const kase = await referral('anna', { upTo: 'UPPDRAG_SENT' });
    const anna = await app.as('anna');
    await anna.step(kase.id, 'INSKRIVNING_BOOKED', { at: '2026-03-03T09:00:00+01:00' });
    await (await app.as('sven')).step(kase.id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
    await (await app.as('fatima')).step(kase.id, 'RESPONSIBLE_CHANGED', { toUserId: 'maja', reason: 'Sjukskrivning.' });
    const rows = await app.database.prisma.notification.findMany({ where: { caseId: kase.id, kind: 'kallelse' }, select: { recipientUserId: true, status: true } });
    const pendingFor = rows.filter((row) => row.status === 'pending').map((row) => row.recipientUserId).sort();
    // The new socialsekreterare and the assigned consultant are invited; anna's unsent invitation is cancelled.
    expect(pendingFor).toEqual(expect.arrayContaining(['kalle', 'maja']));
    expect(pendingFor).not.toContain('anna');
  });
});

describe('handing a referral over', () => {
  it('within the unit: by the 1:e socialsekreterare only; the new socialsekreterare can act at once, the old one no longer sees it, deadlines follow', async () => {
    const kase = await referral('anna');
    const [anna, maja, fatima, bo] = [await app.as('anna'), await app.as('maja'), await app.as('fatima'), await app.as('bo')];
    await (await app.as('sven')).step(kase.id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
    await (await app.as('kalle')).step(kase.id, 'INSKRIVNING_HELD');
    // A socialsekreterare cannot hand over her own case.
    expect((await anna.send(kase.id, 'RESPONSIBLE_CHANGED', { toUserId: 'maja', reason: 'Ledighet.' })).status).toBe(403);
    // Only to a socialsekreterare of the same unit.
    const toBo = await fatima.send(kase.id, 'RESPONSIBLE_CHANGED', { toUserId: 'bo', reason: 'Fel enhet.' });
    expect(toBo.status).toBe(400);
    expect(toBo.body.error.details).toEqual([expect.objectContaining({ path: 'toUserId' })]);
    expect((await fatima.send(kase.id, 'RESPONSIBLE_CHANGED', { toUserId: 'anna', reason: 'Samma.' })).status).toBe(400);

    const moved = await fatima.step(kase.id, 'RESPONSIBLE_CHANGED', { toUserId: 'maja', reason: 'Anna är föräldraledig.' });
    expect(moved.responsible).toMatchObject({ id: 'maja', unit: 'SF Nordost' });
    expect((await anna.get(`/api/cases/${kase.id}`)).status).toBe(404);
    expect(await ids(anna)).not.toContain(kase.id);
    const asMaja = await maja.get(`/api/cases/${kase.id}`);
    expect(asMaja.status).toBe(200);
    expect(asMaja.body.client.name).toBe('Tilda Tilldelad');
    // Held the day she took over, before the day it was booked for: a moved meeting, with its reason (docs/process.md "Plausible dates").
    await maja.step(kase.id, 'FOLLOW_UP_HELD', { on: '2026-01-15', rescheduledReason: 'Mötet flyttades när Maja tog över.' });
    expect((await bo.get(`/api/cases/${kase.id}`)).status).toBe(404);

    const owners = await app.database.prisma.deadline.findMany({ where: { caseId: kase.id, status: { in: ['open', 'overdue'] }, responsibleRole: 'socialsekreterare' }, select: { responsibleUserId: true } });
    expect(owners.length).toBeGreaterThan(0);
    expect(new Set(owners.map((o) => o.responsibleUserId))).toEqual(new Set(['maja']));
    const history = (await maja.get(`/api/cases/${kase.id}/events`)).body.events as { type: string; payload: Record<string, unknown>; people?: Record<string, string> }[];
    const handover = history.find((e) => e.type === 'RESPONSIBLE_CHANGED');
    expect(handover?.payload).toEqual({ toUserId: 'maja', reason: 'Anna är föräldraledig.' });
    // The history names the person, not only her id.
    expect(handover?.people).toEqual({ toUserId: 'Maja Ek' });
  });

  it('between units: the sending unit keeps it until the receiving 1:e socialsekreterare accepts and names the new socialsekreterare', async () => {
    const kase = await referral('anna', { upTo: 'AF_NOTIFIED' });
    const [anna, fatima, gustav, bo] = [await app.as('anna'), await app.as('fatima'), await app.as('gustav'), await app.as('bo')];
    expect((await gustav.get(`/api/cases/${kase.id}`)).status).toBe(404);
    const unknownUnit = await fatima.send(kase.id, 'TRANSFER_REQUESTED', { toUnit: 'SF Atlantis', reason: 'Flytt.' });
    expect(unknownUnit.status).toBe(400);
    const requested = await fatima.step(kase.id, 'TRANSFER_REQUESTED', { toUnit: 'SF Hisingen', reason: 'Klienten har flyttat till Hisingen.' });
    expect(requested.allowedEvents).toContain('TRANSFER_CANCELLED');
    expect(requested.allowedEvents).not.toContain('TRANSFER_ACCEPTED');

    // Until accepted: anna still works on it, gustav sees it and may only accept or decline.
    await anna.step(kase.id, 'KC_CRITERIA_ASSESSED');
    const atGustav = await gustav.get(`/api/cases/${kase.id}`);
    expect(atGustav.status).toBe(200);
    expect(atGustav.body.allowedEvents).toEqual(['TRANSFER_ACCEPTED', 'TRANSFER_CANCELLED']);
    expect((await bo.get(`/api/cases/${kase.id}`)).status).toBe(404);
    // Gustav cannot name someone from another unit.
    expect((await gustav.send(kase.id, 'TRANSFER_ACCEPTED', { toUserId: 'maja' })).status).toBe(400);

    const accepted = await gustav.step(kase.id, 'TRANSFER_ACCEPTED', { toUserId: 'bo' });
    expect(accepted.responsible).toMatchObject({ id: 'bo', unit: 'SF Hisingen' });
    expect((await anna.get(`/api/cases/${kase.id}`)).status).toBe(404);
    expect((await fatima.get(`/api/cases/${kase.id}`)).status).toBe(404);
    expect((await bo.get(`/api/cases/${kase.id}`)).status).toBe(200);
    await bo.step(kase.id, 'KC_CONSENT_RECORDED');
    expect(await ids(gustav)).toContain(kase.id);
  });

  it('a cancelled transfer leaves the case with the sending unit', async () => {
    const kase = await referral('anna', { upTo: 'AF_NOTIFIED' });
    const [fatima, gustav] = [await app.as('fatima'), await app.as('gustav')];
    await fatima.step(kase.id, 'TRANSFER_REQUESTED', { toUnit: 'SF Hisingen', reason: 'Flytt.' });
    await gustav.step(kase.id, 'TRANSFER_CANCELLED', { reason: 'Klienten är inte folkbokförd här.' });
    expect((await gustav.get(`/api/cases/${kase.id}`)).status).toBe(404);
    expect((await fatima.get(`/api/cases/${kase.id}`)).body.allowedEvents).toContain('TRANSFER_REQUESTED');
  });
});

describe('handing an assessment over', () => {
  async function assessmentOf(owner: string) {
    const user = await app.as(owner);
    const registered = await user.post('/api/clients', { personnummer: personnummerFor('1979-09-09', (serial += 1)), name: 'Bertil Bedömd' });
    expect(registered.status).toBe(201);
    const clientId = registered.body.client.id as string;
    expect((await user.post(`/api/clients/${clientId}/assessment/events`, { type: 'INLEDANDE_STARTED', householdRole: 'sokande' })).status).toBe(200);
    return clientId;
  }

  it('moves the bedömningsstöd to another socialsekreterare of the unit; the old one loses it', async () => {
    const clientId = await assessmentOf('anna');
    const [anna, maja, fatima] = [await app.as('anna'), await app.as('maja'), await app.as('fatima')];
    expect((await maja.get(`/api/clients/${clientId}/assessment`)).status).toBe(404);
    expect((await anna.post(`/api/clients/${clientId}/assessment/events`, { type: 'RESPONSIBLE_CHANGED', toUserId: 'maja', reason: 'Byte.' })).status).toBe(403);
    const moved = await fatima.post(`/api/clients/${clientId}/assessment/events`, { type: 'RESPONSIBLE_CHANGED', toUserId: 'maja', reason: 'Anna slutar.' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect((await anna.get(`/api/clients/${clientId}/assessment`)).status).toBe(404);
    const asMaja = await maja.get(`/api/clients/${clientId}/assessment`);
    expect(asMaja.status).toBe(200);
    expect(asMaja.body.allowedEvents).toContain('QUESTIONNAIRE_SAVED');
  });

  it('moves it to another unit only when that unit’s 1:e socialsekreterare accepts', async () => {
    const clientId = await assessmentOf('anna');
    const [anna, fatima, gustav, bo] = [await app.as('anna'), await app.as('fatima'), await app.as('gustav'), await app.as('bo')];
    const send = (user: UserSession, body: object) => user.post(`/api/clients/${clientId}/assessment/events`, body);
    expect((await send(fatima, { type: 'TRANSFER_REQUESTED', toUnit: 'SF Hisingen', reason: 'Flytt.' })).status).toBe(200);
    expect((await anna.get(`/api/clients/${clientId}/assessment`)).status).toBe(200);
    expect((await send(gustav, { type: 'TRANSFER_ACCEPTED', toUserId: 'bo' })).status).toBe(200);
    expect((await anna.get(`/api/clients/${clientId}/assessment`)).status).toBe(404);
    expect((await bo.get(`/api/clients/${clientId}/assessment`)).status).toBe(200);
  });
});
