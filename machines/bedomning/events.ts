/**
 * The event vocabulary of the bedömningsstöd (docs/process.md "The bedömningsstöd cycle",
 * Bedömningsstöd and Handbok). Two layers:
 * - `bedomningRequestSchemas`: what a socialsekreterare sends through the API;
 * - `BedomningEvent`: what the machine receives, the request plus what the
 *   service adds (new ids, the key scale answers it read from the stored
 *   questionnaire) and `meta` (who, in which role, when). The stored event is
 *   the machine's event, so the history alone rebuilds the assessment.
 */
import { z } from 'zod';
import { handoverPayloadSchemas } from '../shared/handover';
import type { EventMeta } from '../anvisning/events';
import { freeText } from '../shared/text';

export const TRACKS = ['arbetsmarknad', 'rehab'] as const;
export type Track = (typeof TRACKS)[number];

export const QUESTIONNAIRE_KINDS = ['inledande', 'arbetsmarknad', 'rehab', 'uppfoljning'] as const;
export type QuestionnaireKind = (typeof QUESTIONNAIRE_KINDS)[number];

/** The four scale questions that weigh most for the choice of track (Handbok, "Val av inriktning"). */
export const KEY_SCALE_QUESTIONS = ['halsa', 'arbetsformaga', 'energiMotivation', 'kommunikation'] as const;
export type KeyScaleQuestion = (typeof KEY_SCALE_QUESTIONS)[number];
/**
 * The key scale answers of a completed initial part, 1–5 each; null where the question was left
 * unanswered: no scale question is mandatory (Bedömningsstöd, "Skalfrågor").
 */
export type KeyScores = Record<KeyScaleQuestion, number | null>;

export const HOUSEHOLD_ROLES = ['sokande', 'medsokande'] as const;
export type HouseholdRole = (typeof HOUSEHOLD_ROLES)[number];

// Messages are reason codes (the API's catalogue has the words); bounds need none (empty, too_long).
const reasonText = freeText(z.string().trim().min(1).max(4000));
const documentText = freeText(z.string().trim().max(20000));
const id = z.uuid({ error: 'invalid_id' });

/** One answer: a discussion question's free text, or a scale question's 1–5 with its comment. */
export const ZAnswer = z.strictObject({
  text: freeText(z.string().max(8000)).optional(),
  value: z.number().int().min(1, 'score_1_5').max(5, 'score_1_5').nullable().optional(),
  comment: freeText(z.string().max(4000)).optional(),
});
export type Answer = z.infer<typeof ZAnswer>;
export const ZAnswers = z.record(z.string().regex(/^[a-z][a-zA-Z0-9_]{0,60}$/, 'question_id'), ZAnswer);

export const ZArbetsplanContent = z.strictObject({
  mal: documentText,
  hinder: documentText,
  forvantningar: documentText,
  planering: documentText,
});
export type ArbetsplanContent = z.infer<typeof ZArbetsplanContent>;

export const ZUppdragsbeskrivningContent = z.strictObject({
  arbetslivserfarenhet: documentText,
  kompetens: documentText,
  halsa: documentText,
  behovAvInsats: documentText,
  /**
   * Handbok, "Upprätta uppdragsbeskrivning": completed with the socialsekreterare's own assessment.
   */
  egenBedomning: documentText,
});
export type UppdragsbeskrivningContent = z.infer<typeof ZUppdragsbeskrivningContent>;

