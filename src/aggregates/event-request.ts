/**
 * The body of `POST …/events` as both aggregates read it: `{ type, …payload }`,
 * the type one of the machine's, the payload checked by that event's own schema.
 * Runs before the transaction (the 400 of the pipeline's order), naming each bad field.
 */
import { z } from 'zod';
import { fieldIssue, fromZodError, validationFailed } from '../errors';

const ZEventEnvelope = z.looseObject({ type: z.string() });

export function parseEventRequest<T extends string>(
  body: unknown,
  isType: (type: string) => type is T,
  schemas: Readonly<Record<T, z.ZodType>>,
): { type: T } & Record<string, unknown> {
  const envelope = ZEventEnvelope.safeParse(body);
  if (!envelope.success) throw fromZodError(envelope.error, body);
  const { type, ...payload } = envelope.data;
  if (!isType(type)) throw validationFailed([fieldIssue('type', 'unknown_event_type')]);
  const parsed = schemas[type].safeParse(payload);
  if (!parsed.success) throw fromZodError(parsed.error, payload);
  return { type, ...(parsed.data as Record<string, unknown>) };
}
