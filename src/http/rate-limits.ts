/**
 * Per-user request budgets (express-rate-limit, keyed by the logged-in user's id, so colleagues behind
 * one proxy or NAT do not share one): the whole authenticated API (API_RATE_LIMIT_PER_MINUTE), and a
 * stricter one for the two routes that reveal whether a personnummer is a client, POST /api/clients
 * and POST /api/cases (LOOKUP_RATE_LIMIT_PER_MINUTE), and one for the statistics, each read of which computes
 * whole years (STATISTICS_RATE_LIMIT_PER_MINUTE), and one for the registerutdrag, each of which reads everything
 * held on a person and may set it as a PDF (REGISTERUTDRAG_RATE_LIMIT_PER_MINUTE). 0 turns a limit off. A refusal is a row of the access log
 * (resource `rate_limited`): the loggkontroll sees who was stopped.
 */
import type express from 'express';
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Config } from '../config';
import { noteAccess } from '../audit/access-log';
import { AppError } from '../errors';

const LOOKUP_LIMITER = 'stegvis.lookupRateLimit';
const STATISTICS_LIMITER = 'stegvis.statisticsRateLimit';
const REGISTERUTDRAG_LIMITER = 'stegvis.registerutdragRateLimit';

function perUserLimit(perMinute: number, reason: 'too_many_requests' | 'too_many_lookups' | 'too_many_statistics_reads' | 'too_many_registerutdrag'): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // Behind requireAuth: there is always a user.
    keyGenerator: (req) => `user:${req.user?.id ?? ''}`,
    handler: (req, res, next) => {
      noteAccess(res, { action: req.method === 'GET' || req.method === 'HEAD' ? 'read' : 'write', resource: 'rate_limited', caseIds: [] });
      next(new AppError('TOO_MANY_REQUESTS', reason, { perMinute }));
    },
  });
}

/** The budget of the whole authenticated API; mount right after requireAuth. Null when off. */
export function createApiRateLimit(config: Pick<Config, 'rateLimits'>): RequestHandler | null {
  const perMinute = config.rateLimits.apiPerMinute;
  if (perMinute === 0) return null;
  return perUserLimit(perMinute, 'too_many_requests');
}

/** Creates the app's route limiters (look-ups, statistics, registerutdrag); routes use them through `lookupRateLimit`, `statisticsRateLimit` and `registerutdragRateLimit`. */
export function installRouteRateLimits(app: express.Express, config: Pick<Config, 'rateLimits'>): void {
  const { lookupPerMinute, statisticsPerMinute, registerutdragPerMinute } = config.rateLimits;
  app.locals[LOOKUP_LIMITER] = lookupPerMinute === 0 ? undefined : perUserLimit(lookupPerMinute, 'too_many_lookups');
  app.locals[STATISTICS_LIMITER] = statisticsPerMinute === 0 ? undefined : perUserLimit(statisticsPerMinute, 'too_many_statistics_reads');
  app.locals[REGISTERUTDRAG_LIMITER] = registerutdragPerMinute === 0 ? undefined : perUserLimit(registerutdragPerMinute, 'too_many_registerutdrag');
}

const installedLimiter =
  (name: string): RequestHandler =>
  (req, res, next) => {
    const limiter = req.app.locals[name] as RequestHandler | undefined;
    if (!limiter) {
      next();
      return;
    }
    return limiter(req, res, next);
  };

/** On the routes that reveal whether a personnummer is a client: POST /api/clients and POST /api/cases. */
export const lookupRateLimit = installedLimiter(LOOKUP_LIMITER);
/** On GET /api/statistics/anvisning. */
export const statisticsRateLimit = installedLimiter(STATISTICS_LIMITER);
/** On GET /api/clients/:id/registerutdrag: one user asking for PDF after PDF would keep a core busy. */
export const registerutdragRateLimit = installedLimiter(REGISTERUTDRAG_LIMITER);
