/**
 * The anvisning process as pure functions for a host that persists state itself:
 * start a case, ask what a role may do now, decide on an event. Nothing here
 * runs effects; the case service loads, decides, saves, then runs effects.
 */
import { initialTransition, transition, type AnyStateNode, type SnapshotFrom } from 'xstate';
import type { Role } from '../shared/roles';
import { nextStepsOf, stepMeta, type Actor, type NextStep } from '../shared/steps';
import { ANVISNING_EVENT_TYPES, type AnvisningEvent, type AnvisningEventType } from './events';
import { anvisningMachine, decisionBlockers, type AnvisningInput, type DecisionBlocker } from './machine';
import { mayRoleSend } from './permissions';
import { ANVISNING_STEPS, managerSide, noClosingDisagreement, openDisagreements, renewalBlockers, type RenewalBlocker } from './steps';

/** The steps of a closing an open disagreement about it holds back (process.md §5, §6). */
const CLOSING_STEPS: readonly string[] = ['THREE_PARTY_MEETING_HELD', 'THREE_PARTY_MEETING_NOT_HELD', 'CLOSING_DOCUMENT_CREATED', 'INSATS_CLOSED', 'GWA_CLOSED'];

export * from './events';
export * from './machine';
export * from './permissions';
// Each module's own list of the rules it enforces is read from the module (docs/traceability.md); the index keeps the role table's.
export { ENFORCES } from './permissions';
export * from './versions';
export { anvisningDateIssues, DONE_DATE_TOLERANCE_DAYS, type DateIssue } from './plausibility';
export type { Actor, StepNeeds } from '../shared/steps';
export type { AnvisningMigrationNote, AnvisningMigrationNoteCode } from './migrations';
export { noClosingDisagreement, openDisagreements, renewalBlockers, renewalOpensOn, externalAreaOf, type RenewalBlocker } from './steps';

export type AnvisningSnapshot = SnapshotFrom<typeof anvisningMachine>;
/** The JSON form stored in the database (XState's persisted snapshot). */
export type PersistedAnvisning = ReturnType<typeof anvisningMachine.getPersistedSnapshot>;
export type CaseStatus = 'active' | 'avslutad' | 'avbruten';

export function startAnvisning(input: AnvisningInput): AnvisningSnapshot {
  const [snapshot] = initialTransition(anvisningMachine, input);
  return snapshot;
}

export function persistAnvisning(snapshot: AnvisningSnapshot): PersistedAnvisning {
  return anvisningMachine.getPersistedSnapshot(snapshot);
}

export function restoreAnvisning(persisted: unknown): AnvisningSnapshot {
  return anvisningMachine.resolveState(persisted as Parameters<typeof anvisningMachine.resolveState>[0]);
}

/** "forberedelse.samrad_klart", "avslutad", ...: the state as one dotted path. */
export function statePathOf(snapshot: AnvisningSnapshot): string {
  const parts: string[] = [];
  let value: unknown = snapshot.value;
  while (value !== null && typeof value === 'object') {
    const [key, child] = Object.entries(value as Record<string, unknown>)[0] ?? [];
    if (key === undefined) break;
    parts.push(key);
    value = child;
  }
  if (typeof value === 'string') parts.push(value);
  return parts.join('.');
}

export function statusOf(snapshot: AnvisningSnapshot): CaseStatus {
  if (snapshot.matches('avslutad')) return 'avslutad';
  if (snapshot.matches('avbruten')) return 'avbruten';
  return 'active';
}

/** A step this role may take now, and what it needs (machines/shared/steps.ts). */
export type AnvisningNextStep = NextStep<AnvisningEventType>;

/**
 * The steps this role (and this user, when given) may take now, in vocabulary order, each with what it
 * needs (an external contact: one of the consented `parties`; an assignment: the consultant it may or may
 * not name), read from the transitions of the active states and the step rules their guards name
 * (./steps.ts): the machine's guards are the same rules, so nothing is probed and nothing is written twice.
 */
export function nextAnvisningSteps(snapshot: AnvisningSnapshot, role: Role, at: string, actor?: Actor): AnvisningNextStep[] {
  if (snapshot.status !== 'active') return [];
  const root = anvisningMachine.root as AnyStateNode;
  return nextStepsOf(root, ANVISNING_STEPS, snapshot, ANVISNING_EVENT_TYPES, (type) => mayRoleSend(role, type), stepMeta(role, at, actor));
}

/** The event types this role (and this user, when given) may send now, in vocabulary order (what each needs: `nextAnvisningSteps`). */
export function allowedEvents(snapshot: AnvisningSnapshot, role: Role, at: string, actor?: Actor): AnvisningEventType[] {
  return nextAnvisningSteps(snapshot, role, at, actor).map((step) => step.type);
}

