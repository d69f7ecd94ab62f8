/** An identity provider for tests: a JWKS on loopback and a signer for its tokens (production auth mode). */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';

export const TEST_ISSUER = 'https://idp.test/realms/goteborg';
export const TEST_AUDIENCE = 'stegvis';

export interface TestIdp {
  jwksUrl: string;
  /** The env that puts Stegvis in jwks mode against this IdP. */
  env: Record<string, string>;
  /** A token with sensible defaults (a kc_samordnare "erik", 5 minutes); `exp: null` leaves the expiry out. */
  sign(claims?: JWTPayload, options?: { exp?: number | null }): Promise<string>;
  close(): Promise<void>;
}

export async function startTestIdp(): Promise<TestIdp> {
  const keyPair = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(keyPair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const server = createServer((_req, res) => {
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  const now = () => Math.floor(Date.now() / 1000);
  return {
    jwksUrl,
    env: { AUTH_JWKS_URL: jwksUrl, AUTH_ISSUER: TEST_ISSUER, AUTH_AUDIENCE: TEST_AUDIENCE },
    async sign(claims = {}, options = {}) {
      const jwt = new SignJWT({ iss: TEST_ISSUER, aud: TEST_AUDIENCE, sub: 'oid-1', preferred_username: 'erik', name: 'Erik Ek', stegvis_role: 'kc_samordnare', stegvis_unit: 'KC', ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuedAt(now());
      if (options.exp !== null) jwt.setExpirationTime(options.exp ?? now() + 300);
      return jwt.sign(keyPair.privateKey);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
