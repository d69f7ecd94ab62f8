/**
 * The process's rules about people, written by hand from docs/process.md and the
 * README, for the tests to hold the code against. Not derived from the code under
 * test (machines/…/permissions.ts, src/cases/case-access.ts): a widened role table
 * or history filter must fail a test, not widen the test with it.
 *
 * Each row says where it comes from. When the process changes, change process.md
 * first, then this file, then the code.
 */
import type { Role } from '../../machines/shared/roles';

const SS = 'socialsekreterare';
const AMK = 'arbetsmarknadskonsulent';
const FORSTE = 'forste_socialsekreterare';
const SAMORDNARE = 'kc_samordnare';
const SYSTEM = 'system';

/** process.md "People and roles", handover table: only the 1:e socialsekreterare hands over; "a socialsekreterare cannot hand over her own case". */
const HANDOVER = {
  RESPONSIBLE_CHANGED: [FORSTE],
  TRANSFER_REQUESTED: [FORSTE],
  TRANSFER_ACCEPTED: [FORSTE],
  TRANSFER_CANCELLED: [FORSTE],
} as const;

/** Who may send each event of a referral: the "who" column of process.md "Anvisning, phase by phase". */
export const WHO_MAY_SEND_ANVISNING: Readonly<Record<string, readonly Role[]>> = {
  // 1. Förberedelse (table): every step is the socialsekreterare's.
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
  // "PROTECTED_IDENTITY_MARKED, by the socialsekreterare or the system when the client record changes".
  PROTECTED_IDENTITY_MARKED: [SS, SYSTEM],
  // 2. Beslut: "DECISION_MADE … (SS)", "DECISION_COMMUNICATED … (SS)", "UPPDRAG_SENT … (SS)".
  DECISION_MADE: [SS],
  DECISION_COMMUNICATED: [SS],
  UPPDRAG_SENT: [SS],
  // 3. Inför och vid inskrivningsmöte: booked "by socialsekreterare"; rescheduled "by either party"; held "by
  // arbetsmarknadskonsulent"; after a missed meeting the new time is requested "by socialsekreterare" and rebooked "by
  // arbetsmarknadskonsulent"; no new meeting: UPPDRAG_WITHDRAWN "by socialsekreterare", INSKRIVNING_CANCELLED_IN_GWA "by arbetsmarknadskonsulent".
  INSKRIVNING_BOOKED: [SS],
  INSKRIVNING_RESCHEDULED: [SS, AMK],
  UPPDRAG_REVIEWED: [AMK],
  INSKRIVNING_HELD: [AMK],
  INSKRIVNING_MISSED: [SS, AMK],
  INSKRIVNING_NEW_TIME_REQUESTED: [SS],
  INSKRIVNING_REBOOKED: [AMK],
  UPPDRAG_WITHDRAWN: [SS],
  INSKRIVNING_CANCELLED_IN_GWA: [AMK],
  // 4. Pågående insats (table).
  GENOMFORANDEPLAN_ESTABLISHED: [AMK],
  GENOMFORANDEPLAN_UPDATED: [AMK],
  FOLLOW_UP_BOOKED: [SS],
  FOLLOW_UP_HELD: [SS],
  SIGNIFICANT_EVENT_REPORTED: [SS, AMK],
  THREE_PARTY_MEETING_BOOKED: [SS, AMK],
  // Working model revision 2, §4: "AVVIKELSE_REPORTED … by arbetsmarknadskonsulent: KC documents avvikelser; the
  // socialsekreterare is told"; she takes part of it (acknowledges) herself.
  AVVIKELSE_REPORTED: [AMK],
  AVVIKELSE_ACKNOWLEDGED: [SS],
  EXTERNAL_CONSENT_RECORDED: [SS, AMK],
  EXTERNAL_CONTACT_RECORDED: [SS, AMK],
  DECISION_RENEWED: [SS],
  DECISION_EXPIRED: [SYSTEM],
  // 5. Oenighet (working model revision 2, §5): raised "by either party"; "each manager records the side's position
  // (… by forste_socialsekreterare and by kc_samordnare)"; "DISAGREEMENT_RESOLVED … is recorded by the 1:e socialsekreterare".
  DISAGREEMENT_RAISED: [SS, AMK],
  DISAGREEMENT_POSITION_RECORDED: [FORSTE, SAMORDNARE],
  DISAGREEMENT_RESOLVED: [FORSTE],
  // 6. Avslut (table).
  CLOSING_ANNOUNCED: [SS, AMK],
  THREE_PARTY_MEETING_HELD: [SS, AMK],
  // "where no meeting can be held … records why": both take part in the meeting, either records why it cannot be held.
  THREE_PARTY_MEETING_NOT_HELD: [SS, AMK],
  CLOSING_WITHDRAWN: [SS, AMK],
  CLOSING_DOCUMENT_CREATED: [AMK],
  INSATS_CLOSED: [SS],
  GWA_CLOSED: [AMK],
  // "KC assignment": the kc_samordnare assigns any consultant; a consultant takes an unassigned referral by naming herself.
  KC_CONSULTANT_ASSIGNED: [SAMORDNARE, AMK],
  ...HANDOVER,
};

