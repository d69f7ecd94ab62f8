/**
 * Who may see which case, which personal data and which parts of its history
 * (process.md "Rules that hold everywhere", issue "core": visibility).
 * One place for these rules: the list query, the single-case read and the
 * history all use them.
 */
import { sideOf } from '../../machines/shared/roles';
import type { AnvisningEventType } from '../../machines/anvisning';
import type { Prisma } from '../db/database';
import type { AuthUser } from '../auth/types';
import { MACHINE_UPGRADED } from '../aggregates/creation-events';
import type { Enforcement } from '../../machines/shared/traceability';
import { rowMatchesWhere } from '../db/row-matches-where';
import type { CaseRow } from './case-view';

/** The Prisma filter for the cases a user may see. */
export function visibleCasesWhere(user: AuthUser): Prisma.CaseWhereInput {
  const branches = visibleCasesBranches(user);
  return branches.length === 1 ? branches[0]! : { OR: branches };
}

/**
 * The cases a user sees, as the parts of an OR (their union is visibleCasesWhere). The case list reads each part
 * from its own index in the list's order: an OR of two columns makes PostgreSQL sort every case of the unit.
 */
export function visibleCasesBranches(user: AuthUser): Prisma.CaseWhereInput[] {
  switch (user.role) {
    case 'socialsekreterare':
      return [{ responsibleUserId: user.id }];
    case 'forste_socialsekreterare':
      // The unit's cases, and those another unit asks it to take over (until accepted or cancelled, or the referral ends).
      return [{ unit: user.unit }, { pendingTransferUnit: user.unit, status: 'active' }];
    case 'arbetsmarknadskonsulent':
      // KC sees a referral once the uppdrag is sent, and a consultant only those assigned to her.
      return [{ sentToKc: true, kcConsultantId: user.id }];
    case 'kc_samordnare':
      // Bilaga 1: on a protected case the samordnare is consulted before the decision.
      return [{ sentToKc: true }, { samordnareConsulted: true }];
    case 'system':
      return [{}];
  }
}

/** KC's queue: referrals at KC with no consultant yet. A consultant may take one (KC_CONSULTANT_ASSIGNED) without seeing it first. */
export const KC_QUEUE_WHERE = { sentToKc: true, kcConsultantId: null, status: 'active' } satisfies Prisma.CaseWhereInput;

/** The cases a user may send this event to: what she sees, and for a consultant taking a referral, KC's queue. */
export function writableCasesWhere(user: AuthUser, eventType: string): Prisma.CaseWhereInput {
  const visible = visibleCasesWhere(user);
  // Protected clients are not in a consultant's queue (the samordnare assigns them): they stay unseen (404).
  if (user.role === 'arbetsmarknadskonsulent' && eventType === 'KC_CONSULTANT_ASSIGNED') {
    return { OR: [visible, { ...KC_QUEUE_WHERE, client: { protectedIdentity: false } }] };
  }
  return visible;
}

/**
 * May this user send this event to this case? The rule of `writableCasesWhere`, read on the row a transition loaded
 * under its lock (with its client), so the transition asks the database no extra query (issue 19).
 */
export function mayWriteCase(user: AuthUser, eventType: string, row: CaseRow): boolean {
  return rowMatchesWhere(writableCasesWhere(user, eventType), row);
}

interface CaseForAccess {
  responsibleUserId: string;
  client: { protectedIdentity: boolean };
}

/**
 * Name and personnummer of a protected client: only the responsible socialsekreterare and the KC samordnare,
 * and never in a list (process.md "Rules that hold everywhere").
 */
export function maySeePersonalData(user: AuthUser, kase: CaseForAccess, where: 'single' | 'list' = 'single'): boolean {
  if (!kase.client.protectedIdentity) return user.role !== 'system';
  if (where === 'list') return false;
  return (user.role === 'socialsekreterare' && user.id === kase.responsibleUserId) || user.role === 'kc_samordnare';
}

/**
 * The cases whose client a list search may match by name or personnummer: exactly those whose name and personnummer
 * the list shows (`maySeePersonalData(…, 'list')`: never a protected client's, for anyone). A search for a hidden
 * name then finds nothing, as a name no one has, so it cannot be used to learn that the name exists.
 */
