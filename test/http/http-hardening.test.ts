/** The HTTP layer: nothing from /api is cached, and each user has a request budget a minute. */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { currentUser } from '../../src/auth';
import type { AuthUser } from '../../src/auth/types';
import { ANNA, buildTestApp, InMemoryUserDirectory } from './helpers';

const BO: AuthUser = { id: 'u-bo', username: 'bo', displayName: 'Bo Berg', role: 'socialsekreterare', unit: 'SF Hisingen' };

async function bearer(app: Parameters<typeof request>[0], username: string) {
  const response = await request(app).post('/api/auth/dev-login').send({ username }).expect(200);
  return `Bearer ${response.body.token as string}`;
}

describe('Cache-Control on /api', () => {
  it('is no-store on every /api answer, errors included', async () => {
    const { app } = buildTestApp({ registerRoutes: (api) => api.get('/whoami', (req, res) => void res.json({ id: currentUser(req).id })) });
    const anna = await bearer(app, 'anna');
    const responses = [
      await request(app).get('/api/whoami').set('Authorization', anna), // 200
      await request(app).get('/api/whoami'), // 401
      await request(app).get('/api/nothing').set('Authorization', anna), // 404
      await request(app).post('/api/auth/dev-login').set('Content-Type', 'application/json').send('{"username":'), // 400, body parser
      await request(app).post('/api/auth/dev-login').send({ username: 'nobody' }), // 401
      await request(app).get('/api/openapi.json'), // 200, public
    ];
    expect(responses.map((response) => response.status)).toEqual([200, 401, 404, 400, 401, 200]);
    for (const response of responses) expect(response.headers['cache-control'], `${response.status} ${response.request.url}`).toBe('no-store');
  });
});

describe('the per-user rate limit (API_RATE_LIMIT_PER_MINUTE)', () => {
  it('answers 429 with a clear JSON error once a user has used the minute’s budget, and leaves other users alone', async () => {
    const { app } = buildTestApp({
      env: { API_RATE_LIMIT_PER_MINUTE: '3' },
      users: new InMemoryUserDirectory([ANNA, BO]),
      registerRoutes: (api) => api.get('/whoami', (req, res) => void res.json({ id: currentUser(req).id })),
    });
    const anna = await bearer(app, 'anna');
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt += 1) statuses.push((await request(app).get('/api/whoami').set('Authorization', anna)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await request(app).get('/api/whoami').set('Authorization', anna);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: 'TOO_MANY_REQUESTS', reason: 'too_many_requests', message: expect.stringMatching(/högst 3 i minuten.*Vänta en minut/) });
    // Same address, another user: the limit is per user, not per address.
    await request(app).get('/api/whoami').set('Authorization', await bearer(app, 'bo')).expect(200, { id: 'u-bo' });
  });
});
