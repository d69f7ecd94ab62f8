/** Every failure leaves as `{ error: { code, reason, message, details? } }` (message in Swedish); stacks and SQL go to the log only. */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { z } from 'zod';
import { AppError, ERROR_CODES, fromZodError, HTTP_STATUS } from '../errors';

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('NOT_FOUND', 'route_not_found'));
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

const BODY_ERRORS: Record<string, (err: HttpError) => AppError> = {
  'entity.parse.failed': () => new AppError('BAD_REQUEST', 'body_not_json'),
  'entity.too.large': (err) => new AppError('PAYLOAD_TOO_LARGE', 'body_too_large', err.limit ? { limit: err.limit } : {}),
  'encoding.unsupported': () => new AppError('UNSUPPORTED_MEDIA_TYPE', 'body_encoding_unsupported'),
  'charset.unsupported': () => new AppError('UNSUPPORTED_MEDIA_TYPE', 'body_charset_unsupported'),
  'request.aborted': () => new AppError('BAD_REQUEST', 'request_aborted'),
  'request.size.invalid': () => new AppError('BAD_REQUEST', 'body_length_mismatch'),
};

function toAppError(err: unknown, requestId: string): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof z.ZodError) return fromZodError(err);
  if (isHttpError(err) && err.status >= 400 && err.status < 500) {
    // Never echo the parser's message: Node's JSON.parse quotes a slice of the body.
    const known = err.type ? BODY_ERRORS[err.type] : undefined;
    if (known) return known(err);
    const code = ERROR_CODES.find((c) => HTTP_STATUS[c] === err.status) ?? 'BAD_REQUEST';
    return new AppError(code, 'request_not_processed', { status: err.status });
  }
  return new AppError('INTERNAL', 'internal', { requestId });
}

function isHttpError(err: unknown): err is HttpError {
  return typeof err === 'object' && err !== null && typeof (err as HttpError).status === 'number';
}
