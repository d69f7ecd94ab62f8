/**
 * The event vocabulary of the anvisning process (docs/process.md "Anvisning, phase by phase"):
 * one zod schema per event type for the payload a client sends. The API
 * validates requests with these schemas and the machine receives the parsed
 * payload plus `meta` (who, in which role, when) added by the service.
 */
import { z } from 'zod';
import { handoverPayloadSchemas } from './shared/handover';
import type { Role } from './shared/roles';
import { freeText, singleLine } from './shared/text';

// Messages are reason codes (the API's catalogue has the words); a custom one replaces zod's "required" one too: say which of the two it is.
const missingOr = (reason: string) => (issue: { input?: unknown }) => (issue.input === undefined ? 'required' : reason);
const isoDate = z.iso.date({ error: missingOr('date_format') });
const isoDateTime = z.iso.datetime({ offset: true, error: missingOr('datetime_format') });
// Bounds need no message: the API names the reason (empty, too_long) with the bound.
const text = freeText(z.string().trim().min(1).max(4000));
const shortText = singleLine(z.string().trim().min(1).max(200));
const noPayload = z.strictObject({});

export const CLOSING_REASONS = ['arbete', 'studier', 'annan_forsorjning', 'beslut_ej_fornyat', 'flytt', 'ohalsa', 'annat'] as const;
/** What the AF check (samråd steg 2) found: no AF activity, a planned one, or one going on (process.md §1). */
export const AF_ACTIVITIES = ['ingen', 'planerad', 'pagaende'] as const;
/** The first KC criterion: unemployed full time, part time, or not unemployed (a criterion not met). */
export const UNEMPLOYMENT = ['hel', 'deltid', 'ingen'] as const;
/** What KC reports as an avvikelse (process.md §4): an absence, or something else. */
export const AVVIKELSE_KINDS = ['franvaro', 'annat'] as const;
/** The two areas of external contacts (Rutin, "Vid pågående insats"): the socialsekreterare's and the consultant's. */
export const EXTERNAL_AREAS = ['socialt_halsa', 'kompetens_jobb'] as const;
/** What a disagreement is about (process.md §5): only one about the closing holds the closing back. */
export const DISAGREEMENT_TOPICS = ['avslut', 'insats', 'annat'] as const;
// A disagreement is named by its number in the case ("1", "2", …) when more than one is open.
const disagreementId = singleLine(z.string().trim().regex(/^[1-9][0-9]{0,5}$/, { error: missingOr('invalid_id') }));

