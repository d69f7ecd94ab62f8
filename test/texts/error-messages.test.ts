/**
 * The one Swedish catalogue of the API's errors: every reason renders to a Swedish sentence
 * (no empty text, no English left over, no parameter lost), and the reasons are snake_case codes.
 */
import { describe, expect, it } from 'vitest';
import {
  ERROR_MESSAGES,
  ERROR_REASONS,
  FIELD_MESSAGES,
  FIELD_REASONS,
  type ErrorReasonParams,
  type FieldReasonParams,
} from '../../src/texts';
import { ENGLISH_LEFTOVERS } from '../support/english-leftovers';

/** Sample parameters for every reason that has any (typed: a new parameter needs a sample here). */
const ERROR_SAMPLES: { [R in keyof ErrorReasonParams as ErrorReasonParams[R] extends undefined ? never : R]-?: ErrorReasonParams[R] } = {
  body_too_deep: { max: 32 },
  request_not_processed: { status: 405 },
  token_claim_missing: { claim: 'sub' },
  token_claim_rejected: { claim: 'aud' },
  role_may_not_send: { role: 'kc_samordnare' },
  role_may_not_start_assessment: { role: 'forste_socialsekreterare' },
  colleagues_own_unit_only: { unit: 'SF Nordost' },
  access_log_own_unit_only: { unit: 'SF Nordost' },
  client_held_elsewhere: { unit: 'SF Hisingen' },
  client_rights_responsible_only: { unit: 'SF Nordost' },
  client_history_stale: { yours: 2, current: 3 },
  token_role_system: { claim: 'role' },
  token_role_invalid: { claim: 'role' },
  token_unit_missing: { claim: 'unit' },
  token_claim_reserved: { claim: 'preferred_username' },
  token_claim_control_characters: { claim: 'name' },
  document_not_found: { kind: 'arbetsplan' },
  not_allowed_in_state: { explanation: 'beslutet är redan fattat' },
  questionnaire_incomplete: { count: 3 },
  referral_uppdrag_already_sent: { reference: 'KC-000123' },
  referral_ended: { reference: 'KC-000123' },
  client_has_active_referral: { reference: 'KC-000123' },
  concurrent_change: { aggregate: 'case' },
  stale_version: { aggregate: 'assessment', yours: 3, current: 4 },
  machine_version_newer: { aggregate: 'case', stored: 3, current: 2 },
  body_too_large: { limit: 102400 },
  too_many_requests: { perMinute: 600 },
  too_many_lookups: { perMinute: 30 },
  too_many_statistics_reads: { perMinute: 20 },
  too_many_registerutdrag: { perMinute: 10 },
  internal: { requestId: 'req-1' },
};

const FIELD_SAMPLES: { [R in keyof FieldReasonParams as FieldReasonParams[R] extends undefined ? never : R]-?: FieldReasonParams[R] } = {
  too_long: { max: 200 },
  too_short: { min: 2 },
  too_large: { max: 100 },
  too_small: { min: 1 },
  too_many: { max: 2 },
  too_few: { min: 1 },
  not_socialsekreterare_of_unit: { unit: 'SF Nordost' },
  date_in_future: { latest: '2026-01-16' },
  meeting_in_past: { earliest: '2026-01-15' },
  communicated_before_decision: { decisionDate: '2026-01-15' },
  held_before_booked_day: { bookedOn: '2026-05-04' },
};

function rendered(render: (params: never) => string, params: unknown): string {
  return render(params as never);
}

describe('the Swedish catalogue of error messages', () => {
  const cases = [
    ...ERROR_REASONS.map((reason) => ({ kind: 'error', reason, text: rendered(ERROR_MESSAGES[reason], (ERROR_SAMPLES as Record<string, unknown>)[reason]), params: (ERROR_SAMPLES as Record<string, unknown>)[reason] })),
    ...FIELD_REASONS.map((reason) => ({ kind: 'field', reason, text: rendered(FIELD_MESSAGES[reason], (FIELD_SAMPLES as Record<string, unknown>)[reason]), params: (FIELD_SAMPLES as Record<string, unknown>)[reason] })),
  ];

  it.each(cases)('$kind $reason is a Swedish sentence', ({ reason, text, params }) => {
    expect(reason).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
    expect(text.trim()).not.toBe('');
    expect(text).toMatch(/^([A-ZÅÄÖ]|1:e )/);
    expect(text).toMatch(/[.!?]$/);
    expect(text).not.toMatch(/undefined|null|NaN|\[object/);
    for (const phrase of ENGLISH_LEFTOVERS) expect(text.toLowerCase()).not.toContain(phrase);
    // Every parameter given reaches the text.
    for (const value of Object.values((params ?? {}) as Record<string, unknown>)) {
      // A noun or a role the text says in Swedish.
      if (typeof value === 'string' && /^(case|assessment|kc_samordnare|forste_socialsekreterare)$/.test(value)) continue;
      expect(text).toContain(String(value));
    }
  });

  it('an optional parameter may be left out', () => {
    expect(ERROR_MESSAGES.client_has_active_referral({})).toBe('Klienten har redan en aktiv anvisning. En klient kan bara ha en aktiv anvisning åt gången.');
    expect(ERROR_MESSAGES.body_too_large({})).toBe('Anropet är för stort.');
  });

  it('error and field reasons are distinct vocabularies', () => {
    expect(ERROR_REASONS.filter((reason) => (FIELD_REASONS as string[]).includes(reason))).toEqual([]);
  });
});
