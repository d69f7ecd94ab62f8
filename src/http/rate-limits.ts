/**
 * Per-user request budgets (express-rate-limit, keyed by the logged-in user's id, so colleagues behind
 * one proxy or NAT do not share one): the whole authenticated API (API_RATE_LIMIT_PER_MINUTE), and a
 * stricter one for the two routes that reveal whether a personnummer is a client, POST /api/clients
 * and POST /api/cases (LOOKUP_RATE_LIMIT_PER_MINUTE). 0 turns a limit off.
 */
import type express from 'express';
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Config } from '../config';
import { AppError } from '../errors';

const LOOKUP_LIMITER = 'stegvis.lookupRateLimit';

function perUserLimit(perMinute: number, reason: 'too_many_requests' | 'too_many_lookups'): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // Behind requireAuth: there is always a user.
    keyGenerator: (req) => `user:${req.user?.id ?? ''}`,
    handler: (_req, _res, next) => next(new AppError('TOO_MANY_REQUESTS', reason, { perMinute })),
  });
}

/** The budget of the whole authenticated API; mount right after requireAuth. Null when off. */
export function createApiRateLimit(config: Pick<Config, 'rateLimits'>): RequestHandler | null {
  const perMinute = config.rateLimits.apiPerMinute;
  if (perMinute === 0) return null;
  return perUserLimit(perMinute, 'too_many_requests');
}

/** Creates the app's look-up limiter; routes use it through `lookupRateLimit`. */
export function installLookupRateLimit(app: express.Express, config: Pick<Config, 'rateLimits'>): void {
  const perMinute = config.rateLimits.lookupPerMinute;
  app.locals[LOOKUP_LIMITER] =
    perMinute === 0
      ? undefined
      : perUserLimit(perMinute, 'too_many_lookups');
}

/** On the routes that reveal whether a personnummer is a client: POST /api/clients and POST /api/cases. */
export const lookupRateLimit: RequestHandler = (req, res, next) => {
  const limiter = req.app.locals[LOOKUP_LIMITER] as RequestHandler | undefined;
  if (!limiter) {
    next();
    return;
  }
  return limiter(req, res, next);
};
