/** Every failure leaves as `{ error: { code, message, details? } }`; stacks and SQL go to the log only. */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { z } from 'zod';
import { AppError, ERROR_CODES, fromZodError, HTTP_STATUS, type ErrorCode } from '../errors';

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('NOT_FOUND', `No route ${req.method} ${req.baseUrl}${req.path}.`));
};

export const errorHandler: ErrorRequestHandler = (err, req, res, next) => {
  // Too late for a JSON answer; Express closes the connection.
  if (res.headersSent) return next(err);
  const error = toAppError(err, String(req.id ?? ''));
  // pino-http logs the request's line with this error and its stack (and cause) on 5xx.
  if (error.status >= 500) res.err = err instanceof Error ? err : new Error(String(err));
  res.locals.errorCode = error.code; // for the request's log line (the message may quote input)
  // A refusal about a client (someone else's) is logged with that client for loggkontroll.
  const access = res.locals.access as { clientIds?: string[] } | undefined;
  if (access && error.auditClientIds.length > 0) access.clientIds = [...new Set([...(access.clientIds ?? []), ...error.auditClientIds])];
  if (error.code === 'UNAUTHENTICATED') res.set('WWW-Authenticate', 'Bearer');
  res.status(error.status).json(error.toBody());
};

/** Errors from body-parser and the router carry `status` and `type` (http-errors). */
interface HttpError {
  status: number;
  type?: string;
  limit?: number;
}

const BODY_ERRORS: Record<string, [ErrorCode, string]> = {
  'entity.parse.failed': ['BAD_REQUEST', 'The request body is not valid JSON.'],
  'entity.too.large': ['PAYLOAD_TOO_LARGE', 'The request body is too large.'],
  'encoding.unsupported': ['UNSUPPORTED_MEDIA_TYPE', 'The request body uses an unsupported Content-Encoding.'],
  'charset.unsupported': ['UNSUPPORTED_MEDIA_TYPE', 'The request body uses an unsupported charset; send UTF-8.'],
  'request.aborted': ['BAD_REQUEST', 'The request was aborted before its body arrived.'],
  'request.size.invalid': ['BAD_REQUEST', 'The request body did not match its Content-Length.'],
};

function toAppError(err: unknown, requestId: string): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof z.ZodError) return fromZodError(err);
  if (isHttpError(err) && err.status >= 400 && err.status < 500) {
    // Never echo the parser's message: Node's JSON.parse quotes a slice of the body.
    const known = err.type ? BODY_ERRORS[err.type] : undefined;
    if (known) return new AppError(known[0], err.type === 'entity.too.large' && err.limit ? `The request body is larger than ${err.limit} bytes.` : known[1]);
    const code = ERROR_CODES.find((c) => HTTP_STATUS[c] === err.status) ?? 'BAD_REQUEST';
    return new AppError(code, `The request could not be processed (HTTP ${err.status}).`);
  }
  return new AppError('INTERNAL', `An unexpected error occurred. It has been logged with request id ${requestId}.`);
}

function isHttpError(err: unknown): err is HttpError {
  return typeof err === 'object' && err !== null && typeof (err as HttpError).status === 'number';
}
