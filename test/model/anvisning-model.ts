/**
 * The anvisning machine as a test model: which events to try in each state (with
 * payloads valid there and the role that may send them), how to tell states
 * apart, and which transitions of the definition a step takes. The paths that
 * the API tests drive are generated from this with xstate's graph utilities.
 */
import { initialTransition } from 'xstate';
import { getAdjacencyMap, getShortestPaths, type StatePath } from 'xstate/graph';
import {
  ANVISNING_EVENT_ROLES,
  ANVISNING_EVENT_TYPES,
  EXTERNAL_AREAS,
  anvisningMachine,
  mayRoleSend,
  statePathOf,
  type AnvisningEvent,
  type AnvisningEventType,
  type AnvisningInput,
  type AnvisningSnapshot,
} from '../../machines/anvisning';
import { stockholmDate } from '../../machines/shared/dates';
import { HANDOVER_EVENT_TYPES } from '../../machines/shared/handover';
import type { Role } from '../../machines/shared/roles';
import { samplePayloads } from '../support/anvisning-payloads';
import { definitionCoverage } from './definition-coverage';

/** Every event happens at this time, except once the decision has run out (and after its renewal). */
export const DURING_DECISION = '2026-06-01T09:00:00.000Z';
export const AFTER_EXPIRY = '2027-02-02T09:00:00.000Z';

/** Payload variants that lead to different transitions of the definition. */
function payloadVariants(type: AnvisningEventType): object[] {
  switch (type) {
    case 'AF_PLAN_CHECKED':
      return [{ afActivity: 'ingen' }, { afActivity: 'planerad' }, { afActivity: 'pagaende' }];
    case 'CLOSING_ANNOUNCED':
      return [
        { reason: 'arbete', selfSufficient: true },
        { reason: 'ohalsa', selfSufficient: false },
      ];
    case 'KC_CRITERIA_ASSESSED':
      return [samplePayloads.KC_CRITERIA_ASSESSED, { unemployment: 'deltid', needsJobOrSkillsActivities: true, expectedWorkOrStudiesWithin3Years: false, deviationReason: 'Individuell bedömning.' }];
    default:
      return [samplePayloads[type]];
  }
}

/**
 * A payload's dates as a person gives them at `at` (docs/process.md "Plausible dates"): a meeting booked for later that
 * day, a meeting held and a decision communicated that day. The other sample dates lie before every model time.
 */
function datedAt(type: AnvisningEventType, payload: object, at: string): object {
  const day = stockholmDate(at);
  const laterThatDay = `${day}T16:00:00+01:00`;
  switch (type) {
    case 'INSKRIVNING_BOOKED':
    case 'INSKRIVNING_RESCHEDULED':
    case 'INSKRIVNING_REBOOKED':
    case 'FOLLOW_UP_BOOKED':
    case 'THREE_PARTY_MEETING_BOOKED':
      return { ...payload, at: laterThatDay };
    case 'INSKRIVNING_HELD':
      return { ...payload, firstFollowUpAt: laterThatDay };
    case 'DECISION_COMMUNICATED':
    case 'FOLLOW_UP_HELD':
    case 'THREE_PARTY_MEETING_HELD':
      return { ...payload, on: day };
    default:
      return payload;
  }
}

export function timeIn(snapshot: AnvisningSnapshot, type: AnvisningEventType): string {
  // A renewal is made after the first decision ran out (the model's time has no window before it): time does not go back after it.
  const afterExpiry = type === 'DECISION_EXPIRED' || snapshot.context.decisionExpired || snapshot.context.decisionCount > 1;
  return afterExpiry ? AFTER_EXPIRY : DURING_DECISION;
}

/**
 * Handovers change who the users are, not the process: the generated paths keep one
 * cast of users, and test/api/kc-assignment-and-handover.test.ts drives these events (and the machine
 * tests their guards). They are left out of the model and of its coverage.
 */
export const EVENTS_OUTSIDE_THE_MODEL: ReadonlySet<string> = new Set(HANDOVER_EVENT_TYPES);

/** The user who sends each role's events in the model (and the API tests), with her unit. */
export const MODEL_USERS: Record<Exclude<Role, 'system'>, { id: string; unit: string }> = {
  socialsekreterare: { id: 'anna', unit: 'SF Nordost' },
  arbetsmarknadskonsulent: { id: 'kalle', unit: 'KC' },
  forste_socialsekreterare: { id: 'fatima', unit: 'SF Nordost' },
  kc_samordnare: { id: 'sven', unit: 'KC' },
};

