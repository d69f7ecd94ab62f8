/**
 * Dates that cannot be right (issue 18, docs/process.md "Plausible dates"): each rule through the real API,
 * the implausible date answered with a 400 that names the field and says why in Swedish, its plausible
 * neighbour accepted, and the ways out that keep an assumption from being a gate (a retroactive decision
 * with its reason, a meeting booked for "now", a meeting held early with its reason). A case stored under
 * version 3 with dates these rules refuse still replays and moves up: a history is never judged again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANVISNING_VERSION, statePathOf, statusOf, type AnvisningEventType, type AnvisningPayload } from '../../machines/anvisning';
import { applyAnvisningV3, persistAnvisningV3, startAnvisningV3, type AnvisningEventV3, type AnvisningSnapshotV3 } from '../../machines/anvisning/v3';
import { CASE_CREATED } from '../../src/aggregates/creation-events';
import { verifyAllCases } from '../../src/cases/verify-cases';
import type { Prisma } from '../../src/db/database';
import { seedUsers } from '../../src/db/demo-users';
import { samplePayloads, sampleRole } from '../support/anvisning-payloads';
import { createTestDatabase } from '../support/test-database';
import { personnummerFor, startTestApp, type TestApp } from '../support/test-app';

const START = '2026-01-15T09:00:00.000Z';
let app: TestApp;
let serial = 0;

/** The case stored under version 3 with dates version 4 refuses (written before the app starts, as that release wrote it). */
let v3CaseId = '';
const V3_IMPLAUSIBLE: { type: AnvisningEventType; payload: object; role?: string }[] = [
  { type: 'SSBTEK_INFO_RECORDED', payload: samplePayloads.SSBTEK_INFO_RECORDED },
  { type: 'AF_PLAN_CHECKED', payload: samplePayloads.AF_PLAN_CHECKED },
  // AF notified three months in the future.
  { type: 'AF_NOTIFIED', payload: { sentOn: '2026-04-15' } },
  { type: 'KC_CRITERIA_ASSESSED', payload: samplePayloads.KC_CRITERIA_ASSESSED },
  { type: 'KC_CONSENT_RECORDED', payload: {} },
  { type: 'ARBETSPLAN_UPDATED', payload: samplePayloads.ARBETSPLAN_UPDATED },
  // In force a month before it was made, and communicated before it was made.
  { type: 'DECISION_MADE', payload: { decisionDate: '2026-01-15', validFrom: '2025-12-15' } },
  { type: 'DECISION_COMMUNICATED', payload: { on: '2026-01-10' } },
  { type: 'UPPDRAG_SENT', payload: samplePayloads.UPPDRAG_SENT },
  // An inskrivning booked in the past.
  { type: 'INSKRIVNING_BOOKED', payload: { at: '2026-01-05T09:00:00+01:00', place: 'KC Angered', interpreter: false } },
];

async function writeV3CaseWithImplausibleDates(prisma: Prisma.TransactionClient | TestApp['database']['prisma']): Promise<string> {
  const input = { protectedIdentity: false };
  let snapshot: AnvisningSnapshotV3 = startAnvisningV3(input);
  const events: AnvisningEventV3[] = [];
  for (const { type, payload } of V3_IMPLAUSIBLE) {
    const event = { type, ...payload, meta: { actorId: 'anna', role: 'socialsekreterare', unit: 'SF Nordost', at: START } } as AnvisningEventV3;
    expect(snapshot.can(event), `${type} taken under version 3`).toBe(true);
    snapshot = applyAnvisningV3(snapshot, event);
    events.push(event);
  }
  const client = await prisma.client.create({ data: { personnummer: personnummerFor('1979-03-03', 1).replace('-', ''), name: 'Klient v3', protectedIdentity: false } });
  const c = snapshot.context;
  const kase = await prisma.case.create({
    data: {
      clientId: client.id,
      responsibleUserId: 'anna',
      unit: 'SF Nordost',
      state: statePathOf(snapshot as never),
      status: statusOf(snapshot as never),
      snapshot: persistAnvisningV3(snapshot) as Prisma.InputJsonValue,
      machineVersion: 3,
      version: events.length + 1,
      sentToKc: true,
      decisionValidUntil: c.decision ? new Date(`${c.decision.validUntil}T00:00:00Z`) : null,
    },
  });
  const created = { type: CASE_CREATED, ...input, meta: { actorId: 'anna', role: 'socialsekreterare', unit: 'SF Nordost', at: START } };
  await prisma.caseEvent.createMany({
    data: [created as never as AnvisningEventV3, ...events].map((event, index) => {
      const { type, meta, ...payload } = event;
      return { caseId: kase.id, seq: index + 1, type, payload: payload as Prisma.InputJsonValue, actorId: meta.actorId, actorRole: meta.role, actorUnit: meta.unit ?? null, occurredAt: new Date(meta.at), machineVersion: 3 };
    }),
  });
  return kase.id;
}

