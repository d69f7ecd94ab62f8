/**
 * The bedömning machine as a test model: the events to try in each state (with
 * the ids the machine knows, named symbolically: q1, d1, r1), how to tell model
 * states apart, and the paths to drive: the shortest path to every state and
 * through every transition of the definition (xstate/graph).
 */
import { transition } from 'xstate';
import { getAdjacencyMap, getShortestPaths } from 'xstate/graph';
import {
  BEDOMNING_EVENT_ROLES,
  bedomningMachine,
  bedomningStateOf,
  startBedomning,
  type BedomningContext,
  type BedomningEvent,
  type BedomningSnapshot,
  type KeyScores,
} from '../../machines/bedomning';
import { HANDOVER_EVENT_TYPES } from '../../machines/shared/handover';
import { definitionCoverage } from './definition-coverage';

export const MODEL_TIME = '2026-03-02T09:00:00.000Z';
/** The date the model's referrals are decided on (the driver takes each referral to its decision before an uppdragsbeskrivning). */
export const MODEL_DECISION_DATE = '2026-03-02';
export const KEY_SCORE_VARIANTS: KeyScores[] = [
  { halsa: 5, arbetsformaga: 5, energiMotivation: 5, kommunikation: 5 },
  { halsa: 1, arbetsformaga: 1, energiMotivation: 1, kommunikation: 1 },
  // Key questions left unanswered: the initial part is completed all the same, and the indication is both tracks.
  { halsa: 5, arbetsformaga: null, energiMotivation: 4, kommunikation: null },
];

const openOf = (c: BedomningContext, kinds: string[]) => c.questionnaires.filter((q) => q.status === 'pagaende' && kinds.includes(q.kind));
const latestCompleted = (c: BedomningContext, kinds: string[]) => c.questionnaires.filter((q) => q.status === 'klar' && kinds.includes(q.kind)).at(-1);

/** The referral the next uppdragsbeskrivning or INSATS_STARTED is about: the running one, or the next to come. */
export function currentReferral(c: BedomningContext): string {
  return c.insats?.caseId ?? `r${c.insatser.length + 1}`;
}

function unsentUppdrag(c: BedomningContext) {
  return c.documents.find((d) => d.kind === 'uppdragsbeskrivning' && d.sentAt === null && d.caseId === currentReferral(c));
}