/**
 * The events the model tries in a state: every event some role may send now, in each payload variant, sent by the
 * first role the table names that the machine lets send it now (the closing's three-party meeting is KC's to book,
 * though either party books one during the insats). A consultant acts only on a referral assigned to her (she cannot
 * see the others), so KC's steps come after the samordnare's KC_CONSULTANT_ASSIGNED.
 */
export function modelEvents(snapshot: AnvisningSnapshot): AnvisningEvent[] {
  if (snapshot.status !== 'active') return [];
  return ANVISNING_EVENT_TYPES.filter((type) => !EVENTS_OUTSIDE_THE_MODEL.has(type)).flatMap((type) => {
    const finishing = FINISHING[sideStepInProgress(snapshot) ?? ''];
    if (finishing && !finishing.includes(type)) return [];
    const at = timeIn(snapshot, type);
    const eventsFrom = (role: Role): AnvisningEvent[] => {
      if (role === 'arbetsmarknadskonsulent' && !snapshot.context.kcConsultantId) return [];
      const user = role === 'system' ? { id: 'system', unit: 'Stegvis' } : MODEL_USERS[role];
      return payloadVariants(type)
        .map((payload) => datedAt(type, payload, at))
        .flatMap((payload) => namingDisagreement(snapshot, type, payload))
        .map((payload) => ({ type, ...payload, meta: { actorId: user.id, role, at, unit: user.unit } }) as AnvisningEvent)
        .filter((event) => mayRoleSend(role, type) && snapshot.can(event));
    };
    // Each manager records her side's position: both roles, or no disagreement is ever resolved.
    if (type === 'DISAGREEMENT_POSITION_RECORDED') return ANVISNING_EVENT_ROLES[type].flatMap(eventsFrom);
    for (const role of ANVISNING_EVENT_ROLES[type]) {
      const events = eventsFrom(role);
      if (events.length > 0) return events;
    }
    return [];
  });
}

/**
 * What happens beside the routine (an avvikelse, a three-party meeting during the insats, a disagreement, a renewal)
 * is taken to its end in the model before anything else is tried: each adds its states to the graph instead of
 * multiplying them. Every step is still offered and refused in all of them (the refusal matrix); the machine tests
 * hold them together (an avvikelse left open across a closing, several disagreements at once).
 */
function sideStepInProgress(snapshot: AnvisningSnapshot): 'avvikelse' | 'trepartsmote' | 'oenighet' | 'fornyelse' | null {
  const c = snapshot.context;
  if (c.avvikelser.count > c.avvikelser.acknowledgedCount) return 'avvikelse';
  if (snapshot.matches({ pagaende: 'aktiv' }) && c.threePartyMeeting.bookedAt !== null) return 'trepartsmote';
  if (c.disagreements.some((d) => d.resolved === null)) return 'oenighet';
  if (c.renewal.communicationPending || c.renewal.samrad.ssbtekRecordedAt !== null) return 'fornyelse';
  return null;
}

const FINISHING: Record<string, readonly AnvisningEventType[]> = {
  avvikelse: ['AVVIKELSE_ACKNOWLEDGED'],
  trepartsmote: ['THREE_PARTY_MEETING_HELD'],
  oenighet: ['DISAGREEMENT_POSITION_RECORDED', 'DISAGREEMENT_RESOLVED'],
  fornyelse: ['AF_PLAN_CHECKED', 'AF_ACTIVITY_JUDGED_UNSUITABLE', 'AF_NOTIFIED', 'DECISION_RENEWED', 'DECISION_COMMUNICATED'],
};

/** A position or resolution names the disagreement when more than one is open: one variant per open one. */
function namingDisagreement(snapshot: AnvisningSnapshot, type: AnvisningEventType, payload: object): object[] {
  if (type !== 'DISAGREEMENT_POSITION_RECORDED' && type !== 'DISAGREEMENT_RESOLVED') return [payload];
  const open = snapshot.context.disagreements.filter((d) => d.resolved === null);
  return open.length > 1 ? open.map((d) => ({ ...payload, disagreementId: d.id })) : [payload];
}

/**
 * Two snapshots are the same model state when they agree on the state and on
 * everything a guard reads. Counters and timestamps are left out, so the graph
 * is finite and self-loops (an AF answer, a significant event) are edges back.
 */
