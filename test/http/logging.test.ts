import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { buildTestApp, captureLogs } from './helpers';

const PERSONNUMMER = '199001011234';
const NAME = 'Unikt Testnamn';
const body = { client: { personnummer: PERSONNUMMER, name: NAME } };

describe('request logging', () => {
  it("never writes a client's name or personnummer, whatever the request carries", async () => {
    const logs = captureLogs();
    const { app } = buildTestApp({
      env: { LOG_LEVEL: 'trace' },
      logs,
      registerRoutes: (api) => {
        api.post('/dummy/:pnr', (req, res) => {
          // Even a careless handler that logs the body or the client gets them redacted.
          req.log.info({ body: req.body, client: req.body.client }, 'handler saw a body');
          res.json({ ok: true });
        });
        api.post('/dummy-crash', () => {
          throw new Error('boom');
        });
      },
    });
    const login = await request(app).post('/api/auth/dev-login').send({ username: 'anna' }).expect(200);
    const bearer = `Bearer ${login.body.token}`;

    await request(app).post(`/api/dummy/${PERSONNUMMER}?name=${encodeURIComponent(NAME)}`).set('Authorization', bearer).set('Cookie', 'sid=secret-cookie').send(body).expect(200);
    await request(app).post('/api/dummy-crash').set('Authorization', bearer).send(body).expect(500);
    await request(app).post(`/api/dummy/${PERSONNUMMER}`).set('Content-Type', 'application/json').send(`${JSON.stringify(body)} trailing`).expect(400);
    await request(app).post(`/api/unknown/${PERSONNUMMER}`).set('Authorization', bearer).send(body).expect(404);

    await expect.poll(() => logs.lines().filter((line) => 'statusCode' in line).length).toBe(5);
    const text = logs.text();
    expect(text).not.toContain(PERSONNUMMER);
    expect(text).not.toContain(NAME);
    expect(text).not.toContain('Testnamn');
    expect(text).not.toContain(login.body.token);
    expect(text).not.toContain('secret-cookie');

    const lines = logs.lines();
    expect(lines.find((line) => line.msg === 'handler saw a body')).toMatchObject({ body: '[redacted]', client: '[redacted]' });
    expect(lines.find((line) => line.route === '/api/dummy/:pnr')).toMatchObject({
      level: 30,
      req: { method: 'POST', id: expect.any(String) },
      statusCode: 200,
      responseTime: expect.any(Number),
      userId: 'u-anna',
      role: 'socialsekreterare',
    });
    expect(lines.find((line) => line.statusCode === 404)).toMatchObject({ route: '(no route)', errorCode: 'NOT_FOUND' });
  });
});
