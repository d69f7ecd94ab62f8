/**
 * The inriktning indication from the four key scale questions of the initial
 * part (001 "Val av inriktning": hälsa, arbetsförmåga, energi och motivation,
 * kommunikationsförmåga, each 1–5). An indication with its reasons, shown to the
 * socialsekreterare, never a decision: she chooses, and a choice against the
 * indication is recorded with her reason (002: individual assessment wins).
 *
 * The rule, written so a person can check it:
 * - hälsa or arbetsförmåga at 1–2: health stands in the way of work → rehab;
 * - hälsa and arbetsförmåga at 4–5 and energi och motivation at 3–5 → arbetsmarknad;
 * - anything in between → both tracks (000 "Övergripande process": both when unsure).
 * Kommunikationsförmåga at 1–2 does not change the track; it adds a reason
 * to look at språkinsatser (001: "om individen behöver exempelvis språkinsatser").
 */
import { KEY_SCALE_QUESTIONS, type KeyScaleQuestion, type KeyScores, type Track } from './events';

export interface Indication {
  tracks: Track[];
  reasons: string[];
}

export const KEY_SCALE_LABELS: Record<KeyScaleQuestion, string> = {
  halsa: 'Hälsa',
  arbetsformaga: 'Arbetsförmåga',
  energiMotivation: 'Energi och motivation',
  kommunikation: 'Kommunikationsförmåga',
};

const LOW = 2;
const HIGH = 4;

export function indicateTracks(scores: KeyScores): Indication {
  const reasons: string[] = [];
  const low = (question: KeyScaleQuestion) => scores[question] <= LOW;
  const described = (question: KeyScaleQuestion) => `${KEY_SCALE_LABELS[question]} skattad ${scores[question]} av 5`;

  let tracks: Track[];
  const healthBlocks = (['halsa', 'arbetsformaga'] as const).filter(low);
  if (healthBlocks.length > 0) {
    tracks = ['rehab'];
    for (const question of healthBlocks) reasons.push(`${described(question)}: hälsan kan behöva stärkas innan arbete (rehabinriktning).`);
  } else if (scores.halsa >= HIGH && scores.arbetsformaga >= HIGH && scores.energiMotivation > LOW) {
    tracks = ['arbetsmarknad'];
    reasons.push(`${described('halsa')} och ${described('arbetsformaga').toLowerCase()}: förutsättningar för arbete eller studier (arbetsmarknadsinriktning).`);
  } else {
    tracks = ['arbetsmarknad', 'rehab'];
    for (const question of KEY_SCALE_QUESTIONS.filter((q) => q !== 'kommunikation' && scores[q] < HIGH)) {
      reasons.push(`${described(question)}: osäkert vilken inriktning som passar bäst, båda inriktningarna kan prövas.`);
    }
  }
  if (low('kommunikation')) reasons.push(`${described('kommunikation')}: behov av språkinsatser kan finnas.`);
  return { tracks, reasons };
}

/** True when the chosen tracks are exactly the indicated ones (order does not matter). */
export function followsIndication(indication: Indication, chosen: readonly Track[]): boolean {
  return chosen.length === indication.tracks.length && indication.tracks.every((track) => chosen.includes(track));
}
