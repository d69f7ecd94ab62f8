/**
 * Structured logs (pino). Logs leave the municipality's control more easily than the database, so they
 * must never hold a client's name or personnummer: requests are logged by route pattern, never by URL,
 * and never with bodies or credentials.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import { pino, type DestinationStream, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Config } from './config';

export type { Logger };

// Defence in depth for whatever someone logs later; the request serializer below already omits these.
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.body',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'body',
  'err.body', // body-parser puts the raw body on its SyntaxError
  'personnummer',
  '*.personnummer',
  'client',
  '*.client',
];

export function createLogger(config: Pick<Config, 'logLevel'>, destination?: DestinationStream): Logger {
  const options = { level: config.logLevel, redact: { paths: REDACT, censor: '[redacted]' }, timestamp: pino.stdTimeFunctions.isoTime };
  return destination ? pino(options, destination) : pino(options);
}

const ROUTE = Symbol('stegvis.route');
type Tracked = IncomingMessage & { [ROUTE]?: string; user?: Request['user'] };

/** The matched route pattern, e.g. `/api/cases/:id/events`; undefined when nothing matched. */
export function routeOf(req: IncomingMessage): string | undefined {
  return (req as Tracked)[ROUTE];
}

/**
 * Express sets `req.route` on a match but only `req.baseUrl` tells where its router is mounted, and that is
 * reset on the way out. So capture `baseUrl + route.path` at the moment of the match.
 */
function trackRoute(req: Request): void {
  let route: Request['route'];
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set(value: Request['route']) {
      route = value;
      if (value) (req as Tracked)[ROUTE] = `${req.baseUrl}${String(value.path)}`;
    },
  });
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;
const PROBES = new Set(['/healthz', '/readyz']);

/**
 * The caller's own X-Request-Id (e.g. a proxy's trace id), when it is a plain token: kept beside the
 * server's request id in the log line and the access log, never instead of it (a client must not be
 * able to choose or repeat the id that identifies a request in loggkontroll).
 */
export function clientRequestIdOf(req: IncomingMessage): string | undefined {
  const inbound = req.headers['x-request-id'];
  return typeof inbound === 'string' && REQUEST_ID.test(inbound) ? inbound : undefined;
}

/** Request id (generated here, sent back as X-Request-Id), one log line per request, `req.log` for handlers. */
export function createHttpLogger(logger: Logger): RequestHandler {
  const finish = (req: IncomingMessage, res: ServerResponse) => {
    const user = (req as Tracked).user;
    const errorCode = (res as Partial<Response>).locals?.errorCode as string | undefined;
    return { route: routeOf(req) ?? '(no route)', userId: user?.id, role: user?.role, statusCode: res.statusCode, errorCode, clientRequestId: clientRequestIdOf(req) };
  };
  const httpLogger = pinoHttp({
    logger,
    genReqId(_req, res) {
      const id = randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    // Only id and method: the URL may carry personal data in its path or query.
    serializers: { req: (req: { id: unknown; method: string }) => ({ id: req.id, method: req.method }), res: () => undefined },
    autoLogging: { ignore: (req) => PROBES.has((req.url ?? '').split('?')[0] ?? '') },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    customSuccessObject: (req, res, value: object) => ({ ...value, ...finish(req, res) }),
    customErrorObject: (req, res, _err, value: object) => ({ ...value, ...finish(req, res) }),
    customSuccessMessage: (req, res) => `${req.method} ${routeOf(req) ?? '(no route)'} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${routeOf(req) ?? '(no route)'} ${res.statusCode}`,
  });
  return (req, res, next) => {
    trackRoute(req);
    httpLogger(req, res, next);
  };
}
