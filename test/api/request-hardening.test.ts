/**
 * What the access log says about a request and who may ask how often: the server's own
 * request id (a client's beside it), the client's address behind a trusted proxy,
 * refused logins, and the per-user limit on personnummer look-ups.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personnummerFor, startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ env: { TRUST_PROXY: 'loopback', LOOKUP_RATE_LIMIT_PER_MINUTE: '3' } });
});
afterAll(async () => {
  await app?.close();
});

interface Entry {
  userId: string | null;
  resource: string;
  route: string;
  status: number;
  ip: string | null;
  requestId: string | null;
  clientRequestId: string | null;
}

async function entriesFor(username: string, expectAtLeast: number): Promise<Entry[]> {
  const fatima = await app.as('fatima');
  let entries: Entry[] = [];
  await expect
    .poll(async () => {
      entries = (await fatima.get(`/api/audit?userId=${username}`)).body.entries ?? [];
      return entries.length;
    })
    .toBeGreaterThanOrEqual(expectAtLeast);
  return entries;
}

describe('the access log', () => {
  it('keeps the server’s own request id, with the client’s X-Request-Id beside it, never instead of it', async () => {
    const maja = await app.as('maja');
    const response = await maja.get('/api/cases').set('X-Request-Id', 'trace-from-client-1');
    expect(response.status).toBe(200);
    const serverId = response.headers['x-request-id'] as string;
    expect(serverId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const [entry] = await entriesFor('maja', 1);
    expect(entry).toMatchObject({ resource: 'case.list', requestId: serverId, clientRequestId: 'trace-from-client-1' });
    expect(app.logLines.some((line) => line.includes(serverId) && line.includes('"clientRequestId":"trace-from-client-1"'))).toBe(true);
  });

  it('records the client’s address behind a trusted proxy (TRUST_PROXY)', async () => {
    const anna = await app.as('anna');
    expect((await anna.get('/api/deadlines').set('X-Forwarded-For', '203.0.113.7')).status).toBe(200);
    const [entry] = await entriesFor('anna', 1);
    expect(entry).toMatchObject({ resource: 'deadline.list', ip: '203.0.113.7' });
  });

  it('records refused logins: an unknown dev user and a bad token', async () => {
    expect((await app.http.post('/api/auth/dev-login').send({ username: 'mallory' })).status).toBe(401);
    expect((await app.http.get('/api/cases').set('Authorization', 'Bearer not-a-token')).status).toBe(401);
    expect((await app.http.get('/api/cases')).status).toBe(401);
    await expect.poll(async () => app.database.prisma.accessLog.count({ where: { userId: null } })).toBe(3);
    const refused = await app.database.prisma.accessLog.findMany({ where: { userId: null }, orderBy: { id: 'asc' } });
    expect(refused.map((row) => [row.action, row.resource, row.status, row.method])).toEqual([
      ['login', 'auth', 401, 'POST'],
      ['login', 'auth', 401, 'GET'],
      ['login', 'auth', 401, 'GET'],
    ]);
    expect(refused[0]).toMatchObject({ route: '/api/auth/dev-login', role: null, requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    // Nothing the caller typed is kept.
    expect(JSON.stringify(refused, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value))).not.toContain('mallory');
  });
});

describe('personnummer look-ups (LOOKUP_RATE_LIMIT_PER_MINUTE)', () => {
  it('allow a few a minute per user across POST /api/clients and POST /api/cases, then 429', async () => {
    const bo = await app.as('bo');
    const statuses = [
      (await bo.post('/api/clients', { personnummer: personnummerFor('1988-08-08', 1), name: 'Slå Upp' })).status,
      (await bo.post('/api/clients', { personnummer: personnummerFor('1988-08-08', 2), name: 'Slå Upp' })).status,
      (await bo.createCase({ personnummer: personnummerFor('1988-08-08', 3), name: 'Slå Upp' })).status,
    ];
    expect(statuses).toEqual([201, 201, 201]);
    for (const refused of [await bo.post('/api/clients', { personnummer: personnummerFor('1988-08-08', 4), name: 'Slå Upp' }), await bo.createCase({ personnummer: personnummerFor('1988-08-08', 5), name: 'Slå Upp' })]) {
      expect(refused.status).toBe(429);
      expect(refused.body.error).toMatchObject({ code: 'TOO_MANY_REQUESTS', reason: 'too_many_lookups', message: expect.stringMatching(/högst 3 i minuten.*Vänta en minut/) });
    }
    // Other routes and other users are not held back.
    expect((await bo.get('/api/cases')).status).toBe(200);
    expect((await (await app.as('anna')).post('/api/clients', { personnummer: personnummerFor('1988-08-08', 6), name: 'Slå Upp' })).status).toBe(201);
  });
});
