/**
 * The bedömningsstöd as pure functions for a host that persists state itself,
 * the same shape as machines/anvisning: start, ask what a role may do now,
 * decide on an event, replay a history.
 */
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import type { Actor } from '../anvisning';
import { handoverProbe, isHandoverEventType } from '../shared/handover';
import type { Role } from '../shared/roles';
import { BEDOMNING_REQUEST_TYPES, type BedomningEvent, type BedomningEventType, type BedomningRequestType } from './events';
import { followsIndication } from './indication';
import { bedomningMachine, type BedomningContext } from './machine';
import { mayRoleSendBedomning } from './permissions';

export * from './events';
export * from './indication';
export * from './machine';
export * from './permissions';

export type BedomningSnapshot = SnapshotFrom<typeof bedomningMachine>;
export type PersistedBedomning = ReturnType<typeof bedomningMachine.getPersistedSnapshot>;

export function startBedomning(): BedomningSnapshot {
  const [snapshot] = initialTransition(bedomningMachine);
  return snapshot;
}

export function persistBedomning(snapshot: BedomningSnapshot): PersistedBedomning {
  return bedomningMachine.getPersistedSnapshot(snapshot);
}

export function restoreBedomning(persisted: unknown): BedomningSnapshot {
  return bedomningMachine.resolveState(persisted as Parameters<typeof bedomningMachine.resolveState>[0]);
}

export function bedomningStateOf(snapshot: BedomningSnapshot): string {
  return String(snapshot.value);
}

/**
 * A probe for events whose guard looks at the payload: it names the first
 * questionnaire or document the event could apply to, so "could this happen
 * now?" is answered by the machine itself.
 */
function probeEvent(type: BedomningRequestType, context: BedomningContext, role: Role, at: string, actor?: Actor): BedomningEvent {
  const meta = { actorId: actor?.id ?? 'probe', role, at, ...(actor ? { unit: actor.unit } : {}) };
  if (isHandoverEventType(type)) return { type, meta, ...handoverProbe(type, actor?.unit ?? '') } as unknown as BedomningEvent;
  const open = context.questionnaires.filter((q) => q.status === 'pagaende');
  const probe: Record<string, unknown> = { type, meta };
  switch (type) {
    case 'QUESTIONNAIRE_SAVED':
    case 'INLEDANDE_COMPLETED':
    case 'TRACK_COMPLETED':
    case 'UPPFOLJNING_COMPLETED': {
      const kinds = { INLEDANDE_COMPLETED: ['inledande'], TRACK_COMPLETED: ['arbetsmarknad', 'rehab'], UPPFOLJNING_COMPLETED: ['uppfoljning'] }[
        type as 'INLEDANDE_COMPLETED'
      ];
      probe.questionnaireId = open.find((q) => kinds === undefined || kinds.includes(q.kind))?.id ?? '';
      probe.answers = {};
      probe.keyScores = { halsa: 3, arbetsformaga: 3, energiMotivation: 3, kommunikation: 3 };
      break;
    }
    case 'INLEDANDE_STARTED':
      Object.assign(probe, { householdRole: 'sokande', reason: 'probe', questionnaireId: 'probe' });
      break;
    case 'INRIKTNING_CHOSEN':
      Object.assign(probe, { tracks: context.indication?.tracks ?? ['arbetsmarknad'], questionnaires: [] });
      break;
    case 'UPPFOLJNING_STARTED':
      probe.questionnaireId = 'probe';
      break;
    case 'ARBETSPLAN_CREATED':
      probe.documentId = 'probe';
      break;
    case 'UPPDRAGSBESKRIVNING_CREATED':
      Object.assign(probe, { documentId: 'probe', caseId: 'probe' });
      break;
    case 'ARBETSPLAN_REVISED':
      probe.documentId = context.documents.find((d) => d.kind === 'arbetsplan')?.id ?? '';
      break;
    case 'UPPDRAGSBESKRIVNING_REVISED':
      probe.documentId = context.documents.find((d) => d.kind === 'uppdragsbeskrivning' && d.sentAt === null)?.id ?? '';
      break;
  }
  return probe as unknown as BedomningEvent;
}

