import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, fromZodError, HTTP_STATUS } from '../../src/errors';
import { validate } from '../../src/http/app';
import { ZPersonnummer } from '../../src/clients/personnummer';
import { anvisningPayloadSchemas } from '../../machines/anvisning/events';
import { bedomningRequestSchemas } from '../../machines/bedomning/events';

describe('AppError', () => {
  it('takes its status from the one table and its message from the catalogue', () => {
    expect(new AppError('NOT_ALLOWED_IN_STATE', 'not_allowed_in_state', { explanation: 'x' }).status).toBe(409);
    expect(new AppError('IDEMPOTENCY_KEY_REUSED', 'idempotency_key_reused').status).toBe(422);
    expect(HTTP_STATUS.PRECONDITION_FAILED).toBe(412);
    const error = new AppError('NOT_FOUND', 'case_not_found');
    expect(error.toBody()).toEqual({ error: { code: 'NOT_FOUND', reason: 'case_not_found', message: 'Ärendet finns inte, eller så har du inte behörighet till det.' } });
  });

  it('fromZodError names each field, its reason and its Swedish message', () => {
    const schema = z.object({ client: z.object({ personnummer: z.string(), name: z.string().min(1) }) });
    const input = { client: { name: '' } };
    const error = fromZodError(schema.safeParse(input).error!, input);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.reason).toBe('validation_failed');
    expect(error.details).toEqual([
      { path: 'client.personnummer', reason: 'required', message: 'Måste fyllas i.' },
      { path: 'client.name', reason: 'empty', message: 'Måste fyllas i.' },
    ]);
    expect(error.message).toBe('Uppgifterna behöver rättas.');
  });

  it('maps zod issues to reasons generically', () => {
    const schema = z.strictObject({ text: z.string().max(5), choice: z.enum(['a', 'b']), yes: z.boolean(), n: z.number().int(), when: z.iso.date(), id: z.uuid() });
    const input = { text: 'sextio', choice: 'c', yes: 'ja', n: 1.5, when: '2026-13-01', id: 'x', extra: 1 };
    const details = fromZodError(schema.safeParse(input).error!, input).details as { path: string; reason: string; params?: unknown }[];
    expect(details.map(({ path, reason, params }) => ({ path, reason, ...(params ? { params } : {}) }))).toEqual([
      { path: 'text', reason: 'too_long', params: { max: 5 } },
      { path: 'choice', reason: 'invalid_option' },
      { path: 'yes', reason: 'choose_yes_no' },
      { path: 'n', reason: 'whole_number' },
      { path: 'when', reason: 'date_format' },
      { path: 'id', reason: 'invalid_id' },
      { path: '(root)', reason: 'unknown_field' },
    ]);
  });

  it('the schemas of machines/ and src/ carry reason codes, not words', () => {
    const reasons = (schema: z.ZodType, input: unknown) => (fromZodError(schema.safeParse(input).error!, input).details as { reason: string }[]).map((d) => d.reason);
    expect(reasons(ZPersonnummer, '900101-0017')).toEqual(['personnummer_needs_century']);
    expect(reasons(ZPersonnummer, '')).toEqual(['required']);
    expect(reasons(ZPersonnummer, '19900101-0018')).toEqual(['personnummer_invalid']);
    expect(reasons(anvisningPayloadSchemas.AF_NOTIFIED, { sentOn: '1 maj' })).toEqual(['date_format']);
    expect(reasons(anvisningPayloadSchemas.AF_NOTIFIED, {})).toEqual(['required']);
    expect(reasons(anvisningPayloadSchemas.AF_RESPONSE_RECORDED, { summary: 'a\u0000b' })).toEqual(['control_characters']);
    expect(reasons(anvisningPayloadSchemas.AF_RESPONSE_RECORDED, { summary: 'a\ud800' })).toEqual(['broken_unicode']);
    // A bidirectional override shows a text reversed; a zero-width space makes two party names that look the same differ.
    expect(reasons(anvisningPayloadSchemas.AF_RESPONSE_RECORDED, { summary: 'Svar \u202eFA' })).toEqual(['control_characters']);
    expect(reasons(anvisningPayloadSchemas.EXTERNAL_CONSENT_RECORDED, { party: 'Vård\u200bcentralen', area: 'socialt_halsa' })).toEqual(['single_line']);
    expect(anvisningPayloadSchemas.AF_RESPONSE_RECORDED.safeParse({ summary: 'Klienten heter שלום och talar arabiska: مرحبا' }).success).toBe(true);
    expect(reasons(anvisningPayloadSchemas.KC_CRITERIA_ASSESSED, { unemployment: 'hel', needsJobOrSkillsActivities: false, expectedWorkOrStudiesWithin3Years: true })).toEqual([
      'deviation_reason_required',
    ]);
    expect(reasons(bedomningRequestSchemas.INRIKTNING_CHOSEN, { tracks: [] })).toEqual(['choose_track']);
    expect(reasons(bedomningRequestSchemas.INRIKTNING_CHOSEN, { tracks: ['rehab', 'rehab'] })).toEqual(['track_once']);
    const answers = { questionnaireId: '00000000-0000-4000-8000-000000000000', answers: { halsa: { value: 6 }, 'Bad Id': {} } };
    expect(reasons(bedomningRequestSchemas.QUESTIONNAIRE_SAVED, answers).sort()).toEqual(['question_id', 'score_1_5']);
  });

  it('validate returns the parsed value or throws VALIDATION_FAILED', () => {
    expect(validate(z.object({ n: z.coerce.number() }), { n: '4' })).toEqual({ n: 4 });
    expect(() => validate(z.string(), 4)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', reason: 'validation_failed', details: [{ path: '(root)', reason: 'wrong_type', message: 'Värdet har fel form.' }] }),
    );
  });
});
