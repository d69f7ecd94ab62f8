/**
 * The one Swedish catalogue of the machines' codes (src/texts/process-messages.ts):
 * every code has a text, there is no text for a code that no longer exists, and
 * each renders as Swedish words with its parameters (never "undefined").
 */
import { describe, expect, it } from 'vitest';
import type { AnvisningMigrationNote, AnvisningRefusal, DecisionBlocker } from '../../machines/anvisning';
import { indicateTracks, INDICATION_THRESHOLDS, KEY_SCALE_QUESTIONS, type BedomningRefusal, type IndicationReason, type RefusedFieldCode } from '../../machines/bedomning';
import type { BedomningMigrationNote } from '../../machines/bedomning/migrations';
import {
  anvisningMigrationNoteText,
  anvisningRefusalText,
  bedomningMigrationNoteText,
  bedomningRefusalText,
  indicationAssumptionText,
  decisionBlockerText,
  indicationReasonText,
  processMessages,
  refusedFieldText,
} from '../../src/texts/process-messages';

/** One sample per code: a code added to a machine without a sample here fails the typecheck. */
type Samples<U extends { code: string }> = { [C in U['code']]: Extract<U, { code: C }> };

const blockers: Samples<DecisionBlocker> = {
  samrad_missing: { code: 'samrad_missing' },
  criteria_missing: { code: 'criteria_missing' },
  criteria_deviation_reason_missing: { code: 'criteria_deviation_reason_missing' },
  consent_missing: { code: 'consent_missing' },
  consent_declined: { code: 'consent_declined' },
  arbetsplan_missing: { code: 'arbetsplan_missing' },
  samordnare_not_consulted: { code: 'samordnare_not_consulted' },
};
const reasons: Samples<IndicationReason> = {
  halsa_lag: { code: 'halsa_lag', question: 'arbetsformaga', score: 1 },
  forutsattningar_for_arbete: { code: 'forutsattningar_for_arbete', halsa: 5, arbetsformaga: 4 },
  osaker_inriktning: { code: 'osaker_inriktning', question: 'energiMotivation', score: 3 },
  sprakinsatser: { code: 'sprakinsatser', score: 2 },
  nyckelsvar_saknas: { code: 'nyckelsvar_saknas', questions: ['halsa', 'energiMotivation'] },
};
const anvisningRefusals: Samples<AnvisningRefusal> = {
  ...blockers,
  role_not_allowed: { code: 'role_not_allowed', role: 'kc_samordnare', event: 'DECISION_MADE' },
  referral_ended: { code: 'referral_ended' },
  external_consent_missing: { code: 'external_consent_missing' },
  disagreement_open: { code: 'disagreement_open' },
  closing_meeting_booked_by_kc: { code: 'closing_meeting_booked_by_kc' },
  renewal_window_not_open: { code: 'renewal_window_not_open', opensOn: '2026-12-02' },
  renewal_samrad_missing: { code: 'renewal_samrad_missing', step: 'AF_NOTIFIED' },
  disagreement_id_required: { code: 'disagreement_id_required', disagreementIds: ['1', '2'] },
  disagreement_positions_missing: { code: 'disagreement_positions_missing' },
  disagreement_position_recorded: { code: 'disagreement_position_recorded' },
  event_not_allowed: { code: 'event_not_allowed', event: 'GWA_CLOSED', state: 'forberedelse.samrad_ssbtek' },
};
const bedomningRefusals: Samples<BedomningRefusal> = {
  role_not_allowed: { code: 'role_not_allowed', role: 'kc_samordnare', event: 'INLEDANDE_STARTED' },
  insats_running: { code: 'insats_running' },
  inledande_open: { code: 'inledande_open' },
  restart_needs_reason: { code: 'restart_needs_reason' },
  choice_before_inledande_done: { code: 'choice_before_inledande_done' },
  choice_differs_from_indication: { code: 'choice_differs_from_indication', indicatedTracks: ['arbetsmarknad', 'rehab'] },
  no_indication: { code: 'no_indication' },
  uppfoljning_needs_completed_track: { code: 'uppfoljning_needs_completed_track' },
  uppfoljning_not_now: { code: 'uppfoljning_not_now' },
  arbetsplan_import_not_allowed: { code: 'arbetsplan_import_not_allowed' },
  arbetsplan_unknown: { code: 'arbetsplan_unknown' },
  uppdragsbeskrivning_exists: { code: 'uppdragsbeskrivning_exists' },
  uppdragsbeskrivning_needs_decision: { code: 'uppdragsbeskrivning_needs_decision' },
  uppdragsbeskrivning_import_not_allowed: { code: 'uppdragsbeskrivning_import_not_allowed' },
  uppdragsbeskrivning_sent: { code: 'uppdragsbeskrivning_sent' },
  uppdragsbeskrivning_unknown: { code: 'uppdragsbeskrivning_unknown' },
  questionnaire_not_open: { code: 'questionnaire_not_open', questionnaireId: 'q-1', state: 'inriktning' },
  event_not_allowed: { code: 'event_not_allowed', event: 'TRACK_COMPLETED', state: 'redo_for_inledande' },
};
const migrationNotes: Samples<AnvisningMigrationNote> = {
  af_activity_chosen: { code: 'af_activity_chosen', afActivity: 'planerad' },
  ended_for_af_activity_under_v1: { code: 'ended_for_af_activity_under_v1' },
  missed_inskrivning_awaits_decision: { code: 'missed_inskrivning_awaits_decision' },
  closing_steps_any_order: { code: 'closing_steps_any_order', meetingHeldOn: '2026-09-01' },
  disagreement_topic_chosen: { code: 'disagreement_topic_chosen', disagreementId: '2', topic: 'avslut' },
  external_consents_both_areas: { code: 'external_consents_both_areas', parties: 2 },
  renewal_window_default: { code: 'renewal_window_default', days: 60 },
};
const bedomningMigrationNotes: Samples<BedomningMigrationNote> = {
  uppdragsbeskrivning_kept_without_decision_check: { code: 'uppdragsbeskrivning_kept_without_decision_check', count: 2 },
};
const fields: Record<RefusedFieldCode, true> = { reason_against_indication_missing: true, restart_reason_missing: true, referral_without_decision: true };

