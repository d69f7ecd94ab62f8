/**
 * The one Swedish catalogue of what the machines say as codes: what stands
 * before a decision, the indication's reasons, why a step was refused and the
 * field a refusal is about. The machines and services produce codes with
 * parameters (`{ code: 'halsa_lag', question: 'halsa', score: 2 }`); the API's
 * messages, the views, the web and e-mails get their words here. Nothing here
 * is stored, so rewording a text changes no snapshot and `npm run verify`
 * still replays every assessment and case.
 *
 * Typed per code: a code without its text, or a text for a code that no longer
 * exists, fails the typecheck; `test/texts/process-messages.test.ts` renders each.
 */
import type { AfActivity, AnvisningMigrationNote, AnvisningRefusal, DecisionBlocker } from '../../machines/anvisning';
import type { MigrationNote } from '../../machines/shared/versions';
import type { BedomningRefusal, IndicationReason, IndicationThresholds, KeyScaleQuestion, RefusedFieldCode, Track } from '../../machines/bedomning';
import type { BedomningMigrationNote } from '../../machines/bedomning/migrations';
import { BEDOMNING_EVENT_TEXTS, BEDOMNING_STATE_TEXTS } from '../web/bedomning-texts';
import { EVENT_TEXTS, ROLE_TEXTS, STATE_TEXTS, type StateText } from '../web/texts';

/** A text per code, given the code's parameters. */
export type Templates<U extends { code: string }> = { [C in U['code']]: (params: Extract<U, { code: C }>) => string };

/** The four key scale questions' names (Handbok, "Val av inriktning"). */
export const KEY_SCALE_LABELS: Record<KeyScaleQuestion, string> = {
  halsa: 'Hälsa',
  arbetsformaga: 'Arbetsförmåga',
  energiMotivation: 'Energi och motivation',
  kommunikation: 'Kommunikationsförmåga',
};