/** Every event worth trying in a state, with payload variants that take different transitions. */
export function bedomningModelEvents(snapshot: BedomningSnapshot): ModelEvent[] {
  const c = snapshot.context;
  const nextQuestionnaire = (offset = 0) => `q${c.questionnaires.length + 1 + offset}`;
  const nextDocument = `d${c.documents.length + 1}`;
  // Each body carries a `shape`: what it does, without ids. The graph tells events apart by shape, and a
  // path is made concrete by replaying its shapes from the start (see concretePath).
  const bodies: Record<string, unknown>[] = [
    { shape: 'INLEDANDE_STARTED', type: 'INLEDANDE_STARTED', householdRole: 'sokande', questionnaireId: nextQuestionnaire() },
    { shape: 'INLEDANDE_STARTED+reason', type: 'INLEDANDE_STARTED', householdRole: 'sokande', reason: 'Omprövning.', questionnaireId: nextQuestionnaire() },
    ...openOf(c, ['inledande', 'arbetsmarknad', 'rehab', 'uppfoljning']).slice(0, 1).map((q) => ({ shape: 'QUESTIONNAIRE_SAVED', type: 'QUESTIONNAIRE_SAVED', questionnaireId: q.id, answers: {} })),
    ...openOf(c, ['inledande']).flatMap((q) =>
      KEY_SCORE_VARIANTS.map((keyScores, index) => ({ shape: `INLEDANDE_COMPLETED:${index}`, type: 'INLEDANDE_COMPLETED', questionnaireId: q.id, keyScores })),
    ),
    ...openOf(c, ['arbetsmarknad', 'rehab']).map((q) => ({ shape: `TRACK_COMPLETED:${q.kind}`, type: 'TRACK_COMPLETED', questionnaireId: q.id })),
    ...openOf(c, ['uppfoljning']).map((q) => ({ shape: 'UPPFOLJNING_COMPLETED', type: 'UPPFOLJNING_COMPLETED', questionnaireId: q.id })),
    { shape: 'UPPFOLJNING_STARTED', type: 'UPPFOLJNING_STARTED', questionnaireId: nextQuestionnaire() },
    { shape: 'ARBETSPLAN_CREATED', type: 'ARBETSPLAN_CREATED', documentId: nextDocument },
    { shape: 'UPPDRAGSBESKRIVNING_CREATED', type: 'UPPDRAGSBESKRIVNING_CREATED', caseId: currentReferral(c), referralDecisionDate: MODEL_DECISION_DATE, documentId: nextDocument },
    { shape: 'INSATS_STARTED', type: 'INSATS_STARTED', caseId: currentReferral(c), uppdragsbeskrivningId: unsentUppdrag(c)?.id ?? null },
  ];
  if (c.indication) {
    const tracks = c.indication.tracks;
    const other = tracks.includes('rehab') ? ['arbetsmarknad'] : ['rehab'];
    const withIds = (chosen: string[]) => chosen.map((track, index) => ({ track, questionnaireId: nextQuestionnaire(index) }));
    bodies.push({ shape: 'INRIKTNING_CHOSEN:follows', type: 'INRIKTNING_CHOSEN', tracks, questionnaires: withIds(tracks) });
    bodies.push({ shape: 'INRIKTNING_CHOSEN:against', type: 'INRIKTNING_CHOSEN', tracks: other, reasonAgainstIndication: 'Individuell bedömning.', questionnaires: withIds(other) });
  }
  const inledande = latestCompleted(c, ['inledande']);
  if (inledande) bodies.push({ shape: 'ARBETSPLAN_CREATED:import', type: 'ARBETSPLAN_CREATED', importFrom: inledande.id, documentId: nextDocument });
  const track = latestCompleted(c, ['arbetsmarknad', 'rehab']);
  if (track) {
    bodies.push({ shape: 'UPPDRAGSBESKRIVNING_CREATED:import', type: 'UPPDRAGSBESKRIVNING_CREATED', caseId: currentReferral(c), referralDecisionDate: MODEL_DECISION_DATE, importFrom: track.id, documentId: nextDocument });
  }
  const plan = c.documents.find((d) => d.kind === 'arbetsplan');
  if (plan) bodies.push({ shape: 'ARBETSPLAN_REVISED', type: 'ARBETSPLAN_REVISED', documentId: plan.id, content: {} });
  const uppdrag = unsentUppdrag(c);
  if (uppdrag) bodies.push({ shape: 'UPPDRAGSBESKRIVNING_REVISED', type: 'UPPDRAGSBESKRIVNING_REVISED', documentId: uppdrag.id, content: {} });
  if (c.insats) {
    for (const outcome of ['ej_sjalvforsorjande', 'sjalvforsorjande', 'avbruten'] as const) {
      bodies.push({ shape: `INSATS_ENDED:${outcome}`, type: 'INSATS_ENDED', caseId: c.insats.caseId, outcome, questionnaireId: outcome === 'ej_sjalvforsorjande' ? nextQuestionnaire() : null });
    }
  }
  return bodies
    .map((body) => {
      const role = BEDOMNING_EVENT_ROLES[body.type as BedomningEvent['type']][0]!;
      return { ...body, meta: { actorId: role, role, at: MODEL_TIME } } as unknown as ModelEvent;
    })
    .filter((event) => snapshot.can(event));
}

export type ModelEvent = BedomningEvent & { shape: string };

/** A model state: the machine state and what the guards and the offered events read; ids and counts left out. */
export function serializeBedomningState(snapshot: BedomningSnapshot): string {
  const c = snapshot.context;
  return JSON.stringify([
    bedomningStateOf(snapshot),
    openOf(c, ['inledande', 'arbetsmarknad', 'rehab', 'uppfoljning']).map((q) => q.kind).sort(),
    latestCompleted(c, ['inledande']) !== undefined,
    latestCompleted(c, ['arbetsmarknad', 'rehab']) !== undefined,
    c.questionnaires.some((q) => q.cycle === c.cycle && q.status === 'klar' && (q.kind === 'arbetsmarknad' || q.kind === 'rehab')),
    c.choice !== null,
    c.indication?.tracks ?? null,
    c.documents.some((d) => d.kind === 'arbetsplan'),
    unsentUppdrag(c) !== undefined,
    c.insats !== null,
  ]);
}

