/**
 * Gallring on the real test database (docs/gallring.md): persons written through the API in 2019 and 2023, then
 * gallring as of mid-2025 (five years after 2020): a dry run deletes nothing and lists exactly those due; the run
 * deletes exactly them, table by table, and keeps a running referral, an assessment in progress and the exceptions;
 * access-log rows past their own period go; the history stays append-only for everything else; `verify` is clean;
 * a second run deletes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANVISNING_VERSION } from '../../machines/anvisning';
import { verifyAllAssessments } from '../../src/assessments/verify-assessments';
import { verifyAllCases } from '../../src/cases/verify-cases';
import type { PrismaClient } from '../../src/db/database';
import { runGallring, type GallringReport } from '../../src/gallring/gallring';
import { loadGallringConfig, type GallringConfig } from '../../src/gallring/gallring-config';
import { gallringLines } from '../../src/gallring/gallring-report';
import { PERSON_RECORDS } from '../../src/gallring/person-records';
import { samplePayloads } from '../support/anvisning-payloads';
import { personnummerFor, startTestApp, type TestApp, type UserSession } from '../support/test-app';

let app: TestApp;
let prisma: PrismaClient;
let serial = 0;
const NAME = 'Gallrad Personsson';
const usedPersonnummer: string[] = [];

/** The people of the test: who they are decides what gallring must do with them. */
const person = {
  /** A whole referral and a whole cycle of the bedömningsstöd, finished in 2019: deleted. */
  finished: '',
  /** Only registered, in 2019: deleted. */
  registeredOnly: '',
  /** A referral withdrawn in 2023: inside the period, untouched. */
  recent: '',
  /** A referral started in 2019 and still running: kept. */
  runningReferral: '',
  /** An initial part started in 2019 and never finished: kept. */
  assessmentInProgress: '',
  /** Born on the 15th (the research sample), referral withdrawn in 2019: kept. */
  bornOnThe15th: '',
  /** Named in the exceptions, referral withdrawn in 2019: kept. */
  namedException: '',
};
let finishedCaseId = '';

const ASSESSMENT_EVENTS = (clientId: string) => `/api/clients/${clientId}/assessment/events`;

async function register(anna: UserSession, birthDate = '1979-03-02') {
  const personnummer = personnummerFor(birthDate, (serial += 1));
  usedPersonnummer.push(personnummer, personnummer.replace('-', ''));
  const response = await anna.post('/api/clients', { personnummer, name: NAME });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return { id: response.body.client.id as string, personnummer };
}

async function assessmentStep(user: UserSession, clientId: string, body: { type: string } & Record<string, unknown>) {
  const response = await user.post(ASSESSMENT_EVENTS(clientId), body);
  expect(response.status, `${body.type}: ${JSON.stringify(response.body)}`).toBe(200);
  return response.body as { questionnaires: { id: string; kind: string; status: string }[]; documents: { id: string; kind: string }[]; state: string };
}

async function referralWithdrawn(anna: UserSession, personnummer: string) {
  const created = await anna.createCase({ personnummer, name: NAME });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  await anna.step(created.body.id, 'REFERRAL_WITHDRAWN');
  return created.body.id as string;
}

