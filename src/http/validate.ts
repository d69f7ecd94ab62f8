import type { z } from 'zod';
import { fromZodError } from '../errors';

/** Parse `value` with `schema` or throw VALIDATION_FAILED naming every bad field. */
export function validate<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw fromZodError(result.error, value);
  return result.data;
}
