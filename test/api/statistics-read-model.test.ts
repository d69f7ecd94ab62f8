/**
 * The statistics' read model (src/statistics/read-model.ts, docs/statistics.md "The read model"): a referral's
 * facts are stored by the read that computes them and taken from there by the next, so each test reads twice or
 * more and holds the answer to what happened in between: a step, a deadline the scheduler escalates, a bedömningsstöd
 * choice, a duty that falls due with nothing written, facts stored from before a change committed meanwhile, facts of an
 * older definition, and `npm run verify`'s check of what is stored.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { FACTS_DEFINITION, encodeStoredFacts, storeFacts, verifyReadModel } from '../../src/statistics/read-model';
import { readReferrals } from '../../src/statistics/statistics-service';
import { personnummerFor, startTestApp, type TestApp, type UserSession } from '../support/test-app';

let app: TestApp;
let anna: UserSession;
let fatima: UserSession;
let referral: string;

type Cell = { value: number | null; suppressed: boolean };
type Row = { period: string; measures: Record<string, Cell> };

/** The unit's 2026 by month, as the 1:e socialsekreterare reads it. */
async function year() {
  const response = await fatima.get('/api/statistics/anvisning?from=2026-01-01&to=2026-12-31&period=month');
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as { rows: Row[]; totals: Row[] };
}
/** A total; with the threshold at 1 only a zero is suppressed (and secondarily nothing: one group), so null is 0. */
const total = async (period: string, measure: string) => {
  const [head, tail] = measure.split('.') as [string, string | undefined];
  const measures = (await year()).totals.find((row) => row.period === period)!.measures[head]!;
  return ((tail ? (measures as unknown as Record<string, Cell>)[tail]! : measures) as Cell).value ?? 0;
};
const storedRow = async () =>
  (await app.database.prisma.referralStatistics.findUnique({ where: { caseId: referral } })) ?? { generation: 0, definition: null, facts: null };

