import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { currentUser } from '../../src/auth';
import { AppError } from '../../src/errors';
import { validate } from '../../src/http/app';
import { buildTestApp, captureLogs } from './helpers';

async function token(app: Parameters<typeof request>[0]) {
  const response = await request(app).post('/api/auth/dev-login').send({ username: 'anna' });
  return response.body.token as string;
}

describe('createApp', () => {
  it('answers /healthz always and /readyz by checkReady', async () => {
    const up = buildTestApp();
    await request(up.app).get('/healthz').expect(200, { status: 'ok' });
    await request(up.app).get('/readyz').expect(200, { status: 'ok' });

    const down = buildTestApp({ checkReady: () => Promise.reject(new Error('connect ECONNREFUSED db:5432')) });
    const response = await request(down.app).get('/readyz').expect(503);
    expect(response.body.error.code).toBe('SERVICE_UNAVAILABLE');
    expect(JSON.stringify(response.body)).not.toContain('ECONNREFUSED');

    const hung = buildTestApp({ checkReady: () => new Promise(() => {}), readyTimeoutMs: 50 });
    await request(hung.app).get('/readyz').expect(503);
  });

  it('sets security headers and a request id', async () => {
    const { app } = buildTestApp();
    const response = await request(app).get('/healthz');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    // The id is always the server's own: a client's X-Request-Id is kept beside it (access log, log line), never instead of it.
    const traced = await request(app).get('/healthz').set('X-Request-Id', 'trace-123');
    expect(traced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const refused = await request(app).get('/healthz').set('X-Request-Id', 'bad id\twith spaces');
    // The server's own id (a UUID, which may hold the hex letters "bad"), never the caller's.
    expect(refused.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the OpenAPI 3.1 document without auth', async () => {
    const { app } = buildTestApp();
    const { body } = await request(app).get('/api/openapi.json').expect(200);
    expect(body.openapi).toBe('3.1.0');
    expect(body.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(body.paths['/api/auth/dev-login'].post.security).toEqual([]);
    expect(body.components.schemas.Error).toBeDefined();
  });

  it('puts registered routes behind requireAuth and answers unknown routes with 404 JSON', async () => {
    const { app } = buildTestApp({
      registerRoutes: (api) => api.get('/whoami', (req, res) => void res.json({ id: currentUser(req).id })),
    });
    await request(app).get('/api/whoami').expect(401);
    const bearer = `Bearer ${await token(app)}`;
    await request(app).get('/api/whoami').set('Authorization', bearer).expect(200, { id: 'u-anna' });
    const missing = await request(app).get('/api/nothing-here').set('Authorization', bearer).expect(404);
    expect(missing.body).toEqual({ error: { code: 'NOT_FOUND', reason: 'route_not_found', message: 'Adressen finns inte i Stegvis.' } });
    await request(app).get('/nothing').expect(404);
  });

  describe('errors', () => {
    const logs = captureLogs();
    const { app } = buildTestApp({
      env: { LOG_LEVEL: 'info' },
      logs,
      registerRoutes: (api) => {
        api.post('/echo', (req, res) => void res.json(validate(z.object({ client: z.object({ personnummer: z.string() }) }), req.body)));
        api.get('/conflict', () => {
          throw new AppError('NOT_ALLOWED_IN_STATE', 'not_allowed_in_state', { explanation: 'inte nu' }, { allowedEvents: ['X'] });
        });
        api.get('/crash', async () => {
          throw new Error('duplicate key value violates unique constraint: SELECT * FROM "Client" WHERE personnummer = $1');
        });
      },
    });
    let bearer = '';
    const post = (body: string, type = 'application/json') => request(app).post('/api/echo').set('Authorization', bearer).set('Content-Type', type).send(body);

    it('answers malformed JSON with 400 BAD_REQUEST and never echoes the body', async () => {
      bearer = `Bearer ${await token(app)}`;
      const response = await post('{"client": {"personnummer": "199001011234"').expect(400);
      expect(response.body).toEqual({ error: { code: 'BAD_REQUEST', reason: 'body_not_json', message: 'Anropet gick inte att läsa (ogiltig JSON).' } });
    });

    it('answers a too large body with 413 and a non-JSON body with 415', async () => {
      const big = JSON.stringify({ client: { personnummer: 'x'.repeat(200_000) } });
      expect((await post(big).expect(413)).body.error.code).toBe('PAYLOAD_TOO_LARGE');
      expect((await post('personnummer=1', 'application/x-www-form-urlencoded').expect(415)).body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      await post('{"client":{"personnummer":"1"}}', 'application/merge-patch+json').expect(200);
    });

    it('answers invalid fields with VALIDATION_FAILED details', async () => {
      const response = await post('{"client":{}}').expect(400);
      expect(response.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'client.personnummer' }] });
    });

    it('passes AppError code, reason, message and details through', async () => {
      const response = await request(app).get('/api/conflict').set('Authorization', bearer).expect(409);
      expect(response.body).toEqual({ error: { code: 'NOT_ALLOWED_IN_STATE', reason: 'not_allowed_in_state', message: 'Steget går inte att ta nu: inte nu.', details: { allowedEvents: ['X'] } } });
    });

    it('answers unexpected errors with a generic 500 and logs the stack', async () => {
      const response = await request(app).get('/api/crash').set('Authorization', bearer).set('X-Request-Id', 'req-crash').expect(500);
      // The message names the server's request id (the one in the log), not the client's.
      const requestId = response.headers['x-request-id'] as string;
      expect(response.body).toEqual({
        error: { code: 'INTERNAL', reason: 'internal', message: `Något gick fel. Felet är loggat med id ${requestId}. Försök igen om en stund.` },
      });
      expect(response.text).not.toMatch(/SELECT|personnummer|at .*\.ts/);
      await expect.poll(() => logs.lines().find((line) => (line.req as { id?: string } | undefined)?.id === requestId)).toBeDefined();
      const line = logs.lines().find((l) => (l.req as { id?: string } | undefined)?.id === requestId)!;
      expect(line).toMatchObject({ level: 50, route: '/api/crash', statusCode: 500, userId: 'u-anna', role: 'socialsekreterare', clientRequestId: 'req-crash' });
      expect((line.err as { stack: string }).stack).toContain('app.test.ts');
    });

    it('sends WWW-Authenticate with 401', async () => {
      const response = await request(app).get('/api/conflict').expect(401);
      expect(response.headers['www-authenticate']).toBe('Bearer');
    });
  });
});
