import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, fromZodError, HTTP_STATUS } from '../../src/errors';
import { validate } from '../../src/http/app';

describe('AppError', () => {
  it('takes its status from the one table', () => {
    expect(new AppError('NOT_ALLOWED_IN_STATE', 'x').status).toBe(409);
    expect(new AppError('IDEMPOTENCY_KEY_REUSED', 'x').status).toBe(422);
    expect(HTTP_STATUS.PRECONDITION_FAILED).toBe(412);
  });

  it('fromZodError names each field and why', () => {
    const schema = z.object({ client: z.object({ personnummer: z.string(), name: z.string().min(1) }) });
    const result = schema.safeParse({ client: { name: '' } });
    const error = fromZodError(result.error!);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual([
      { path: 'client.personnummer', message: expect.stringContaining('expected string') },
      { path: 'client.name', message: expect.stringMatching(/>=1 characters/) },
    ]);
    expect(error.message).toMatch(/^Invalid request: client\.personnummer: .+; client\.name: .+/);
  });

  it('validate returns the parsed value or throws VALIDATION_FAILED', () => {
    expect(validate(z.object({ n: z.coerce.number() }), { n: '4' })).toEqual({ n: 4 });
    expect(() => validate(z.string(), 4)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', details: [{ path: '(root)', message: expect.any(String) }] }));
  });
});
