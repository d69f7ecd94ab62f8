/**
 * Upgrading the service under running cases (docs/architecture.md "Changing a machine"). A database
 * is written as a release of version 1 of the anvisning machine wrote it (the frozen definition in
 * machines/anvisning/v1, a referral in every state it can reach), then the current release starts on
 * it: every case moves up once, restores, has a next step for someone while it runs, shows the move
 * in its history, keeps its deadlines by the current policy, and `verify` replays it clean. On PGlite
 * and, with TEST_DATABASE_URL, on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANVISNING_VERSION, statePathOf } from '../../machines/anvisning';
import { BEDOMNING_VERSION, bedomningVersions } from '../../machines/bedomning';
import type { MachineVersions } from '../../machines/shared/versions';
import { migrateRunningCases } from '../../src/aggregates/upgrade-runner';
import { upgradeAssessmentInTx } from '../../src/assessments/assessment-upgrade';
import { verifyAllAssessments } from '../../src/assessments/verify-assessments';
import { verifyAllCases } from '../../src/cases/verify-cases';
import { TestClock } from '../support/test-app';
import { seedUsers } from '../../src/db/demo-users';
import { loadDeadlinePeriods } from '../../src/deadlines/deadline-config';
import { v1ReferralPerState, v1Referrals, writeAsVersion1, type V1Referral } from '../support/anvisning-v1-cases';
import { v1Assessments, writeAssessmentAsVersion1 } from '../support/bedomning-v1-cases';
import { createTestDatabase } from '../support/test-database';
import { personnummerFor, startTestApp, type TestApp } from '../support/test-app';

const UPGRADE_TITLE = `Ärendet flyttades till version ${ANVISNING_VERSION} av rutinen`;
describe('the current release started on a database written by version 1', () => {
  let app: TestApp;
  const referrals = v1ReferralPerState();
  const written: { id: string; referral: V1Referral }[] = [];

  beforeAll(async () => {
    const database = await createTestDatabase();
    await seedUsers(database.prisma, { demo: true });
    for (const referral of referrals) written.push({ id: await writeAsVersion1(database.prisma, referral), referral });
    app = await startTestApp({ database, now: '2026-06-02T09:00:00Z' });
  }, 120_000);
  afterAll(async () => {
    await app.close();
  });

  it('wrote a referral in every state of version 1', () => {
    const states = new Set(referrals.map((referral) => statePathOf(referral.snapshot as never)));
    for (const state of ['forberedelse.samrad_ssbtek', 'forberedelse.samrad_af_planering', 'forberedelse.samrad_klart', 'beslut.kommunicerat', 'inskrivning.missad', 'pagaende.aktiv', 'pagaende.beslut_utgatt', 'avslut.trepartsmote', 'avslut.avslutas', 'avslutad', 'avbruten']) {
      expect(states).toContain(state);
    }
  });

  it('moved every case up once, one MACHINE_UPGRADED by system per version, the last event its move to the current version', async () => {
    const rows = await app.database.prisma.case.findMany({ include: { events: { orderBy: { seq: 'asc' } } } });
    expect(rows).toHaveLength(written.length);
    for (const row of rows) {
      expect(row.machineVersion).toBe(ANVISNING_VERSION);
      const upgrades = row.events.filter((event) => event.type === 'MACHINE_UPGRADED');
      expect(upgrades).toHaveLength(ANVISNING_VERSION - 1);
      upgrades.forEach((upgrade, index) => expect(upgrade).toMatchObject({ actorId: 'system', actorRole: 'system', machineVersion: index + 2, payload: { from: index + 1, to: index + 2 } }));
      expect(row.events.at(-1)!.type).toBe('MACHINE_UPGRADED');
      expect(row.version).toBe(row.events.length);
    }
  });

  it('restores every case, says which version it runs on, and gives every running case a next step for someone', async () => {
    const users = await Promise.all(['anna', 'fatima', 'sven', 'kalle'].map((name) => app.as(name)));
    for (const { id } of written) {
      const views = (await Promise.all(users.map((user) => user.get(`/api/cases/${id}`)))).filter((response) => response.status === 200);
      expect(views.length, id).toBeGreaterThan(0);
      const view = views[0]!.body;
      expect(view.machineVersion).toBe(ANVISNING_VERSION);
      if (view.status === 'active') expect(views.flatMap((response) => response.body.nextSteps), `${id} in ${view.state}`).not.toEqual([]);
    }
  });

  it('shows the move in the history, as a line a person reads', async () => {
    const anna = await app.as('anna');
    const history = await anna.get(`/api/cases/${written[0]!.id}/events`);
    expect(history.status).toBe(200);
    expect(history.body.events.at(-1)).toMatchObject({ type: 'MACHINE_UPGRADED', title: UPGRADE_TITLE });
  });

  it('says in words what the migration had to choose, to the social services and not to KC', async () => {
    const endedForAf = written.find(({ referral }) => referral.snapshot.context.endReason === 'af_insats' && !referral.input.protectedIdentity)!;
    const anna = await app.as('anna');
    const upgrade = (await anna.get(`/api/cases/${endedForAf.id}/events`)).body.events.find((event: { type: string; payload: { to?: number } }) => event.type === 'MACHINE_UPGRADED' && event.payload.to === 2);
    expect(upgrade).toMatchObject({ type: 'MACHINE_UPGRADED', title: 'Ärendet flyttades till version 2 av rutinen' });
    expect(upgrade.payload.notes.join(' ')).toMatch(/Arbetsförmedlingen/);
    expect((await anna.get(`/api/cases/${endedForAf.id}`)).body).toMatchObject({ status: 'avbruten', endReason: 'af_insats' });

    const atKc = written.find(({ referral }) => referral.snapshot.context.uppdrag !== null && !referral.input.protectedIdentity)!;
    const sven = await app.as('sven');
    const seenByKc = (await sven.get(`/api/cases/${atKc.id}/events`)).body.events.at(-1);
    expect(seenByKc).toMatchObject({ type: 'MACHINE_UPGRADED', title: UPGRADE_TITLE });
    expect(seenByKc.payload.notes).toBeUndefined();
  });

  it('moves a missed inskrivning and a closing to version 3’s shape: the socialsekreterare decides on a new time (noted), the closing’s steps in any order', async () => {
    const anna = await app.as('anna');
    // The samordnare reads every referral at KC (version 1 had no assignment).
    const sven = await app.as('sven');
    const isPath = (path: string) => ({ referral }: { referral: V1Referral }) => statePathOf(referral.snapshot as never) === path && !referral.input.protectedIdentity;
    const missed = written.find(isPath('inskrivning.missad'))!;
    const missedView = (await anna.get(`/api/cases/${missed.id}`)).body;
    expect(missedView).toMatchObject({ state: 'inskrivning.missad', status: 'active' });
    expect(missedView.allowedEvents).toEqual(expect.arrayContaining(['INSKRIVNING_NEW_TIME_REQUESTED', 'UPPDRAG_WITHDRAWN']));
    expect((await sven.get(`/api/cases/${missed.id}`)).body.allowedEvents).not.toContain('INSKRIVNING_REBOOKED');
    const toV3 = (await anna.get(`/api/cases/${missed.id}/events`)).body.events.find((event: { type: string; payload: { to?: number } }) => event.type === 'MACHINE_UPGRADED' && event.payload.to === 3);
    expect(toV3.payload.notes.join(' ')).toMatch(/socialsekreteraren först om en ny tid är aktuell/);

    for (const path of ['avslut.trepartsmote', 'avslut.avslutas']) {
      const closing = written.find(isPath(path))!;
      const view = (await sven.get(`/api/cases/${closing.id}`)).body;
      expect(view.state, path).toBe('avslut');
      expect(view.status, path).toBe('active');
      // The closing document is due from the announcement until it exists, whatever the order.
      const due = (await app.database.prisma.deadline.findMany({ where: { caseId: closing.id, kind: 'avslutsdokument', status: { in: ['open', 'overdue'] } } })).length;
      expect(due, path).toBe(closing.referral.snapshot.context.closing?.closingDocumentCreatedOn ? 0 : 1);
    }
  });

  it('shows version 2’s end of an inskrivning (INSKRIVNING_CANCELLED) in a stored history, to the social services and to KC, and refuses it as a new step', async () => {
    const ended = written.find(({ referral }) => referral.events.some((event) => event.type === 'INSKRIVNING_CANCELLED') && !referral.input.protectedIdentity)!;
    for (const username of ['anna', 'sven']) {
      const events = (await (await app.as(username)).get(`/api/cases/${ended.id}/events`)).body.events as { type: string; payload: { reason?: string } }[];
      expect(events.find((event) => event.type === 'INSKRIVNING_CANCELLED'), username).toMatchObject({ payload: { reason: expect.any(String) } });
    }
    expect((await (await app.as('anna')).get(`/api/cases/${ended.id}`)).body).toMatchObject({ status: 'avbruten', endReason: 'ingen_inskrivning' });
    const running = written.find(({ referral }) => statePathOf(referral.snapshot as never) === 'inskrivning.missad' && !referral.input.protectedIdentity)!;
    const refused = await (await app.as('anna')).post(`/api/cases/${running.id}/events`, { type: 'INSKRIVNING_CANCELLED', reason: 'Ingen ny tid.' });
    expect(refused.status).toBe(400);
  });

  it('keeps the deadlines of running cases by the current policy', async () => {
    const running = await app.database.prisma.case.findMany({ where: { state: 'pagaende.aktiv' }, include: { deadlines: true } });
    expect(running.length).toBeGreaterThan(0);
    for (const kase of running) expect(kase.deadlines.map((deadline) => deadline.kind)).toContain('uppfoljning');
  });

  it('replays every history across the versions with no mismatch', async () => {
    const report = await verifyAllCases(app.database.prisma);
    expect(report.casesChecked).toBe(written.length);
    expect(report.mismatches).toEqual([]);
    expect((await verifyAllAssessments(app.database.prisma)).mismatches).toEqual([]);
  });

  it('lets a running insats go on after the upgrade', async () => {
    const running = written.find(({ referral }) => statePathOf(referral.snapshot as never) === 'pagaende.aktiv' && !referral.input.protectedIdentity)!;
    const anna = await app.as('anna');
    const view = await anna.step(running.id, 'FOLLOW_UP_BOOKED', { at: '2026-09-01T10:00:00+02:00' });
    expect(view.state).toBe('pagaende.aktiv');
    expect((await verifyAllCases(app.database.prisma)).mismatches).toEqual([]);
  });

  it('moves nothing the second time', async () => {
    const again = await migrateRunningCases({ prisma: app.database.prisma, clock: new TestClock(), periods: loadDeadlinePeriods() });
    expect(again).toEqual({ dryRun: false, upgraded: [], skipped: 0 });
  });
});

describe('moving cases up while the service runs', () => {
  let app: TestApp;
  const [first, second] = v1Referrals().filter((referral) => statePathOf(referral.snapshot as never) === 'pagaende.aktiv' && !referral.input.protectedIdentity);
  const periods = loadDeadlinePeriods();

  beforeAll(async () => {
    app = await startTestApp({ now: '2026-06-02T09:00:00Z' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('a dry run says what it would do and writes nothing', async () => {
    const id = await writeAsVersion1(app.database.prisma, first!);
    const before = await app.database.prisma.caseEvent.count({ where: { caseId: id } });
    const report = await migrateRunningCases({ prisma: app.database.prisma, clock: app.clock, periods }, { dryRun: true });
    expect(report.dryRun).toBe(true);
    expect(report.upgraded).toEqual([expect.objectContaining({ from: 1, to: ANVISNING_VERSION, stateBefore: 'pagaende.aktiv', stateAfter: 'pagaende.aktiv' })]);
    expect(await app.database.prisma.caseEvent.count({ where: { caseId: id } })).toBe(before);
    expect((await app.database.prisma.case.findUniqueOrThrow({ where: { id } })).machineVersion).toBe(1);
  });

  it('a case an older server wrote moves up in the same transaction as the next step, and If-Match names the version the person saw', async () => {
    const id = await writeAsVersion1(app.database.prisma, second!);
    const anna = await app.as('anna');
    const seen = await anna.get(`/api/cases/${id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.machineVersion).toBe(1);
    const response = await anna.post(`/api/cases/${id}/events`, { type: 'FOLLOW_UP_BOOKED', at: '2026-09-01T10:00:00+02:00' }).set('If-Match', `"${seen.body.version}"`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.machineVersion).toBe(ANVISNING_VERSION);
    // One MACHINE_UPGRADED per version passed, then the step itself.
    expect(response.body.version).toBe(seen.body.version + ANVISNING_VERSION);
    const types = (await anna.get(`/api/cases/${id}/events`)).body.events.map((event: { type: string }) => event.type);
    expect(types.slice(-ANVISNING_VERSION)).toEqual([...Array<string>(ANVISNING_VERSION - 1).fill('MACHINE_UPGRADED'), 'FOLLOW_UP_BOOKED']);
    expect((await verifyAllCases(app.database.prisma)).mismatches).toEqual([]);
  });

  it('two servers migrating together move each case once', async () => {
    const ids = await Promise.all(v1ReferralPerState().slice(0, 12).map((referral) => writeAsVersion1(app.database.prisma, referral)));
    const deps = { prisma: app.database.prisma, clock: app.clock, periods };
    const [one, two] = await Promise.all([migrateRunningCases(deps, { batchSize: 5 }), migrateRunningCases(deps, { batchSize: 5 })]);
    const moved = [...one.upgraded, ...two.upgraded].map((line) => line.reference);
    expect(new Set(moved).size).toBe(moved.length);
    for (const id of ids) {
      expect(await app.database.prisma.caseEvent.count({ where: { caseId: id, type: 'MACHINE_UPGRADED' } })).toBe(ANVISNING_VERSION - 1);
    }
    expect((await verifyAllCases(app.database.prisma)).mismatches).toEqual([]);
  });

  it('a case of a newer version than this release knows is refused with 409 and never written', async () => {
    const anna = await app.as('anna');
    const id = (await anna.createCase({ personnummer: personnummerFor('1990-02-02', 7), name: 'Ny Version' })).body.id as string;
    await app.database.prisma.$executeRaw`UPDATE "Case" SET "machineVersion" = ${ANVISNING_VERSION + 1} WHERE id = ${id}::uuid`;
    const before = await app.database.prisma.case.findUniqueOrThrow({ where: { id } });
    for (const response of [await anna.get(`/api/cases/${id}`), await anna.send(id, 'SSBTEK_INFO_RECORDED')]) {
      expect(response.status).toBe(409);
      expect(response.body.error).toMatchObject({ reason: 'machine_version_newer' });
      expect(response.body.error.message).toContain(`version ${ANVISNING_VERSION + 1}`);
    }
    expect(await app.database.prisma.case.findUniqueOrThrow({ where: { id } })).toEqual(before);
    // The lists still answer: the case shows what its row says, with no step this release could offer.
    const list = await anna.get('/api/cases');
    expect(list.status).toBe(200);
    expect(list.body.cases).toContainEqual(expect.objectContaining({ id, machineVersion: ANVISNING_VERSION + 1, state: before.state, nextSteps: [] }));
    // So does the client's page: the referral is listed, with no uppdragsbeskrivning offered for it.
    const client = await anna.get(`/api/clients/${before.clientId}`);
    expect(client.status).toBe(200);
    expect(client.body.referrals).toEqual([expect.objectContaining({ id, uppdragsbeskrivning: { possible: false, reasons: [expect.objectContaining({ code: 'machine_version_newer' })] } })]);
    expect((await migrateRunningCases({ prisma: app.database.prisma, clock: app.clock, periods })).upgraded).toEqual([]);
  });
});

describe('an assessment below the current bedömning version', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('moves up once with MACHINE_UPGRADED by system, and a release that knows only the older version refuses it with 409', async () => {
    const anna = await app.as('anna');
    const client = (await anna.post('/api/clients', { personnummer: personnummerFor('1979-04-04', 8), name: 'Bedömd Klient' })).body.client.id as string;
    expect((await anna.post(`/api/clients/${client}/assessment/events`, { type: 'INLEDANDE_STARTED', householdRole: 'sokande' })).status).toBe(200);
    const row = await app.database.prisma.assessment.findUniqueOrThrow({ where: { clientId: client } });
    expect(row.machineVersion).toBe(BEDOMNING_VERSION);
    // A next bedömning definition: the same machine as version BEDOMNING_VERSION + 1, reached by a migration that notes itself.
    const current = bedomningVersions.definitions.get(BEDOMNING_VERSION)!;
    const next = BEDOMNING_VERSION + 1;
    const nextVersions = {
      ...bedomningVersions,
      current: next,
      definitions: new Map([...bedomningVersions.definitions, [next, { ...current, version: next }]]),
      migrations: [...bedomningVersions.migrations, { from: BEDOMNING_VERSION, to: next, migrate: (persisted: unknown) => ({ persisted, notes: [{ code: 'test_note' }] }) }],
    } as MachineVersions<unknown, unknown>;

    const upgrade = await app.database.prisma.$transaction((tx) => upgradeAssessmentInTx(tx, row.id, app.clock.now(), nextVersions));
    expect(upgrade).toMatchObject({ from: BEDOMNING_VERSION, to: next, stateBefore: row.state, stateAfter: row.state });
    expect(await app.database.prisma.$transaction((tx) => upgradeAssessmentInTx(tx, row.id, app.clock.now(), nextVersions))).toBeNull();
    const after = await app.database.prisma.assessment.findUniqueOrThrow({ where: { id: row.id }, include: { events: { orderBy: { seq: 'asc' } } } });
    expect(after).toMatchObject({ machineVersion: next, version: row.version + 1 });
    expect(after.events.at(-1)).toMatchObject({ type: 'MACHINE_UPGRADED', actorId: 'system', machineVersion: next, payload: { from: BEDOMNING_VERSION, to: next, notes: [{ code: 'test_note' }] } });

    // This release knows only BEDOMNING_VERSION: it neither shows nor changes the moved assessment.
    const view = await anna.get(`/api/clients/${client}/assessment`);
    expect(view.status).toBe(409);
    expect(view.body.error.reason).toBe('machine_version_newer');
    const step = await anna.post(`/api/clients/${client}/assessment/events`, { type: 'ARBETSPLAN_CREATED' });
    expect(step.status).toBe(409);
    expect(await app.database.prisma.assessment.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ version: row.version + 1 });
  });
});

describe('an assessment written by bedömning version 1', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ now: '2026-06-02T09:00:00Z' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('moves up to version 2 in the same state, says in words what its migration kept, and takes a step of version 2', async () => {
    const prisma = app.database.prisma;
    // A referral still in förberedelse (no decision), and an assessment in its tracks with an uppdragsbeskrivning made for it under version 1.
    const referral = v1ReferralPerState().find((candidate) => statePathOf(candidate.snapshot as never) === 'forberedelse.samrad_ssbtek' && !candidate.input.protectedIdentity)!;
    const caseId = await writeAsVersion1(prisma, referral);
    const { clientId } = await prisma.case.findUniqueOrThrow({ where: { id: caseId } });
    const assessment = v1Assessments()
      .filter(({ snapshot }) => snapshot.value === 'inriktning' && snapshot.context.documents.some((d) => d.kind === 'uppdragsbeskrivning' && d.sentAt === null))
      .sort((a, b) => a.events.length - b.events.length)[0]!;
    const assessmentId = await writeAssessmentAsVersion1(prisma, assessment, clientId, { r1: caseId });
    const before = await prisma.assessment.findUniqueOrThrow({ where: { id: assessmentId } });
    expect(before).toMatchObject({ machineVersion: 1, state: 'inriktning' });

    const report = await migrateRunningCases({ prisma, clock: app.clock, periods: loadDeadlinePeriods() });
    expect(report.upgraded).toContainEqual(expect.objectContaining({ aggregate: 'assessment', from: 1, to: BEDOMNING_VERSION, stateBefore: 'inriktning', stateAfter: 'inriktning' }));
    const after = await prisma.assessment.findUniqueOrThrow({ where: { id: assessmentId }, include: { events: { orderBy: { seq: 'asc' } } } });
    expect(after).toMatchObject({ machineVersion: BEDOMNING_VERSION, state: 'inriktning', version: before.version + 1 });
    expect(after.events.at(-1)).toMatchObject({
      type: 'MACHINE_UPGRADED',
      actorId: 'system',
      machineVersion: 2,
      payload: { from: 1, to: 2, notes: [{ code: 'uppdragsbeskrivning_kept_without_decision_check', count: 1 }] },
    });
    expect((await verifyAllAssessments(prisma)).mismatches).toEqual([]);

    const anna = await app.as('anna');
    const history = await anna.get(`/api/clients/${clientId}/assessment/events`);
    expect(history.status).toBe(200);
    expect(history.body.events.at(-1)).toMatchObject({ type: 'MACHINE_UPGRADED', title: 'Bedömningsstödet flyttades till version 2 av rutinen' });
    expect(history.body.events.at(-1).payload.notes).toEqual([expect.stringContaining('En uppdragsbeskrivning som inte har skickats står kvar som de var')]);

    // The kept uppdragsbeskrivning is still the referral's; the referral has no decision, so no other could be made for it either.
    const client = await anna.get(`/api/clients/${clientId}`);
    expect(client.body.assessment.documents).toContainEqual(expect.objectContaining({ kind: 'uppdragsbeskrivning', caseId, sentAt: null }));
    expect(client.body.referrals).toEqual([expect.objectContaining({ id: caseId, uppdragsbeskrivning: { possible: false, reasons: [expect.objectContaining({ code: 'uppdragsbeskrivning_exists' })] } })]);

    // Version 2 lets a new initial part start mid-cycle with a reason, as version 1 did, on the moved assessment.
    const step = await anna.post(`/api/clients/${clientId}/assessment/events`, { type: 'INLEDANDE_STARTED', householdRole: 'sokande', reason: 'Omprövning.' });
    expect(step.status, JSON.stringify(step.body)).toBe(200);
    expect(step.body).toMatchObject({ state: 'inledande', cycle: 2 });
    expect((await verifyAllAssessments(prisma)).mismatches).toEqual([]);
  });
});
