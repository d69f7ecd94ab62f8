/**
 * The statistics' read model is marked stale by triggers in the writers' own transactions (migration
 * 20261203122410_referral_statistics). Marked mid-transaction, a referral's row was a new lock that two ordinary
 * writers could take crosswise: a step (its event, then its deadlines or the client's bedömningsstöd) against the
 * scheduler's escalation, or against a step of the client's bedömningsstöd. Deferred to the commit, the rows are each
 * transaction's last locks, so both writers finish. On a PostgreSQL server (CI's second pass): embedded PGlite runs one
 * transaction at a time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Prisma } from '../../src/db/database';
import { personnummerFor, startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let caseId: string;
let assessmentId: string;

/** A gate one transaction opens and the other waits at. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a step writes first: its event (the trigger marks the referral). */
async function appendEvent(tx: Prisma.TransactionClient) {
  await tx.$executeRaw`
    INSERT INTO "CaseEvent"("caseId", seq, type, payload, "actorId", "actorRole", "occurredAt")
    SELECT ${caseId}::uuid, max(seq) + 1, 'STATISTICS_LOCK_TEST', '{}'::jsonb, 'anna', 'socialsekreterare', now() FROM "CaseEvent" WHERE "caseId" = ${caseId}::uuid`;
}
const generation = async () => (await app.database.prisma.referralStatistics.findUniqueOrThrow({ where: { caseId } })).generation;

beforeAll(async () => {
  app = await startTestApp({ now: '2026-03-02T09:00:00Z' });
  const [anna, sven] = [await app.as('anna'), await app.as('sven')];
  caseId = (await anna.createCase({ personnummer: personnummerFor('1990-05-05', 2), name: 'Alva Andersson' })).body.id as string;
  for (const type of ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED'] as const) await anna.step(caseId, type);
  await anna.step(caseId, 'DECISION_MADE', { decisionDate: '2026-03-02', validFrom: '2026-03-16' });
  await anna.step(caseId, 'DECISION_COMMUNICATED', { on: '2026-03-02' });
  await anna.step(caseId, 'UPPDRAG_SENT');
  await sven.step(caseId, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
  await anna.step(caseId, 'INSKRIVNING_BOOKED', { at: '2026-03-10T09:00:00+01:00', place: 'KC Angered', interpreter: false });
  const clientId = (await anna.get(`/api/cases/${caseId}`)).body.client.id as string;
  const started = await anna.post(`/api/clients/${clientId}/assessment/events`, { type: 'INLEDANDE_STARTED', householdRole: 'sokande', reason: 'Omprövning.' });
  expect(started.status, JSON.stringify(started.body)).toBe(200);
  assessmentId = (await app.database.prisma.assessment.findFirstOrThrow({ where: { clientId } })).id;
}, 120_000);
afterAll(async () => {
  await app.close();
});

/**
 * A step (its event first) beside another writer's transaction: `other` runs once the event is written and calls
 * `ready` when it holds what it takes first; the step then, after a moment, does `stepThen`. Each transaction's end:
 * "committed", or the error that aborted it.
 */
async function stepBeside(stepThen: (tx: Prisma.TransactionClient) => Promise<unknown>, other: (tx: Prisma.TransactionClient, ready: () => void) => Promise<unknown>) {
  const eventWritten = gate();
  const otherReady = gate();
  const step = app.database.prisma.$transaction(async (tx) => {
    await appendEvent(tx);
    eventWritten.open();
    await otherReady.opened;
    await pause(300);
    await stepThen(tx);
  });
  const beside = (async () => {
    await eventWritten.opened;
    return app.database.prisma.$transaction(async (tx) => {
      await other(tx, otherReady.open);
      await pause(600);
    });
  })();
  const outcomes = await Promise.allSettled([step, beside]);
  return outcomes.map((outcome) => (outcome.status === 'rejected' ? String(outcome.reason) : 'committed'));
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('the read model’s triggers and the writers’ locks', () => {
  it('a step and the scheduler’s escalation of the same referral’s deadline both finish', async () => {
    const before = await generation();
    const outcomes = await stepBeside(
      // The deadline sync: waits for the escalation's row until it commits.
      (tx) => tx.$executeRaw`UPDATE "Deadline" SET status = 'done', "closedAt" = now() WHERE "caseId" = ${caseId}::uuid AND status = 'open'`,
      async (tx, ready) => {
        ready();
        await tx.$executeRaw`UPDATE "Deadline" SET "escalatedAt" = now() WHERE "caseId" = ${caseId}::uuid AND status = 'open'`;
      },
    );
    expect(outcomes).toEqual(['committed', 'committed']);
    expect(await generation()).toBeGreaterThanOrEqual(before + 2);
  });

  it('a step and a step of the client’s bedömningsstöd both finish', async () => {
    const before = await generation();
    const outcomes = await stepBeside(
      // UPPDRAG_SENT and the endings tell the bedömningsstöd: its row, after the event.
      (tx) => tx.$executeRaw`SELECT 1 FROM "Assessment" WHERE id = ${assessmentId}::uuid FOR UPDATE`,
      async (tx, ready) => {
        await tx.$executeRaw`SELECT 1 FROM "Assessment" WHERE id = ${assessmentId}::uuid FOR UPDATE`;
        ready();
        await tx.$executeRaw`
          INSERT INTO "AssessmentEvent"("assessmentId", seq, type, payload, "actorId", "actorRole", "occurredAt")
          SELECT ${assessmentId}::uuid, max(seq) + 1, 'STATISTICS_LOCK_TEST', '{}'::jsonb, 'anna', 'socialsekreterare', now() FROM "AssessmentEvent" WHERE "assessmentId" = ${assessmentId}::uuid`;
      },
    );
    expect(outcomes).toEqual(['committed', 'committed']);
    expect(await generation()).toBeGreaterThanOrEqual(before + 2);
  });
});
