/**
 * Production tokens (jwks mode) on the real app and database: a token must expire, may not
 * take the name of the service or of a seeded user, a username taken by someone else is a
 * clear refusal (never a 500), and only one verified address becomes the user's e-mail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestIdp, type TestIdp } from '../support/jwks';
import { startTestApp, type TestApp } from '../support/test-app';

let idp: TestIdp;
let app: TestApp;

beforeAll(async () => {
  idp = await startTestIdp();
  app = await startTestApp({ env: idp.env });
});
afterAll(async () => {
  await app?.close();
  await idp?.close();
});

const me = (token: string) => app.http.get('/api/auth/me').set('Authorization', `Bearer ${token}`);

describe('production tokens', () => {
  it('refuses a token without an expiry with 401 saying so', async () => {
    const response = await me(await idp.sign({ sub: 'oid-noexp', preferred_username: 'noexp' }, { exp: null }));
    expect(response.status).toBe(401);
    expect(response.body.error).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'token_exp_missing', message: expect.stringMatching(/saknar giltighetstid/) });
    expect(await app.database.prisma.user.findUnique({ where: { id: 'oid-noexp' } })).toBeNull();
  });

  it('refuses the reserved id "system" and never turns the service’s own user into a person', async () => {
    const response = await me(await idp.sign({ sub: 'system', preferred_username: 'svc', stegvis_role: 'socialsekreterare', stegvis_unit: 'SF Nordost' }));
    expect(response.status).toBe(403);
    expect(response.body.error).toMatchObject({ reason: 'token_claim_reserved', message: expect.stringMatching(/"sub" är förbehållen/) });
    expect(await app.database.prisma.user.findUnique({ where: { id: 'system' } })).toMatchObject({ role: 'system', unit: 'Stegvis' });
  });

  it('refuses a subject or username that collides with a seeded (demo) user, whatever its case', async () => {
    for (const claims of [{ sub: 'anna', preferred_username: 'someone' }, { sub: 'oid-2', preferred_username: 'fatima' }, { sub: 'oid-3', preferred_username: 'Gustav' }, { sub: 'oid-4', preferred_username: 'system' }]) {
      const response = await me(await idp.sign({ ...claims, stegvis_role: 'forste_socialsekreterare', stegvis_unit: 'SF Nordost' }));
      expect(response.status, JSON.stringify(claims)).toBe(403);
      expect(response.body.error.reason).toBe('token_claim_reserved');
    }
    expect(await app.database.prisma.user.count({ where: { id: { in: ['anna', 'oid-2', 'oid-3', 'oid-4'] } } })).toBe(0);
  });

  it('answers a username that already belongs to another user with 409, not 500', async () => {
    expect((await me(await idp.sign({ sub: 'oid-erik-1', preferred_username: 'erik.ek' }))).status).toBe(200);
    const clash = await me(await idp.sign({ sub: 'oid-erik-2', preferred_username: 'erik.ek' }));
    expect(clash.status).toBe(409);
    expect(clash.body.error).toMatchObject({ code: 'CONFLICT', reason: 'username_taken', message: expect.stringMatching(/tillhör redan en annan användare/) });
    expect(clash.body.error.message).not.toContain('erik.ek');
    // The first Erik keeps his account.
    expect((await me(await idp.sign({ sub: 'oid-erik-1', preferred_username: 'erik.ek' }))).body.user).toMatchObject({ id: 'oid-erik-1', username: 'erik.ek' });
  });

  it('keeps an e-mail only when it is exactly one valid address, and verified when the IdP says', async () => {
    const emailOf = async (claims: Record<string, unknown>) => {
      const response = await me(await idp.sign({ sub: 'oid-mail', preferred_username: 'mail.test', ...claims }));
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response.body.user.email as string | null;
    };
    expect(await emailOf({ email: 'erik.ek@goteborg.example' })).toBe('erik.ek@goteborg.example');
    expect(await emailOf({ email: 'erik.ek@goteborg.example, evil@attacker.example' })).toBeNull();
    expect(await emailOf({ email: 'Erik <erik.ek@goteborg.example>' })).toBeNull();
    expect(await emailOf({ email: 'erik.ek@goteborg.example', email_verified: false })).toBeNull();
    expect(await emailOf({ email: 'erik.ek@goteborg.example', email_verified: 'false' })).toBeNull();
    expect(await emailOf({ email: 'erik.ek@goteborg.example', email_verified: true })).toBe('erik.ek@goteborg.example');
    expect((await app.database.prisma.user.findUnique({ where: { id: 'oid-mail' } }))?.email).toBe('erik.ek@goteborg.example');
  });
});
