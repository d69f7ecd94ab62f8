/** The Express app: infrastructure in a fixed order; case routes plug in through `registerRoutes`. */
import express, { type Router } from 'express';
import helmet from 'helmet';
import { createAuthMiddleware, createAuthRouter, registerAuthOpenApi } from '../auth';
import type { UserDirectory } from '../auth/types';
import type { Config } from '../config';
import { AppError } from '../errors';
import { createHttpLogger, type Logger } from '../logger';
import { guardJsonBody } from './body-guard';
import { errorHandler, notFoundHandler } from './error-middleware';
import { buildOpenApiDocument, createOpenApiRegistry, type OpenAPIRegistry } from './openapi';
import { createApiRateLimit, installRouteRateLimits } from './rate-limits';

export { validate } from './validate';

export interface AppDeps {
  config: Config;
  logger: Logger;
  users: UserDirectory;
  /** Resolves when the service can do its work (database reachable); rejects otherwise. */
  checkReady: () => Promise<void>;
  /** The access log (src/audit): mounted first on /api, so it sees refused logins as well as every route. */
  accessLog?: express.RequestHandler;
  /** Adds the authenticated routes: `api` is mounted at /api, behind requireAuth. */
  registerRoutes?: (api: Router, openapi: OpenAPIRegistry) => void;
  /** Where routes describe themselves; a fresh one when absent. */
  openapi?: OpenAPIRegistry;
  /** Adds public routes outside /api (the web interface at /). */
  registerPages?: (app: express.Express) => void;
  /** How long /readyz waits for checkReady. */
  readyTimeoutMs?: number;
}

const JSON_TYPES = ['application/json', 'application/*+json'];

export function createApp(deps: AppDeps): express.Express {
  const { config, logger, users } = deps;
  const openapi = deps.openapi ?? createOpenApiRegistry();
  logAuthMode(config, logger);

  const app = express();
  // Who the client is behind a proxy (req.ip, for the access log and the dev-login limit): TRUST_PROXY, off by default.
  app.set('trust proxy', config.trustProxy === false ? false : typeof config.trustProxy === 'number' ? config.trustProxy : [...config.trustProxy]);
  installRouteRateLimits(app, config);
  app.use(helmet());
  app.use(createHttpLogger(logger));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (req, res) => {
    try {
      await withTimeout(deps.checkReady(), deps.readyTimeoutMs ?? 5000);
      res.json({ status: 'ok' });
    } catch (error) {
      req.log.warn({ err: error }, 'not ready');
      res.status(503).json(new AppError('SERVICE_UNAVAILABLE', 'not_ready').toBody());
    }
  });

  // Answers of the API hold case data: no browser or proxy may keep them, errors included.
  app.use('/api', (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  app.use(express.json({ limit: '100kb', type: JSON_TYPES }));
  app.use(guardJsonBody);

  const api = express.Router();
  if (deps.accessLog) api.use(deps.accessLog);
  // A body we would silently ignore is a client bug: say so. (req.is is null when there is no body.)
  api.use((req, _res, next) => {
    const isEmpty = req.headers['content-length'] === '0';
    if (!isEmpty && req.is(JSON_TYPES) === false) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'json_required');
    next();
  });
  api.get('/openapi.json', (_req, res) => {
    res.json(buildOpenApiDocument(openapi));
  });
  const requireAuth = createAuthMiddleware({ config, users });
  api.use('/auth', createAuthRouter({ config, users, requireAuth }));
  registerAuthOpenApi(openapi, config.auth);
  api.use(requireAuth);
  const apiRateLimit = createApiRateLimit(config);
  if (apiRateLimit) api.use(apiRateLimit);
  deps.registerRoutes?.(api, openapi);
  app.use('/api', api);
  deps.registerPages?.(app);

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}

function logAuthMode(config: Config, logger: Logger): void {
  const { auth } = config;
  if (auth.mode === 'jwks') {
    logger.info({ jwksUrl: auth.jwksUrl, issuer: auth.issuer, audience: auth.audience }, 'Auth mode: jwks — bearer tokens verified against the identity provider; dev login disabled');
    return;
  }
  logger.warn({ tokenTtlSeconds: auth.devTokenTtlSeconds }, 'Auth mode: dev — dev login enabled — not for production');
  if (auth.devTokenSecretGenerated) logger.warn('DEV_TOKEN_SECRET not set: using a random secret, so dev tokens stop working when the process restarts');
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`readiness check timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