/** The initial part, a track, an arbetsplan, a referral with its uppdragsbeskrivning, an insats closed självförsörjande. */
async function wholeCycle(app: TestApp, clientId: string, personnummer: string) {
  const anna = await app.as('anna');
  const kalle = await app.as('kalle');
  let view = await assessmentStep(anna, clientId, { type: 'INLEDANDE_STARTED', householdRole: 'sokande' });
  const initial = view.questionnaires.find((q) => q.kind === 'inledande')!;
  await assessmentStep(anna, clientId, {
    type: 'QUESTIONNAIRE_SAVED',
    questionnaireId: initial.id,
    answers: {
      mal: { text: 'Arbete inom lager.' },
      hinder: { text: 'Saknar truckkort.' },
      forvantningar: { text: 'Utbildning.' },
      planering: { text: 'Truckutbildning i vår.' },
      halsa: { value: 4 },
      arbetsformaga: { value: 4 },
      energiMotivation: { value: 4 },
      kommunikation: { value: 4 },
    },
  });
  await assessmentStep(anna, clientId, { type: 'INLEDANDE_COMPLETED', questionnaireId: initial.id });
  view = await assessmentStep(anna, clientId, { type: 'INRIKTNING_CHOSEN', tracks: ['arbetsmarknad'] });
  const market = view.questionnaires.find((q) => q.kind === 'arbetsmarknad' && q.status === 'pagaende')!;
  await assessmentStep(anna, clientId, {
    type: 'QUESTIONNAIRE_SAVED',
    questionnaireId: market.id,
    answers: {
      halsa: { text: 'Inga hinder.' },
      arbetslivserfarenhet: { text: 'Lager i fem år.' },
      utbildning: { text: 'Gymnasiet.' },
      kommunikationsformaga: { text: 'God.' },
      behovAvInsats: { text: 'Stöd att söka arbete.' },
    },
  });
  await assessmentStep(anna, clientId, { type: 'TRACK_COMPLETED', questionnaireId: market.id });
  await assessmentStep(anna, clientId, { type: 'ARBETSPLAN_CREATED', importFrom: initial.id });

  const created = await anna.createCase({ personnummer, name: NAME });
  const caseId = created.body.id as string;
  // One step sent with an Idempotency-Key: its record belongs to the person too.
  const keyed = await anna.post(`/api/cases/${caseId}/events`, { type: 'SSBTEK_INFO_RECORDED', ...samplePayloads.SSBTEK_INFO_RECORDED }).set('Idempotency-Key', `gallring-${caseId}`);
  expect(keyed.status, JSON.stringify(keyed.body)).toBe(200);
  // Dated on the test clock's day, in 2019 (docs/process.md "Plausible dates": nothing done in the future, meetings booked ahead).
  const today = app.clock.now().toISOString().slice(0, 10);
  const laterToday = `${today}T16:00:00+01:00`;
  const dated: Record<string, object> = { AF_NOTIFIED: { sentOn: today }, DECISION_MADE: { decisionDate: today, validFrom: today }, DECISION_COMMUNICATED: { on: today } };
  for (const type of ['AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED', 'DECISION_MADE', 'DECISION_COMMUNICATED'] as const) await anna.step(caseId, type, dated[type] ?? {});
  view = await assessmentStep(anna, clientId, { type: 'UPPDRAGSBESKRIVNING_CREATED', caseId, importFrom: market.id });
  const uppdragId = view.documents.find((d) => d.kind === 'uppdragsbeskrivning')!.id;
  const uppdrag = await anna.get(`/api/clients/${clientId}/uppdragsbeskrivningar/${uppdragId}`);
  await assessmentStep(anna, clientId, { type: 'UPPDRAGSBESKRIVNING_REVISED', documentId: uppdragId, content: { ...uppdrag.body.current, egenBedomning: 'Redo för arbetsträning.' } });
  await anna.step(caseId, 'UPPDRAG_SENT');
  await (await app.as('sven')).step(caseId, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
  await anna.step(caseId, 'INSKRIVNING_BOOKED', { at: laterToday });
  // The invitation is a Notification row and, without SMTP, an outbox message with the case's link.
  await anna.post('/api/dev/scheduler/run');
  await kalle.step(caseId, 'INSKRIVNING_HELD', { firstFollowUpAt: laterToday });
  await kalle.step(caseId, 'GENOMFORANDEPLAN_ESTABLISHED');
  await kalle.step(caseId, 'CLOSING_ANNOUNCED', { reason: 'arbete', selfSufficient: true });
  await kalle.step(caseId, 'CLOSING_DOCUMENT_CREATED');
  await anna.step(caseId, 'INSATS_CLOSED');
  const closed = await kalle.step(caseId, 'GWA_CLOSED');
  expect(closed.status).toBe('avslutad');
  // The scheduler runs every minute: what the last steps queued is sent the same day.
  await anna.post('/api/dev/scheduler/run');
  expect(await app.database.prisma.notification.count({ where: { caseId, status: 'pending' } })).toBe(0);
  const assessment = await anna.get(`/api/clients/${clientId}/assessment`);
  expect(assessment.body.state).toBe('redo_for_inledande');
  return caseId;
}

/**
 * The person's rows per table, counted here from the relations (not with gallring's own queries), so the test
 * checks gallring's list of tables instead of repeating it.
 */
async function rowsOf(clientId: string): Promise<Record<string, number>> {
  const cases = (await prisma.case.findMany({ where: { clientId }, select: { id: true } })).map((c) => c.id);
  const assessments = (await prisma.assessment.findMany({ where: { clientId }, select: { id: true } })).map((a) => a.id);
  const documents = (await prisma.assessmentDocument.findMany({ where: { OR: [{ assessmentId: { in: assessments } }, { caseId: { in: cases } }] }, select: { id: true } })).map((d) => d.id);
  const outbox = await prisma.outboxMessage.findMany({ select: { text: true } });
  return {
    Notification: await prisma.notification.count({ where: { caseId: { in: cases } } }),
    Deadline: await prisma.deadline.count({ where: { caseId: { in: cases } } }),
    IdempotencyRecord: await prisma.idempotencyRecord.count({ where: { OR: [{ caseId: { in: cases } }, { assessmentId: { in: assessments } }] } }),
    OutboxMessage: outbox.filter((message) => cases.some((id) => message.text.includes(`/arenden/${id}`))).length,
    AssessmentDocumentVersion: await prisma.assessmentDocumentVersion.count({ where: { documentId: { in: documents } } }),
    AssessmentDocument: documents.length,
    Questionnaire: await prisma.questionnaire.count({ where: { assessmentId: { in: assessments } } }),
    AssessmentEvent: await prisma.assessmentEvent.count({ where: { assessmentId: { in: assessments } } }),
    Assessment: assessments.length,
    ReferralStatistics: await prisma.referralStatistics.count({ where: { caseId: { in: cases } } }),
    CaseEvent: await prisma.caseEvent.count({ where: { caseId: { in: cases } } }),
    Case: cases.length,
    ClientEvent: await prisma.clientEvent.count({ where: { clientId } }),
    Client: await prisma.client.count({ where: { id: clientId } }),
  };
}

async function tableCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of [...PERSON_RECORDS.map((entry) => entry.table), 'QuestionnaireTemplate', 'User']) {
    const [{ count }] = await prisma.$queryRawUnsafe<[{ count: bigint }]>(`SELECT count(*) AS count FROM "${table}"`);
    counts[table] = Number(count);
  }
  return counts;
}

