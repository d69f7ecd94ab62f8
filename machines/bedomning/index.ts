/**
 * The bedömningsstöd as pure functions for a host that persists state itself,
 * the same shape as machines/anvisning: start, ask what a role may do now,
 * decide on an event, replay a history.
 */
import { initialTransition, transition, type AnyStateNode, type SnapshotFrom } from 'xstate';
import type { Role } from '../shared/roles';
import { nextStepsOf, stepMeta, type Actor, type NextStep } from '../shared/steps';
import { BEDOMNING_REQUEST_TYPES, type BedomningEvent, type BedomningEventType, type BedomningRequestType, type Track } from './events';
import { followsIndication, upcastBedomningSnapshot } from './indication';
import { bedomningMachine } from './machine';
import { mayRoleSendBedomning } from './permissions';
import { BEDOMNING_STEPS } from './steps';

export * from './events';
export * from './indication';
export * from './machine';
export * from './permissions';
export * from './versions';
export type { StepNeeds } from '../shared/steps';

export type BedomningSnapshot = SnapshotFrom<typeof bedomningMachine>;
export type PersistedBedomning = ReturnType<typeof bedomningMachine.getPersistedSnapshot>;

export function startBedomning(): BedomningSnapshot {
  const [snapshot] = initialTransition(bedomningMachine);
  return snapshot;
}

export function persistBedomning(snapshot: BedomningSnapshot): PersistedBedomning {
  return bedomningMachine.getPersistedSnapshot(snapshot);
}

/** A stored snapshot as a machine snapshot; one stored before reasons were codes is upcast first (`upcastBedomningSnapshot`). */
export function restoreBedomning(persisted: unknown): BedomningSnapshot {
  return bedomningMachine.resolveState(upcastBedomningSnapshot(persisted) as Parameters<typeof bedomningMachine.resolveState>[0]);
}

export function bedomningStateOf(snapshot: BedomningSnapshot): string {
  return String(snapshot.value);
}

/** A step this role may take now, and what it needs (machines/shared/steps.ts). */
export type BedomningNextStep = NextStep<BedomningRequestType>;

/**
 * The steps this role (and this user, when given) may take now, each with what it needs, read from the
 * transitions of the current state (and the machine's root) and the step rules their guards name: the
 * machine's guards are the same rules, so nothing is probed and nothing is written twice.
 */
export function nextBedomningSteps(snapshot: BedomningSnapshot, role: Role, at: string, actor?: Actor): BedomningNextStep[] {
  const root = bedomningMachine.root as AnyStateNode;
  return nextStepsOf(root, BEDOMNING_STEPS, snapshot, BEDOMNING_REQUEST_TYPES, (type) => mayRoleSendBedomning(role, type), stepMeta(role, at, actor));
}

/** The request types this role may send now (some only with a reason or for a given questionnaire: see `nextBedomningSteps`). */
export function allowedBedomningEvents(snapshot: BedomningSnapshot, role: Role, at: string, actor?: Actor): BedomningRequestType[] {
  return nextBedomningSteps(snapshot, role, at, actor).map((step) => step.type);
}

/**
 * Why the machine refused, as codes with what they are about (the words are src/texts/process-messages.ts).
 */
export type BedomningRefusal =
  | { code: 'role_not_allowed'; role: Role; event: string }
  | { code: 'insats_running' }
  | { code: 'inledande_open' }
  | { code: 'restart_needs_reason' }
  | { code: 'choice_before_inledande_done' }
  | { code: 'choice_differs_from_indication'; indicatedTracks: Track[] }
  | { code: 'no_indication' }
  | { code: 'uppfoljning_needs_completed_track' }
  | { code: 'uppfoljning_not_now' }
  | { code: 'arbetsplan_import_not_allowed' }
  | { code: 'arbetsplan_unknown' }
  | { code: 'uppdragsbeskrivning_exists' }
  | { code: 'uppdragsbeskrivning_needs_decision' }
  | { code: 'uppdragsbeskrivning_import_not_allowed' }
  | { code: 'uppdragsbeskrivning_sent' }
  | { code: 'uppdragsbeskrivning_unknown' }
  | { code: 'questionnaire_not_open'; questionnaireId: string; state: string }
  | { code: 'event_not_allowed'; event: string; state: string };

export type BedomningRefusalCode = BedomningRefusal['code'];

/** A payload field a refusal is about, and why (a code: the form shows the catalogue's words there). */
export interface RefusedField {
  path: string;
  code: RefusedFieldCode;
}
export type RefusedFieldCode = 'reason_against_indication_missing' | 'restart_reason_missing' | 'referral_without_decision';

export type BedomningDecision =
  | { ok: true; snapshot: BedomningSnapshot }
  | { ok: false; reason: 'role_not_allowed' | 'not_allowed_in_state'; explanation: BedomningRefusal[]; fields: RefusedField[] };