/**
 * Who may send each event of a bedömningsstöd: process.md "The bedömningsstöd cycle" ("Every step is the
 * socialsekreterare's (the 1:e socialsekreterare reads and hands over; KC never sees an assessment)"),
 * "Two machines, and where they meet" (Stegvis sends INSATS_STARTED and INSATS_ENDED itself, role system),
 * and the handover table ("the same four events exist on a referral and on a bedömningsstöd").
 */
export const WHO_MAY_SEND_BEDOMNING: Readonly<Record<string, readonly Role[]>> = {
  INLEDANDE_STARTED: [SS],
  QUESTIONNAIRE_SAVED: [SS],
  INLEDANDE_COMPLETED: [SS],
  INRIKTNING_CHOSEN: [SS],
  TRACK_COMPLETED: [SS],
  UPPFOLJNING_STARTED: [SS],
  UPPFOLJNING_COMPLETED: [SS],
  ARBETSPLAN_CREATED: [SS],
  ARBETSPLAN_REVISED: [SS],
  UPPDRAGSBESKRIVNING_CREATED: [SS],
  UPPDRAGSBESKRIVNING_REVISED: [SS],
  INSATS_STARTED: [SYSTEM],
  INSATS_ENDED: [SYSTEM],
  ...HANDOVER,
};

/** Whether the process lets this role send this event (ignoring when): the expected 403 of the API. */
export function processLetsSend(table: Readonly<Record<string, readonly Role[]>>, role: Role, type: string): boolean {
  const roles = table[type];
  if (!roles) throw new Error(`${type} has no row in the hand-written table (test/support/process-rules.ts)`);
  return roles.includes(role);
}

/**
 * The events of a referral KC sees in its history when the social services' side (or Stegvis) sent them:
 * process.md "What KC sees" (left column) and the README's "Who sees what" ("only what the uppdrag gives KC").
 * Besides these, KC sees "every event KC itself sent". Not here, by the right column: the criteria
 * assessment, the SSBTEK/e-info summaries, the AF check, notice and answers, consent to KC, the arbetsplan,
 * the consultation record, the socialsekreterare's external contacts, the communication of the decision,
 * withdrawal and handover events.
 */
export const EVENTS_KC_SEES_FROM_THE_SOCIAL_SERVICES: ReadonlySet<string> = new Set([
  // "the decision and its period"
  'DECISION_MADE',
  'DECISION_RENEWED',
  'DECISION_EXPIRED',
  // "the uppdrag (needs, scope, goals)"
  'UPPDRAG_SENT',
  // "bookings, the inskrivning and missed meetings, the insats start": a moved time, the request for a new one, and the
  // uppdrag withdrawn when no new meeting is held are KC's bookings too.
  'INSKRIVNING_BOOKED',
  'INSKRIVNING_RESCHEDULED',
  'INSKRIVNING_NEW_TIME_REQUESTED',
  'UPPDRAG_WITHDRAWN',
  'INSKRIVNING_REBOOKED',
  'INSKRIVNING_HELD',
  'INSKRIVNING_MISSED',
  // "follow-ups, händelser av vikt, three-party meetings"
  'FOLLOW_UP_BOOKED',
  'FOLLOW_UP_HELD',
  'SIGNIFICANT_EVENT_REPORTED',
  'THREE_PARTY_MEETING_BOOKED',
  'THREE_PARTY_MEETING_HELD',
  'THREE_PARTY_MEETING_NOT_HELD',
  // "external consents, disagreements"
  'EXTERNAL_CONSENT_RECORDED',
  'DISAGREEMENT_RAISED',
  'DISAGREEMENT_POSITION_RECORDED',
  'DISAGREEMENT_RESOLVED',
  // "the closing and how the referral ended"
  'CLOSING_ANNOUNCED',
  'CLOSING_WITHDRAWN',
  'INSATS_CLOSED',
]);

/** Events of earlier versions of the machine that KC saw then: a stored history still shows them to KC. */
export const EARLIER_EVENTS_KC_SEES_FROM_THE_SOCIAL_SERVICES: ReadonlySet<string> = new Set([
  // Version 2's end of an inskrivning by the socialsekreterare alone ("how the referral ended").
  'INSKRIVNING_CANCELLED',
]);