const isWords = (text: string) => {
  expect(text.trim().length).toBeGreaterThan(10);
  expect(text).not.toMatch(/undefined|null|\[object/);
};

describe('the Swedish catalogue of the machines’ codes', () => {
  it.each([
    ['decisionBlocker', blockers, decisionBlockerText],
    ['indicationReason', reasons, indicationReasonText],
    ['anvisningRefusal', anvisningRefusals, anvisningRefusalText],
    ['bedomningRefusal', bedomningRefusals, bedomningRefusalText],
    ['anvisningMigrationNote', migrationNotes, anvisningMigrationNoteText],
    ['bedomningMigrationNote', bedomningMigrationNotes, bedomningMigrationNoteText],
  ] as const)('%s: a text for every code and no other, each rendered in words', (kind, samples, render) => {
    expect(Object.keys(processMessages[kind]).sort()).toEqual(Object.keys(samples).sort());
    for (const sample of Object.values(samples)) isWords((render as (message: unknown) => string)(sample));
  });

  it('has a text for every refused field', () => {
    expect(Object.keys(processMessages.refusedField).sort()).toEqual(Object.keys(fields).sort());
    for (const code of Object.keys(fields) as RefusedFieldCode[]) isWords(refusedFieldText(code));
  });

  it('renders the parameters: the key question, its score and the tracks', () => {
    expect(indicationReasonText({ code: 'halsa_lag', question: 'halsa', score: 2 })).toBe('Hälsa skattad 2 av 5: hälsan kan behöva stärkas innan arbete (rehabinriktning).');
    expect(indicationReasonText({ code: 'sprakinsatser', score: 1 })).toBe('Kommunikationsförmåga skattad 1 av 5: behov av språkinsatser kan finnas.');
    expect(bedomningRefusalText({ code: 'choice_differs_from_indication', indicatedTracks: ['rehab'] })).toContain('(rehab)');
    expect(decisionBlockerText({ code: 'consent_missing' })).toBe('samtycke till KC är inte upprättat');
    expect(anvisningMigrationNoteText({ code: 'af_activity_chosen', afActivity: 'planerad' })).toContain('registrerades aktiviteten som planerad');
    expect(anvisningMigrationNoteText({ code: 'af_activity_chosen', afActivity: 'pagaende' })).toContain('som pågående');
  });

  it('[bedomning.indication-names-missing-key-answers] names the key questions left unanswered', () => {
    expect(indicationReasonText({ code: 'nyckelsvar_saknas', questions: ['arbetsformaga'] })).toBe(
      'Nyckelfrågan ”Arbetsförmåga” är inte besvarad: indikationen bygger bara på de nyckelfrågor som besvarats.',
    );
    expect(indicationReasonText({ code: 'nyckelsvar_saknas', questions: ['halsa', 'energiMotivation', 'kommunikation'] })).toContain(
      'Nyckelfrågorna ”Hälsa”, ”Energi och motivation” och ”Kommunikationsförmåga” är inte besvarade',
    );
  });

  it('[bedomning.indication-thresholds-assumption] says the thresholds as the tool’s assumption, from the thresholds the rule uses', () => {
    const text = indicationAssumptionText(INDICATION_THRESHOLDS);
    expect(text).toMatch(/^Verktygets antagande/);
    expect(text).toContain('hälsa eller arbetsförmåga är 1–2');
    expect(text).toContain('båda är 4–5 och energi och motivation 3–5');
    // Worded from the thresholds given, so the words follow a changed threshold.
    expect(indicationAssumptionText({ low: 1, high: 5 } as never)).toContain('hälsa eller arbetsförmåga är 1–1');
  });

  it('says a refusal in the machine\'s own vocabulary with the interface\'s words: the step, the state and the role by their names', () => {
    const machineCode = /[A-Z]+_[A-Z_]+|\b[a-z]+[._][a-z_.]+\b/;
    expect(anvisningRefusalText({ code: 'event_not_allowed', event: 'GWA_CLOSED', state: 'forberedelse.samrad_ssbtek' })).toBe(
      '”Registrera att ärendet avslutats i GWA” går inte när ärendet står i ”Samråd 1: SSBTEK/e-info”',
    );
    expect(anvisningRefusalText({ code: 'role_not_allowed', role: 'kc_samordnare', event: 'DECISION_MADE' })).toBe('Samordnare på KC får inte ta steget ”Fatta beslut”.');
    expect(bedomningRefusalText({ code: 'event_not_allowed', event: 'TRACK_COMPLETED', state: 'redo_for_inledande' })).toBe(
      '”Slutför inriktningens formulär” går inte när bedömningsstödet står i ”Redo för inledande del”',
    );
    expect(bedomningRefusalText({ code: 'questionnaire_not_open', questionnaireId: 'q-1', state: 'val_av_inriktning' })).toContain('bedömningsstödet står i ”Val av inriktning”');
    for (const sample of Object.values(anvisningRefusals)) expect(anvisningRefusalText(sample)).not.toMatch(machineCode);
    for (const sample of Object.values(bedomningRefusals)) expect(bedomningRefusalText(sample)).not.toMatch(machineCode);
    // Something outside the vocabulary is never echoed as a code.
    expect(anvisningRefusalText({ code: 'event_not_allowed', event: 'MAKE_IT_SO', state: 'no.such_state' })).toBe('steget går inte när ärendet står i det här läget');
  });

  it('[beslut.renewal-window] says when a renewal becomes possible, as a Swedish date', () => {
    expect(anvisningRefusalText({ code: 'renewal_window_not_open', opensOn: '2026-12-02' })).toContain('tidigast 2 december 2026');
    expect(anvisningRefusalText({ code: 'renewal_samrad_missing', step: 'AF_NOTIFIED' })).toContain('underrättelse till AF');
  });

  it('words every reason the indication can give, for every combination of key scores (an unanswered one too)', () => {
    const values = [null, 1, 2, 3, 4, 5];
    let rendered = 0;
    for (const halsa of values) for (const arbetsformaga of values) for (const energiMotivation of values) for (const kommunikation of values) {
      const indication = indicateTracks({ halsa, arbetsformaga, energiMotivation, kommunikation });
      expect(indication.reasons.length).toBeGreaterThan(0);
      for (const reason of indication.reasons) {
        isWords(indicationReasonText(reason));
        rendered += 1;
      }
    }
    expect(rendered).toBeGreaterThan(values.length ** KEY_SCALE_QUESTIONS.length);
  });
});