export function decideBedomning(snapshot: BedomningSnapshot, event: BedomningEvent): BedomningDecision {
  if (!mayRoleSendBedomning(event.meta.role, event.type)) {
    return { ok: false, reason: 'role_not_allowed', explanation: [{ code: 'role_not_allowed', role: event.meta.role, event: event.type }], fields: [] };
  }
  if (!snapshot.can(event)) {
    return { ok: false, reason: 'not_allowed_in_state', explanation: explainBedomningRefusal(snapshot, event), fields: refusedFields(snapshot, event) };
  }
  const [next] = transition(bedomningMachine, snapshot, event);
  return { ok: true, snapshot: next };
}

/** Why the machine refused, as codes a socialsekreterare's words can be made from. */
export function explainBedomningRefusal(snapshot: BedomningSnapshot, event: BedomningEvent): BedomningRefusal[] {
  const { context } = snapshot;
  const state = bedomningStateOf(snapshot);
  switch (event.type) {
    case 'INLEDANDE_STARTED':
      if (state === 'inledande') return [{ code: 'inledande_open' }];
      return [{ code: 'restart_needs_reason' }];
    case 'INRIKTNING_CHOSEN':
      if (state !== 'val_av_inriktning') return [{ code: 'choice_before_inledande_done' }];
      return context.indication && !followsIndication(context.indication, event.tracks)
        ? [{ code: 'choice_differs_from_indication', indicatedTracks: [...context.indication.tracks] }]
        : [{ code: 'no_indication' }];
    case 'UPPFOLJNING_STARTED':
      if (context.insats !== null) return [{ code: 'insats_running' }];
      return state === 'inriktning' ? [{ code: 'uppfoljning_needs_completed_track' }] : [{ code: 'uppfoljning_not_now' }];
    case 'ARBETSPLAN_CREATED':
      return [{ code: 'arbetsplan_import_not_allowed' }];
    case 'ARBETSPLAN_REVISED':
      return [{ code: 'arbetsplan_unknown' }];
    case 'UPPDRAGSBESKRIVNING_CREATED':
      if (context.documents.some((d) => d.kind === 'uppdragsbeskrivning' && d.caseId === event.caseId)) return [{ code: 'uppdragsbeskrivning_exists' }];
      return event.referralDecisionDate ? [{ code: 'uppdragsbeskrivning_import_not_allowed' }] : [{ code: 'uppdragsbeskrivning_needs_decision' }];
    case 'UPPDRAGSBESKRIVNING_REVISED':
      return context.documents.some((d) => d.id === event.documentId && d.sentAt !== null)
        ? [{ code: 'uppdragsbeskrivning_sent' }]
        : [{ code: 'uppdragsbeskrivning_unknown' }];
    default:
      if ('questionnaireId' in event && typeof event.questionnaireId === 'string') return [{ code: 'questionnaire_not_open', questionnaireId: event.questionnaireId, state }];
      return [{ code: 'event_not_allowed', event: event.type, state }];
  }
}

/**
 * The payload field a refusal is about: a choice of track against the indication lacks only its reason
 * (Handbok, "Val av inriktning"); a new initial part mid-cycle (or during an insats) lacks its reason; an
 * uppdragsbeskrivning names a referral without a decision.
 */
function refusedFields(snapshot: BedomningSnapshot, event: BedomningEvent): RefusedField[] {
  const state = bedomningStateOf(snapshot);
  if (event.type === 'INRIKTNING_CHOSEN' && state === 'val_av_inriktning') {
    return [{ path: 'reasonAgainstIndication', code: 'reason_against_indication_missing' }];
  }
  if (event.type === 'INLEDANDE_STARTED' && state !== 'inledande') return [{ path: 'reason', code: 'restart_reason_missing' }];
  if (event.type === 'UPPDRAGSBESKRIVNING_CREATED' && explainBedomningRefusal(snapshot, event).some((refusal) => refusal.code === 'uppdragsbeskrivning_needs_decision')) {
    return [{ path: 'caseId', code: 'referral_without_decision' }];
  }
  return [];
}

/**
 * May this role make an uppdragsbeskrivning for this referral now? The machine's answer for one referral
 * (its decision date as the service reads it), so a page offers only the referrals it may be made for;
 * an empty list means yes, else why not, as codes.
 */
export function uppdragsbeskrivningRefusals(
  snapshot: BedomningSnapshot,
  meta: { actorId: string; role: Role; at: string; unit?: string },
  referral: { caseId: string; decisionDate: string | null },
): BedomningRefusal[] {
  const event = { type: 'UPPDRAGSBESKRIVNING_CREATED', caseId: referral.caseId, referralDecisionDate: referral.decisionDate, documentId: 'new', meta } as BedomningEvent;
  const decision = decideBedomning(snapshot, event);
  return decision.ok ? [] : decision.explanation;
}

export function replayBedomning(events: readonly BedomningEvent[]): BedomningSnapshot {
  let snapshot = startBedomning();
  for (const event of events) [snapshot] = transition(bedomningMachine, snapshot, event);
  return snapshot;
}

export type { BedomningEventType };