export const bedomningRequestSchemas = {
  /**
   * Bedömningsstöd, "Treserva": a new initial part is a new event registration; re-starting mid-cycle (omprövning) needs a reason.
   */
  INLEDANDE_STARTED: z.strictObject({ householdRole: z.enum(HOUSEHOLD_ROLES), reason: reasonText.optional() }),
  /** A partial save: the answers given are merged into the questionnaire, nothing else changes. */
  QUESTIONNAIRE_SAVED: z.strictObject({ questionnaireId: id, answers: ZAnswers }),
  INLEDANDE_COMPLETED: z.strictObject({ questionnaireId: id }),
  INRIKTNING_CHOSEN: z.strictObject({
    tracks: z
      .array(z.enum(TRACKS))
      .min(1, 'choose_track')
      .max(2)
      .refine((tracks) => new Set(tracks).size === tracks.length, 'track_once'),
    reasonAgainstIndication: reasonText.optional(),
  }),
  TRACK_COMPLETED: z.strictObject({ questionnaireId: id }),
  /**
   * Bedömningsstöd, "Uppföljning": also after a track that led to no insats.
   */
  UPPFOLJNING_STARTED: z.strictObject({ reason: reasonText.optional() }),
  UPPFOLJNING_COMPLETED: z.strictObject({ questionnaireId: id }),
  ARBETSPLAN_CREATED: z.strictObject({ importFrom: id.optional() }),
  ARBETSPLAN_REVISED: z.strictObject({ documentId: id, content: ZArbetsplanContent }),
  UPPDRAGSBESKRIVNING_CREATED: z.strictObject({ caseId: z.uuid({ error: 'invalid_id' }), importFrom: id.optional() }),
  UPPDRAGSBESKRIVNING_REVISED: z.strictObject({ documentId: id, content: ZUppdragsbeskrivningContent }),
  /** Handing the assessment over, by the 1:e socialsekreterare (machines/shared/handover.ts). */
  ...handoverPayloadSchemas,
} as const;

export type BedomningRequestType = keyof typeof bedomningRequestSchemas;
export const BEDOMNING_REQUEST_TYPES = Object.keys(bedomningRequestSchemas) as BedomningRequestType[];
export function isBedomningRequestType(type: string): type is BedomningRequestType {
  return Object.hasOwn(bedomningRequestSchemas, type);
}

type Request<T extends BedomningRequestType> = z.output<(typeof bedomningRequestSchemas)[T]>;

/** What the service adds to a request before the machine sees it. */
interface Added {
  INLEDANDE_STARTED: { questionnaireId: string };
  QUESTIONNAIRE_SAVED: object;
  INLEDANDE_COMPLETED: { keyScores: KeyScores };
  INRIKTNING_CHOSEN: { questionnaires: { track: Track; questionnaireId: string }[] };
  TRACK_COMPLETED: object;
  UPPFOLJNING_STARTED: { questionnaireId: string };
  UPPFOLJNING_COMPLETED: object;
  ARBETSPLAN_CREATED: { documentId: string };
  ARBETSPLAN_REVISED: object;
  /**
   * referralDecisionDate: the decision date of the referral's decision under 12 kap 4 § SoL, read from the referral;
   * null when it has none yet (Bedömningsstöd, "Upprätta uppdragsbeskrivning": the uppdragsbeskrivning follows the decision).
   */
  UPPDRAGSBESKRIVNING_CREATED: { documentId: string; referralDecisionDate: string | null };
  UPPDRAGSBESKRIVNING_REVISED: object;
  RESPONSIBLE_CHANGED: object;
  TRANSFER_REQUESTED: object;
  TRANSFER_ACCEPTED: object;
  TRANSFER_CANCELLED: object;
}

/** Sent by the service itself when a referral of the client reaches KC or ends (process.md "Two machines"). */
export interface SystemEvents {
  INSATS_STARTED: { caseId: string; uppdragsbeskrivningId: string | null };
  /**
   * questionnaireId: the uppföljning opened when the insats ended without självförsörjning, else null.
   */
  INSATS_ENDED: { caseId: string; outcome: InsatsOutcome; questionnaireId: string | null };
}
export const INSATS_OUTCOMES = ['sjalvforsorjande', 'ej_sjalvforsorjande', 'avbruten'] as const;
export type InsatsOutcome = (typeof INSATS_OUTCOMES)[number];

export type BedomningEventType = BedomningRequestType | keyof SystemEvents;
export const BEDOMNING_EVENT_TYPES: readonly BedomningEventType[] = [...BEDOMNING_REQUEST_TYPES, 'INSATS_STARTED', 'INSATS_ENDED'];

export type BedomningEvent =
  | {
      [T in BedomningRequestType]: { type: T; meta: EventMeta } & Request<T> & Added[T];
    }[BedomningRequestType]
  | { [T in keyof SystemEvents]: { type: T; meta: EventMeta } & SystemEvents[T] }[keyof SystemEvents];

export type BedomningEventOf<T extends BedomningEventType> = Extract<BedomningEvent, { type: T }>;
