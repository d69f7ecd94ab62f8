import { SignJWT } from 'jose';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ANNA, buildTestApp, captureLogs, TEST_SECRET } from './helpers';

const key = new TextEncoder().encode(TEST_SECRET);
const devToken = (claims: { exp?: number; sub?: string }, secret = key) =>
  new SignJWT({ preferred_username: 'anna' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub ?? ANNA.id)
    .setIssuer('stegvis-dev')
    .setAudience('stegvis')
    .setExpirationTime(claims.exp ?? Math.floor(Date.now() / 1000) + 60)
    .sign(secret);

describe('dev auth', () => {
  const logs = captureLogs();
  const { app } = buildTestApp({ env: { LOG_LEVEL: 'info', DEV_TOKEN_TTL_SECONDS: '600' }, logs });

  it('logs that dev login is enabled', () => {
    expect(logs.lines()[0]).toMatchObject({ level: 40, msg: 'Auth mode: dev — dev login enabled — not for production' });
  });

  it('logs in a known user and accepts the token', async () => {
    const before = Date.now();
    const response = await request(app).post('/api/auth/dev-login').send({ username: 'anna' }).expect(200);
    const after = Date.now();
    expect(response.body.user).toEqual(ANNA);
    // Ten minutes from when the server issued it (whole seconds), however long the request took.
    const expiresAt = Date.parse(response.body.expiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 599_000);
    expect(expiresAt).toBeLessThanOrEqual(after + 600_000);
    const me = await request(app).get('/api/auth/me').set('Authorization', `Bearer ${response.body.token}`).expect(200);
    expect(me.body).toEqual({ user: ANNA });
  });

  it('refuses an unknown user and the system user with 401', async () => {
    for (const username of ['nobody', 'system']) {
      const response = await request(app).post('/api/auth/dev-login').send({ username }).expect(401);
      expect(response.body.error).toEqual({ code: 'UNAUTHENTICATED', reason: 'dev_login_unknown_user', message: 'Användaren finns inte. Välj en av användarna i listan.' });
    }
  });

  it('refuses a body without a username with 400', async () => {
    const response = await request(app).post('/api/auth/dev-login').send({}).expect(400);
    expect(response.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'username' }] });
  });

  it.each([
    ['missing', undefined, 'bearer_token_missing'],
    ['not bearer', 'Basic YW5uYTpwdw==', 'bearer_token_malformed'],
    ['garbled', 'Bearer not.a.jwt', 'token_malformed'],
  ])('answers a %s token with 401', async (_name, header, reason) => {
    const call = request(app).get('/api/auth/me');
    const response = await (header ? call.set('Authorization', header) : call).expect(401);
    expect(response.body.error.code).toBe('UNAUTHENTICATED');
    expect(response.body.error.reason).toBe(reason);
  });

  it('answers an expired, wrongly signed or orphaned token with 401 saying which', async () => {
    const cases: [string, string, RegExp][] = [
      [await devToken({ exp: Math.floor(Date.now() / 1000) - 5 }), 'token_expired', /har gått ut\. Logga in igen/],
      [await devToken({}, new TextEncoder().encode('another-secret-another-secret-12345')), 'token_signature_invalid', /signaturen är ogiltig/],
      [await devToken({ sub: 'someone-else' }), 'token_user_gone', /finns inte längre/],
    ];
    for (const [token, reason, message] of cases) {
      const response = await request(app).get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
      expect(response.body.error).toMatchObject({ reason, message: expect.stringMatching(message) });
    }
    await request(app).get('/api/auth/me').set('Authorization', `Bearer ${await devToken({})}`).expect(200);
  });
});

describe('dev login under a flood of attempts', () => {
  it('answers 429 after 20 attempts a minute from one address, with a message a person can act on', async () => {
    const { app } = buildTestApp();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 22; attempt += 1) statuses.push((await request(app).post('/api/auth/dev-login').send({ username: 'nobody' })).status);
    expect(statuses.slice(0, 20).every((status) => status === 401)).toBe(true);
    const refused = await request(app).post('/api/auth/dev-login').send({ username: 'anna' });
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: 'TOO_MANY_REQUESTS', reason: 'too_many_logins', message: expect.stringMatching(/Vänta en minut/) });
  });
});
