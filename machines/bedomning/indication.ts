/**
 * The inriktning indication from the four key scale questions of the initial
 * part (Handbok, "Val av inriktning": hälsa, arbetsförmåga, energi och motivation,
 * kommunikationsförmåga, each 1–5). An indication with its reasons, shown to the
 * socialsekreterare, never a decision: she chooses, and a choice against the
 * indication is recorded with her reason (KS-handlingar, "Juridiskt perspektiv": individual assessment wins).
 *
 * The rule, written so a person can check it:
 * - hälsa or arbetsförmåga at 1–2: health stands in the way of work → rehab;
 * - hälsa and arbetsförmåga at 4–5 and energi och motivation at 3–5 → arbetsmarknad;
 * - anything in between → both tracks (Bedömningsstöd, "Övergripande process": both when unsure).
 * Kommunikationsförmåga at 1–2 does not change the track; it adds a reason
 * to look at språkinsatser (Handbok, "Val av inriktning": "om individen behöver exempelvis språkinsatser").
 * No scale question is mandatory (Bedömningsstöd, "Skalfrågor"): an unanswered key
 * question counts for no track (arbetsmarknad needs hälsa, arbetsförmåga and energi
 * answered), and the indication names what it lacks (`nyckelsvar_saknas`).
 * The thresholds are the tool's assumption, not the sources' (INDICATION_THRESHOLDS),
 * and are shown as such wherever the indication is.
 *
 * The reasons are codes with the scores they rest on, never words: the words are
 * src/texts/process-messages.ts, so rewording a reason changes no stored snapshot.
 */
import { KEY_SCALE_QUESTIONS, type KeyScaleQuestion, type KeyScores, type Track } from './events';

/** One reason of an indication: which rule fired, on which key question and score. */
export type IndicationReason =
  /**
   * Hälsa or arbetsförmåga at 1–2: health may need strengthening before work (rehab).
   */
  | { code: 'halsa_lag'; question: 'halsa' | 'arbetsformaga'; score: number }
  /**
   * Hälsa and arbetsförmåga at 4–5 (energi at 3–5): ready for work or studies (arbetsmarknad).
   */
  | { code: 'forutsattningar_for_arbete'; halsa: number; arbetsformaga: number }
  /** A key question in between: unsure which track fits, both may be tried. */
  | { code: 'osaker_inriktning'; question: Exclude<KeyScaleQuestion, 'kommunikation'>; score: number }
  /**
   * Kommunikationsförmåga at 1–2: språkinsatser may be needed.
   */
  | { code: 'sprakinsatser'; score: number }
  /** Key questions left unanswered: the indication rests only on those answered. */
  | { code: 'nyckelsvar_saknas'; questions: KeyScaleQuestion[] };

export type IndicationReasonCode = IndicationReason['code'];

export interface Indication {
  tracks: Track[];
  reasons: IndicationReason[];
}

/**
 * The indication's thresholds [assumption: the sources name the four key questions, not where a
 * score tips the track]: `low` and below is low, `high` and above is high.
 */
export const INDICATION_THRESHOLDS = { low: 2, high: 4 } as const;
export type IndicationThresholds = typeof INDICATION_THRESHOLDS;
const { low: LOW, high: HIGH } = INDICATION_THRESHOLDS;

/** A key answer given on the scale 1–5 (null, absent or anything else is no answer). */
function answered(score: number | null | undefined): score is number {
  return typeof score === 'number' && Number.isInteger(score) && score >= 1 && score <= 5;
}

export function indicateTracks(scores: KeyScores): Indication {
  const reasons: IndicationReason[] = [];
  const missing = KEY_SCALE_QUESTIONS.filter((question) => !answered(scores[question]));
  if (missing.length > 0) reasons.push({ code: 'nyckelsvar_saknas', questions: missing });
  const scoreOf = (question: KeyScaleQuestion): number | null => (answered(scores[question]) ? scores[question] : null);
  const low = (question: KeyScaleQuestion) => (scoreOf(question) ?? Infinity) <= LOW;
  const high = (question: KeyScaleQuestion, from: number) => (scoreOf(question) ?? -Infinity) >= from;

  let tracks: Track[];
  const healthBlocks = (['halsa', 'arbetsformaga'] as const).filter(low);
  if (healthBlocks.length > 0) {
    tracks = ['rehab'];
    for (const question of healthBlocks) reasons.push({ code: 'halsa_lag', question, score: scoreOf(question)! });
  } else if (high('halsa', HIGH) && high('arbetsformaga', HIGH) && high('energiMotivation', LOW + 1)) {
    tracks = ['arbetsmarknad'];
    reasons.push({ code: 'forutsattningar_for_arbete', halsa: scoreOf('halsa')!, arbetsformaga: scoreOf('arbetsformaga')! });
  } else {
    tracks = ['arbetsmarknad', 'rehab'];
    for (const question of KEY_SCALE_QUESTIONS) {
      const score = scoreOf(question);
      if (question !== 'kommunikation' && score !== null && score < HIGH) reasons.push({ code: 'osaker_inriktning', question, score });
    }
  }
  if (low('kommunikation')) reasons.push({ code: 'sprakinsatser', score: scoreOf('kommunikation')! });
  return { tracks, reasons };
}

/** True when the chosen tracks are exactly the indicated ones (order does not matter). */
export function followsIndication(indication: Pick<Indication, 'tracks'>, chosen: readonly Track[]): boolean {
  return chosen.length === indication.tracks.length && indication.tracks.every((track) => chosen.includes(track));
}

/**
 * Read-time upcast of a snapshot stored before reasons were codes: releases up to
 * this one stored `context.indication.reasons` as Swedish sentences. The indication
 * is a pure function of `context.keyScores` (stored beside it), so a legacy
 * indication is recomputed from them; a current snapshot is returned as it is (the
 * same object). Pure; used when restoring a snapshot and by `npm run verify`, so old
 * rows restore, decide and verify like new ones. Nothing is written back.
 */
export function upcastBedomningSnapshot<T>(persisted: T): T {
  const context = (persisted as { context?: { keyScores?: KeyScores | null; indication?: { reasons?: unknown[] } | null } } | null)?.context;
  const reasons = context?.indication?.reasons;
  if (!context || !Array.isArray(reasons) || !reasons.some((reason) => typeof reason === 'string')) return persisted;
  const indication = context.keyScores ? indicateTracks(context.keyScores) : null;
  return { ...persisted, context: { ...context, indication } } as T;
}
