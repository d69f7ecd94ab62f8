/**
 * Model-based tests of the bedömningsstöd: paths generated from the bedömning
 * machine (xstate/graph) are driven through the real HTTP API and database, one
 * client per path. The service's own events come from real referrals: a case is
 * taken to UPPDRAG_SENT for INSATS_STARTED, and closed (självförsörjande or not)
 * or cancelled for INSATS_ENDED. After every step the API reports the model's
 * state and allowed steps, with the expected number of new history events. In
 * every model state, a sample of the steps the model refuses is refused (409 for
 * the socialsekreterare, 403 for the 1:e socialsekreterare, 404 for KC) and changes
 * nothing; every refusal is checked in memory (bedomning.refusals.test.ts).
 * Coverage of states and transitions must be 100%.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BEDOMNING_REQUEST_TYPES, allowedBedomningEvents, bedomningStateOf, startBedomning, type BedomningSnapshot } from '../../machines/bedomning';
import { verifyAllAssessments } from '../../src/assessments/verify-assessments';
import { WHO_MAY_SEND_BEDOMNING, processLetsSend } from '../support/process-rules';
import { personnummerFor, startTestApp, type TestApp, type UserSession } from '../support/test-app';
import {
  ALL_BEDOMNING_TRANSITIONS,
  EVENTS_OUTSIDE_THE_BEDOMNING_MODEL,
  MODEL_TIME,
  allBedomningStateNodes,
  bedomningTransitionsTaken,
  selectBedomningPaths,
  serializeBedomningState,
  type ModelEvent,
} from './bedomning-model';

const paths = selectBedomningPaths();
const statesReached = new Set<string>();
const transitionsCovered = new Set<string>();
const refusalsChecked = new Set<string>();
/** What the API was seen to answer over HTTP ("anna 409", "fatima 403", "kalle 404"), and the model states where it refused. */
const answersSeen = new Set<string>();
const statesRefused = new Set<string>();
const turn = new Map<string, number>();
let app: TestApp;
let serial = 0;

const ARBETSPLAN = { mal: 'Arbete.', hinder: 'Inga.', forvantningar: 'Stöd.', planering: 'Söka jobb.' };
const UPPDRAG = { arbetslivserfarenhet: 'Lager.', kompetens: 'Gymnasium.', halsa: 'God.', behovAvInsats: 'Jobbsök.', egenBedomning: 'Redo för KC.' };

/** A request the model refuses in the state, of each type (ids that name nothing of this client). */
const REFUSAL_SAMPLES: Record<string, object> = {
  INLEDANDE_STARTED: { householdRole: 'sokande' },
  QUESTIONNAIRE_SAVED: { questionnaireId: randomUUID(), answers: {} },
  INLEDANDE_COMPLETED: { questionnaireId: randomUUID() },
  INRIKTNING_CHOSEN: { tracks: ['rehab'], reasonAgainstIndication: 'Prövar.' },
  TRACK_COMPLETED: { questionnaireId: randomUUID() },
  UPPFOLJNING_STARTED: {},
  UPPFOLJNING_COMPLETED: { questionnaireId: randomUUID() },
  ARBETSPLAN_CREATED: {},
  ARBETSPLAN_REVISED: { documentId: randomUUID(), content: ARBETSPLAN },
  UPPDRAGSBESKRIVNING_CREATED: { caseId: randomUUID() },
  UPPDRAGSBESKRIVNING_REVISED: { documentId: randomUUID(), content: UPPDRAG },
};

beforeAll(async () => {
  app = await startTestApp({ now: MODEL_TIME });
});

afterAll(async () => {
  const report = {
    paths: paths.length,
    steps: paths.reduce((sum, path) => sum + path.steps.length, 0),
    states: { reached: statesReached.size, total: allBedomningStateNodes().length, missing: allBedomningStateNodes().map((n) => n.id).filter((id) => !statesReached.has(id)) },
    transitions: { taken: transitionsCovered.size, total: ALL_BEDOMNING_TRANSITIONS.length, missing: ALL_BEDOMNING_TRANSITIONS.filter((id) => !transitionsCovered.has(id)) },
  };
  mkdirSync('test-results', { recursive: true });
  writeFileSync('test-results/model-coverage-bedomning.json', `${JSON.stringify(report, null, 2)}\n`);
  console.log(`Model coverage (bedomning): states ${report.states.reached}/${report.states.total}, transitions ${report.transitions.taken}/${report.transitions.total}, ${report.paths} paths, ${report.steps} steps`);
  expect((await verifyAllAssessments(app.database.prisma)).mismatches).toEqual([]);
  await app.close();
  expect(report.states.missing).toEqual([]);
  expect(report.transitions.missing).toEqual([]);
  expect([...answersSeen].sort()).toEqual(['anna 409', 'fatima 403', 'kalle 404']);
  expect([...refusalsChecked].filter((key) => !statesRefused.has(key))).toEqual([]);
});

