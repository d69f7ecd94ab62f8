/**
 * Which role may send which event: part of the process definition, next to the
 * machine (Rutin, "Socialförvaltningarnas ansvar" / "Kompetenscenters ansvar",
 * "Vid oenighet"). The machine decides *when* an event may happen; this table
 * decides *who* may send it.
 */
import { HANDOVER_ROLES } from './shared/handover';
import type { Role } from './shared/roles';
import type { AnvisningEventType } from './events';
import type { Enforcement } from './shared/traceability';

const SS = 'socialsekreterare';
const AMK = 'arbetsmarknadskonsulent';
const BOTH_PARTIES = [SS, AMK] as const;

export const ANVISNING_EVENT_ROLES: Readonly<Record<AnvisningEventType, readonly Role[]>> = {
  KC_CRITERIA_ASSESSED: [SS],
  SSBTEK_INFO_RECORDED: [SS],
  AF_PLAN_CHECKED: [SS],
  AF_ACTIVITY_JUDGED_UNSUITABLE: [SS],
  AF_NOTIFIED: [SS],
  AF_RESPONSE_RECORDED: [SS],
  KC_CONSENT_RECORDED: [SS],
  KC_CONSENT_DECLINED: [SS],
  ARBETSPLAN_UPDATED: [SS],
  KC_SAMORDNARE_CONSULTED: [SS],
  REFERRAL_WITHDRAWN: [SS],
  // Bilaga 1: the socialsekreterare, or Stegvis when the client record's protection is switched on.
  PROTECTED_IDENTITY_MARKED: [SS, 'system'],
  DECISION_MADE: [SS],
  DECISION_COMMUNICATED: [SS],
  UPPDRAG_SENT: [SS],
  INSKRIVNING_BOOKED: [SS],
  UPPDRAG_REVIEWED: [AMK],
  // Rutin, "Inför inskrivningsmöte": "Arbetsmarknadskonsulenten verkställer uppdraget i Treserva och insatsen påbörjas".
  INSKRIVNING_HELD: [AMK],
  INSKRIVNING_MISSED: BOTH_PARTIES,
  INSKRIVNING_RESCHEDULED: BOTH_PARTIES,
  // Rutin, "Om klient missar tid": the socialsekreterare decides whether a new time is relevant; the consultant gives it.
  INSKRIVNING_NEW_TIME_REQUESTED: [SS],
  INSKRIVNING_REBOOKED: [AMK],
  // Rutin, "Om inskrivningsmöte ej sker": each side documents why, the socialsekreterare återkallar, the consultant avbokar i GWA.
  UPPDRAG_WITHDRAWN: [SS],
  INSKRIVNING_CANCELLED_IN_GWA: [AMK],
  GENOMFORANDEPLAN_ESTABLISHED: [AMK],
  GENOMFORANDEPLAN_UPDATED: [AMK],
  FOLLOW_UP_BOOKED: [SS],
  FOLLOW_UP_HELD: [SS],
  SIGNIFICANT_EVENT_REPORTED: BOTH_PARTIES,
  THREE_PARTY_MEETING_BOOKED: BOTH_PARTIES,
  // 004 "Vid pågående insats": KC documents avvikelser; the socialsekreterare takes part of them.
  AVVIKELSE_REPORTED: [AMK],
  AVVIKELSE_ACKNOWLEDGED: [SS],
  EXTERNAL_CONSENT_RECORDED: BOTH_PARTIES,
  EXTERNAL_CONTACT_RECORDED: BOTH_PARTIES,
  DECISION_RENEWED: [SS],
  DECISION_EXPIRED: ['system'],
  // "lyfts frågan till 1:e socialsekreterare respektive samordnare": each side's manager records its position;
  // the resolution is a decision under SoL, the 1:e socialsekreterare's (the samordnare cannot resolve alone).
  DISAGREEMENT_RAISED: BOTH_PARTIES,
  DISAGREEMENT_POSITION_RECORDED: ['forste_socialsekreterare', 'kc_samordnare'],
  DISAGREEMENT_RESOLVED: ['forste_socialsekreterare'],
  CLOSING_ANNOUNCED: BOTH_PARTIES,
  CLOSING_WITHDRAWN: BOTH_PARTIES,
  THREE_PARTY_MEETING_HELD: BOTH_PARTIES,
  THREE_PARTY_MEETING_NOT_HELD: BOTH_PARTIES,
  CLOSING_DOCUMENT_CREATED: [AMK],
  INSATS_CLOSED: [SS],
  GWA_CLOSED: [AMK],
  // The samordnare assigns any consultant; a consultant takes an unassigned referral from KC's queue (the machine checks which).
  KC_CONSULTANT_ASSIGNED: ['kc_samordnare', AMK],
  RESPONSIBLE_CHANGED: HANDOVER_ROLES,
  TRANSFER_REQUESTED: HANDOVER_ROLES,
  TRANSFER_ACCEPTED: HANDOVER_ROLES,
  TRANSFER_CANCELLED: HANDOVER_ROLES,
};

export function mayRoleSend(role: Role, type: AnvisningEventType): boolean {
  return ANVISNING_EVENT_ROLES[type].includes(role);
}

/** The process rule this table enforces (docs/process.md "People and roles"; docs/traceability.md). */
export const ENFORCES: Enforcement[] = [{ rule: 'roles.who-sends-what', by: 'ANVISNING_EVENT_ROLES' }];
