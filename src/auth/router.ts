/** /api/auth: dev login (dev mode only) and "who am I". Public, so it is mounted before requireAuth. */
import { Router, type RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { singleLine } from '../../machines/shared/text';
import type { AuthConfig } from '../config';
import { AppError } from '../errors';
import { ZErrorBody, z } from '../http/openapi';
import { validate } from '../http/validate';
import { createAuthMiddleware, currentUser } from './middleware';
import { issueDevToken, type AuthDeps } from './tokens';
import { HUMAN_ROLES } from './types';

const ZDevLoginRequest = z.object({ username: singleLine(z.string().trim().min(1).max(100)) }).openapi('DevLoginRequest');
const ZAuthUser = z
  .object({ id: z.string(), username: z.string(), displayName: z.string(), role: z.enum(HUMAN_ROLES), unit: z.string() })
  .openapi('AuthUser');
const ZDevLoginResponse = z.object({ token: z.string(), expiresAt: z.iso.datetime(), user: ZAuthUser }).openapi('DevLoginResponse');

export function createAuthRouter(deps: AuthDeps & { requireAuth?: RequestHandler; loginAttemptsPerMinute?: number }): Router {
  const { auth } = deps.config;
  const router = Router();
  const requireAuth = deps.requireAuth ?? createAuthMiddleware(deps);

  if (auth.mode === 'dev') {
    // Slow down guessing: a few logins a minute per address is plenty for a person.
    const loginLimit = rateLimit({
      windowMs: 60_000,
      limit: deps.loginAttemptsPerMinute ?? 20,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      handler: (_req, _res, next) => next(new AppError('TOO_MANY_REQUESTS', 'too_many_logins')),
    });
    router.post('/dev-login', loginLimit, async (req, res) => {
      const { username } = validate(ZDevLoginRequest, req.body ?? {});
      const user = await deps.users.findByUsername(username);
      // 401, not 404: a failed login is an authentication failure, whatever the reason.
      if (!user) throw new AppError('UNAUTHENTICATED', 'dev_login_unknown_user');
      res.json({ ...(await issueDevToken(auth, user)), user });
    });
  }

  router.get('/me', requireAuth, (req, res) => {
    res.json({ user: currentUser(req) });
  });

  // /api/auth is public: unknown paths (dev-login in jwks mode) answer 404 here, not 401 from requireAuth.
  router.use((req, _res, next) => next(new AppError('NOT_FOUND', 'route_not_found')));
  return router;
}

export function registerAuthOpenApi(registry: OpenAPIRegistry, auth: AuthConfig): void {
  const error = (description: string) => ({ description, content: { 'application/json': { schema: ZErrorBody } } });
  if (auth.mode === 'dev') {
    registry.registerPath({
      method: 'post',
      path: '/api/auth/dev-login',
      tags: ['auth'],
      summary: 'Log in as a known demo user (dev mode only; absent in production)',
      security: [],
      request: { body: { content: { 'application/json': { schema: ZDevLoginRequest } } } },
      responses: {
        200: { description: 'A bearer token for the user', content: { 'application/json': { schema: ZDevLoginResponse } } },
        400: error('Body is not {"username": string}'),
        401: error('No such user'),
      },
    });
  }
  registry.registerPath({
    method: 'get',
    path: '/api/auth/me',
    tags: ['auth'],
    summary: 'The user the bearer token stands for',
    responses: {
      200: { description: 'The current user', content: { 'application/json': { schema: z.object({ user: ZAuthUser }) } } },
      401: error('Missing, invalid or expired token'),
    },
  });
}