export function serializeModelState(snapshot: AnvisningSnapshot): string {
  const c = snapshot.context;
  return JSON.stringify([
    statePathOf(snapshot),
    c.protectedIdentity,
    c.criteria === null ? null : c.criteria.allMet || c.criteria.deviationReason !== null,
    c.consentRecordedAt !== null,
    c.arbetsplanUpdatedAt !== null,
    c.samordnareConsultedAt !== null,
    c.genomforandeplan.establishedOn !== null,
    c.followUp.bookedAt !== null,
    EXTERNAL_AREAS.map((area) => c.externalConsents.some((consent) => consent.area === area)),
    c.threePartyMeeting.bookedAt !== null,
    c.avvikelser.count > c.avvikelser.acknowledgedCount,
    [c.renewal.samrad.ssbtekRecordedAt !== null, c.renewal.samrad.afActivity, c.renewal.samrad.afActivityUnsuitable !== null, c.renewal.samrad.afNotifiedOn !== null, c.renewal.communicationPending],
    // Open ones only, one at a time in the model (sideStepInProgress), so it is never named: its number is left out.
    c.disagreements.filter((d) => d.resolved === null).map((d) => [d.topic, d.positions.forste_socialsekreterare !== null, d.positions.kc_samordnare !== null]),
    c.decisionExpired,
    c.decisionCount > 1,
    c.closing?.insatsClosedAt != null,
    c.closing?.gwaClosedAt != null,
    c.closing?.selfSufficient ?? null,
    c.closing ? c.closing.meetingHeldOn !== null || c.closing.meetingNotHeld !== null : null,
    c.closing?.closingDocumentCreatedOn != null,
    c.missedInskrivning?.uppdragWithdrawn != null,
    c.missedInskrivning?.cancelledInGwa != null,
    c.kcConsultantId != null,
  ]);
}

// The role is part of an event's identity: both managers send the same position payload (two edges, not one).
const serializeEvent = (event: AnvisningEvent) => {
  const { meta, ...rest } = event;
  return JSON.stringify({ ...rest, role: meta?.role });
};

export type ModelPath = StatePath<AnvisningSnapshot, AnvisningEvent> & { input: AnvisningInput; name: string };

export const MODEL_INPUTS: AnvisningInput[] = [{ protectedIdentity: false }, { protectedIdentity: true }];

const traversal = (input: AnvisningInput) => ({ input, events: modelEvents, serializeState: serializeModelState, serializeEvent });

/** The shortest path to every reachable model state, for each input. */
export function shortestPaths(input: AnvisningInput): ModelPath[] {
  return getShortestPaths(anvisningMachine, traversal(input)).map((path) => ({ ...path, input, name: '' }));
}

/** The model graph as xstate/graph's adjacency map gives it: each model state and the events that leave it. */
type ModelGraph = Record<string, { state: AnvisningSnapshot; transitions: Record<string, { event: AnvisningEvent; state: AnvisningSnapshot }> }>;

/** The model graph: every model state and the events that leave it (xstate/graph's adjacency map). */
function modelGraph(input: AnvisningInput): ModelGraph {
  return getAdjacencyMap(anvisningMachine, traversal(input)) as unknown as ModelGraph;
}

/** Every model state of the graph (one snapshot per model state), for each input. */
export function modelStates(input: AnvisningInput): AnvisningSnapshot[] {
  return Object.values(modelGraph(input)).map(({ state }) => state);
}

/** Every (state, event) edge of the model graph. */
export function modelEdges(input: AnvisningInput) {
  return Object.entries(modelGraph(input)).flatMap(([key, { state, transitions }]) =>
    Object.values(transitions).map(({ event, state: next }) => ({ from: key, state, event, next })),
  );
}

const coverage = definitionCoverage(anvisningMachine);

/** Every state node of the definition, by id ("anvisning.pagaende.aktiv"). */
export const allStateNodes = coverage.allStateNodes;

/** Every transition of the definition (each branch of a guarded list counts), by a readable id. */
export const ALL_TRANSITIONS: readonly string[] = coverage.allTransitions.filter(
  (id) => ![...EVENTS_OUTSIDE_THE_MODEL].some((type) => id.includes(`--${type}[`)),
);

/** The transitions of the definition one step takes, including eventless ones that follow it. */
export function transitionsTaken(snapshot: AnvisningSnapshot, event: AnvisningEvent): string[] {
  return coverage.transitionsTaken(snapshot, event);
}

