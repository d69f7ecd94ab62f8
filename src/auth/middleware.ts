/** requireAuth: every /api route after /api/auth needs a valid bearer token. */
import type { Request, RequestHandler } from 'express';
import { AppError } from '../errors';
import { createTokenVerifier, type AuthDeps, type TokenVerifier } from './tokens';
import type { AuthUser } from './types';

export function createAuthMiddleware(deps: AuthDeps & { verifier?: TokenVerifier }): RequestHandler {
  const verify = deps.verifier ?? createTokenVerifier(deps);
  return async (req, _res, next) => {
    req.user = await verify(bearerToken(req));
    next();
  };
}

/** The caller of a route behind requireAuth. */
export function currentUser(req: Request): AuthUser {
  if (!req.user) throw new AppError('UNAUTHENTICATED', 'This route needs a logged-in user.');
  return req.user;
}

function bearerToken(req: Request): string {
  const header = req.get('authorization');
  if (!header) throw new AppError('UNAUTHENTICATED', 'Missing bearer token: send "Authorization: Bearer <token>".');
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) throw new AppError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <token>".');
  return match[1];
}
