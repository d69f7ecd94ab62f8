/**
 * GET /api/colleagues (issue 12): the people a handover or a KC assignment may
 * name, so the web interface offers names instead of typed ids. Staff only; who
 * may list whom follows who may send the event that names them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});

afterAll(async () => {
  await app?.close();
});

async function list(username: string, query: string) {
  return (await app.as(username)).get(`/api/colleagues${query}`);
}

describe('GET /api/colleagues', () => {
  it('gives a 1:e socialsekreterare the socialsekreterare of her own unit, by name, with id, name and unit only', async () => {
    const fatima = await list('fatima', '?role=socialsekreterare');
    expect(fatima.status).toBe(200);
    expect(fatima.body).toEqual({
      users: [
        { id: 'anna', displayName: 'Anna Andersson', unit: 'SF Nordost' },
        { id: 'maja', displayName: 'Maja Ek', unit: 'SF Nordost' },
      ],
    });
    // Her own unit named explicitly gives the same; the receiving unit's 1:e lists hers (TRANSFER_ACCEPTED).
    expect((await list('fatima', '?role=socialsekreterare&unit=SF%20Nordost')).body).toEqual(fatima.body);
    expect((await list('gustav', '?role=socialsekreterare')).body).toEqual({ users: [{ id: 'bo', displayName: 'Bo Berg', unit: 'SF Hisingen' }] });
  });

  it('gives the KC samordnare the arbetsmarknadskonsulenter', async () => {
    const sven = await list('sven', '?role=arbetsmarknadskonsulent');
    expect(sven.status).toBe(200);
    expect(sven.body).toEqual({
      users: [
        { id: 'kalle', displayName: 'Kalle Karlsson', unit: 'KC' },
        { id: 'kim', displayName: 'Kim Lind', unit: 'KC' },
      ],
    });
    expect((await list('sven', '?role=arbetsmarknadskonsulent&unit=KC')).body).toEqual(sven.body);
  });

  it('refuses (403) another unit, the other role, and everyone else', async () => {
    const refused: [string, string][] = [
      ['fatima', '?role=socialsekreterare&unit=SF%20Hisingen'],
      ['gustav', '?role=socialsekreterare&unit=SF%20Nordost'],
      ['fatima', '?role=arbetsmarknadskonsulent'],
      ['sven', '?role=socialsekreterare'],
      ['sven', '?role=arbetsmarknadskonsulent&unit=SF%20Nordost'],
      ['anna', '?role=socialsekreterare'],
      ['maja', '?role=socialsekreterare'],
      ['bo', '?role=arbetsmarknadskonsulent'],
      ['kalle', '?role=arbetsmarknadskonsulent'],
      ['kim', '?role=socialsekreterare'],
    ];
    for (const [username, query] of refused) {
      const response = await list(username, query);
      expect(response.status, `${username} ${query}`).toBe(403);
      expect(response.body.error.code).toBe('FORBIDDEN');
      expect(JSON.stringify(response.body)).not.toContain('displayName');
    }
  });

  it('answers 400 to a query it does not know, naming the field', async () => {
    for (const query of ['', '?role=forste_socialsekreterare', '?role=system', '?role=kc_samordnare', '?role=socialsekreterare&unit=', '?role=socialsekreterare&email=x', '?role=socialsekreterare&role=arbetsmarknadskonsulent', '?role=socialsekreterare&unit=SF%0ANordost']) {
      const response = await list('fatima', query);
      expect(response.status, query).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
    }
    const missing = await list('sven', '');
    expect(missing.body.error.details).toEqual([expect.objectContaining({ path: 'role' })]);
  });

  it('needs a login (401)', async () => {
    expect((await app.http.get('/api/colleagues?role=socialsekreterare')).status).toBe(401);
  });

  it('is in the access log as a read of colleagues, without case ids, refused attempts too', async () => {
    await list('fatima', '?role=socialsekreterare');
    await list('anna', '?role=socialsekreterare');
    const rows = async () => app.database.prisma.accessLog.findMany({ where: { resource: 'colleagues' }, orderBy: { id: 'asc' } });
    await expect.poll(async () => (await rows()).filter((row) => row.userId === 'anna').length, { timeout: 5000 }).toBeGreaterThan(0);
    const logged = await rows();
    expect(logged.find((row) => row.userId === 'fatima' && row.status === 200)).toMatchObject({ action: 'read', caseIds: [], clientIds: [], route: '/api/colleagues' });
    expect(logged.find((row) => row.userId === 'anna')).toMatchObject({ action: 'read', status: 403, caseIds: [] });
  });

  it('is described in the OpenAPI document', async () => {
    const document = (await app.http.get('/api/openapi.json')).body;
    expect(document.paths['/api/colleagues']?.get?.parameters.map((parameter: { name: string }) => parameter.name).sort()).toEqual(['role', 'unit']);
  });
});