const sum = (...counts: Record<string, number>[]) => {
  const total: Record<string, number> = {};
  for (const count of counts) for (const [table, n] of Object.entries(count)) total[table] = (total[table] ?? 0) + n;
  return total;
};

/** As of 1 June 2025: the period (five years) reaches back to 1 June 2020. */
const AS_OF = '2025-06-01T08:00:00Z';
/** The access log's own period (24 months by default) counts back from the earlier of the run's clock and the wall clock. */
const OLD_LOG_ROW = new Date('2021-01-10T10:00:00Z');
const NEWER_LOG_ROW = new Date('2024-01-10T10:00:00Z');
let config: GallringConfig;
const logRowIds: { old: bigint; newer: bigint } = { old: 0n, newer: 0n };

beforeAll(async () => {
  app = await startTestApp({ now: '2019-03-04T08:00:00Z' });
  prisma = app.database.prisma;
  const anna = await app.as('anna');

  const finished = await register(anna);
  person.finished = finished.id;
  finishedCaseId = await wholeCycle(app, finished.id, finished.personnummer);
  person.registeredOnly = (await register(anna)).id;

  const running = await register(anna);
  person.runningReferral = running.id;
  const runningCase = await anna.createCase({ personnummer: running.personnummer, name: NAME });
  await anna.step(runningCase.body.id, 'SSBTEK_INFO_RECORDED');

  person.assessmentInProgress = (await register(anna)).id;
  await assessmentStep(anna, person.assessmentInProgress, { type: 'INLEDANDE_STARTED', householdRole: 'sokande' });

  const born15 = await register(anna, '1979-03-15');
  person.bornOnThe15th = born15.id;
  await referralWithdrawn(anna, born15.personnummer);
  const named = await register(anna);
  person.namedException = named.id;
  await referralWithdrawn(anna, named.personnummer);

  app.clock.set('2023-06-01T08:00:00Z');
  const recent = await register(anna);
  person.recent = recent.id;
  await referralWithdrawn(anna, recent.personnummer);

  // A release that moves the finished referral to a newer machine definition in 2024 is the service's entry, not
  // one in the person's records: it must not start the period again.
  const last = await prisma.caseEvent.findFirstOrThrow({ where: { caseId: finishedCaseId }, orderBy: { seq: 'desc' } });
  await prisma.caseEvent.create({
    data: { caseId: finishedCaseId, seq: last.seq + 1, type: 'MACHINE_UPGRADED', payload: { from: ANVISNING_VERSION, to: ANVISNING_VERSION, notes: [] }, actorId: 'system', actorRole: 'system', occurredAt: new Date('2024-09-01T02:00:00Z'), machineVersion: ANVISNING_VERSION },
  });

  // Two access-log rows about the finished person: one past the log's period, one within it.
  for (const [which, at] of [['old', OLD_LOG_ROW], ['newer', NEWER_LOG_ROW]] as const) {
    const row = await prisma.accessLog.create({ data: { at, userId: 'anna', role: 'socialsekreterare', action: 'read', resource: 'case', caseIds: [finishedCaseId], clientIds: [person.finished], method: 'GET', route: '/api/cases/:id', status: 200 } });
    logRowIds[which] = row.id;
  }

  config = loadGallringConfig({ GALLRING_EXCEPTION_CLIENT_IDS: person.namedException });
  app.clock.set(AS_OF);
  // A whole referral and a whole cycle of the bedömningsstöd through the API: longer than the default hook timeout on a busy machine.
}, 600_000);