export function clientSearchableInListWhere(client: Prisma.ClientWhereInput): Prisma.CaseWhereInput {
  return { client: { AND: [{ protectedIdentity: false }, client] } };
}

/** KC sees what the uppdrag gives it, not the social file (process.md "What KC sees"). */
const EVENTS_KC_SEES: ReadonlySet<AnvisningEventType> = new Set<AnvisningEventType>([
  'DECISION_MADE',
  'DECISION_RENEWED',
  'DECISION_EXPIRED',
  'UPPDRAG_SENT',
  'INSKRIVNING_BOOKED',
  'INSKRIVNING_HELD',
  'INSKRIVNING_MISSED',
  'INSKRIVNING_RESCHEDULED',
  'INSKRIVNING_NEW_TIME_REQUESTED',
  'INSKRIVNING_REBOOKED',
  'UPPDRAG_WITHDRAWN',
  'GENOMFORANDEPLAN_ESTABLISHED',
  'GENOMFORANDEPLAN_UPDATED',
  'FOLLOW_UP_BOOKED',
  'FOLLOW_UP_HELD',
  'SIGNIFICANT_EVENT_REPORTED',
  'THREE_PARTY_MEETING_BOOKED',
  'THREE_PARTY_MEETING_HELD',
  'THREE_PARTY_MEETING_NOT_HELD',
  'EXTERNAL_CONSENT_RECORDED',
  'DISAGREEMENT_RAISED',
  'DISAGREEMENT_POSITION_RECORDED',
  'DISAGREEMENT_RESOLVED',
  'CLOSING_ANNOUNCED',
  'CLOSING_WITHDRAWN',
  'CLOSING_DOCUMENT_CREATED',
  'INSATS_CLOSED',
  'GWA_CLOSED',
  'KC_CONSULTANT_ASSIGNED',
]);

/** Events of earlier versions of the machine, no longer in its vocabulary, that KC saw then and still sees in a history. */
const EARLIER_EVENTS_KC_SEES: ReadonlySet<string> = new Set([
  // Version 2: the socialsekreterare ended the inskrivning alone (since version 3: UPPDRAG_WITHDRAWN and INSKRIVNING_CANCELLED_IN_GWA).
  'INSKRIVNING_CANCELLED',
]);

export function mayUserSeeEvent(user: AuthUser, event: { type: string; actorRole: string; payload?: unknown }): boolean {
  if (sideOf(user.role) !== 'kc') return true;
  if (event.actorRole === 'arbetsmarknadskonsulent' || event.actorRole === 'kc_samordnare') return true;
  // That the case moved to a newer routine is said to everyone who sees the case (without the migration's notes).
  if (event.type === MACHINE_UPGRADED) return true;
  // [kc-view.external-consent-own-area] A consent the socialsekreterare recorded in her own area (social and health) is not KC's (process.md "What KC sees");
  // one recorded before areas existed (version 2) has no area and stays visible, as it was.
  if (event.type === 'EXTERNAL_CONSENT_RECORDED') return (event.payload as { area?: string } | null)?.area !== 'socialt_halsa';
  return EVENTS_KC_SEES.has(event.type as AnvisningEventType) || EARLIER_EVENTS_KC_SEES.has(event.type);
}

/**
 * The payload of an event as this user's side reads it: KC sees a decision and its period, not why the social
 * services made it retroactive (their reasoning on the social file, process.md "What KC sees").
 */
export function payloadUserSees(user: AuthUser, event: { type: string; payload?: unknown }): unknown {
  if (sideOf(user.role) !== 'kc' || (event.type !== 'DECISION_MADE' && event.type !== 'DECISION_RENEWED')) return event.payload;
  const { retroactiveReason: _hidden, ...rest } = (event.payload ?? {}) as Record<string, unknown>;
  return rest;
}

/** The process rules of who sees what (docs/process.md "What KC sees", "Protected identity"; docs/traceability.md). */
export const ENFORCES: Enforcement[] = [
  { rule: 'kc-view.after-uppdrag-sent', by: 'visibleCasesWhere' },
  { rule: 'kc-view.history-filtered', by: 'mayUserSeeEvent' },
  { rule: 'kc-view.external-consent-own-area', by: 'mayUserSeeEvent' },
  { rule: 'roles.protected-identity-masked', by: 'maySeePersonalData' },
];
