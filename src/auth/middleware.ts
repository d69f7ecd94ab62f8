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
  if (!req.user) throw new AppError('UNAUTHENTICATED', 'not_logged_in');
  return req.user;
}

function bearerToken(req: Request): string {
  const header = req.get('authorization');
  if (!header) throw new AppError('UNAUTHENTICATED', 'bearer_token_missing');
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) throw new AppError('UNAUTHENTICATED', 'bearer_token_malformed');
  return match[1];
}