/** One client of one path: the model's symbolic ids (q1, d1, r1) mapped to the real ones as they appear. */
class ClientUnderTest {
  readonly ids = new Map<string, string>();
  historyLength = 0;

  constructor(
    readonly id: string,
    readonly personnummer: string,
    readonly anna: UserSession,
    readonly kalle: UserSession,
  ) {}

  real(modelId: unknown): string {
    const id = this.ids.get(String(modelId));
    if (!id) throw new Error(`no real id for ${String(modelId)} yet`);
    return id;
  }

  async post(body: object): Promise<void> {
    const response = await this.anna.post(`/api/clients/${this.id}/assessment/events`, body);
    expect(response.status, `${JSON.stringify(body)}: ${JSON.stringify(response.body)}`).toBe(200);
  }

  async view() {
    const response = await this.anna.get(`/api/clients/${this.id}/assessment`);
    return response.status === 404 ? null : (response.body as { version: number; state: string; allowedEvents: string[]; questionnaires: { id: string; kind: string }[]; documents: { id: string; kind: string }[] });
  }

  /** A referral of this client, taken to DECISION_COMMUNICATED (ready for its uppdrag). */
  async referral(key: string): Promise<string> {
    if (this.ids.has(key)) return this.ids.get(key)!;
    const created = await this.anna.createCase({ personnummer: this.personnummer, name: 'Modell Bedömdsson' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const caseId = created.body.id as string;
    for (const type of ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED', 'DECISION_MADE', 'DECISION_COMMUNICATED'] as const) {
      await this.anna.step(caseId, type);
    }
    this.ids.set(key, caseId);
    return caseId;
  }

  /** Send a model step through the API; returns how many assessment events it appends. */
  async drive(event: ModelEvent): Promise<number> {
    const e = event as ModelEvent & Record<string, unknown>;
    switch (event.type) {
      case 'INLEDANDE_STARTED':
        await this.post({ type: event.type, householdRole: event.householdRole, ...(event.reason ? { reason: event.reason } : {}) });
        return 1;
      case 'INLEDANDE_COMPLETED': {
        const questionnaireId = this.real(event.questionnaireId);
        // A key question the model leaves out is not answered at all.
        const answers = Object.fromEntries(Object.entries(event.keyScores).flatMap(([question, value]) => (value === null ? [] : [[question, { value }]])));
        await this.post({ type: 'QUESTIONNAIRE_SAVED', questionnaireId, answers });
        await this.post({ type: event.type, questionnaireId });
        return 2;
      }
      case 'QUESTIONNAIRE_SAVED':
        await this.post({ type: event.type, questionnaireId: this.real(event.questionnaireId), answers: {} });
        return 1;
      case 'TRACK_COMPLETED':
      case 'UPPFOLJNING_COMPLETED':
        await this.post({ type: event.type, questionnaireId: this.real(event.questionnaireId) });
        return 1;
      case 'UPPFOLJNING_STARTED':
        await this.post({ type: event.type });
        return 1;
      case 'INRIKTNING_CHOSEN':
        await this.post({ type: event.type, tracks: event.tracks, ...(event.reasonAgainstIndication ? { reasonAgainstIndication: event.reasonAgainstIndication } : {}) });
        return 1;
      case 'ARBETSPLAN_CREATED':
        await this.post({ type: event.type, ...(event.importFrom ? { importFrom: this.real(event.importFrom) } : {}) });
        return 1;
      case 'ARBETSPLAN_REVISED':
        await this.post({ type: event.type, documentId: this.real(event.documentId), content: ARBETSPLAN });
        return 1;
      case 'UPPDRAGSBESKRIVNING_CREATED': {
        const caseId = await this.referral(event.caseId);
        await this.post({ type: event.type, caseId, ...(event.importFrom ? { importFrom: this.real(event.importFrom) } : {}) });
        return 1;
      }
      case 'UPPDRAGSBESKRIVNING_REVISED':
        await this.post({ type: event.type, documentId: this.real(event.documentId), content: UPPDRAG });
        return 1;
      case 'INSATS_STARTED': {
        const caseId = await this.referral(event.caseId);
        let added = 1;
        // The uppdrag goes out only with the socialsekreterare's own assessment in its uppdragsbeskrivning.
        if (event.uppdragsbeskrivningId) {
          await this.post({ type: 'UPPDRAGSBESKRIVNING_REVISED', documentId: this.real(event.uppdragsbeskrivningId), content: UPPDRAG });
          added += 1;
        }
        await this.anna.step(caseId, 'UPPDRAG_SENT');
        // KC's steps on the referral (when it ends) are the assigned consultant's.
        await (await app.as('sven')).step(caseId, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
        return added;
      }
      case 'INSATS_ENDED': {
        const caseId = this.real(e.caseId);
        // Meetings booked for later on the model's day and held that day (docs/process.md "Plausible dates").
        const laterThatDay = `${MODEL_TIME.slice(0, 10)}T16:00:00+01:00`;
        await this.anna.step(caseId, 'INSKRIVNING_BOOKED', { at: laterThatDay });
        if (event.outcome === 'avbruten') {
          await this.kalle.step(caseId, 'INSKRIVNING_MISSED');
          await this.anna.step(caseId, 'UPPDRAG_WITHDRAWN');
          await this.kalle.step(caseId, 'INSKRIVNING_CANCELLED_IN_GWA');
          return 1;
        }
        await this.kalle.step(caseId, 'INSKRIVNING_HELD', { firstFollowUpAt: laterThatDay });
        const selfSufficient = event.outcome === 'sjalvforsorjande';
        await this.kalle.step(caseId, 'CLOSING_ANNOUNCED', { reason: selfSufficient ? 'arbete' : 'ohalsa', selfSufficient });
        if (!selfSufficient) {
          await this.kalle.step(caseId, 'THREE_PARTY_MEETING_BOOKED', { at: laterThatDay });
          await this.anna.step(caseId, 'THREE_PARTY_MEETING_HELD', { on: MODEL_TIME.slice(0, 10) });
        }
        await this.kalle.step(caseId, 'CLOSING_DOCUMENT_CREATED');
        await this.anna.step(caseId, 'INSATS_CLOSED');
        await this.kalle.step(caseId, 'GWA_CLOSED');
        return 1;
      }
      default:
        throw new Error(`${event.type} is not a step of the model`);
    }
  }

  /** Learn the real ids of what the step created, by kind, in the order the model made them. */
  learnIds(before: BedomningSnapshot, after: BedomningSnapshot, view: NonNullable<Awaited<ReturnType<ClientUnderTest['view']>>>) {
    const known = new Set(this.ids.values());
    const fresh = <T extends { id: string; kind: string }>(modelRefs: T[], realRefs: { id: string; kind: string }[]) => {
      for (const ref of modelRefs) {
        const real = realRefs.find((candidate) => candidate.kind === ref.kind && !known.has(candidate.id));
        if (!real) throw new Error(`the API shows no new ${ref.kind} for model ${ref.id}`);
        this.ids.set(ref.id, real.id);
        known.add(real.id);
      }
    };
    fresh(after.context.questionnaires.filter((q) => !before.context.questionnaires.some((b) => b.id === q.id)), view.questionnaires);
    fresh(after.context.documents.filter((d) => !before.context.documents.some((b) => b.id === d.id)), view.documents);
  }
}

async function historyLength(client: ClientUnderTest): Promise<number> {
  const response = await client.anna.get(`/api/clients/${client.id}/assessment/events`);
  return response.status === 404 ? 0 : (response.body.events as unknown[]).length;
}

/** The next of `candidates` for this kind of refusal: taken in turn, so the sample walks through the vocabulary. */
function inTurn<T>(kind: string, candidates: readonly T[]): T | undefined {
  if (candidates.length === 0) return undefined;
  const index = turn.get(kind) ?? 0;
  turn.set(kind, index + 1);
  return candidates[index % candidates.length];
}

/**
 * In each model state, a sample of the refused steps goes through the API, and nothing changes: one the
 * socialsekreterare may not take now (409), one the 1:e socialsekreterare may never send (403), one from KC,
 * which never sees an assessment (404). Every refusal of every model state is checked in memory against the
 * pure machine (bedomning.refusals.test.ts); the expected answers come from process.md's table
 * (test/support/process-rules.ts).
 */
async function checkRefusals(client: ClientUnderTest, snapshot: BedomningSnapshot) {
  const key = serializeBedomningState(snapshot);
  if (refusalsChecked.has(key)) return;
  refusalsChecked.add(key);
  const before = [await client.view(), await historyLength(client)];
  const allowed = allowedBedomningEvents(snapshot, 'socialsekreterare', MODEL_TIME);
  const fatima = await app.as('fatima');
  const types = BEDOMNING_REQUEST_TYPES.filter((t) => !EVENTS_OUTSIDE_THE_BEDOMNING_MODEL.has(t));
  const refuse = async (who: string, user: UserSession, type: string, expected: number) => {
    const response = await user.post(`/api/clients/${client.id}/assessment/events`, { type, ...REFUSAL_SAMPLES[type] });
    expect(response.status, `${who} sending ${type} in ${bedomningStateOf(snapshot)}: ${JSON.stringify(response.body)}`).toBe(expected);
    answersSeen.add(`${who} ${expected}`);
    statesRefused.add(key);
  };
  const notNow = inTurn('anna', types.filter((type) => !allowed.includes(type)));
  if (notNow) await refuse('anna', client.anna, notNow, processLetsSend(WHO_MAY_SEND_BEDOMNING, 'socialsekreterare', notNow) ? 409 : 403);
  const never = inTurn('fatima', types.filter((type) => !processLetsSend(WHO_MAY_SEND_BEDOMNING, 'forste_socialsekreterare', type)));
  if (never) await refuse('fatima', fatima, never, 403);
  await refuse('kalle', client.kalle, inTurn('kalle', types)!, 404);
  expect((await client.kalle.get(`/api/clients/${client.id}/assessment`)).status).toBe(404);
  const byFatima = await fatima.get(`/api/clients/${client.id}/assessment`);
  // The 1:e socialsekreterare reads, and may only hand the assessment over (test/api/kc-assignment-and-handover.test.ts).
  if (byFatima.status === 200) expect(byFatima.body.allowedEvents).toEqual(['RESPONSIBLE_CHANGED', 'TRANSFER_REQUESTED']);
  expect([await client.view(), await historyLength(client)]).toEqual(before);
}

describe('the bedömning machine, driven through the API', () => {
  it.each(paths.map((path) => [path.name, path] as const))('%s', async (_name, path) => {
    const anna = await app.as('anna');
    const personnummer = personnummerFor('1966-06-06', (serial += 1));
    const registered = await anna.post('/api/clients', { personnummer, name: 'Modell Bedömdsson' });
    expect(registered.status).toBe(201);
    const client = new ClientUnderTest(registered.body.client.id as string, personnummer, anna, await app.as('kalle'));
    let previous = startBedomning();
    statesReached.add('bedomning').add(`bedomning.${bedomningStateOf(previous)}`);
    await checkRefusals(client, previous);
    for (const step of path.steps) {
      const added = await client.drive(step.event);
      const view = await client.view();
      expect(view, 'the assessment exists after a step').not.toBeNull();
      expect(view!.state, `after ${step.event.shape}`).toBe(bedomningStateOf(step.state));
      expect(view!.allowedEvents, `allowed after ${step.event.shape}`).toEqual(allowedBedomningEvents(step.state, 'socialsekreterare', MODEL_TIME));
      // The first step also records the assessment's creation event (ASSESSMENT_CREATED).
      client.historyLength += added + (client.historyLength === 0 ? 1 : 0);
      expect(await historyLength(client)).toBe(client.historyLength);
      client.learnIds(previous, step.state, view!);
      for (const id of bedomningTransitionsTaken(previous, step.event)) transitionsCovered.add(id);
      statesReached.add(`bedomning.${bedomningStateOf(step.state)}`);
      previous = step.state;
      await checkRefusals(client, previous);
    }
  }, 120_000);
});