beforeAll(async () => {
  // Threshold 1: one referral's values are what is under test here.
  app = await startTestApp({ now: '2026-03-02T09:00:00Z', env: { STATISTICS_SUPPRESSION_THRESHOLD: '1' } });
  [anna, fatima] = [await app.as('anna'), await app.as('fatima')];
  referral = (await anna.createCase({ personnummer: personnummerFor('1990-05-05', 2), name: 'Alva Andersson' })).body.id as string;
  for (const type of ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED'] as const) await anna.step(referral, type);
}, 120_000);
afterAll(async () => {
  await app.close();
});

describe('the statistics read model', () => {
  it('stores what a read computed, and the next read after a step counts the step', async () => {
    expect(await total('2026-03', 'decisions')).toBe(0);
    expect(await storedRow()).toMatchObject({ definition: FACTS_DEFINITION, facts: expect.any(String) });
    // Read from the store: the same answer.
    expect(await total('2026-03', 'referralsCreated')).toBe(1);

    await anna.step(referral, 'DECISION_MADE', { decisionDate: '2026-03-02', validFrom: '2026-03-16' });
    expect((await storedRow()).facts).toBeNull();
    expect(await total('2026-03', 'decisions')).toBe(1);
    expect((await storedRow()).facts).not.toBeNull();
  });

  it('takes in a bedömningsstöd recorded for the time before the referral’s decision (a clock set back)', async () => {
    expect(await total('2026-03', 'shareDecisionsAfterCompletedAssessment')).toBe(0);
    const clientId = (await anna.get(`/api/cases/${referral}`)).body.client.id as string;
    const now = app.clock.now();
    app.clock.set('2026-03-01T09:00:00Z');
    onTestFinished(() => app.clock.set(now.toISOString()));
    const assess = async (body: object) => {
      const response = await anna.post(`/api/clients/${clientId}/assessment/events`, body);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response.body as { questionnaires: { id: string; kind: string }[] };
    };
    const started = await assess({ type: 'INLEDANDE_STARTED', householdRole: 'sokande' });
    const questionnaireId = started.questionnaires.find((q) => q.kind === 'inledande')!.id;
    const scale = { value: 5 };
    await assess({ type: 'QUESTIONNAIRE_SAVED', questionnaireId, answers: { mal: { text: 'Arbete.' }, hinder: { text: 'Inga.' }, forvantningar: { text: 'Stöd.' }, planering: { text: 'Söka.' }, halsa: scale, arbetsformaga: scale, energiMotivation: scale, kommunikation: scale } });
    await assess({ type: 'INLEDANDE_COMPLETED', questionnaireId });
    await assess({ type: 'INRIKTNING_CHOSEN', tracks: ['arbetsmarknad'] });
    app.clock.set(now.toISOString());
    // The decision of 2 March now followed a completed initial part, and the referral is in the track chosen before it.
    expect(await total('2026-03', 'shareDecisionsAfterCompletedAssessment')).toBe(1);
    expect(JSON.parse((await storedRow()).facts!)[3]).toBe('arbetsmarknad');
  });

  it('counts a duty overdue from the day after it was due, with nothing written in between, and the scheduler’s escalation', async () => {
    await anna.step(referral, 'DECISION_COMMUNICATED', { on: '2026-03-02' });
    await anna.step(referral, 'UPPDRAG_SENT');
    await (await app.as('sven')).step(referral, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
    // The inskrivning on 10 March: a duty due that day.
    await anna.step(referral, 'INSKRIVNING_BOOKED', { at: '2026-03-10T09:00:00+01:00', place: 'KC Angered', interpreter: false });
    expect(await total('2026-03', 'overdueSteps')).toBe(0);
    const { generation } = await storedRow();

    app.clock.set('2026-03-10T12:00:00Z');
    expect(await total('2026-03', 'overdueSteps')).toBe(0);
    app.clock.set('2026-03-11T08:00:00Z');
    expect(await total('2026-03', 'overdueSteps')).toBe(1);
    // Read from the stored facts, which did not change: the day of the read decides.
    expect((await storedRow()).generation).toBe(generation);
    expect((await storedRow()).facts).not.toBeNull();

    // The scheduler marks it overdue: the same facts (an open duty is judged by the day of the read), nothing made stale.
    await app.stegvis.scheduler.sweepOnce();
    expect(await app.database.prisma.deadline.count({ where: { caseId: referral, status: 'overdue', escalatedAt: null } })).toBe(1);
    expect((await storedRow()).generation).toBe(generation);
    expect(await total('2026-03', 'overdueSteps')).toBe(1);

    // The scheduler escalates it days later: a write outside any transition, counted at the next read.
    expect(await total('2026-03', 'escalations')).toBe(0);
    app.clock.set('2026-03-20T08:00:00Z');
    await app.stegvis.scheduler.sweepOnce();
    expect(await app.database.prisma.deadline.count({ where: { caseId: referral, escalatedAt: { not: null } } })).toBe(1);
    expect(await total('2026-03', 'escalations')).toBe(1);
  });

  it('never keeps facts computed before a change that committed while they were computed', async () => {
    // A read found the referral stale (as a step leaves it) and computed its facts ...
    await app.database.prisma.referralStatistics.update({ where: { caseId: referral }, data: { generation: { increment: 1 }, facts: null, definition: null } });
    const read = await readReferrals(app.database.prisma, { unit: 'SF Nordost' }, { gte: new Date('2025-12-31T00:00:00Z'), lt: new Date('2027-01-02T00:00:00Z') }, () => null);
    expect(read.computed.map((row) => row.caseId)).toEqual([referral]);
    // ... a step committed before it could store them ...
    await (await app.as('kalle')).step(referral, 'INSKRIVNING_HELD');
    // ... so they are not stored, and the next read counts the step.
    expect(await storeFacts(app.database.prisma, read.computed)).toBe(0);
    expect((await storedRow()).facts).toBeNull();
    expect(await total('2026-03', 'daysUppdragSentToInskrivningHeld.median')).toBeGreaterThan(0);
    expect((await storedRow()).facts).not.toBeNull();
  });

  it('computes again the facts an older release stored, and verify finds stored facts that differ from the history', async () => {
    const decisions = await total('2026-03', 'decisions');
    const wrong = encodeStoredFacts({ facts: [{ kind: 'count', measure: 'decisions', day: '2026-03-05', events: 1 }], deadlines: [], ageDay: '2026-03-05', track: 'ingen' });
    await app.database.prisma.referralStatistics.update({ where: { caseId: referral }, data: { facts: wrong, definition: FACTS_DEFINITION - 1 } });
    expect(await verifyReadModel(app.database.prisma)).toMatchObject({ mismatches: [], stale: 1 });
    expect(await total('2026-03', 'decisions')).toBe(decisions);
    expect(await storedRow()).toMatchObject({ definition: FACTS_DEFINITION });
    const checked = await verifyReadModel(app.database.prisma);
    expect(checked).toMatchObject({ mismatches: [], stale: 0 });
    expect(checked.checked).toBeGreaterThan(0);

    await app.database.prisma.referralStatistics.update({ where: { caseId: referral }, data: { facts: wrong } });
    expect((await verifyReadModel(app.database.prisma)).mismatches).toEqual([referral]);
  });

  // On a PostgreSQL server (CI's second pass): embedded PGlite has one connection, so nothing runs beside a transaction.
  it.skipIf(!process.env.TEST_DATABASE_URL)('passes over a referral a step holds instead of waiting for it (no read waits on a step, so none deadlocks with one)', async () => {
    await app.database.prisma.referralStatistics.update({ where: { caseId: referral }, data: { generation: { increment: 1 }, facts: null, definition: null } });
    const read = await readReferrals(app.database.prisma, { unit: 'SF Nordost' }, { gte: new Date('2025-12-31T00:00:00Z'), lt: new Date('2027-01-02T00:00:00Z') }, () => null);
    expect(read.computed).toHaveLength(1);
    // A step's transaction holds the row (as its trigger does, until it commits) while the read stores its facts.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let held!: () => void;
    const holding = new Promise<void>((resolve) => (held = resolve));
    const step = app.database.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT 1 FROM "ReferralStatistics" WHERE "caseId" = ${referral}::uuid FOR UPDATE`;
      held();
      await released;
    });
    await holding;
    const result = await Promise.race([storeFacts(app.database.prisma, read.computed), new Promise<'waited'>((resolve) => setTimeout(() => resolve('waited'), 5_000))]);
    release();
    await step;
    expect(result).toBe(0);
    // Nothing stored: the next read computes it (and stores it, the row free).
    expect(await total('2026-03', 'decisions')).toBe(1);
    expect((await storedRow()).facts).not.toBeNull();
  });

  it('stores nothing for a referral that has no row (gone, or loaded without triggers), and answers', async () => {
    const facts = '[[],[],"2026-03-02","ingen"]';
    expect(await storeFacts(app.database.prisma, [{ caseId: '6f1c2a52-1111-4c3e-9a55-0123456789ab', generation: 1, facts }])).toBe(0);
    // A referral without its row is computed at every read and never stored: inserting the row would wait on a step's lock of it.
    await app.database.prisma.referralStatistics.delete({ where: { caseId: referral } });
    expect(await storeFacts(app.database.prisma, [{ caseId: referral, generation: 0, facts }])).toBe(0);
    expect(await total('2026-03', 'decisions')).toBe(1);
    expect(await app.database.prisma.referralStatistics.count({ where: { caseId: referral } })).toBe(0);
  });
});
