/**
 * The bedömningsstöd through the HTTP API, as a socialsekreterare works it with
 * a client over two cycles: initial part, both tracks, an arbetsplan imported
 * from the initial part, a referral with an uppdragsbeskrivning imported from a
 * track, an insats closed without självförsörjning, the follow-up that opens by
 * itself, a second initial part and the progression between the two.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAllAssessments } from '../../src/assessments/verify-assessments';
import { verifyAllCases } from '../../src/cases/verify-cases';
import type { Prisma } from '../../src/db/database';
import { processMessages } from '../../src/texts/process-messages';
import { personnummerFor, startTestApp, type TestApp, type UserSession } from '../support/test-app';

let app: TestApp;
let serial = 0;
const CLIENT_NAME = 'Bedömd Klientsson';
/** Written only into a skattning comment: it must never appear outside that questionnaire. */
const SKATTNING_SECRET = 'SKATTNINGSKOMMENTAR-ryggen-värker-varje-morgon';
const usedPersonnummer: string[] = [];

beforeAll(async () => {
  app = await startTestApp();
});

afterAll(async () => {
  const assessments = await verifyAllAssessments(app.database.prisma);
  expect(assessments.mismatches).toEqual([]);
  expect(assessments.assessmentsChecked).toBeGreaterThanOrEqual(3);
  expect((await verifyAllCases(app.database.prisma)).mismatches).toEqual([]);
  const logs = app.logLines.join('\n');
  for (const secret of [...usedPersonnummer, CLIENT_NAME, SKATTNING_SECRET]) expect(logs).not.toContain(secret);
  await app.close();
});

interface AssessmentView {
  id: string;
  version: number;
  state: string;
  cycle: number;
  allowedEvents: string[];
  nextSteps: { type: string; requires: string[]; conditional?: string[]; questionnaireIds?: string[] }[];
  indication: { tracks: string[]; reasons: { code: string; text: string }[]; assumption: { thresholds: { low: number; high: number }; text: string } } | null;
  choice: { tracks: string[]; followsIndication: boolean; reasonAgainstIndication: string | null } | null;
  questionnaires: { id: string; kind: string; status: string; cycle: number; completedAt: string | null }[];
  documents: { id: string; kind: string; caseId: string | null; currentVersion: number; sentAt: string | null }[];
}

async function registerClient(options: { protectedIdentity?: boolean } = {}) {
  const personnummer = personnummerFor('1979-03-02', (serial += 1));
  usedPersonnummer.push(personnummer, personnummer.replace('-', ''));
  const anna = await app.as('anna');
  const response = await anna.post('/api/clients', { personnummer, name: CLIENT_NAME, ...options });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return { id: response.body.client.id as string, personnummer };
}

function sendStep(user: UserSession, clientId: string, body: object) {
  return user.post(`/api/clients/${clientId}/assessment/events`, body);
}

async function step(user: UserSession, clientId: string, body: { type: string } & Record<string, unknown>): Promise<AssessmentView> {
  const response = await sendStep(user, clientId, body);
  expect(response.status, `${body.type}: ${JSON.stringify(response.body)}`).toBe(200);
  return response.body as AssessmentView;
}

const open = (view: AssessmentView, kind: string) => view.questionnaires.find((q) => q.kind === kind && q.status === 'pagaende')!;
const scale = (value: number, comment?: string) => ({ value, ...(comment ? { comment } : {}) });

async function completeInitialPart(anna: UserSession, clientId: string, scores: { halsa: number; arbetsformaga: number; energiMotivation: number; kommunikation: number }, extra: Record<string, unknown> = {}) {
  let view = await step(anna, clientId, { type: 'INLEDANDE_STARTED', householdRole: 'sokande', ...extra });
  const questionnaire = open(view, 'inledande');
  view = await step(anna, clientId, {
    type: 'QUESTIONNAIRE_SAVED',
    questionnaireId: questionnaire.id,
    answers: {
      mal: { text: 'Arbete inom lager inom ett år.' },
      hinder: { text: 'Saknar truckkort.' },
      forvantningar: { text: 'Behöver en utbildning och stöd att söka.' },
      planering: { text: 'Anmälan till truckutbildning i vår.' },
      halsa: scale(scores.halsa, 'Ont i knät ibland.'),
      arbetsformaga: scale(scores.arbetsformaga),
      energiMotivation: scale(scores.energiMotivation),
      kommunikation: scale(scores.kommunikation),
      kannedomArbetsmarknad: scale(2),
    },
  });
  return { view: await step(anna, clientId, { type: 'INLEDANDE_COMPLETED', questionnaireId: questionnaire.id }), questionnaireId: questionnaire.id };
}

async function referralToDecision(anna: UserSession, personnummer: string) {
  const created = await anna.createCase({ personnummer, name: CLIENT_NAME });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const caseId = created.body.id as string;
  for (const type of ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED', 'DECISION_MADE', 'DECISION_COMMUNICATED'] as const) {
    await anna.step(caseId, type);
  }
  return caseId;
}

