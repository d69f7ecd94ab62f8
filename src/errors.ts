/** The one error type the API answers with, and the one table of its HTTP statuses. */
import type { z } from 'zod';

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

/** One invalid field: `path` is dotted (`client.personnummer`), `message` says why. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** The JSON body of every error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

export class AppError extends Error {
  override readonly name = 'AppError';
  readonly status: number;
  /** Clients a refused request was about: for the access log only, never the response. */
  readonly auditClientIds: readonly string[];

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    options?: { cause?: unknown; auditClientIds?: readonly string[] },
  ) {
    // `cause` reaches the log (never the response).
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.status = HTTP_STATUS[code];
    this.auditClientIds = options?.auditClientIds ?? [];
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) } };
  }
}

/** VALIDATION_FAILED naming every bad field and why. Zod's messages do not echo the input, so no personal data leaks. */
export function fromZodError(error: z.ZodError): AppError {
  const details: FieldIssue[] = error.issues.map((issue) => ({
    path: issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.'),
    message: issue.message,
  }));
  const summary = details.map((d) => `${d.path}: ${d.message}`).join('; ');
  return new AppError('VALIDATION_FAILED', `Invalid request: ${summary}`, details);
}
