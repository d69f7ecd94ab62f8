/** Bearer tokens: dev tokens we sign ourselves (HS256), or an identity provider's tokens checked against its JWKS. */
import { createRemoteJWKSet, errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { z } from 'zod';
import { hasControlCharacters } from '../../machines/shared/text';
import type { AuthConfig, DevAuthConfig, JwksAuthConfig } from '../config';
import { DEMO_USERS, SYSTEM_USER } from '../db/demo-users';
import { AppError } from '../errors';
import { isHumanRole, type AuthUser, type UserDirectory } from './types';

export interface AuthDeps {
  config: { auth: AuthConfig };
  users: UserDirectory;
}

/** Resolves a bearer token to the user it stands for, or throws AppError (401/403/503). */
export type TokenVerifier = (token: string) => Promise<AuthUser>;

const DEV_ISSUER = 'stegvis-dev';
const DEV_AUDIENCE = 'stegvis';

export async function issueDevToken(auth: DevAuthConfig, user: AuthUser): Promise<{ token: string; expiresAt: string }> {
  const now = Math.floor(Date.now() / 1000);
  const exp = now + auth.devTokenTtlSeconds;
  const token = await new SignJWT({ preferred_username: user.username })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(user.id)
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(exp)
    .sign(devKey(auth));
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
}

export function createTokenVerifier({ config, users }: AuthDeps): TokenVerifier {
  const auth = config.auth;
  return auth.mode === 'dev' ? devVerifier(auth, users) : jwksVerifier(auth, users);
}

function devKey(auth: DevAuthConfig): Uint8Array {
  return new TextEncoder().encode(auth.devTokenSecret);
}

function devVerifier(auth: DevAuthConfig, users: UserDirectory): TokenVerifier {
  // The secret as a CryptoKey, imported once: given the raw bytes, jose imports them again on every request (issue 19).
  let key: ReturnType<typeof crypto.subtle.importKey> | undefined;
  return async (token) => {
    const payload = await verifyOrThrow(async () => {
      key ??= crypto.subtle.importKey('raw', devKey(auth), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
      return jwtVerify(token, await key, { algorithms: ['HS256'], issuer: DEV_ISSUER, audience: DEV_AUDIENCE, requiredClaims: ['sub', 'exp'] });
    });
    const username = typeof payload.preferred_username === 'string' ? payload.preferred_username : '';
    // Look the user up on every request so a removed user loses access at once.
    const user = await users.findByUsername(username);
    if (!user || user.id !== payload.sub) throw new AppError('UNAUTHENTICATED', 'token_user_gone');
    return user;
  };
}

function jwksVerifier(auth: JwksAuthConfig, users: UserDirectory): TokenVerifier {
  const jwks = createRemoteJWKSet(new URL(auth.jwksUrl));
  // Last upserted version per subject: skip the database write when the claims have not changed.
  const upserted = new Map<string, string>();
  return async (token) => {
    const payload = await verifyOrThrow(() =>
      // A token without `exp` would be valid for ever: refused.
      jwtVerify(token, jwks, { issuer: auth.issuer, audience: auth.audience, clockTolerance: auth.clockToleranceSeconds, requiredClaims: ['sub', 'exp'] }),
    );
    const user = userFromClaims(auth, payload);
    const fingerprint = JSON.stringify(user);
    if (upserted.get(user.id) === fingerprint) return user;
    const stored = await users.upsertFromClaims(user);
    upserted.set(user.id, fingerprint);
    return stored;
  };
}

/**
 * Ids and usernames an identity provider may not use: the service itself (`system`, the actor of the
 * scheduler's events) and the seeded demo users, whose rows and histories may exist in the database.
 * Compared without case, so `Anna` is refused like `anna`.
 */
const RESERVED_NAMES = new Set([SYSTEM_USER, ...DEMO_USERS].flatMap((user) => [user.id, user.username]).map((name) => name.toLowerCase()));

/** Exactly one plain address (`name@host`): no display name, no list. */
const ZEmailClaim = z.email().max(254);

/**
 * The user's e-mail: the `email` claim when it is exactly one valid address and, if the IdP sends
 * `email_verified`, that is `true`. Otherwise the user simply has no e-mail (logs in, gets no reminders;
 * the scheduler reports them as not sent).
 */
function emailFromClaims(payload: JWTPayload): string | null {
  if (payload.email_verified !== undefined && payload.email_verified !== true) return null;
  const parsed = ZEmailClaim.safeParse(payload.email);
  return parsed.success ? parsed.data : null;
}

function userFromClaims(auth: JwksAuthConfig, payload: JWTPayload): AuthUser {
  const { role: roleClaim, unit: unitClaim, name: nameClaim } = auth.claims;
  const role = payload[roleClaim];
  if (role === 'system') throw new AppError('FORBIDDEN', 'token_role_system', { claim: roleClaim });
  if (!isHumanRole(role)) throw new AppError('FORBIDDEN', 'token_role_invalid', { claim: roleClaim });
  const unit = payload[unitClaim];
  if (typeof unit !== 'string' || unit.trim() === '') throw new AppError('FORBIDDEN', 'token_unit_missing', { claim: unitClaim });
  const id = payload.sub!; // requiredClaims guarantees it
  const username = typeof payload.preferred_username === 'string' && payload.preferred_username !== '' ? payload.preferred_username : id;
  for (const [claim, value] of [['sub', id], ['preferred_username', username]] as const) {
    if (RESERVED_NAMES.has(value.toLowerCase())) {
      throw new AppError('FORBIDDEN', 'token_claim_reserved', { claim });
    }
  }
  const name = payload[nameClaim];
  // Stored in the user directory and shown to colleagues: a NUL cannot be stored (a 500 on every request otherwise).
  for (const [claim, value] of [['sub', id], ['preferred_username', username], [unitClaim, unit], [nameClaim, name]] as const) {
    if (typeof value === 'string' && hasControlCharacters(value, { allowLineBreaks: false })) {
      throw new AppError('FORBIDDEN', 'token_claim_control_characters', { claim });
    }
  }
  return { id, username, displayName: typeof name === 'string' && name !== '' ? name : username, role, unit, email: emailFromClaims(payload) };
}

/** jose's failures as API errors; the message says what was wrong with the token. */
async function verifyOrThrow(verify: () => Promise<{ payload: JWTPayload }>): Promise<JWTPayload> {
  try {
    return (await verify()).payload;
  } catch (error) {
    throw toAuthError(error);
  }
}

function toAuthError(error: unknown): AppError {
  if (error instanceof errors.JWTExpired) return new AppError('UNAUTHENTICATED', 'token_expired');
  if (error instanceof errors.JWTClaimValidationFailed && error.reason === 'missing') {
    return error.claim === 'exp' ? new AppError('UNAUTHENTICATED', 'token_exp_missing') : new AppError('UNAUTHENTICATED', 'token_claim_missing', { claim: error.claim });
  }
  if (error instanceof errors.JWTClaimValidationFailed) return new AppError('UNAUTHENTICATED', 'token_claim_rejected', { claim: error.claim });
  if (error instanceof errors.JWSSignatureVerificationFailed) return new AppError('UNAUTHENTICATED', 'token_signature_invalid');
  if (error instanceof errors.JWKSNoMatchingKey) return new AppError('UNAUTHENTICATED', 'token_key_unknown');
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid || error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return new AppError('UNAUTHENTICATED', 'token_malformed');
  }
  // Anything else (JWKS unreachable, timed out, not JSON) is our problem, not the caller's token.
  return new AppError('SERVICE_UNAVAILABLE', 'identity_provider_unavailable', undefined, undefined, { cause: error });
}
