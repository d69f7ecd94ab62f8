/**
 * Who may read what outside the cases: the outbox (dev mode only, each user their own
 * e-mails, the read logged) and loggkontroll by user (only users of the asker's unit).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestIdp } from '../support/jwks';
import { startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
  // What the scheduler leaves on the embedded default: e-mails to several people.
  const mail = (to: string, subject: string) => ({ to, subject, text: subject, html: `<p>${subject}</p>` });
  await app.database.prisma.outboxMessage.createMany({
    data: [mail('anna@stegvis.local', 'Påminnelse till Anna'), mail('kalle@stegvis.local', 'Påminnelse till Kalle'), mail('Anna@Stegvis.local', 'Kallelse till Anna')],
  });
});
afterAll(async () => {
  await app?.close();
});

interface Entry {
  userId: string;
  resource: string;
  status: number;
}

async function auditOf(asker: string, userId: string, expectAtLeast: number): Promise<Entry[]> {
  const user = await app.as(asker);
  let entries: Entry[] = [];
  await expect
    .poll(async () => {
      entries = (await user.get(`/api/audit?userId=${userId}`)).body.entries ?? [];
      return entries.length;
    })
    .toBeGreaterThanOrEqual(expectAtLeast);
  return entries;
}

describe('the outbox (dev mode)', () => {
  it('shows each user only the e-mails addressed to them', async () => {
    const subjects = async (username: string) => ((await (await app.as(username)).get('/api/outbox')).body.messages as { subject: string }[]).map((m) => m.subject);
    expect(await subjects('anna')).toEqual(['Kallelse till Anna', 'Påminnelse till Anna']);
    expect(await subjects('kalle')).toEqual(['Påminnelse till Kalle']);
    expect(await subjects('fatima')).toEqual([]);
  });

  it('is logged in the access log like any read', async () => {
    expect((await (await app.as('anna')).get('/api/outbox')).status).toBe(200);
    const entries = await auditOf('fatima', 'anna', 1);
    expect(entries[0]).toMatchObject({ userId: 'anna', resource: 'outbox', status: 200 });
  });

  it('does not exist in production auth mode', async () => {
    const idp = await startTestIdp();
    const production = await startTestApp({ env: idp.env });
    try {
      const token = await idp.sign({ sub: 'oid-outbox', preferred_username: 'outbox.reader', email: 'anna@stegvis.local' });
      const response = await production.http.get('/api/outbox').set('Authorization', `Bearer ${token}`);
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('NOT_FOUND');
    } finally {
      await production.close();
      await idp.close();
    }
  });
});

describe('loggkontroll by user', () => {
  it('answers for users of the asker’s own unit; refuses a user of another unit, and an unknown user, with the same 403', async () => {
    await (await app.as('maja')).get('/api/cases');
    expect((await auditOf('fatima', 'maja', 1))[0]).toMatchObject({ userId: 'maja', resource: 'case.list' });

    const fatima = await app.as('fatima');
    await (await app.as('bo')).get('/api/cases');
    const otherUnit = await fatima.get('/api/audit?userId=bo');
    const unknown = await fatima.get('/api/audit?userId=nobody-at-all');
    const kc = await fatima.get('/api/audit?userId=kalle');
    for (const response of [otherUnit, unknown, kc]) {
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('FORBIDDEN');
    }
    expect(otherUnit.body.error).toMatchObject({ reason: 'access_log_own_unit_only', message: expect.stringMatching(/din egen enhet \(SF Nordost\)/) });
    expect(unknown.body.error.message).toBe(otherUnit.body.error.message);
    // The 1:e socialsekreterare of bo's unit can.
    expect((await auditOf('gustav', 'bo', 1))[0]).toMatchObject({ userId: 'bo' });
  });
});