export const anvisningPayloadSchemas = {
  // 1. Förberedelse
  KC_CRITERIA_ASSESSED: z
    .strictObject({
      unemployment: z.enum(UNEMPLOYMENT),
      needsJobOrSkillsActivities: z.boolean(),
      expectedWorkOrStudiesWithin3Years: z.boolean(),
      comment: text.optional(),
      deviationReason: text.optional(),
    })
    // Rutin, "Rutin": the criteria are guidance; individual assessment wins, but a deviation is written down (KS-handlingar, "Juridiskt perspektiv").
    .refine((p) => (p.unemployment !== 'ingen' && p.needsJobOrSkillsActivities && p.expectedWorkOrStudiesWithin3Years) || p.deviationReason !== undefined, {
      path: ['deviationReason'],
      message: 'deviation_reason_required',
    }),
  SSBTEK_INFO_RECORDED: z.strictObject({ afSummary: text, fkSummary: text }),
  AF_PLAN_CHECKED: z.strictObject({ afActivity: z.enum(AF_ACTIVITIES), note: text.optional() }),
  // Rutin, "Inför anvisning": only when no *lämplig* arbetsmarknadspolitisk åtgärd could be offered; suitability is the socialsekreterare's judgement.
  AF_ACTIVITY_JUDGED_UNSUITABLE: z.strictObject({ reason: text }),
  AF_NOTIFIED: z.strictObject({ sentOn: isoDate }),
  AF_RESPONSE_RECORDED: z.strictObject({ summary: text }),
  KC_CONSENT_RECORDED: noPayload,
  KC_CONSENT_DECLINED: z.strictObject({ note: text }),
  ARBETSPLAN_UPDATED: z.strictObject({ note: text.optional() }),
  KC_SAMORDNARE_CONSULTED: z.strictObject({ note: text }),
  REFERRAL_WITHDRAWN: z.strictObject({ reason: text }),
  // Bilaga 1: the client's protection was marked after the referral was created (by the socialsekreterare, or by Stegvis from the client record).
  PROTECTED_IDENTITY_MARKED: z.strictObject({ note: text.optional() }),
  // 2. Beslut
  DECISION_MADE: z.strictObject({ decisionDate: isoDate, validFrom: isoDate }),
  DECISION_COMMUNICATED: z.strictObject({ on: isoDate }),
  UPPDRAG_SENT: z.strictObject({ needs: text, scope: text, goals: text }),
  // 3. Inskrivning
  INSKRIVNING_BOOKED: z.strictObject({ at: isoDateTime, place: shortText, interpreter: z.boolean() }),
  UPPDRAG_REVIEWED: noPayload,
  INSKRIVNING_HELD: z.strictObject({ firstFollowUpAt: isoDateTime }),
  INSKRIVNING_MISSED: z.strictObject({ note: text.optional() }),
  INSKRIVNING_RESCHEDULED: z.strictObject({ at: isoDateTime, reason: text }),
  INSKRIVNING_NEW_TIME_REQUESTED: noPayload,
  INSKRIVNING_REBOOKED: z.strictObject({ at: isoDateTime, place: shortText.optional() }),
  UPPDRAG_WITHDRAWN: z.strictObject({ reason: text }),
  INSKRIVNING_CANCELLED_IN_GWA: z.strictObject({ reason: text }),
  // 4. Pågående insats
  GENOMFORANDEPLAN_ESTABLISHED: z.strictObject({ note: text.optional() }),
  GENOMFORANDEPLAN_UPDATED: z.strictObject({ note: text.optional() }),
  FOLLOW_UP_BOOKED: z.strictObject({ at: isoDateTime }),
  // [insats.follow-up-kc-part] The consultant's part (004 "Vid uppföljningsmöten", KC's ansvar) in the one record of the meeting.
  FOLLOW_UP_HELD: z.strictObject({ on: isoDate, clientView: text, progression: text, complementaryNeeds: text.optional(), kcNeedsOutsideUppdrag: text.optional() }),
  SIGNIFICANT_EVENT_REPORTED: z.strictObject({ summary: text, threePartyMeetingNeeded: z.boolean() }),
  THREE_PARTY_MEETING_BOOKED: z.strictObject({ at: isoDateTime }),
  AVVIKELSE_REPORTED: z.strictObject({ on: isoDate, kind: z.enum(AVVIKELSE_KINDS), summary: text }),
  AVVIKELSE_ACKNOWLEDGED: noPayload,
  EXTERNAL_CONSENT_RECORDED: z.strictObject({ party: shortText, area: z.enum(EXTERNAL_AREAS) }),
  EXTERNAL_CONTACT_RECORDED: z.strictObject({ party: shortText, summary: text }),
  DECISION_RENEWED: z.strictObject({ decisionDate: isoDate, validFrom: isoDate }),
  DECISION_EXPIRED: noPayload,
  // 5. Oenighet
  DISAGREEMENT_RAISED: z.strictObject({ topic: z.enum(DISAGREEMENT_TOPICS), description: text, samverkansfraga: z.boolean().optional() }),
  DISAGREEMENT_POSITION_RECORDED: z.strictObject({ position: text, disagreementId: disagreementId.optional() }),
  DISAGREEMENT_RESOLVED: z.strictObject({ outcome: text, samverkansfraga: z.boolean().optional(), disagreementId: disagreementId.optional() }),
  // 6. Avslut
  CLOSING_ANNOUNCED: z.strictObject({ reason: z.enum(CLOSING_REASONS), selfSufficient: z.boolean() }),
  CLOSING_WITHDRAWN: z.strictObject({ reason: text }),
  THREE_PARTY_MEETING_HELD: z.strictObject({ on: isoDate }),
  THREE_PARTY_MEETING_NOT_HELD: z.strictObject({ reason: text }),
  CLOSING_DOCUMENT_CREATED: z.strictObject({ endedOn: isoDate, reasons: text, goalAttainment: text }),
  INSATS_CLOSED: noPayload,
  GWA_CLOSED: noPayload,
  // Responsibility: KC's consultant for this referral (process.md "People and roles"), and handovers.
  KC_CONSULTANT_ASSIGNED: z.strictObject({ consultantId: shortText }),
  ...handoverPayloadSchemas,
} as const;

export type AnvisningEventType = keyof typeof anvisningPayloadSchemas;
export const ANVISNING_EVENT_TYPES = Object.keys(anvisningPayloadSchemas) as AnvisningEventType[];

export function isAnvisningEventType(value: unknown): value is AnvisningEventType {
  return typeof value === 'string' && Object.hasOwn(anvisningPayloadSchemas, value);
}

export type AnvisningPayload<T extends AnvisningEventType> = z.output<(typeof anvisningPayloadSchemas)[T]>;

/** Who sent an event, in which role, and when (an ISO instant from the service's clock). */
export interface EventMeta {
  actorId: string;
  role: Role;
  at: string;
  /** The acting user's unit (stored with the event): handovers between units depend on it. */
  unit?: string;
}

export type AnvisningEvent = {
  [T in AnvisningEventType]: { type: T; meta: EventMeta } & AnvisningPayload<T>;
}[AnvisningEventType];

export type AnvisningEventOf<T extends AnvisningEventType> = Extract<AnvisningEvent, { type: T }>;