const serializeEvent = (event: BedomningEvent) => (event as ModelEvent).shape;

/**
 * The graph reuses a state reached by another path (same model state, other ids),
 * so a path's events are replayed by shape from the start: the events and states
 * of the result belong together, and its ids are the ones a driver must map.
 */
export function concretePath(shapes: readonly string[]): { state: BedomningSnapshot; event: ModelEvent }[] {
  let state = startBedomning();
  const steps: { state: BedomningSnapshot; event: ModelEvent }[] = [];
  for (const shape of shapes) {
    const event = bedomningModelEvents(state).find((candidate) => candidate.shape === shape);
    if (!event) throw new Error(`no event of shape ${shape} in ${bedomningStateOf(state)}`);
    [state] = transition(bedomningMachine, state, event);
    steps.push({ state, event });
  }
  return steps;
}

function stepsTaken(steps: { state: BedomningSnapshot; event: ModelEvent }[]): string[] {
  return steps.flatMap((step, index) => bedomningTransitionsTaken(index === 0 ? startBedomning() : steps[index - 1]!.state, step.event));
}

const traversal = { events: bedomningModelEvents, serializeState: serializeBedomningState, serializeEvent };

const coverage = definitionCoverage(bedomningMachine);
export const allBedomningStateNodes = coverage.allStateNodes;
/** Handovers change who the users are, not the process: test/api/kc-assignment-and-handover.test.ts drives them; left out of the model. */
export const EVENTS_OUTSIDE_THE_BEDOMNING_MODEL: ReadonlySet<string> = new Set(HANDOVER_EVENT_TYPES);
export const ALL_BEDOMNING_TRANSITIONS = coverage.allTransitions.filter(
  (id) => ![...EVENTS_OUTSIDE_THE_BEDOMNING_MODEL].some((type) => id.includes(`--${type}[`)),
);
export const bedomningTransitionsTaken = (snapshot: BedomningSnapshot, event: BedomningEvent) => coverage.transitionsTaken(snapshot, event);

/** Every model state of the graph (one snapshot per model state). */
export function bedomningModelStates(): BedomningSnapshot[] {
  type Graph = Record<string, { state: BedomningSnapshot }>;
  return Object.values(getAdjacencyMap(bedomningMachine, traversal) as unknown as Graph).map(({ state }) => state);
}

export interface BedomningModelPath {
  name: string;
  steps: { state: BedomningSnapshot; event: ModelEvent }[];
}

/** The shortest path to every machine state, then the shortest path through every transition not yet taken. */
export function selectBedomningPaths(): BedomningModelPath[] {
  const shapesOf = (path: { steps: { event: BedomningEvent }[] }) => path.steps.slice(1).map((step) => (step.event as ModelEvent).shape);
  const toState = getShortestPaths(bedomningMachine, traversal);
  const prefixByKey = new Map(toState.map((path) => [serializeBedomningState(path.state), shapesOf(path)]));
  const chosen: BedomningModelPath[] = [];
  const covered = new Set<string>();
  const take = (shapes: string[], name: string) => {
    const steps = concretePath(shapes);
    chosen.push({ name, steps });
    for (const id of stepsTaken(steps)) covered.add(id);
  };
  const best = new Map<string, string[]>();
  for (const path of toState) {
    const state = bedomningStateOf(path.state);
    const shapes = shapesOf(path);
    if (!best.has(state) || shapes.length < best.get(state)!.length) best.set(state, shapes);
  }
  for (const [state, shapes] of best) take(shapes, `to ${state}`);
  type Graph = Record<string, { transitions: Record<string, { event: BedomningEvent }> }>;
  const graph = getAdjacencyMap(bedomningMachine, traversal) as unknown as Graph;
  const edges = Object.entries(graph)
    .flatMap(([from, { transitions }]) => Object.values(transitions).map(({ event }) => [...prefixByKey.get(from)!, (event as ModelEvent).shape]))
    .sort((a, b) => a.length - b.length);
  for (const shapes of edges) {
    const steps = concretePath(shapes);
    const last = bedomningTransitionsTaken(steps.at(-2)?.state ?? startBedomning(), steps.at(-1)!.event);
    if (last.every((id) => covered.has(id))) continue;
    take(shapes, `through ${last.join(' + ')}`);
  }
  return chosen;
}
