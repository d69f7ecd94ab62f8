/**
 * Runs right after the JSON body is parsed, before anything reads the body: a
 * body nested deeper than any request of the API (JSON.parse takes 5,000
 * levels in 10 kB; JSON.stringify, zod and PostgreSQL's jsonb do not), or a
 * key holding a control character or broken Unicode (a NUL cannot be stored),
 * or a `__proto__` key (an unknown field the loose envelopes would drop
 * silently), is a 400 here. Iterative, so the check itself cannot overflow the stack.
 */
import type { RequestHandler } from 'express';
import { hasControlCharacters } from '../../machines/shared/text';
import { AppError } from '../errors';

/** The deepest request body of the API is 3 levels (answers → question → text); this leaves room. */
export const MAX_BODY_DEPTH = 32;

export const guardJsonBody: RequestHandler = (req, _res, next) => {
  const problem = bodyProblem(req.body);
  if (problem) throw problem;
  next();
};

function bodyProblem(body: unknown): AppError | null {
  const pending: [value: unknown, depth: number][] = [[body, 0]];
  while (pending.length > 0) {
    const [value, depth] = pending.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_BODY_DEPTH) return new AppError('BAD_REQUEST', 'body_too_deep', { max: MAX_BODY_DEPTH });
    if (Array.isArray(value)) {
      for (const item of value) pending.push([item, depth + 1]);
      continue;
    }
    for (const [key, item] of Object.entries(value)) {
      if (hasControlCharacters(key, { allowLineBreaks: false })) return new AppError('BAD_REQUEST', 'body_key_control_characters');
      // No request of the API has it; zod's loose envelopes would drop it silently instead of refusing an unknown field.
      if (key === '__proto__') return new AppError('BAD_REQUEST', 'body_key_proto');
      pending.push([item, depth + 1]);
    }
  }
  return null;
}