const AF_ACTIVITY_WORDS: Record<AfActivity, string> = { ingen: 'ingen aktivitet', planerad: 'planerad', pagaende: 'pågående' };
const RENEWAL_SAMRAD_STEP_WORDS = { SSBTEK_INFO_RECORDED: '1 (SSBTEK/e-info)', AF_PLAN_CHECKED: '2 (kontroll av planering hos AF)', AF_NOTIFIED: '3 (underrättelse till AF)' } as const;
const swedishDayFormat = new Intl.DateTimeFormat('sv-SE', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
/** "2 december 2026" for "2026-12-02". */
const swedishDay = (date: string) => swedishDayFormat.format(new Date(`${date}T12:00:00Z`));
const TRACK_WORDS: Record<Track, string> = { arbetsmarknad: 'arbetsmarknad', rehab: 'rehab' };
const scored = (question: KeyScaleQuestion, score: number) => `${KEY_SCALE_LABELS[question]} skattad ${score} av 5`;
/** "a, b och c" */
const listed = (words: readonly string[]) => (words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} och ${words.at(-1)}`);

/** What stands before a decision on a referral (process.md §2). */
const decisionBlocker = {
  samrad_missing: () => 'samråd med Arbetsförmedlingen (steg 1–3) är inte klart',
  criteria_missing: () => 'KC-kriterierna är inte bedömda',
  criteria_deviation_reason_missing: () => 'avvikelse från KC-kriterierna saknar motivering',
  consent_missing: () => 'samtycke till KC är inte upprättat',
  consent_declined: () => 'samtycke till KC: klienten har sagt nej (registrera samtycket om klienten ändrar sig, annars återkalla anvisningen)',
  arbetsplan_missing: () => 'arbetsplanen är inte uppdaterad',
  samordnare_not_consulted: () => 'samordnare på KC är inte kontaktad (skyddade personuppgifter, bilaga 1)',
} satisfies Templates<DecisionBlocker>;

/**
 * A refusal the machine gives in its own vocabulary (an event type, a state path, a role), said with the
 * interface's words for them, so no code reaches a person ("Fatta beslut" in "Samråd 1: SSBTEK/e-info",
 * not DECISION_MADE in forberedelse.samrad_ssbtek). A code without words (only a request outside the
 * vocabulary) is said as "steget" or "det här läget", never as the code.
 */
function refusedAnyway(events: Record<string, { action: string }>, states: Record<string, StateText>, what: string) {
  const step = (event: string) => (Object.hasOwn(events, event) ? `”${events[event]!.action}”` : 'steget');
  const state = (path: string) => (Object.hasOwn(states, path) ? `”${states[path]!.label}”` : 'det här läget');
  return {
    role_not_allowed: ({ role, event }: { role: string; event: string }) =>
      `${Object.hasOwn(ROLE_TEXTS, role) ? ROLE_TEXTS[role as keyof typeof ROLE_TEXTS] : 'Din roll'} får inte ta steget ${step(event)}.`,
    event_not_allowed: ({ event, state: path }: { event: string; state: string }) => `${step(event)} går inte när ${what} står i ${state(path)}`,
    state,
  };
}
const anvisningWords = refusedAnyway(EVENT_TEXTS, STATE_TEXTS, 'ärendet');
const bedomningWords = refusedAnyway(BEDOMNING_EVENT_TEXTS, BEDOMNING_STATE_TEXTS, 'bedömningsstödet');

/**
 * The catalogue. One object, read at each rendering (so a test may reword an entry and see that
 * nothing stored changes).
 */
export const processMessages = {
  decisionBlocker,

  indicationReason: {
    halsa_lag: ({ question, score }) => `${scored(question, score)}: hälsan kan behöva stärkas innan arbete (rehabinriktning).`,
    forutsattningar_for_arbete: ({ halsa, arbetsformaga }) =>
      `${scored('halsa', halsa)} och ${scored('arbetsformaga', arbetsformaga).toLowerCase()}: förutsättningar för arbete eller studier (arbetsmarknadsinriktning).`,
    osaker_inriktning: ({ question, score }) => `${scored(question, score)}: osäkert vilken inriktning som passar bäst, båda inriktningarna kan prövas.`,
    sprakinsatser: ({ score }) => `${scored('kommunikation', score)}: behov av språkinsatser kan finnas.`,
    nyckelsvar_saknas: ({ questions }) =>
      `${questions.length === 1 ? 'Nyckelfrågan' : 'Nyckelfrågorna'} ${listed(questions.map((question) => `”${KEY_SCALE_LABELS[question]}”`))} är inte ${questions.length === 1 ? 'besvarad' : 'besvarade'}: indikationen bygger bara på de nyckelfrågor som besvarats.`,
  } satisfies Templates<IndicationReason>,

  anvisningRefusal: {
    role_not_allowed: anvisningWords.role_not_allowed,
    event_not_allowed: anvisningWords.event_not_allowed,
    // A refused decision names what stands before it.
    ...decisionBlocker,
    referral_ended: () => 'Anvisningen är avslutad.',
    external_consent_missing: () =>
      'Klienten har inte samtyckt till kontakt med den externa parten inom ditt område (socialt och hälsa för socialsekreteraren, kompetens och jobb för arbetsmarknadskonsulenten). Registrera samtycket först.',
    disagreement_open: () => 'En oenighet om avslutet är öppen: avslutet väntar tills den är löst.',
    // Shown as "not yet possible, because …" on the case page (renewalBlockers) and in the 409.
    renewal_window_not_open: ({ opensOn }) => `förnyat beslut kan fattas tidigast ${swedishDay(opensOn)}, när tiden före beslutets sista dag börjar`,
    renewal_samrad_missing: ({ step }) => `samråd med Arbetsförmedlingen inför förnyat beslut saknar steget ${RENEWAL_SAMRAD_STEP_WORDS[step]}`,
    disagreement_id_required: ({ disagreementIds }) => `Flera oenigheter är öppna: ange vilken det gäller (nummer ${disagreementIds.join(', ')}).`,
    disagreement_positions_missing: () => 'Oenigheten kan lösas när både 1:e socialsekreteraren och samordnaren på KC har registrerat sina ståndpunkter.',
    disagreement_position_recorded: () => 'Din sida har redan registrerat sin ståndpunkt i den här oenigheten.',
    closing_meeting_booked_by_kc: () => 'Trepartsmötet vid avslut bokas av arbetsmarknadskonsulenten på Kompetenscenter.',
  } satisfies Templates<AnvisningRefusal>,

  bedomningRefusal: {
    role_not_allowed: bedomningWords.role_not_allowed,
    event_not_allowed: bedomningWords.event_not_allowed,
    insats_running: () => 'En insats pågår: uppföljningen kommer först, efter insatsen.',
    inledande_open: () => 'En inledande del pågår redan: fortsätt med den.',
    restart_needs_reason: () => 'Cykeln är inte avslutad. Att starta en ny inledande del nu kräver ett skäl, till exempel en omprövning.',
    choice_before_inledande_done: () => 'Inriktningen väljs när den inledande delen är slutförd.',
    choice_differs_from_indication: ({ indicatedTracks }) =>
      `Valet skiljer sig från indikationen (${indicatedTracks.map((track) => TRACK_WORDS[track]).join(' och ')}). Skriv varför du väljer annorlunda; motiveringen sparas.`,
    no_indication: () => 'Det finns ingen indikation ännu.',
    uppfoljning_needs_completed_track: () => 'En uppföljning utan insats kommer efter ett slutfört inriktningsformulär.',
    uppfoljning_not_now: () => 'En uppföljning börjar efter en insats eller efter en slutförd inriktning.',
    arbetsplan_import_not_allowed: () => 'En arbetsplan hämtar texter bara från en slutförd inledande del.',
    arbetsplan_unknown: () => 'Klienten har ingen sådan arbetsplan.',
    uppdragsbeskrivning_exists: () => 'Anvisningen har redan en uppdragsbeskrivning. Öppna den och spara en ny version.',
    uppdragsbeskrivning_needs_decision: () =>
      'Anvisningen har inget beslut ännu. Uppdragsbeskrivningen upprättas när beslut om anvisning till insats enligt 12 kap. 4 § SoL har fattats.',
    uppdragsbeskrivning_import_not_allowed: () =>
      'En uppdragsbeskrivning hämtar texter bara från ett slutfört inriktningsformulär (arbetsmarknad eller rehab), aldrig från den inledande delen.',
    uppdragsbeskrivning_sent: () => 'Uppdragsbeskrivningen är skickad till Kompetenscenter med uppdraget och sparas som den skickades.',
    uppdragsbeskrivning_unknown: () => 'Klienten har ingen sådan uppdragsbeskrivning.',
    questionnaire_not_open: ({ state }) => `Formuläret är inte öppet för det här steget: bedömningsstödet står i ${bedomningWords.state(state)}.`,
  } satisfies Templates<BedomningRefusal>,

  // What a migration of a stored referral to the next version of the machine notes (machines/anvisning/migrations.ts).
  anvisningMigrationNote: {
    af_activity_chosen: ({ afActivity }) =>
      `Version 1 av processen skilde inte mellan planerad och pågående aktivitet hos Arbetsförmedlingen. När ärendet flyttades till version 2 registrerades aktiviteten som ${AF_ACTIVITY_WORDS[afActivity]}.`,
    ended_for_af_activity_under_v1: () =>
      'Anvisningen avbröts enligt version 1 av processen, eftersom en aktivitet hos Arbetsförmedlingen pågick eller var planerad. Sedan version 2 avbryts en anvisning inte av det skälet, men avbrottet står kvar.',
    missed_inskrivning_awaits_decision: () =>
      'Klienten hade missat inskrivningsmötet. Sedan version 3 beslutar socialsekreteraren först om en ny tid är aktuell (då bokar arbetsmarknadskonsulenten den) eller om inget nytt möte blir av (då återkallar socialsekreteraren uppdraget och konsulenten avbokar i GWA).',
    closing_steps_any_order: ({ meetingHeldOn }) =>
      `Avslutet pågick. Sedan version 3 görs avslutsstegen i valfri ordning.${meetingHeldOn ? ` Trepartsmötet som hölls ${meetingHeldOn} räknas som avslutets trepartsmöte.` : ''}`,
    disagreement_topic_chosen: ({ disagreementId }) =>
      `Version 2 av processen hade inget ämne för en oenighet, och en öppen oenighet höll då tillbaka hela avslutet. Den öppna oenigheten (nummer ${disagreementId}) registrerades därför som en oenighet om avslutet. Vad den gäller står i historiken.`,
    external_consents_both_areas: ({ parties }) =>
      `Version 2 av processen skilde inte på områden för externa kontakter. ${parties === 1 ? 'Samtycket' : `De ${parties} samtyckena`} gäller därför både det sociala och hälsorelaterade området och det kompetenshöjande och jobbfokuserade.`,
    renewal_window_default: ({ days }) => `Förnyat beslut kan fattas från ${days} dagar före beslutets sista dag (standardvärdet; antagande, inte från rutinen).`,
  } satisfies Templates<AnvisningMigrationNote>,

  // What a migration of a stored assessment to the next version of the machine notes (machines/bedomning/migrations.ts).
  bedomningMigrationNote: {
    uppdragsbeskrivning_kept_without_decision_check: ({ count }) =>
      `Version 1 av bedömningsstödet lät en uppdragsbeskrivning upprättas innan anvisningen hade ett beslut. ${count === 1 ? 'En uppdragsbeskrivning som inte har skickats står' : `${count} uppdragsbeskrivningar som inte har skickats står`} kvar som de var. Från version 2 upprättas en uppdragsbeskrivning först när beslut om anvisning har fattats.`,
  } satisfies Templates<BedomningMigrationNote>,

  refusedField: {
    reason_against_indication_missing: () => 'Motivera varför valet avviker från indikationen.',
    restart_reason_missing: () => 'Skriv skälet till att en ny inledande del startas nu, till exempel en omprövning.',
    referral_without_decision: () => 'Välj en anvisning där beslut om insats har fattats.',
  } satisfies Record<RefusedFieldCode, () => string>,

  /** The indication's thresholds, said as the tool's assumption wherever the indication is shown. */
  indicationAssumption: ({ low, high }: IndicationThresholds) =>
    `Verktygets antagande, inte källornas: rehabinriktning när hälsa eller arbetsförmåga är 1–${low}; arbetsmarknadsinriktning när båda är ${high}–5 och energi och motivation ${low + 1}–5; annars båda. Kommunikationsförmåga 1–${low} ger ett skäl om språkinsatser. En obesvarad nyckelfråga räknas inte.`,
};

type Catalogue = typeof processMessages;
export type ProcessMessageKind = keyof Catalogue;

/** One coded message in Swedish (the catalogue as it reads now). */
function render<U extends { code: string }>(templates: Templates<U>, message: U): string {
  const template = templates[message.code as U['code']] as (params: U) => string;
  return template(message);
}

export const decisionBlockerText = (blocker: DecisionBlocker): string => render<DecisionBlocker>(processMessages.decisionBlocker, blocker);
export const indicationReasonText = (reason: IndicationReason): string => render<IndicationReason>(processMessages.indicationReason, reason);
export const anvisningRefusalText = (refusal: AnvisningRefusal): string => render<AnvisningRefusal>(processMessages.anvisningRefusal, refusal);
export const bedomningRefusalText = (refusal: BedomningRefusal): string => render<BedomningRefusal>(processMessages.bedomningRefusal, refusal);
export const anvisningMigrationNoteText = (note: AnvisningMigrationNote): string => render<AnvisningMigrationNote>(processMessages.anvisningMigrationNote, note);
export const refusedFieldText = (code: RefusedFieldCode): string => processMessages.refusedField[code]();
export const bedomningMigrationNoteText = (note: BedomningMigrationNote): string => render<BedomningMigrationNote>(processMessages.bedomningMigrationNote, note);
export const indicationAssumptionText = (thresholds: IndicationThresholds): string => processMessages.indicationAssumption(thresholds);

/** Codes with their Swedish text, as the API and the web read them. */
export function withText<U extends { code: string }>(messages: readonly U[], text: (message: U) => string): (U & { text: string })[] {
  return messages.map((message) => ({ ...message, text: text(message) }));
}

/** A move to a newer definition of the machine (MACHINE_UPGRADED), as the history says it. */
export function machineUpgradedText(aggregate: 'case' | 'assessment', to: number): string {
  return `${aggregate === 'case' ? 'Ärendet' : 'Bedömningsstödet'} flyttades till version ${to} av rutinen`;
}

/** What a migration noted about one case, as stored in MACHINE_UPGRADED (machines/anvisning/migrations.ts). */
export function migrationNoteText(note: MigrationNote): string {
  if (note.code in processMessages.bedomningMigrationNote) return bedomningMigrationNoteText(note as unknown as BedomningMigrationNote);
  const known = note.code in processMessages.anvisningMigrationNote;
  return known ? anvisningMigrationNoteText(note as unknown as AnvisningMigrationNote) : 'Ärendet flyttades till en ny version av rutinen.';
}