/** The uppdrag goes to KC, and KC's samordnare assigns kalle (a consultant sees only the referrals assigned to her). */
async function sendUppdragToKalle(anna: UserSession, caseId: string) {
  await anna.step(caseId, 'UPPDRAG_SENT');
  await (await app.as('sven')).step(caseId, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
}

/** Later today on the test clock: meetings are booked ahead and held on their day (docs/process.md "Plausible dates"). */
function laterToday() {
  const today = app.clock.now().toISOString().slice(0, 10);
  return { today, at: `${today}T16:00:00+01:00` };
}

async function closeWithoutSelfSufficiency(anna: UserSession, kalle: UserSession, caseId: string) {
  const { today, at } = laterToday();
  await anna.step(caseId, 'INSKRIVNING_BOOKED', { at });
  await kalle.step(caseId, 'INSKRIVNING_HELD', { firstFollowUpAt: at });
  await kalle.step(caseId, 'GENOMFORANDEPLAN_ESTABLISHED');
  await kalle.step(caseId, 'CLOSING_ANNOUNCED', { reason: 'ohalsa', selfSufficient: false });
  await kalle.step(caseId, 'THREE_PARTY_MEETING_BOOKED', { at });
  await anna.step(caseId, 'THREE_PARTY_MEETING_HELD', { on: today });
  await kalle.step(caseId, 'CLOSING_DOCUMENT_CREATED');
  await anna.step(caseId, 'INSATS_CLOSED');
  return kalle.step(caseId, 'GWA_CLOSED');
}

describe('a whole cycle of the bedömningsstöd, and the next one', () => {
  it('goes from the initial part through both tracks, an insats and the follow-up to a progression report', async () => {
    const anna = await app.as('anna');
    const kalle = await app.as('kalle');
    const client = await registerClient();
    // The same personnummer again is the same client.
    const again = await anna.post('/api/clients', { personnummer: client.personnummer, name: CLIENT_NAME });
    expect(again.status).toBe(200);
    expect(again.body.client.id).toBe(client.id);

    // Initial part: partial saves (no scale question is needed to complete it: see "version 2" below).
    let view = await step(anna, client.id, { type: 'INLEDANDE_STARTED', householdRole: 'sokande' });
    expect(view).toMatchObject({ state: 'inledande', cycle: 1, version: 2 }); // the creation event, then the first step
    const initial = open(view, 'inledande');
    await step(anna, client.id, { type: 'QUESTIONNAIRE_SAVED', questionnaireId: initial.id, answers: { mal: { text: 'Arbete inom lager.' }, halsa: scale(3) } });
    // A later save adds to the first one; a changed answer replaces only what was sent.
    await step(anna, client.id, {
      type: 'QUESTIONNAIRE_SAVED',
      questionnaireId: initial.id,
      answers: {
        hinder: { text: 'Saknar truckkort.' },
        forvantningar: { text: 'Behöver utbildning.' },
        planering: { text: 'Truckutbildning i vår.' },
        halsa: { comment: 'Ont i knät ibland.' },
        arbetsformaga: scale(4),
        energiMotivation: scale(4),
        kommunikation: scale(2, 'Talar lite svenska.'),
        egenKompetens: scale(2),
        planSjalvforsorjning: scale(1),
      },
    });
    const saved = await anna.get(`/api/clients/${client.id}/questionnaires/${initial.id}`);
    expect(saved.body.answers).toMatchObject({ mal: { text: 'Arbete inom lager.' }, halsa: { value: 3, comment: 'Ont i knät ibland.' } });
    expect(saved.body.template).toMatchObject({ key: 'inledande', version: 1 });
    const badAnswer = await sendStep(anna, client.id, { type: 'QUESTIONNAIRE_SAVED', questionnaireId: initial.id, answers: { halsa: { text: 'bra' }, okand: { text: 'x' } } });
    expect(badAnswer.status).toBe(400);
    expect(badAnswer.body.error.details.map((d: { path: string }) => d.path)).toEqual(['answers.halsa', 'answers.okand']);

    // The indication, with its reasons: hälsa 3 → unsure → both; kommunikation 2 → språkinsatser.
    view = await step(anna, client.id, { type: 'INLEDANDE_COMPLETED', questionnaireId: initial.id });
    expect(view.state).toBe('val_av_inriktning');
    expect(view.indication?.tracks).toEqual(['arbetsmarknad', 'rehab']);
    // Codes with their parameters, each with its Swedish text from the catalogue (src/texts/process-messages.ts).
    expect(view.indication?.reasons).toContainEqual({ code: 'osaker_inriktning', question: 'halsa', score: 3, text: expect.stringContaining('Hälsa skattad 3 av 5') });
    expect(view.indication?.reasons).toContainEqual({ code: 'sprakinsatser', score: 2, text: expect.stringContaining('språkinsatser') });
    expect(view.allowedEvents).toContain('INRIKTNING_CHOSEN');
    // What each allowed step needs, beside allowedEvents: a choice against the indication needs its reason.
    expect(view.nextSteps.map((next) => next.type)).toEqual(view.allowedEvents);
    expect(view.nextSteps.find((next) => next.type === 'INRIKTNING_CHOSEN')).toMatchObject({ requires: ['tracks'], conditional: ['reasonAgainstIndication'], indicatedTracks: ['arbetsmarknad', 'rehab'] });
    expect(view.nextSteps.find((next) => next.type === 'INLEDANDE_STARTED')).toMatchObject({ requires: ['reason'] });

    // Against the indication only with a reason; the choice is the socialsekreterare's.
    const against = await sendStep(anna, client.id, { type: 'INRIKTNING_CHOSEN', tracks: ['arbetsmarknad'] });
    expect(against.status).toBe(409);
    expect(against.body.error.message).toContain('skiljer sig från indikationen');
    expect(against.body.error.details.refusal).toEqual([{ code: 'choice_differs_from_indication', indicatedTracks: ['arbetsmarknad', 'rehab'] }]);
    expect(against.body.error.details.missing).toEqual([{ path: 'reasonAgainstIndication', code: 'reason_against_indication_missing', message: expect.stringContaining('avviker') }]);
    view = await step(anna, client.id, { type: 'INRIKTNING_CHOSEN', tracks: ['rehab', 'arbetsmarknad'] });
    expect(view).toMatchObject({ state: 'inriktning', choice: { tracks: ['rehab', 'arbetsmarknad'], followsIndication: true, reasonAgainstIndication: null } });

    const market = open(view, 'arbetsmarknad');
    const rehab = open(view, 'rehab');
    await step(anna, client.id, {
      type: 'QUESTIONNAIRE_SAVED',
      questionnaireId: market.id,
      answers: {
        halsa: { text: 'Knät begränsar tunga lyft.' },
        arbetslivserfarenhet: { text: 'Lagerarbete i fem år.' },
        utbildning: { text: 'Gymnasiets fordonsprogram.' },
        kommunikationsformaga: { text: 'Svenska på grundläggande nivå.' },
        behovAvInsats: { text: 'Truckutbildning och stöd att söka arbete.' },
      },
    });
    view = await step(anna, client.id, { type: 'TRACK_COMPLETED', questionnaireId: market.id });
    app.clock.set('2026-01-15T10:00:00Z');
    await step(anna, client.id, {
      type: 'QUESTIONNAIRE_SAVED',
      questionnaireId: rehab.id,
      answers: {
        halsa: { text: 'Knäbesvär sedan 2022.' },
        arbetslivserfarenhet: { text: 'Lager och städ.' },
        fysiskHalsaArbete: scale(2, SKATTNING_SECRET),
        psykiskHalsaArbete: scale(4, SKATTNING_SECRET),
      },
    });
    view = await step(anna, client.id, { type: 'TRACK_COMPLETED', questionnaireId: rehab.id });
    expect(view.questionnaires.filter((q) => q.status === 'klar').map((q) => q.kind).sort()).toEqual(['arbetsmarknad', 'inledande', 'rehab']);

    // Arbetsplan: imports only from the initial part; revisions are new versions.
    const wrongSource = await sendStep(anna, client.id, { type: 'ARBETSPLAN_CREATED', importFrom: market.id });
    expect(wrongSource.status).toBe(409);
    expect(wrongSource.body.error.details.refusal).toEqual([{ code: 'arbetsplan_import_not_allowed' }]);
    const planSources = await anna.get(`/api/clients/${client.id}/import-sources?for=arbetsplan`);
    expect(planSources.body.questionnaires.map((q: { id: string }) => q.id)).toEqual([initial.id]);
    view = await step(anna, client.id, { type: 'ARBETSPLAN_CREATED', importFrom: initial.id });
    const planId = view.documents.find((d) => d.kind === 'arbetsplan')!.id;
    const plan = await anna.get(`/api/clients/${client.id}/arbetsplaner/${planId}`);
    expect(plan.body.current.mal).toContain('Arbete inom lager.');
    expect(plan.body.current.hinder).toContain('Saknar truckkort.');
    expect(plan.body.current.planering).toContain('Truckutbildning i vår.');
    expect(plan.body.current.standardText).toContain('förutsättningar för rätt till ekonomiskt bistånd');
    await step(anna, client.id, {
      type: 'ARBETSPLAN_REVISED',
      documentId: planId,
      content: { mal: 'Arbete som truckförare.', hinder: 'Saknar truckkort.', forvantningar: 'Utbildning.', planering: 'Start i mars.' },
    });
    const revised = await anna.get(`/api/clients/${client.id}/arbetsplaner/${planId}`);
    expect(revised.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(revised.body.versions[1]).toMatchObject({ createdById: 'anna', createdBy: 'Anna Andersson' });
    expect(revised.body.versions[0].content.mal).toContain('Arbete inom lager.');
    expect(revised.body.current).toMatchObject({ mal: 'Arbete som truckförare.' });
    expect(revised.body.current.standardText).toContain('ekonomiskt bistånd');

    // The referral, and its uppdragsbeskrivning from a track questionnaire (newest first), never from the initial part.
    const caseId = await referralToDecision(anna, client.personnummer);
    const sources = await anna.get(`/api/clients/${client.id}/import-sources?for=uppdragsbeskrivning`);
    expect(sources.body.questionnaires.map((q: { id: string }) => q.id)).toEqual([rehab.id, market.id]);
    const fromInitial = await sendStep(anna, client.id, { type: 'UPPDRAGSBESKRIVNING_CREATED', caseId, importFrom: initial.id });
    expect(fromInitial.status).toBe(409);
    expect(fromInitial.body.error.details.refusal).toEqual([{ code: 'uppdragsbeskrivning_import_not_allowed' }]);
    view = await step(anna, client.id, { type: 'UPPDRAGSBESKRIVNING_CREATED', caseId, importFrom: rehab.id });
    const uppdragId = view.documents.find((d) => d.kind === 'uppdragsbeskrivning')!.id;
    const uppdrag = await anna.get(`/api/clients/${client.id}/uppdragsbeskrivningar/${uppdragId}`);
    expect(uppdrag.body.current).toMatchObject({ arbetslivserfarenhet: expect.stringContaining('Lager och städ.'), egenBedomning: '' });
    expect(uppdrag.body.current.halsa).toContain('Knäbesvär sedan 2022.');
    expect(JSON.stringify(uppdrag.body)).not.toContain('Arbete inom lager.');

    // Sending needs the socialsekreterare's own assessment in it.
    const unsent = await anna.send(caseId, 'UPPDRAG_SENT');
    expect(unsent.status).toBe(409);
    expect(unsent.body.error).toMatchObject({ reason: 'uppdragsbeskrivning_lacks_own_assessment', message: expect.stringContaining('saknar din egen bedömning') });
    await step(anna, client.id, {
      type: 'UPPDRAGSBESKRIVNING_REVISED',
      documentId: uppdragId,
      content: { ...uppdrag.body.current, egenBedomning: 'Behöver arbetsträning med anpassade lyft innan arbete.' },
    });
    await anna.step(caseId, 'UPPDRAG_SENT');
    // Until KC assigns a consultant, no consultant reads the client's uppdragsbeskrivning.
    expect((await kalle.get(`/api/clients/${client.id}`)).status).toBe(404);
    expect((await kalle.get(`/api/clients/${client.id}/uppdragsbeskrivningar/${uppdragId}`)).status).toBe(404);
    await (await app.as('sven')).step(caseId, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
    // ...and once kalle is assigned, kim (another consultant) still does not.
    expect((await (await app.as('kim')).get(`/api/clients/${client.id}/uppdragsbeskrivningar/${uppdragId}`)).status).toBe(404);
    view = (await anna.get(`/api/clients/${client.id}/assessment`)).body;
    expect(view).toMatchObject({ state: 'i_insats', insats: { caseId, uppdragsbeskrivningId: uppdragId } });
    expect(view.documents.find((d) => d.id === uppdragId)?.sentAt).not.toBeNull();
    const afterSending = await sendStep(anna, client.id, { type: 'UPPDRAGSBESKRIVNING_REVISED', documentId: uppdragId, content: uppdrag.body.current });
    expect(afterSending.status).toBe(409);
    expect(afterSending.body.error.details.refusal).toEqual([{ code: 'uppdragsbeskrivning_sent' }]);

    // KC reads the uppdragsbeskrivning sent with the referral, and nothing of the assessment.
    const kcClient = await kalle.get(`/api/clients/${client.id}`);
    expect(kcClient.status).toBe(200);
    expect(kcClient.body.assessment).toBeNull();
    expect(kcClient.body.uppdragsbeskrivningar.map((d: { id: string }) => d.id)).toEqual([uppdragId]);
    const kcUppdrag = await kalle.get(`/api/clients/${client.id}/uppdragsbeskrivningar/${uppdragId}`);
    expect(kcUppdrag.status).toBe(200);
    expect(kcUppdrag.body.current.egenBedomning).toContain('arbetsträning');
    for (const path of ['assessment', 'assessment/events', `questionnaires/${rehab.id}`, 'import-sources?for=uppdragsbeskrivning', 'progression', `arbetsplaner/${planId}`]) {
      expect((await kalle.get(`/api/clients/${client.id}/${path}`)).status, path).toBe(404);
    }
    expect((await sendStep(kalle, client.id, { type: 'ARBETSPLAN_CREATED' })).status).toBe(404);

    // The insats ends without självförsörjning: the follow-up opens by itself.
    app.clock.set('2026-09-20T09:00:00Z');
    await closeWithoutSelfSufficiency(anna, kalle, caseId);
    view = (await anna.get(`/api/clients/${client.id}/assessment`)).body;
    expect(view.state).toBe('uppfoljning');
    const followUp = open(view, 'uppfoljning');
    expect(followUp).toBeDefined();
    expect(view.allowedEvents).toEqual(expect.arrayContaining(['QUESTIONNAIRE_SAVED', 'UPPFOLJNING_COMPLETED']));
    expect(view.allowedEvents).not.toContain('INRIKTNING_CHOSEN');
    await step(anna, client.id, { type: 'QUESTIONNAIRE_SAVED', questionnaireId: followUp.id, answers: { upplevelseInsats: { text: 'Bra stöd men knät höll inte.' }, nastaSteg: { text: 'Rehab först.' } } });
    view = await step(anna, client.id, { type: 'UPPFOLJNING_COMPLETED', questionnaireId: followUp.id });
    expect(view.state).toBe('redo_for_inledande');

    // A second initial part, and the progression from the first.
    app.clock.set('2026-10-01T09:00:00Z');
    const second = await completeInitialPart(anna, client.id, { halsa: 4, arbetsformaga: 5, energiMotivation: 3, kommunikation: 3 });
    expect(second.view).toMatchObject({ state: 'val_av_inriktning', cycle: 2, indication: { tracks: ['arbetsmarknad'] } });
    const progression = await anna.get(`/api/clients/${client.id}/progression`);
    expect(progression.status).toBe(200);
    expect(progression.body.comparisons).toHaveLength(1);
    const [comparison] = progression.body.comparisons;
    expect(comparison.from).toMatchObject({ questionnaireId: initial.id, cycle: 1 });
    expect(comparison.to).toMatchObject({ questionnaireId: second.questionnaireId, cycle: 2 });
    const byId = Object.fromEntries(comparison.questions.map((q: { questionId: string }) => [q.questionId, q]));
    expect(byId.halsa).toMatchObject({ before: 3, after: 4, change: 1, isKeyQuestion: true });
    expect(byId.arbetsformaga).toMatchObject({ before: 4, after: 5, change: 1 });
    expect(byId.energiMotivation).toMatchObject({ before: 4, after: 3, change: -1 });
    expect(byId.kannedomArbetsmarknad).toMatchObject({ before: null, after: 2, change: null, isKeyQuestion: false });

    // The skattning answers never left their questionnaire: not in any document, view, history or report.
    const everywhere = [
      `/api/clients/${client.id}`,
      `/api/clients/${client.id}/assessment`,
      `/api/clients/${client.id}/assessment/events`,
      `/api/clients/${client.id}/arbetsplaner/${planId}`,
      `/api/clients/${client.id}/uppdragsbeskrivningar/${uppdragId}`,
      `/api/clients/${client.id}/import-sources?for=uppdragsbeskrivning`,
      `/api/clients/${client.id}/progression`,
      `/api/cases/${caseId}`,
      `/api/cases/${caseId}/events`,
    ];
    for (const path of everywhere) {
      for (const user of [anna, kalle]) {
        const body = JSON.stringify((await user.get(path)).body);
        expect(body, path).not.toContain(SKATTNING_SECRET);
        // No answer object of a skattning question either (the history may name that it was answered, not how).
        expect(body, path).not.toMatch(/"fysiskHalsaArbete":\{/);
      }
    }
    // ...while the rehab questionnaire itself keeps them (so the search above could find them).
    expect(JSON.stringify((await anna.get(`/api/clients/${client.id}/questionnaires/${rehab.id}`)).body)).toContain(SKATTNING_SECRET);
    const outbox = JSON.stringify((await anna.get('/api/outbox')).body);
    expect(outbox).not.toContain(SKATTNING_SECRET);

    // The history names every step, who and when, and what was saved by question, never the answer.
    const history = (await anna.get(`/api/clients/${client.id}/assessment/events`)).body.events as { type: string; actor: { role: string }; payload: Record<string, unknown> }[];
    expect(history.map((e) => e.type)).toContain('INSATS_STARTED');
    expect(history.find((e) => e.type === 'INSATS_ENDED')).toMatchObject({ actor: { role: 'system' }, payload: { outcome: 'ej_sjalvforsorjande' } });
    expect(history.find((e) => e.type === 'QUESTIONNAIRE_SAVED')?.payload.answeredQuestions).toEqual(['mal', 'halsa']);
  });
});

describe('no words are stored: the catalogue may be reworded, and old snapshots with sentences still verify', () => {
  it('restores, decides and verifies an assessment stored with sentences, and shows a reworded reason without a mismatch', async () => {
    const client = await registerClient();
    const anna = await app.as('anna');
    const { view } = await completeInitialPart(anna, client.id, { halsa: 2, arbetsformaga: 3, energiMotivation: 3, kommunikation: 2 });
    expect(view.indication?.reasons.map((reason) => reason.code)).toEqual(['halsa_lag', 'sprakinsatser']);
    const prisma = app.database.prisma;
    const mismatchesOf = async () => (await verifyAllAssessments(prisma)).mismatches.filter((m) => m.assessmentId === view.id);

    // As a release before the reasons were codes stored it: version 1 of the machine, the reasons as Swedish sentences.
    // (The history is append-only; only this test turns the triggers off, to write its own history as that release did.)
    const row = await prisma.assessment.findUniqueOrThrow({ where: { id: view.id } });
    const legacy = JSON.parse(JSON.stringify(row.snapshot)) as { context: { indication: { reasons: unknown[] } } };
    legacy.context.indication.reasons = ['Hälsa skattad 2 av 5: hälsan kan behöva stärkas innan arbete (rehabinriktning).', 'Kommunikationsförmåga skattad 2 av 5: behov av språkinsatser kan finnas.'];
    await prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SET LOCAL session_replication_role = replica`;
      await tx.assessmentEvent.updateMany({ where: { assessmentId: view.id }, data: { machineVersion: 1 } });
      await tx.assessment.update({ where: { id: view.id }, data: { snapshot: legacy as unknown as Prisma.InputJsonValue, machineVersion: 1 } });
    });
    expect(await mismatchesOf()).toEqual([]);
    const restored = (await anna.get(`/api/clients/${client.id}`)).body.assessment as AssessmentView;
    expect(restored.indication?.reasons).toEqual(view.indication?.reasons);

    // A reworded reason in the catalogue: the view says the new words, nothing stored differs.
    const original = processMessages.indicationReason.halsa_lag;
    processMessages.indicationReason.halsa_lag = ({ score }) => `Omformulerat: hälsan ${score} av 5.`;
    try {
      const reworded = (await anna.get(`/api/clients/${client.id}`)).body.assessment as AssessmentView;
      expect(reworded.indication?.reasons[0]).toEqual({ code: 'halsa_lag', question: 'halsa', score: 2, text: 'Omformulerat: hälsan 2 av 5.' });
      // The legacy row decides the next step, and the stored result verifies too.
      await step(anna, client.id, { type: 'INRIKTNING_CHOSEN', tracks: ['rehab'] });
      expect(await mismatchesOf()).toEqual([]);
      const report = await verifyAllAssessments(prisma);
      expect(report.mismatches).toEqual([]);
      expect((await verifyAllCases(prisma)).mismatches).toEqual([]);
    } finally {
      processMessages.indicationReason.halsa_lag = original;
    }
  });
});

describe('version 2 of the bedömningsstöd (the routine as written)', () => {
  it('[bedomning.scale-questions-optional] completes the initial part with key scale answers left out, and the indication names them, with its thresholds as the tool’s assumption', async () => {
    const anna = await app.as('anna');
    const client = await registerClient();
    let view = await step(anna, client.id, { type: 'INLEDANDE_STARTED', householdRole: 'sokande' });
    const initial = open(view, 'inledande');
    await step(anna, client.id, { type: 'QUESTIONNAIRE_SAVED', questionnaireId: initial.id, answers: { mal: { text: 'Arbete.' }, halsa: scale(2) } });
    const template = (await anna.get(`/api/clients/${client.id}/questionnaires/${initial.id}`)).body.template as { sections: { questions: { type: string; required?: boolean }[] }[] };
    expect(template.sections.flatMap((section) => section.questions).filter((question) => question.type === 'scale' && question.required)).toEqual([]);
    view = await step(anna, client.id, { type: 'INLEDANDE_COMPLETED', questionnaireId: initial.id });
    expect(view.state).toBe('val_av_inriktning');
    expect(view.indication).toMatchObject({
      tracks: ['rehab'],
      keyScores: { halsa: 2, arbetsformaga: null, energiMotivation: null, kommunikation: null },
      reasons: [
        { code: 'nyckelsvar_saknas', questions: ['arbetsformaga', 'energiMotivation', 'kommunikation'], text: expect.stringContaining('Nyckelfrågorna ”Arbetsförmåga”, ”Energi och motivation” och ”Kommunikationsförmåga” är inte besvarade') },
        { code: 'halsa_lag', question: 'halsa', score: 2, text: expect.stringContaining('Hälsa skattad 2 av 5') },
      ],
    });
    // [bedomning.indication-thresholds-assumption]
    expect(view.indication?.assumption).toEqual({ thresholds: { low: 2, high: 4 }, text: expect.stringMatching(/^Verktygets antagande, inte källornas: rehabinriktning när hälsa eller arbetsförmåga är 1–2/) });
  });

  it('[bedomning.uppdragsbeskrivning-after-decision] refuses an uppdragsbeskrivning for a referral without a decision, at its field, and offers it per referral once decided', async () => {
    const anna = await app.as('anna');
    const client = await registerClient();
    const created = await anna.createCase({ personnummer: client.personnummer, name: CLIENT_NAME });
    const caseId = created.body.id as string;
    for (const type of ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED'] as const) await anna.step(caseId, type);
    const before = (await anna.get(`/api/clients/${client.id}`)).body;
    expect(before.referrals).toEqual([
      expect.objectContaining({ id: caseId, uppdragsbeskrivning: { possible: false, reasons: [{ code: 'uppdragsbeskrivning_needs_decision', text: expect.stringContaining('Anvisningen har inget beslut ännu') }] } }),
    ]);
    const refused = await sendStep(anna, client.id, { type: 'UPPDRAGSBESKRIVNING_CREATED', caseId });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('Uppdragsbeskrivningen upprättas när beslut om anvisning till insats enligt 12 kap. 4 § SoL har fattats');
    expect(refused.body.error.details.refusal).toEqual([{ code: 'uppdragsbeskrivning_needs_decision' }]);
    expect(refused.body.error.details.missing).toEqual([{ path: 'caseId', code: 'referral_without_decision', message: expect.stringContaining('beslut') }]);
    // Nothing was stored: the refused first step left no assessment behind.
    expect((await anna.get(`/api/clients/${client.id}/assessment`)).status).toBe(404);

    await anna.step(caseId, 'DECISION_MADE');
    expect((await anna.get(`/api/clients/${client.id}`)).body.referrals).toEqual([expect.objectContaining({ id: caseId, uppdragsbeskrivning: { possible: true, reasons: [] } })]);
    const view = await step(anna, client.id, { type: 'UPPDRAGSBESKRIVNING_CREATED', caseId });
    expect(view.documents).toEqual([expect.objectContaining({ kind: 'uppdragsbeskrivning', caseId })]);
    // The history keeps the decision the uppdragsbeskrivning was made after.
    const history = (await anna.get(`/api/clients/${client.id}/assessment/events`)).body.events as { type: string; payload: Record<string, unknown> }[];
    expect(history.find((event) => event.type === 'UPPDRAGSBESKRIVNING_CREATED')?.payload).toMatchObject({ caseId, referralDecisionDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect((await anna.get(`/api/clients/${client.id}`)).body.referrals[0].uppdragsbeskrivning).toEqual({ possible: false, reasons: [expect.objectContaining({ code: 'uppdragsbeskrivning_exists' })] });
  });

  it('[bedomning.new-inledande-during-insats] starts a new initial part while the insats runs, keeps the insats and its referral, and records its end when the referral closes', async () => {
    const anna = await app.as('anna');
    const kalle = await app.as('kalle');
    const client = await registerClient();
    await completeInitialPart(anna, client.id, { halsa: 5, arbetsformaga: 5, energiMotivation: 5, kommunikation: 5 });
    await step(anna, client.id, { type: 'INRIKTNING_CHOSEN', tracks: ['arbetsmarknad'] });
    const caseId = await referralToDecision(anna, client.personnummer);
    await sendUppdragToKalle(anna, caseId);
    let view = (await anna.get(`/api/clients/${client.id}/assessment`)).body as AssessmentView;
    expect(view.state).toBe('i_insats');
    expect(view.nextSteps.find((next) => next.type === 'INLEDANDE_STARTED')).toMatchObject({ requires: ['reason'] });
    const withoutReason = await sendStep(anna, client.id, { type: 'INLEDANDE_STARTED', householdRole: 'sokande' });
    expect(withoutReason.status).toBe(409);
    expect(withoutReason.body.error.details.missing).toEqual([expect.objectContaining({ path: 'reason', code: 'restart_reason_missing' })]);

    // An omprövning before the renewal: a new cycle, and the referral at KC is untouched.
    const caseBefore = (await anna.get(`/api/cases/${caseId}`)).body;
    view = await step(anna, client.id, { type: 'INLEDANDE_STARTED', householdRole: 'sokande', reason: 'Omprövning inför förnyat beslut.' });
    expect(view).toMatchObject({ state: 'inledande', cycle: 2, insats: { caseId } });
    const caseAfter = (await anna.get(`/api/cases/${caseId}`)).body;
    expect({ state: caseAfter.state, version: caseAfter.version }).toEqual({ state: caseBefore.state, version: caseBefore.version });

    // [bedomning.insats-ends-during-new-cycle] the referral closes without självförsörjning while the new initial part is open.
    await closeWithoutSelfSufficiency(anna, kalle, caseId);
    view = (await anna.get(`/api/clients/${client.id}/assessment`)).body as AssessmentView;
    expect(view).toMatchObject({ state: 'inledande', cycle: 2, insats: null, insatser: [expect.objectContaining({ caseId, outcome: 'ej_sjalvforsorjande' })] });
    expect(view.questionnaires.filter((q) => q.status === 'pagaende').map((q) => q.kind)).toEqual(['inledande']);
    const history = (await anna.get(`/api/clients/${client.id}/assessment/events`)).body.events as { type: string }[];
    expect(history.at(-1)?.type).toBe('INSATS_ENDED');
  });
});

describe('documents without any assessment', () => {
  it('makes an empty arbetsplan and an uppdragsbeskrivning without imports, and sends the uppdrag with it', async () => {
    const anna = await app.as('anna');
    const client = await registerClient();
    let view = await step(anna, client.id, { type: 'ARBETSPLAN_CREATED' });
    expect(view).toMatchObject({ state: 'redo_for_inledande', cycle: 0 });
    const plan = await anna.get(`/api/clients/${client.id}/arbetsplaner/${view.documents[0]!.id}`);
    expect(plan.body.current).toMatchObject({ mal: '', hinder: '', forvantningar: '', planering: '' });
    expect(plan.body.current.standardText).toContain('ekonomiskt bistånd');
    expect(plan.body.importedFromId).toBeNull();

    const caseId = await referralToDecision(anna, client.personnummer);
    const sources = await anna.get(`/api/clients/${client.id}/import-sources?for=uppdragsbeskrivning`);
    expect(sources.body.questionnaires).toEqual([]);
    view = await step(anna, client.id, { type: 'UPPDRAGSBESKRIVNING_CREATED', caseId });
    const uppdragId = view.documents.find((d) => d.kind === 'uppdragsbeskrivning')!.id;
    const second = await sendStep(anna, client.id, { type: 'UPPDRAGSBESKRIVNING_CREATED', caseId });
    expect(second.status).toBe(409);
    expect(second.body.error.details.refusal).toEqual([{ code: 'uppdragsbeskrivning_exists' }]);
    await step(anna, client.id, {
      type: 'UPPDRAGSBESKRIVNING_REVISED',
      documentId: uppdragId,
      content: { arbetslivserfarenhet: 'Butik.', kompetens: 'Gymnasium.', halsa: 'God.', behovAvInsats: 'Jobbsök.', egenBedomning: 'Redo för arbete med stöd.' },
    });
    await anna.step(caseId, 'UPPDRAG_SENT');
    view = (await anna.get(`/api/clients/${client.id}/assessment`)).body;
    expect(view.state).toBe('i_insats');
  });

  it('opens a follow-up after any referral that ends without självförsörjning, even for a client with no assessment yet', async () => {
    const anna = await app.as('anna');
    const kalle = await app.as('kalle');
    const client = await registerClient();
    const caseId = await referralToDecision(anna, client.personnummer);
    expect((await anna.get(`/api/clients/${client.id}/assessment`)).status).toBe(404);
    await sendUppdragToKalle(anna, caseId);
    await closeWithoutSelfSufficiency(anna, kalle, caseId);
    const view = (await anna.get(`/api/clients/${client.id}/assessment`)).body as AssessmentView;
    expect(view.state).toBe('uppfoljning');
    expect(open(view, 'uppfoljning')).toBeDefined();
  });

  it('after a referral cancelled before the insats, returns to the tracks; after självförsörjning, to a new initial part with no follow-up', async () => {
    const anna = await app.as('anna');
    const kalle = await app.as('kalle');
    const client = await registerClient();
    await completeInitialPart(anna, client.id, { halsa: 5, arbetsformaga: 5, energiMotivation: 5, kommunikation: 5 });
    let view = await step(anna, client.id, { type: 'INRIKTNING_CHOSEN', tracks: ['arbetsmarknad'] });
    const cancelled = await referralToDecision(anna, client.personnummer);
    await sendUppdragToKalle(anna, cancelled);
    await anna.step(cancelled, 'INSKRIVNING_BOOKED', { at: laterToday().at });
    await kalle.step(cancelled, 'INSKRIVNING_MISSED');
    await anna.step(cancelled, 'UPPDRAG_WITHDRAWN');
    await kalle.step(cancelled, 'INSKRIVNING_CANCELLED_IN_GWA');
    view = (await anna.get(`/api/clients/${client.id}/assessment`)).body;
    expect(view.state).toBe('inriktning');
    // The track questionnaire left open when the uppdrag went out stays, marked avbrutet.
    expect(view.questionnaires.find((q) => q.kind === 'arbetsmarknad')?.status).toBe('avbrutet');

    const kept = await referralToDecision(anna, client.personnummer);
    await sendUppdragToKalle(anna, kept);
    await anna.step(kept, 'INSKRIVNING_BOOKED', { at: laterToday().at });
    await kalle.step(kept, 'INSKRIVNING_HELD', { firstFollowUpAt: laterToday().at });
    await kalle.step(kept, 'CLOSING_ANNOUNCED', { reason: 'arbete', selfSufficient: true });
    await kalle.step(kept, 'CLOSING_DOCUMENT_CREATED');
    await anna.step(kept, 'INSATS_CLOSED');
    await kalle.step(kept, 'GWA_CLOSED');
    view = (await anna.get(`/api/clients/${client.id}/assessment`)).body;
    expect(view.state).toBe('redo_for_inledande');
    expect(view.questionnaires.some((q) => q.kind === 'uppfoljning')).toBe(false);
  });
});

describe('who may see and do what', () => {
  it('lets the unit’s 1:e socialsekreterare read but not act, hides it from other socialsekreterare and from KC, and masks a protected client', async () => {
    const anna = await app.as('anna');
    const bo = await app.as('bo');
    const fatima = await app.as('fatima');
    const sven = await app.as('sven');
    const client = await registerClient({ protectedIdentity: true });
    const view = await step(anna, client.id, { type: 'INLEDANDE_STARTED', householdRole: 'medsokande' });
    expect(view.allowedEvents).toContain('QUESTIONNAIRE_SAVED');
    const own = await anna.get(`/api/clients/${client.id}`);
    expect(own.body.client).toMatchObject({ name: CLIENT_NAME, masked: false });

    const byFatima = await fatima.get(`/api/clients/${client.id}/assessment`);
    expect(byFatima.status).toBe(200);
    // No step of the assessment itself: she may only hand it over (within the unit, or to another).
    expect(byFatima.body.allowedEvents).toEqual(['RESPONSIBLE_CHANGED', 'TRANSFER_REQUESTED']);
    expect(byFatima.body.client).toMatchObject({ masked: true, name: null, personnummer: null });
    expect(JSON.stringify(byFatima.body)).not.toContain(CLIENT_NAME);
    expect((await sendStep(fatima, client.id, { type: 'ARBETSPLAN_CREATED' })).status).toBe(403);

    for (const user of [bo, sven]) {
      expect((await user.get(`/api/clients/${client.id}`)).status).toBe(404);
      expect((await user.get(`/api/clients/${client.id}/assessment`)).status).toBe(404);
    }
    expect((await sendStep(bo, client.id, { type: 'ARBETSPLAN_CREATED' })).status).toBe(404);

    // Loggkontroll: the unit's 1:e socialsekreterare sees who read the client's assessment, refused attempts too.
    let audit: { userId: string; status: number; resource: string }[] = [];
    for (let attempt = 0; attempt < 20 && !audit.some((e) => e.userId === 'bo'); attempt += 1) {
      audit = (await fatima.get(`/api/audit?clientId=${client.id}`)).body.entries ?? [];
      if (!audit.some((e) => e.userId === 'bo')) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(audit).toEqual(expect.arrayContaining([
      expect.objectContaining({ userId: 'anna', resource: 'assessment.events', status: 200 }),
      expect.objectContaining({ userId: 'bo', resource: 'assessment', status: 404 }),
      expect.objectContaining({ userId: 'sven', resource: 'client', status: 404 }),
    ]));
    expect((await anna.get(`/api/audit?clientId=${client.id}`)).status).toBe(403);

    // Knowing a personnummer is not enough: a client with someone else's active referral is not bo's to find or to start an assessment for.
    // The refusal names the unit to contact, and nothing about the client.
    const referred = await registerClient();
    await referralToDecision(anna, referred.personnummer);
    const found = await bo.post('/api/clients', { personnummer: referred.personnummer, name: 'Gissat Namn' });
    expect(found.status).toBe(403);
    expect(found.body.error).toMatchObject({ code: 'FORBIDDEN', details: { heldBy: { unit: 'SF Nordost' } } });
    expect(JSON.stringify(found.body)).not.toContain(referred.id);
    expect(JSON.stringify(found.body)).not.toContain(CLIENT_NAME);
    const claimed = await sendStep(bo, referred.id, { type: 'INLEDANDE_STARTED', householdRole: 'sokande' });
    expect(claimed.status).toBe(403);
    expect(claimed.body.error).toMatchObject({ reason: 'client_held_elsewhere', message: expect.stringContaining('1:e socialsekreteraren på SF Nordost') });
    expect(claimed.body.error.details).toEqual({ heldBy: { unit: 'SF Nordost' } });
    expect(JSON.stringify(claimed.body)).not.toContain(CLIENT_NAME);
    expect((await anna.get(`/api/clients/${referred.id}/assessment`)).status).toBe(404);
    expect((await anna.get(`/api/clients/${referred.id}`)).body.client.name).toBe(CLIENT_NAME);

    // Stale If-Match and a retried Idempotency-Key behave as for cases.
    const stale = await anna.post(`/api/clients/${client.id}/assessment/events`, { type: 'ARBETSPLAN_CREATED' }).set('If-Match', '"0"');
    expect(stale.status).toBe(412);
    const first = await anna.post(`/api/clients/${client.id}/assessment/events`, { type: 'ARBETSPLAN_CREATED' }).set('Idempotency-Key', 'plan-1');
    const retry = await anna.post(`/api/clients/${client.id}/assessment/events`, { type: 'ARBETSPLAN_CREATED' }).set('Idempotency-Key', 'plan-1');
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.body.documents).toHaveLength(1);
    expect(retry.body.version).toBe(first.body.version);

    // Two edits from the same loaded version at once: one is saved, the other is told to reload.
    const loaded = first.body.version as number;
    const concurrent = await Promise.all(
      [1, 2].map(() => anna.post(`/api/clients/${client.id}/assessment/events`, { type: 'ARBETSPLAN_CREATED' }).set('If-Match', `"${loaded}"`)),
    );
    expect(concurrent.map((r) => r.status).sort()).toEqual([200, 412]);
    expect((await anna.get(`/api/clients/${client.id}/assessment`)).body.documents).toHaveLength(2);
  });
});
