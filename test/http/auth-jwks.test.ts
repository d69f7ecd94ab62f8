import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { buildTestApp, captureLogs, InMemoryUserDirectory } from './helpers';

const ISSUER = 'https://idp.test/realms/goteborg';
const AUDIENCE = 'stegvis';
const now = () => Math.floor(Date.now() / 1000);

describe('jwks auth (production mode)', () => {
  let server: Server;
  let jwksUrl = '';
  let sign: (claims: JWTPayload, options?: { iat?: number; exp?: number }) => Promise<string>;
  let signWithStrangerKey: typeof sign;

  beforeAll(async () => {
    const keyPair = await generateKeyPair('RS256');
    const stranger = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(keyPair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = createServer((_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
    const signer = (key: CryptoKey) => (claims: JWTPayload, options: { iat?: number; exp?: number } = {}) =>
      new SignJWT({ iss: ISSUER, aud: AUDIENCE, sub: 'oid-1', preferred_username: 'erik', name: 'Erik Ek', stegvis_role: 'kc_samordnare', stegvis_unit: 'KC', ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuedAt(options.iat ?? now())
        .setExpirationTime(options.exp ?? now() + 300)
        .sign(key);
    sign = signer(keyPair.privateKey);
    signWithStrangerKey = signer(stranger.privateKey);
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const setup = () => {
    const users = new InMemoryUserDirectory([]);
    const logs = captureLogs();
    const config = loadConfig({ LOG_LEVEL: 'info', AUTH_JWKS_URL: jwksUrl, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE });
    return { ...buildTestApp({ config, users, logs }), users };
  };
  const me = (app: Parameters<typeof request>[0], token: string) => request(app).get('/api/auth/me').set('Authorization', `Bearer ${token}`);

  it('accepts a valid token and upserts the user from its claims', async () => {
    const { app, users, logs } = setup();
    expect(logs.lines()[0]?.msg).toMatch(/^Auth mode: jwks/);
    const expected = { id: 'oid-1', username: 'erik', displayName: 'Erik Ek', role: 'kc_samordnare', unit: 'KC', email: 'erik.ek@goteborg.example' };
    expect((await me(app, await sign({ email: 'erik.ek@goteborg.example' })).expect(200)).body).toEqual({ user: expected });
    expect(users.byId.get('oid-1')).toEqual(expected);
    await me(app, await sign({ email: 'erik.ek@goteborg.example' })).expect(200);
    expect(users.upserts).toBe(1); // unchanged claims: no second write
    await me(app, await sign({ stegvis_unit: 'KC Hisingen' })).expect(200);
    expect(users.byId.get('oid-1')?.unit).toBe('KC Hisingen');
  });

  it('falls back to sub for the username and to the username for the name', async () => {
    const { app } = setup();
    const { body } = await me(app, await sign({ preferred_username: undefined, name: undefined })).expect(200);
    expect(body.user).toMatchObject({ username: 'oid-1', displayName: 'oid-1' });
  });

  it('answers wrong issuer, wrong audience, unknown key and expiry with 401 saying which', async () => {
    const { app } = setup();
    const cases: [string, RegExp, RegExp][] = [
      [await sign({ iss: 'https://evil.example' }), /^token_claim_rejected$/, /"iss"/],
      [await sign({ aud: 'another-app' }), /^token_claim_rejected$/, /"aud"/],
      [await signWithStrangerKey({}), /^(token_signature_invalid|token_key_unknown)$/, /signaturen är ogiltig|okänd nyckel/],
      [await sign({}, { iat: now() - 600, exp: now() - 60 }), /^token_expired$/, /har gått ut/],
    ];
    for (const [token, reason, message] of cases) {
      const response = await me(app, token).expect(401);
      expect(response.body.error.code).toBe('UNAUTHENTICATED');
      expect(response.body.error.reason).toMatch(reason);
      expect(response.body.error.message).toMatch(message);
    }
  });

  it('accepts clock skew within the tolerance (30 s by default)', async () => {
    const { app } = setup();
    await me(app, await sign({}, { iat: now() - 600, exp: now() - 20 })).expect(200);
    await me(app, await sign({ nbf: now() + 20 }, { iat: now() + 20 })).expect(200);
    await me(app, await sign({ nbf: now() + 120 })).expect(401);
  });

  it('refuses the system role and unknown roles with 403', async () => {
    const { app, users } = setup();
    const system = await me(app, await sign({ stegvis_role: 'system' })).expect(403);
    expect(system.body.error.reason).toBe('token_role_system');
    await me(app, await sign({ stegvis_role: 'admin' })).expect(403);
    await me(app, await sign({ stegvis_role: undefined })).expect(403);
    await me(app, await sign({ stegvis_unit: '' })).expect(403);
    expect(users.upserts).toBe(0);
  });

  it('has no dev login', async () => {
    const { app } = setup();
    const response = await request(app).post('/api/auth/dev-login').send({ username: 'anna' }).expect(404);
    expect(response.body.error.code).toBe('NOT_FOUND');
    const spec = await request(app).get('/api/openapi.json').expect(200);
    expect(spec.body.paths['/api/auth/dev-login']).toBeUndefined();
  });

  it('answers 503 when the key set cannot be fetched', async () => {
    const dead = createServer();
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
    const port = (dead.address() as AddressInfo).port;
    await new Promise<void>((resolve) => dead.close(() => resolve()));
    const config = loadConfig({ LOG_LEVEL: 'silent', AUTH_JWKS_URL: `http://127.0.0.1:${port}/jwks`, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE });
    const { app } = buildTestApp({ config });
    const response = await me(app, await sign({})).expect(503);
    expect(response.body.error.code).toBe('SERVICE_UNAVAILABLE');
  });
});