/** Why the machine refused, as codes (the words are src/texts/process-messages.ts); a decision names its blockers. */
export type AnvisningRefusal =
  | { code: 'role_not_allowed'; role: Role; event: string }
  | { code: 'referral_ended' }
  | DecisionBlocker
  | { code: 'external_consent_missing' }
  | { code: 'disagreement_open' }
  | { code: 'closing_meeting_booked_by_kc' }
  | RenewalBlocker
  | { code: 'disagreement_id_required'; disagreementIds: string[] }
  | { code: 'disagreement_positions_missing' }
  | { code: 'disagreement_position_recorded' }
  | { code: 'event_not_allowed'; event: string; state: string };
export type AnvisningRefusalCode = AnvisningRefusal['code'];

export type AnvisningDecision =
  | { ok: true; snapshot: AnvisningSnapshot }
  | { ok: false; reason: 'role_not_allowed' | 'not_allowed_in_state'; explanation: AnvisningRefusal[] };

/** Decide on one event: who may send it (the table), then whether the machine takes it now. */
export function decideAnvisning(snapshot: AnvisningSnapshot, event: AnvisningEvent): AnvisningDecision {
  if (!mayRoleSend(event.meta.role, event.type)) {
    return { ok: false, reason: 'role_not_allowed', explanation: [{ code: 'role_not_allowed', role: event.meta.role, event: event.type }] };
  }
  if (snapshot.status !== 'active' || !snapshot.can(event)) {
    return { ok: false, reason: 'not_allowed_in_state', explanation: explainRefusal(snapshot, event) };
  }
  const [next] = transition(anvisningMachine, snapshot, event);
  return { ok: true, snapshot: next };
}

function explainRefusal(snapshot: AnvisningSnapshot, event: AnvisningEvent): AnvisningRefusal[] {
  if (snapshot.status !== 'active') return [{ code: 'referral_ended' }];
  if (event.type === 'DECISION_MADE' && statePathOf(snapshot) === 'forberedelse.samrad_klart') {
    return decisionBlockers(snapshot.context);
  }
  if (event.type === 'EXTERNAL_CONTACT_RECORDED' && snapshot.matches({ pagaende: 'aktiv' })) {
    return [{ code: 'external_consent_missing' }];
  }
  if (!noClosingDisagreement(snapshot.context) && snapshot.matches('avslut') && CLOSING_STEPS.includes(event.type)) {
    return [{ code: 'disagreement_open' }];
  }
  if (event.type === 'THREE_PARTY_MEETING_BOOKED' && snapshot.matches('avslut') && event.meta.role !== 'arbetsmarknadskonsulent') {
    return [{ code: 'closing_meeting_booked_by_kc' }];
  }
  const renewal = explainRenewalRefusal(snapshot, event);
  if (renewal.length > 0) return renewal;
  const disagreement = explainDisagreementRefusal(snapshot, event);
  if (disagreement.length > 0) return disagreement;
  return [{ code: 'event_not_allowed', event: event.type, state: statePathOf(snapshot) }];
}

/** A renewal or its samråd during the insats, refused: the window is not open yet (with the day it opens), or a samråd step is missing. */
function explainRenewalRefusal(snapshot: AnvisningSnapshot, event: AnvisningEvent): AnvisningRefusal[] {
  if (!snapshot.matches('pagaende')) return [];
  const samradSteps = ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_ACTIVITY_JUDGED_UNSUITABLE', 'AF_NOTIFIED'];
  if (event.type !== 'DECISION_RENEWED' && !samradSteps.includes(event.type)) return [];
  const blockers = renewalBlockers(snapshot.context, event.meta.at);
  const notOpen = blockers.filter((blocker) => blocker.code === 'renewal_window_not_open');
  if (notOpen.length > 0) return notOpen;
  return event.type === 'DECISION_RENEWED' ? blockers : [];
}

/** A position or resolution refused: which disagreement to name, or what it still waits for. */
function explainDisagreementRefusal(snapshot: AnvisningSnapshot, event: AnvisningEvent): AnvisningRefusal[] {
  if (event.type !== 'DISAGREEMENT_POSITION_RECORDED' && event.type !== 'DISAGREEMENT_RESOLVED') return [];
  const open = openDisagreements(snapshot.context);
  if (open.length === 0) return [];
  const named = event.disagreementId === undefined ? (open.length === 1 ? open[0] : undefined) : open.find((d) => d.id === event.disagreementId);
  if (!named) return [{ code: 'disagreement_id_required', disagreementIds: open.map((d) => d.id) }];
  if (event.type === 'DISAGREEMENT_RESOLVED') return named.positions.forste_socialsekreterare && named.positions.kc_samordnare ? [] : [{ code: 'disagreement_positions_missing' }];
  const side = managerSide(event.meta.role);
  return side && named.positions[side] ? [{ code: 'disagreement_position_recorded' }] : [];
}

/** Replay a case's history from its input: the basis of `npm run verify`. */
export function replayAnvisning(input: AnvisningInput, events: readonly AnvisningEvent[]): AnvisningSnapshot {
  let snapshot = startAnvisning(input);
  for (const event of events) [snapshot] = transition(anvisningMachine, snapshot, event);
  return snapshot;
}