/** Ids of the state nodes active in a snapshot, parents included. */
export function activeStateIds(snapshot: AnvisningSnapshot): string[] {
  const path = statePathOf(snapshot).split('.');
  return path.map((_, index) => ['anvisning', ...path.slice(0, index + 1)].join('.')).concat('anvisning');
}

/**
 * The paths to drive: the shortest path to every reachable machine state, then for
 * every transition of the definition not yet taken, the shortest path through it.
 * The first input covers everything it can reach; the next ones add only what is
 * new (for a protected identity: the consultation of the KC samordnare) and one
 * path to every end state.
 */
export function selectModelPaths(inputs: readonly AnvisningInput[] = MODEL_INPUTS): ModelPath[] {
  const chosen: ModelPath[] = [];
  const covered = new Set<string>();
  const take = (path: ModelPath, name: string) => {
    chosen.push({ ...path, name: `${path.input.protectedIdentity ? 'protected identity, ' : ''}${name}` });
    path.steps.forEach((step, index) => {
      if (index > 0) for (const id of transitionsTaken(path.steps[index - 1]!.state, step.event)) covered.add(id);
    });
  };
  inputs.forEach((input, inputIndex) => {
    const toState = shortestPaths(input);
    const byKey = new Map(toState.map((path) => [serializeModelState(path.state), path]));
    const bestPerState = new Map<string, ModelPath>();
    for (const path of toState) {
      const state = statePathOf(path.state);
      if (!bestPerState.has(state) || path.steps.length < bestPerState.get(state)!.steps.length) bestPerState.set(state, path);
    }
    for (const [state, path] of bestPerState) {
      if (inputIndex === 0 || path.state.status === 'done') take(path, `to ${state}`);
    }
    const edges = modelEdges(input).sort((a, b) => byKey.get(a.from)!.steps.length - byKey.get(b.from)!.steps.length);
    for (const edge of edges) {
      const ids = transitionsTaken(edge.state, edge.event);
      if (ids.every((id) => covered.has(id))) continue;
      const prefix = byKey.get(edge.from)!;
      take({ ...prefix, state: edge.next, steps: [...prefix.steps, { event: edge.event, state: edge.next }], weight: prefix.weight + 1 }, `through ${ids.join(' + ')}`);
    }
  });
  return chosen;
}

/**
 * Simple paths (no model state twice) of at most `maxSteps` steps: `count` random
 * walks over the model graph from the start, each stopping where it reaches an end
 * state, a dead end or the length. Seeded, so a failing path can be replayed.
 */
export function randomSimplePaths(input: AnvisningInput, options: { count: number; maxSteps: number; seed: number }): ModelPath[] {
  if (options.count <= 0) return [];
  const adjacency = modelGraph(input);
  const [initial] = initialTransition(anvisningMachine, input);
  let random = options.seed >>> 0 || 1;
  const nextRandom = () => (random = (Math.imul(random, 1_103_515_245) + 12_345) >>> 0);
  const paths = new Map<string, ModelPath>();
  for (let walk = 0; walk < options.count * 4 && paths.size < options.count; walk += 1) {
    const visited = new Set([serializeModelState(initial)]);
    const steps: ModelPath['steps'] = [{ state: initial, event: { type: 'xstate.init' } as unknown as AnvisningEvent }];
    let key = serializeModelState(initial);
    while (steps.length - 1 < options.maxSteps) {
      const unvisited = Object.values(adjacency[key]?.transitions ?? {}).filter(({ state }) => !visited.has(serializeModelState(state)));
      // Walk on through the process rather than into an early end (a withdrawal, a cancelled inskrivning).
      const goingOn = unvisited.filter(({ state }) => state.status === 'active');
      const choices = goingOn.length > 0 ? goingOn : unvisited;
      if (choices.length === 0) break;
      const choice = choices[nextRandom() % choices.length]!;
      const { state } = choice;
      steps.push({ event: choice.event, state });
      key = serializeModelState(state);
      visited.add(key);
    }
    const id = steps.map((step) => serializeEvent(step.event)).join('>');
    if (!paths.has(id)) {
      paths.set(id, { state: steps.at(-1)!.state, steps, weight: steps.length - 1, input, name: `${input.protectedIdentity ? 'protected identity, ' : ''}simple path ${paths.size + 1} (seed ${options.seed}, ${steps.length - 1} steps) to ${statePathOf(steps.at(-1)!.state)}` });
    }
  }
  return [...paths.values()];
}
