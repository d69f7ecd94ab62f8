/** The one error type the API answers with, and the one table of its HTTP statuses. */
import type { z } from 'zod';
import {
  errorMessage,
  FIELD_MESSAGES,
  fieldMessage,
  isFieldReason,
  type ErrorReason,
  type ErrorReasonParams,
  type FieldReason,
  type FieldReasonParams,
} from './texts/error-messages';

export const HTTP_STATUS = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  NOT_ALLOWED_IN_STATE: 409,
  // 422, not 409: the IETF Idempotency-Key draft answers a reused key with a different payload
  // with 422 and keeps 409 for "same key still in flight" (which we report as CONFLICT).
  IDEMPOTENCY_KEY_REUSED: 422,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_REQUESTS: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof HTTP_STATUS;
export const ERROR_CODES = Object.keys(HTTP_STATUS) as [ErrorCode, ...ErrorCode[]];

export type { ErrorReason, FieldReason } from './texts/error-messages';

/**
 * One invalid field: `path` is dotted (`client.personnummer`), `reason` is a stable code
 * (src/texts/error-messages.ts), `message` its Swedish text.
 */
export type FieldIssue = {
  [R in FieldReason]: { path: string; reason: R; message: string } & (FieldReasonParams[R] extends undefined ? { params?: undefined } : { params: FieldReasonParams[R] });
}[FieldReason];

/** A field issue with its Swedish message. */
export function fieldIssue<R extends FieldReason>(path: string, reason: R, ...params: FieldReasonParams[R] extends undefined ? [] : [FieldReasonParams[R]]): FieldIssue {
  const given = params[0];
  return { path, reason, ...(given === undefined ? {} : { params: given }), message: fieldMessage(reason, given as FieldReasonParams[R]) } as FieldIssue;
}

/** The JSON body of every error response: `reason` is stable, `message` is Swedish. */
export interface ErrorBody {
  error: { code: ErrorCode; reason: ErrorReason; message: string; details?: unknown };
}

interface ErrorOptions {
  cause?: unknown;
  /** Clients a refused request was about: for the access log only, never the response. */
  auditClientIds?: readonly string[];
}

/** `reason` and its parameters (none for a reason without any), then `details` for the response and options. */
export type AppErrorArgs = {
  [R in ErrorReason]: ErrorReasonParams[R] extends undefined
    ? [reason: R, params?: undefined, details?: unknown, options?: ErrorOptions]
    : [reason: R, params: ErrorReasonParams[R], details?: unknown, options?: ErrorOptions];
}[ErrorReason];

export class AppError extends Error {
  override readonly name = 'AppError';
  readonly status: number;
  readonly reason: ErrorReason;
  /** What the message was rendered from (never personal data); not part of the response. */
  readonly params: unknown;
  readonly details: unknown;
  /** Clients a refused request was about: for the access log only, never the response. */
  readonly auditClientIds: readonly string[];

  constructor(
    readonly code: ErrorCode,
    ...[reason, params, details, options]: AppErrorArgs
  ) {
    // The message is the catalogue's Swedish text; `cause` reaches the log (never the response).
    super(errorMessage(reason, params as never), options?.cause === undefined ? undefined : { cause: options.cause });
    this.status = HTTP_STATUS[code];
    this.reason = reason;
    this.params = params;
    this.details = details;
    this.auditClientIds = options?.auditClientIds ?? [];
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, reason: this.reason, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) } };
  }
}

/** VALIDATION_FAILED naming the fields and why, each with a reason. */
export function validationFailed(issues: FieldIssue[]): AppError {
  return new AppError('VALIDATION_FAILED', 'validation_failed', undefined, issues);
}

/**
 * VALIDATION_FAILED naming every bad field with a reason from the catalogue. A schema's custom
 * message is a field reason (machines/ and src/ schemas carry codes, not words); any other issue
 * is mapped by its zod code. Zod's own (English) messages never reach the response. `input` (what
 * was parsed) tells a missing field from one of the wrong type.
 */
export function fromZodError(error: z.ZodError, input?: unknown): AppError {
  return validationFailed(error.issues.map((issue) => zodIssue(issue, input)));
}

function zodIssue(issue: z.core.$ZodIssue, input: unknown): FieldIssue {
  const path = issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.');
  if (issue.code === 'invalid_type' && input !== undefined && valueAt(input, issue.path) === undefined) return fieldIssue(path, 'required');
  // The schema's own reason (a code in place of words), when it is one without parameters.
  if (isFieldReason(issue.message) && FIELD_MESSAGES[issue.message].length === 0) return fieldIssue(path, issue.message as ParameterlessFieldReason);
  switch (issue.code) {
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return fieldIssue(path, 'too_long', { max });
      if (issue.origin === 'array' || issue.origin === 'set') return fieldIssue(path, 'too_many', { max });
      return fieldIssue(path, 'too_large', { max });
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? fieldIssue(path, 'empty') : fieldIssue(path, 'too_short', { min });
      if (issue.origin === 'array' || issue.origin === 'set') return fieldIssue(path, 'too_few', { min });
      return fieldIssue(path, 'too_small', { min });
    }
    case 'invalid_type':
      if (issue.expected === 'boolean') return fieldIssue(path, 'choose_yes_no');
      if (issue.expected === 'int') return fieldIssue(path, 'whole_number');
      if (issue.expected === 'number') return fieldIssue(path, 'must_be_number');
      return fieldIssue(path, 'wrong_type');
    case 'invalid_value':
      return fieldIssue(path, 'invalid_option');
    case 'invalid_key': {
      // A record's key its key schema refused: the key schema's own reason, if it has one.
      const inner = issue.issues[0]?.message;
      return isFieldReason(inner) && FIELD_MESSAGES[inner].length === 0 ? fieldIssue(path, inner as ParameterlessFieldReason) : fieldIssue(path, 'unknown_field');
    }
    case 'unrecognized_keys':
      return fieldIssue(path, 'unknown_field');
    case 'invalid_format':
      if (issue.format === 'date') return fieldIssue(path, 'date_format');
      if (issue.format === 'datetime') return fieldIssue(path, 'datetime_format');
      if (issue.format === 'uuid' || issue.format === 'guid') return fieldIssue(path, 'invalid_id');
      return fieldIssue(path, 'invalid_value');
    default:
      return fieldIssue(path, 'invalid_value');
  }
}

type ParameterlessFieldReason = { [R in FieldReason]: FieldReasonParams[R] extends undefined ? R : never }[FieldReason];

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