beforeAll(async () => {
  const database = await createTestDatabase();
  await seedUsers(database.prisma, { demo: true });
  v3CaseId = await writeV3CaseWithImplausibleDates(database.prisma);
  app = await startTestApp({ database, now: START });
}, 600_000);

afterAll(async () => {
  // Every case here replays to its stored snapshot, the one written under version 3 included.
  const report = await verifyAllCases(app.database.prisma);
  expect(report.mismatches).toEqual([]);
  await app.close();
});

async function newCase(): Promise<string> {
  app.clock.set(START);
  const anna = await app.as('anna');
  const response = await anna.createCase({ personnummer: personnummerFor('1986-06-06', (serial += 1)), name: 'Datum Testsson' });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id as string;
}

async function steps(caseId: string, types: AnvisningEventType[]) {
  for (const type of types) {
    const user = await app.as(sampleRole[type] === 'arbetsmarknadskonsulent' ? 'kalle' : 'anna');
    await user.step(caseId, type);
  }
}

const TO_DECISION: AnvisningEventType[] = ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED'];

async function caseReadyForDecision() {
  const id = await newCase();
  await steps(id, TO_DECISION);
  return id;
}

async function caseWithUppdragSent() {
  const id = await caseReadyForDecision();
  await steps(id, ['DECISION_MADE', 'DECISION_COMMUNICATED', 'UPPDRAG_SENT']);
  await (await app.as('sven')).step(id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
  return id;
}

/** In the insats: the inskrivning booked for 3 February and held, the first follow-up booked for 4 May. */
async function caseInInsats() {
  const id = await caseWithUppdragSent();
  await steps(id, ['INSKRIVNING_BOOKED', 'INSKRIVNING_HELD']);
  return id;
}

/** Send as the sample's role; returns the response. */
async function send<T extends AnvisningEventType>(caseId: string, type: T, overrides: Partial<AnvisningPayload<T>> & Record<string, unknown>) {
  const user = await app.as(sampleRole[type] === 'arbetsmarknadskonsulent' ? 'kalle' : 'anna');
  return user.send(caseId, type, overrides as Partial<AnvisningPayload<T>>);
}

/** A 400 at exactly this field for this reason, its Swedish text as the catalogue says it; nothing stored. */
async function expectRefusedAt(caseId: string, response: Awaited<ReturnType<typeof send>>, path: string, reason: string, text: string) {
  const before = (await (await app.as('anna')).get(`/api/cases/${caseId}`)).body.version as number;
  expect(response.status, JSON.stringify(response.body)).toBe(400);
  expect(response.body.error.reason).toBe('validation_failed');
  expect(response.body.error.details).toEqual([expect.objectContaining({ path, reason })]);
  expect(response.body.error.details[0].message).toContain(text);
  expect((await (await app.as('anna')).get(`/api/cases/${caseId}`)).body.version).toBe(before);
}

describe('dates of things done are not in the future (a day of slack)', () => {
  it('[forberedelse.af-notified-not-in-future] AF notified three months ahead is refused at sentOn; tomorrow is accepted', async () => {
    const id = await newCase();
    await steps(id, ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED']);
    const ahead = await send(id, 'AF_NOTIFIED', { sentOn: '2026-04-15' });
    await expectRefusedAt(id, ahead, 'sentOn', 'date_in_future', 'Datumet ligger i framtiden. Det som redan har gjorts kan dateras senast 2026-01-16.');
    const tomorrow = await send(id, 'AF_NOTIFIED', { sentOn: '2026-01-16' });
    expect(tomorrow.status, JSON.stringify(tomorrow.body)).toBe(200);
  });

  it('[beslut.decision-date-not-in-future] a decision dated next month is refused at decisionDate; today is accepted', async () => {
    const id = await caseReadyForDecision();
    const ahead = await send(id, 'DECISION_MADE', { decisionDate: '2026-02-15', validFrom: '2026-03-01' });
    await expectRefusedAt(id, ahead, 'decisionDate', 'date_in_future', 'senast 2026-01-16');
    expect((await send(id, 'DECISION_MADE', { decisionDate: '2026-01-15', validFrom: '2026-03-01' })).status).toBe(200);
  });

  it('[insats.done-dates-not-in-future] a follow-up held next week and an avvikelse of next month are refused at on; today is accepted', async () => {
    const id = await caseInInsats();
    app.clock.set('2026-05-04T12:00:00Z');
    const heldAhead = await send(id, 'FOLLOW_UP_HELD', { on: '2026-05-11' });
    await expectRefusedAt(id, heldAhead, 'on', 'date_in_future', 'senast 2026-05-05');
    const avvikelseAhead = await send(id, 'AVVIKELSE_REPORTED', { on: '2026-06-04' });
    await expectRefusedAt(id, avvikelseAhead, 'on', 'date_in_future', 'senast 2026-05-05');
    expect((await send(id, 'FOLLOW_UP_HELD', { on: '2026-05-04' })).status).toBe(200);
    expect((await send(id, 'AVVIKELSE_REPORTED', { on: '2026-05-04' })).status).toBe(200);
  });
});

describe('a decision', () => {
  it('[beslut.valid-from-not-before-decision] in force a month before it was made is refused at validFrom, unless the retroactive reason is given', async () => {
    const id = await caseReadyForDecision();
    const retroactive = await send(id, 'DECISION_MADE', { decisionDate: '2026-01-15', validFrom: '2025-12-15' });
    await expectRefusedAt(id, retroactive, 'validFrom', 'valid_from_before_decision', 'Kan inte vara före beslutsdatumet.');
    const withReason = await send(id, 'DECISION_MADE', { decisionDate: '2026-01-15', validFrom: '2025-12-15', retroactiveReason: 'Ansökan kom in i december; beslutet gäller från ansökan.' });
    expect(withReason.status, JSON.stringify(withReason.body)).toBe(200);
    expect(withReason.body.process.decision).toMatchObject({ decisionDate: '2026-01-15', validFrom: '2025-12-15' });
    // The reason is the social services' own: KC sees the decision and its period, not why it is retroactive.
    await steps(id, ['DECISION_COMMUNICATED', 'UPPDRAG_SENT']);
    const decisionIn = async (username: string) =>
      ((await (await app.as(username)).get(`/api/cases/${id}/events`)).body.events as { type: string; payload: object }[]).find((event) => event.type === 'DECISION_MADE')!.payload;
    expect(await decisionIn('anna')).toMatchObject({ retroactiveReason: 'Ansökan kom in i december; beslutet gäller från ansökan.' });
    expect(await decisionIn('sven')).toEqual({ decisionDate: '2026-01-15', validFrom: '2025-12-15' });
  });

  it('[beslut.communicated-not-before-decision] communicated before it was made is refused at on; the day it was made is accepted', async () => {
    const id = await caseReadyForDecision();
    await send(id, 'DECISION_MADE', { decisionDate: '2026-01-14', validFrom: '2026-02-01' });
    const before = await send(id, 'DECISION_COMMUNICATED', { on: '2026-01-10' });
    await expectRefusedAt(id, before, 'on', 'communicated_before_decision', 'Beslutet fattades 2026-01-14 och kan inte ha kommunicerats före den dagen.');
    expect((await send(id, 'DECISION_COMMUNICATED', { on: '2026-01-14' })).status).toBe(200);
  });
});

describe('meetings are booked ahead (the same day counts)', () => {
  it('[inskrivning.booked-ahead] an inskrivning booked yesterday is refused at at; one booked for a few minutes ago today is accepted', async () => {
    const id = await caseWithUppdragSent();
    const yesterday = await send(id, 'INSKRIVNING_BOOKED', { at: '2026-01-14T13:00:00+01:00' });
    await expectRefusedAt(id, yesterday, 'at', 'meeting_in_past', 'Ett möte bokas från och med i dag, 2026-01-15.');
    // The clock says 10:00 in Sweden: a meeting at 09:55 "now" is not seconds too late.
    const now = await send(id, 'INSKRIVNING_BOOKED', { at: '2026-01-15T09:55:00+01:00' });
    expect(now.status, JSON.stringify(now.body)).toBe(200);
  });

  it('[insats.meetings-booked-ahead] a first follow-up and a follow-up booked in the past are refused at their times', async () => {
    const id = await caseWithUppdragSent();
    await steps(id, ['INSKRIVNING_BOOKED']);
    const first = await send(id, 'INSKRIVNING_HELD', { firstFollowUpAt: '2026-01-01T10:00:00+01:00' });
    await expectRefusedAt(id, first, 'firstFollowUpAt', 'meeting_in_past', '2026-01-15');
    expect((await send(id, 'INSKRIVNING_HELD', {})).status).toBe(200);
    app.clock.set('2026-05-04T12:00:00Z');
    expect((await send(id, 'FOLLOW_UP_HELD', {})).status).toBe(200);
    const past = await send(id, 'FOLLOW_UP_BOOKED', { at: '2026-04-01T10:00:00+02:00' });
    await expectRefusedAt(id, past, 'at', 'meeting_in_past', '2026-05-04');
    expect((await send(id, 'FOLLOW_UP_BOOKED', { at: '2026-08-03T10:00:00+02:00' })).status).toBe(200);
  });
});

describe('a held meeting', () => {
  it('[insats.held-not-before-booked-day] a follow-up held before the day it was booked for is refused at on, unless it was moved (with the reason)', async () => {
    const id = await caseInInsats();
    app.clock.set('2026-05-04T12:00:00Z');
    const early = await send(id, 'FOLLOW_UP_HELD', { on: '2026-05-01' });
    await expectRefusedAt(id, early, 'on', 'held_before_booked_day', 'Mötet var bokat till 2026-05-04 och kan inte ha hållits före den dagen.');
    const moved = await send(id, 'FOLLOW_UP_HELD', { on: '2026-05-01', rescheduledReason: 'Klienten bad om att flytta mötet till fredagen.' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
  });
});

describe('a case stored under version 3 with dates version 4 refuses', () => {
  it('moved up at start-up as it was, replays clean (verify), and goes on under the new rules', async () => {
    const row = await app.database.prisma.case.findUniqueOrThrow({ where: { id: v3CaseId }, include: { events: { orderBy: { seq: 'asc' } } } });
    expect(row.machineVersion).toBe(ANVISNING_VERSION);
    expect(row.state).toBe('inskrivning.bokad');
    expect(row.events.at(-1)).toMatchObject({ type: 'MACHINE_UPGRADED', payload: { from: 3, to: 4 } });
    // The stored dates stay what they were.
    expect(row.events.find((event) => event.type === 'DECISION_COMMUNICATED')?.payload).toEqual({ on: '2026-01-10' });
    const report = await verifyAllCases(app.database.prisma);
    expect(report.mismatches).toEqual([]);
    // Its next step meets version 4's rules: a new time in the past is refused, a time ahead accepted.
    app.clock.set(START);
    const anna = await app.as('anna');
    const past = await anna.send(v3CaseId, 'INSKRIVNING_RESCHEDULED', { at: '2026-01-10T09:00:00+01:00' });
    expect(past.status, JSON.stringify(past.body)).toBe(400);
    expect(past.body.error.details).toEqual([expect.objectContaining({ path: 'at', reason: 'meeting_in_past' })]);
    const ahead = await anna.send(v3CaseId, 'INSKRIVNING_RESCHEDULED', { at: '2026-01-20T09:00:00+01:00' });
    expect(ahead.status, JSON.stringify(ahead.body)).toBe(200);
  });
});
