/** List endpoints hand out at most 100 rows a page: more is a 400 that says what the largest page is. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

describe('page size', () => {
  it.each([
    ['anna', '/api/cases?'],
    ['anna', '/api/deadlines?mine=true&'],
    ['anna', '/api/outbox?'],
    ['fatima', '/api/audit?userId=anna&'],
  ])('%s: %s accepts limit=100 and refuses limit=101 and 500 with a 400 naming the largest page', async (username, path) => {
    const user = await app.as(username);
    expect((await user.get(`${path}limit=100`)).status).toBe(200);
    for (const limit of [101, 500]) {
      const response = await user.get(`${path}limit=${limit}`);
      expect(response.status, JSON.stringify(response.body)).toBe(400);
      expect(response.body.error.details).toEqual([{ path: 'limit', reason: 'too_large', params: { max: 100 }, message: 'Får vara högst 100.' }]);
    }
  });
});