afterAll(async () => {
  await app.close();
});

const deps = () => ({ prisma, clock: app.clock, config });
const dueIds = (report: GallringReport) => report.persons.map((p) => p.clientId).sort();
let dryRun: GallringReport;
let expectedDeletion: Record<string, number>;

describe('gallring', () => {
  it('the scheduler runs no gallring unless it is turned on', async () => {
    await app.stegvis.scheduler.sweepOnce();
    expect(await prisma.gallringRun.count()).toBe(0);
    expect(await prisma.client.count({ where: { id: person.registeredOnly } })).toBe(1);
  });

  it('[gallring.five-years-after-last-entry] a dry run lists exactly the persons past the period, with why and by when, and deletes nothing', async () => {
    const before = await tableCounts();
    const finishedRows = await rowsOf(person.finished);
    // The finished person has something in every table gallring knows of.
    for (const [table, count] of Object.entries(finishedRows)) expect(count, table).toBeGreaterThan(0);

    dryRun = (await runGallring(deps(), { dryRun: true, trigger: 'cli' }))!;
    expect(dueIds(dryRun)).toEqual([person.finished, person.registeredOnly].sort());
    expect(dryRun.kept.map(({ clientId, reason }) => ({ clientId, reason })).sort((a, b) => a.reason.localeCompare(b.reason))).toEqual([
      { clientId: person.assessmentInProgress, reason: 'active_assessment' },
      { clientId: person.runningReferral, reason: 'active_referral' },
      { clientId: person.bornOnThe15th, reason: 'exception_birth_day' },
      { clientId: person.namedException, reason: 'exception_client' },
    ]);
    // The last entry of 2019 (the machine upgrade of 2024 does not count): the period ended in 2024, to be done by the end of 2025.
    const finished = dryRun.persons.find((p) => p.clientId === person.finished)!;
    expect(finished).toMatchObject({ lastEntry: '2019-03-04', periodEnded: '2024-03-04', deadline: '2025-12-31' });
    expect(finished.rows).toEqual(finishedRows);
    expect(dryRun.persons.find((p) => p.clientId === person.registeredOnly)!.rows).toMatchObject({ Client: 1, Case: 0, Assessment: 0 });
    expect(dryRun.rows.AccessLog).toBe(1);

    // Nothing deleted.
    expect(await tableCounts()).toEqual(before);
    expect(await prisma.accessLog.count({ where: { id: { in: [logRowIds.old, logRowIds.newer] } } })).toBe(2);

    // What the command prints names clients by id only: never a name or a personnummer.
    const printed = gallringLines(dryRun, config).join('\n');
    expect(printed).toContain(`client ${person.finished}: last entry more than 5 years ago (2019-03-04; period ended 2024-03-04, to be deleted by 2025-12-31): would delete`);
    expect(printed).toContain(`client ${person.runningReferral}: period passed (last entry 2019-03-04) but kept: an active referral`);
    expect(printed).toContain('gallring: would delete 2 persons and 1 access-log rows older than 24 months; 4 past the period kept (dry run: nothing deleted)');
    for (const secret of [NAME, ...usedPersonnummer]) expect(printed).not.toContain(secret);

    expectedDeletion = sum(finishedRows, await rowsOf(person.registeredOnly));
  });

  it('[gallring.never-while-active] [gallring.research-exceptions] [gallring.access-log-own-period] the run deletes exactly those persons, table by table, and access-log rows past their own period', async () => {
    const before = await tableCounts();
    const keptBefore = await Promise.all([person.recent, person.runningReferral, person.assessmentInProgress, person.bornOnThe15th, person.namedException].map(rowsOf));

    const report = (await runGallring(deps(), { dryRun: false, trigger: 'cli' }))!;
    expect(dueIds(report)).toEqual(dueIds(dryRun));
    expect(report.persons.every((p) => !p.skipped)).toBe(true);

    const after = await tableCounts();
    for (const table of Object.keys(before)) expect(after[table], table).toBe(before[table]! - (expectedDeletion[table] ?? 0));
    expect(await rowsOf(person.finished)).toEqual(Object.fromEntries(Object.keys(expectedDeletion).map((table) => [table, 0])));
    expect(await rowsOf(person.registeredOnly)).toMatchObject({ Client: 0 });
    // Everyone else exactly as before.
    expect(await Promise.all([person.recent, person.runningReferral, person.assessmentInProgress, person.bornOnThe15th, person.namedException].map(rowsOf))).toEqual(keptBefore);
    const { AccessLog, ...personRows } = report.rows;
    expect(personRows).toEqual(expectedDeletion);
    expect(AccessLog).toBe(1);

    // The access log: the row past its period is gone, the one within it is kept (it outlives the person, for its own period).
    expect((await prisma.accessLog.findMany({ where: { id: { in: [logRowIds.old, logRowIds.newer] } }, select: { id: true } })).map((row) => row.id)).toEqual([logRowIds.newer]);
    // Every case and assessment left still replays to its snapshot.
    const cases = await verifyAllCases(prisma);
    expect(cases.mismatches).toEqual([]);
    expect(cases.casesChecked).toBe(4);
    const assessments = await verifyAllAssessments(prisma);
    expect(assessments.mismatches).toEqual([]);
    expect(assessments.assessmentsChecked).toBe(1);
  });

  it('a second run deletes nothing', async () => {
    const before = await tableCounts();
    const report = (await runGallring(deps(), { dryRun: false, trigger: 'cli' }))!;
    expect(report.persons).toEqual([]);
    expect(report.kept).toHaveLength(4);
    expect(report.rows).toEqual({ AccessLog: 0 });
    expect(await tableCounts()).toEqual(before);
  });

  it('each run is recorded: when, the rule, persons and rows per table, dry or not, and no personal data', async () => {
    const runs = await prisma.gallringRun.findMany({ orderBy: { id: 'asc' } });
    expect(runs.map((run) => [run.dryRun, run.persons, run.trigger])).toEqual([
      [true, 2, 'cli'],
      [false, 2, 'cli'],
      [false, 0, 'cli'],
    ]);
    expect(runs[1]).toMatchObject({
      asOf: new Date(AS_OF),
      finishedAt: expect.any(Date),
      rule: { retentionYears: 5, lastEntry: ['klient', 'arende', 'bedomning', 'dokument', 'formular', 'utskick', 'klientuppgifter'], exceptionBirthDays: [5, 15, 25], exceptionClients: 1, accessLogRetentionMonths: 24 },
      rows: { ...expectedDeletion, AccessLog: 1 },
      kept: { active_referral: 1, active_assessment: 1, exception_birth_day: 1, exception_client: 1 },
    });
    const recorded = JSON.stringify(runs, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value));
    for (const secret of [NAME, ...usedPersonnummer, ...Object.values(person)]) expect(recorded).not.toContain(secret);
  });

  it('[gallring.only-gallring-deletes-history] the history stays append-only: an ordinary DELETE or UPDATE is refused, and gallring’s setting allows no UPDATE', async () => {
    const running = await prisma.case.findFirstOrThrow({ where: { clientId: person.runningReferral }, select: { id: true } });
    await expect(prisma.$executeRaw`DELETE FROM "CaseEvent" WHERE "caseId" = ${running.id}::uuid`).rejects.toThrow(/append-only/);
    await expect(prisma.$executeRaw`DELETE FROM "AccessLog" WHERE "id" = ${logRowIds.newer}`).rejects.toThrow(/append-only/);
    await expect(prisma.$executeRaw`UPDATE "AssessmentEvent" SET "type" = 'X'`).rejects.toThrow(/append-only/);
    await expect(
      prisma.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT set_config('stegvis.gallring', 'on', true)`;
        await tx.$executeRaw`UPDATE "CaseEvent" SET "type" = 'X' WHERE "caseId" = ${running.id}::uuid`;
      }),
    ).rejects.toThrow(/append-only/);
    // The setting is the transaction's own: the next one is guarded again.
    await expect(prisma.$executeRaw`DELETE FROM "CaseEvent" WHERE "caseId" = ${running.id}::uuid`).rejects.toThrow(/append-only/);
    expect(await prisma.caseEvent.count({ where: { caseId: running.id } })).toBe(2);
  });

  it('knows every table with a path to the client, and deletes each before the tables it refers to', async () => {
    const foreignKeys = await prisma.$queryRaw<{ child: string; parent: string }[]>`
      SELECT child.relname AS child, parent.relname AS parent
      FROM pg_constraint c JOIN pg_class child ON child.oid = c.conrelid JOIN pg_class parent ON parent.oid = c.confrelid
      WHERE c.contype = 'f' AND child.relnamespace = 'public'::regnamespace`;
    const listed = PERSON_RECORDS.map((entry) => entry.table as string);
    // Every table that refers, directly or through others, to Client.
    const reaching = new Set(['Client']);
    for (let grew = true; grew; ) {
      grew = false;
      for (const { child, parent } of foreignKeys) {
        if (reaching.has(parent) && !reaching.has(child)) {
          reaching.add(child);
          grew = true;
        }
      }
    }
    expect([...reaching].filter((table) => !listed.includes(table))).toEqual([]);
    for (const { child, parent } of foreignKeys) {
      if (listed.includes(child) && listed.includes(parent)) expect(listed.indexOf(child), `${child} before ${parent}`).toBeLessThan(listed.indexOf(parent));
    }
  });
});

describe('gallring from the scheduler', () => {
  let scheduled: TestApp;
  afterAll(async () => {
    await scheduled?.close();
  });

  it('runs at most once a day when GALLRING_SCHEDULED=on', async () => {
    scheduled = await startTestApp({ now: '2019-05-06T08:00:00Z', env: { GALLRING_SCHEDULED: 'on' } });
    const anna = await scheduled.as('anna');
    const client = await register(anna);
    const db = scheduled.database.prisma;

    scheduled.clock.set('2025-05-06T08:00:00Z');
    await scheduled.stegvis.scheduler.sweepOnce();
    expect(await db.client.count({ where: { id: client.id } })).toBe(0);
    const first = await db.gallringRun.findMany();
    expect(first).toMatchObject([{ trigger: 'scheduler', dryRun: false, persons: 1, scheduledDay: new Date('2025-05-06T00:00:00Z') }]);

    // The same day, again: nothing more; a client registered now is years from its period anyway.
    await scheduled.stegvis.scheduler.sweepOnce();
    expect(await db.gallringRun.count()).toBe(1);

    scheduled.clock.set('2025-05-07T08:00:00Z');
    await scheduled.stegvis.scheduler.sweepOnce();
    expect((await db.gallringRun.findMany({ orderBy: { id: 'asc' } })).map((run) => run.persons)).toEqual([1, 0]);
    // The log says what each run did, in counts: no client id, name or personnummer.
    const runsLogged = scheduled.logLines.filter((line) => line.includes('"event":"gallring"'));
    expect(runsLogged).toHaveLength(2);
    expect(runsLogged[0]).toContain('"persons":1');
    for (const secret of [client.id, client.personnummer, client.personnummer.replace('-', ''), NAME]) expect(scheduled.logLines.join('\n')).not.toContain(secret);
  }, 120_000);
});

describe('gallring configuration', () => {
  it('has the documented defaults and refuses what it cannot read', () => {
    expect(loadGallringConfig({})).toEqual({
      retentionYears: 5,
      lastEntryKinds: ['arende', 'bedomning', 'dokument', 'formular', 'utskick', 'klientuppgifter'],
      exceptionBirthDays: [5, 15, 25],
      exceptionClientIds: [],
      accessLogRetentionMonths: 24,
      scheduled: false,
    });
    expect(loadGallringConfig({ GALLRING_EXCEPTION_BIRTH_DAYS: 'none', GALLRING_LAST_ENTRY: 'arende, dokument', GALLRING_RETENTION_YEARS: '10' })).toMatchObject({
      exceptionBirthDays: [],
      lastEntryKinds: ['arende', 'dokument'],
      retentionYears: 10,
    });
    expect(() => loadGallringConfig({ GALLRING_EXCEPTION_BIRTH_DAYS: '5,32' })).toThrow(/GALLRING_EXCEPTION_BIRTH_DAYS/);
    expect(() => loadGallringConfig({ GALLRING_LAST_ENTRY: 'arende,brev' })).toThrow(/GALLRING_LAST_ENTRY/);
    expect(() => loadGallringConfig({ GALLRING_EXCEPTION_CLIENT_IDS: '19790315-1234' })).toThrow(/GALLRING_EXCEPTION_CLIENT_IDS/);
    expect(() => loadGallringConfig({ GALLRING_RETENTION_YEARS: '0' })).toThrow(/GALLRING_RETENTION_YEARS/);
    expect(() => loadGallringConfig({ GALLRING_SCHEDULED: 'yes' })).toThrow(/GALLRING_SCHEDULED/);
  });
});