/** The request types this role may send now (some only with a reason or for a given questionnaire). */
export function allowedBedomningEvents(snapshot: BedomningSnapshot, role: Role, at: string, actor?: Actor): BedomningRequestType[] {
  return BEDOMNING_REQUEST_TYPES.filter(
    (type) => mayRoleSendBedomning(role, type) && snapshot.can(probeEvent(type, snapshot.context, role, at, actor)),
  );
}

/** A payload field a refusal is about, so a form can show it there. */
export interface RefusedField {
  path: string;
  message: string;
}

export type BedomningDecision =
  | { ok: true; snapshot: BedomningSnapshot }
  | { ok: false; reason: 'role_not_allowed' | 'not_allowed_in_state'; explanation: string[]; fields: RefusedField[] };

export function decideBedomning(snapshot: BedomningSnapshot, event: BedomningEvent): BedomningDecision {
  if (!mayRoleSendBedomning(event.meta.role, event.type)) {
    return { ok: false, reason: 'role_not_allowed', explanation: [`role ${event.meta.role} may not send ${event.type}`], fields: [] };
  }
  if (!snapshot.can(event)) {
    return { ok: false, reason: 'not_allowed_in_state', explanation: explainBedomningRefusal(snapshot, event), fields: refusedFields(snapshot, event) };
  }
  const [next] = transition(bedomningMachine, snapshot, event);
  return { ok: true, snapshot: next };
}

/** Why the machine refused, in words a socialsekreterare can act on. */
export function explainBedomningRefusal(snapshot: BedomningSnapshot, event: BedomningEvent): string[] {
  const { context } = snapshot;
  const state = bedomningStateOf(snapshot);
  switch (event.type) {
    case 'INLEDANDE_STARTED':
      if (state === 'i_insats') return ['an insats is running: the follow-up comes first, after the insats'];
      if (state === 'inledande') return ['an initial part is already open: continue it'];
      return ['the cycle is not finished: starting a new initial part now needs a reason (e.g. omprövning)'];
    case 'INRIKTNING_CHOSEN':
      if (state !== 'val_av_inriktning') return ['the track is chosen after the initial part is completed'];
      return context.indication && !followsIndication(context.indication, event.tracks)
        ? [`the choice differs from the indication (${context.indication.tracks.join(' och ')}): write your reason in reasonAgainstIndication`]
        : ['no indication yet'];
    case 'UPPFOLJNING_STARTED':
      return state === 'inriktning'
        ? ['a follow-up without insats comes after a completed track questionnaire']
        : ['a follow-up starts after an insats, or after a completed track'];
    case 'ARBETSPLAN_CREATED':
      return ['an arbetsplan imports only from a completed initial part (importFrom)'];
    case 'ARBETSPLAN_REVISED':
      return ['no such arbetsplan for this client'];
    case 'UPPDRAGSBESKRIVNING_CREATED':
      return context.documents.some((d) => d.kind === 'uppdragsbeskrivning' && d.caseId === event.caseId)
        ? ['this referral already has an uppdragsbeskrivning: revise it']
        : ['an uppdragsbeskrivning imports only from a completed track questionnaire (arbetsmarknad or rehab), never from the initial part'];
    case 'UPPDRAGSBESKRIVNING_REVISED':
      return context.documents.some((d) => d.id === event.documentId && d.sentAt !== null)
        ? ['this uppdragsbeskrivning was sent to KC with the uppdrag and is kept as sent']
        : ['no such uppdragsbeskrivning for this client'];
    default:
      if ('questionnaireId' in event) return [`questionnaire ${event.questionnaireId} is not open for this step (state ${state})`];
      return [`${event.type} is not allowed in state ${state}`];
  }
}

/** A choice of track against the indication lacks only its reason (001 "Val av inriktning"). */
function refusedFields(snapshot: BedomningSnapshot, event: BedomningEvent): RefusedField[] {
  if (event.type === 'INRIKTNING_CHOSEN' && bedomningStateOf(snapshot) === 'val_av_inriktning') {
    return [{ path: 'reasonAgainstIndication', message: 'Motivera varför valet avviker från indikationen.' }];
  }
  return [];
}

export function replayBedomning(events: readonly BedomningEvent[]): BedomningSnapshot {
  let snapshot = startBedomning();
  for (const event of events) [snapshot] = transition(bedomningMachine, snapshot, event);
  return snapshot;
}

export type { BedomningEventType };
