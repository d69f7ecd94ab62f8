/**
 * Attacking the client's rights (issue 17: the client history, a name correction, the
 * registerutdrag) as a curious colleague with a valid login and as an outsider would:
 * another unit's users probing for a client, KC reaching for the social file, the 1:e
 * socialsekreterare and a protected name, hostile input to a correction, races and
 * retries, odd Accept headers and methods, and what the access log, the logs and the
 * case views show afterwards. Each test asserts what a user or a journalist would notice.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personnummerFor, startTestApp, type TestApp, type UserSession } from '../support/test-app';

const ORDINARY = { name: 'Olle Oskyddad', personnummer: personnummerFor('1981-03-03', 41) };
const PROTECTED = { name: 'Hemlig Skyddsberg', personnummer: personnummerFor('1982-04-04', 42) };
const SECRETS = [PROTECTED.name, 'Hemlig', 'Skyddsberg', PROTECTED.personnummer, PROTECTED.personnummer.replace('-', '')];
const PREP = ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED'] as const;
const SEND = ['DECISION_MADE', 'DECISION_COMMUNICATED', 'UPPDRAG_SENT'] as const;

const REGISTERUTDRAG_PER_MINUTE = 40;
let app: TestApp;
const clients = {} as Record<'ordinary' | 'protected', { id: string; caseId: string }>;
/** Every response anyone but anna got about the protected client, and every header anyone got. */
const seenByOthers: string[] = [];

async function referralAtKc(details: { name: string; personnummer: string }, isProtected: boolean) {
  const anna = await app.as('anna');
  const created = await anna.createCase({ ...details, protectedIdentity: isProtected });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const caseId = created.body.id as string;
  for (const type of PREP) await anna.step(caseId, type);
  if (isProtected) await anna.step(caseId, 'KC_SAMORDNARE_CONSULTED');
  for (const type of SEND) await anna.step(caseId, type);
  return { id: created.body.client.id as string, caseId };
}

async function historyVersion(clientId: string) {
  return app.database.prisma.clientEvent.count({ where: { clientId } });
}

/** Status, body and the headers a reader could tell apart by (request ids and dates differ by nature). */
function answer(response: { status: number; text: string; headers: Record<string, string> }) {
  const { 'x-request-id': _id, date: _date, 'ratelimit-reset': _reset, 'ratelimit-remaining': _remaining, ratelimit: _rl, ...headers } = response.headers;
  return { status: response.status, text: response.text, headers };
}

beforeAll(async () => {
  // The registerutdrag's own budget (the test app turns every limit off unless told), high enough for the tests before the last.
  app = await startTestApp({ now: '2026-02-02T09:00:00Z', env: { REGISTERUTDRAG_RATE_LIMIT_PER_MINUTE: String(REGISTERUTDRAG_PER_MINUTE) } });
  clients.ordinary = await referralAtKc(ORDINARY, false);
  clients.protected = await referralAtKc(PROTECTED, true);
  await (await app.as('sven')).step(clients.ordinary.caseId, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
}, 600_000);

afterAll(async () => {
  await app?.close();
});

describe('another unit’s users cannot tell whether a client exists', () => {
  const routes: [string, (user: UserSession, id: string) => ReturnType<UserSession['get']>][] = [
    ['GET history', (user, id) => user.get(`/api/clients/${id}/history`)],
    ['HEAD history', (user, id) => app.http.head(`/api/clients/${id}/history`).set('Authorization', `Bearer ${user.token}`)],
    ['GET registerutdrag (JSON)', (user, id) => user.get(`/api/clients/${id}/registerutdrag`)],
    ['GET registerutdrag (PDF)', (user, id) => user.get(`/api/clients/${id}/registerutdrag`).set('Accept', 'application/pdf')],
    ['HEAD registerutdrag', (user, id) => app.http.head(`/api/clients/${id}/registerutdrag`).set('Authorization', `Bearer ${user.token}`)],
    ['POST name-corrections', (user, id) => user.post(`/api/clients/${id}/name-corrections`, { name: 'Gissat Namn', reason: 'Prov.' })],
    ['POST name-corrections, If-Match', (user, id) => user.post(`/api/clients/${id}/name-corrections`, { name: 'Gissat Namn', reason: 'Prov.' }).set('If-Match', '"1"')],
    ['PUT name-corrections', (user, id) => app.http.put(`/api/clients/${id}/name-corrections`).set('Authorization', `Bearer ${user.token}`).send({ name: 'X', reason: 'Y' })],
    ['DELETE history', (user, id) => app.http.delete(`/api/clients/${id}/history`).set('Authorization', `Bearer ${user.token}`)],
    ['PATCH registerutdrag', (user, id) => app.http.patch(`/api/clients/${id}/registerutdrag`).set('Authorization', `Bearer ${user.token}`).send({})],
    ['OPTIONS registerutdrag', (user, id) => app.http.options(`/api/clients/${id}/registerutdrag`).set('Authorization', `Bearer ${user.token}`)],
  ];

  it.each(['bo', 'gustav', 'kim'])('%s gets the same answer for SF Nordost’s clients as for a made-up id, on every route and method', async (username) => {
    const user = await app.as(username);
    for (const [label, send] of routes) {
      const madeUp = answer(await send(user, randomUUID()));
      expect([404, 405, 200], label).toContain(madeUp.status);
      for (const key of ['ordinary', 'protected'] as const) {
        const response = await send(user, clients[key].id);
        seenByOthers.push(response.text ?? '', JSON.stringify(response.headers));
        expect(answer(response), `${label}, ${key}`).toEqual(madeUp);
      }
    }
    expect(await historyVersion(clients.ordinary.id)).toBe(1);
    expect(await historyVersion(clients.protected.id)).toBe(1);
  });

  it('ids that are not uuids, path traversal and a huge query string are a plain 404 (or a refused request), never a 500 or a stack trace', async () => {
    const bo = await app.as('bo');
    const madeUp = answer(await bo.get(`/api/clients/${randomUUID()}/history`));
    for (const id of ['not-a-uuid', '..%2F..%2Fcases', '%2e%2e', '1%00', `${randomUUID()}%20`, 'x'.repeat(5000), "' OR 1=1 --", clients.ordinary.id.toUpperCase().replace(/-/g, '')]) {
      const response = await bo.get(`/api/clients/${id}/history`);
      expect(response.status, id).toBe(404);
      expect(response.text).toBe(madeUp.text);
      expect(response.text).not.toMatch(/\bat \S+\.(ts|js):\d+|Error:|prisma|SELECT/i);
    }
    const huge = await bo.get(`/api/clients/${clients.ordinary.id}/registerutdrag?${'a=1&'.repeat(3000)}`);
    expect([404, 414, 431]).toContain(huge.status);
    expect(huge.text).not.toContain(ORDINARY.name);
  });
});

describe('KC never reaches the social file through the client’s rights', () => {
  it.each([
    ['kalle', 'ordinary'], // the assigned consultant: sees the referral
    ['sven', 'ordinary'], // the samordnare: every referral at KC
    ['sven', 'protected'], // and sees a protected name on the single client page
  ] as const)('%s is refused the %s client’s history, registerutdrag and a correction (403), and learns nothing of the history', async (username, key) => {
    const user = await app.as(username);
    const base = `/api/clients/${clients[key].id}`;
    // KC does see the client (its referral), so it is not a 404.
    expect((await user.get(base)).status).toBe(200);
    const answers = [
      await user.get(`${base}/history`),
      await user.get(`${base}/registerutdrag`),
      await user.get(`${base}/registerutdrag`).set('Accept', 'application/pdf'),
      await user.post(`${base}/name-corrections`, { name: 'Kc Rättar', reason: 'Fel.' }),
    ];
    for (const response of answers) {
      expect(response.status).toBe(403);
      expect(response.body.error.reason).toBe('client_rights_social_services_only');
      expect(response.text).not.toMatch(/CLIENT_REGISTERED|Anna Andersson|clientHistory/);
    }
    expect(await historyVersion(clients[key].id)).toBe(1);
  });
});

describe('a protected identity', () => {
  it('the unit’s 1:e socialsekreterare may neither make the registerutdrag nor correct the name, and sees the history masked', async () => {
    const fatima = await app.as('fatima');
    const base = `/api/clients/${clients.protected.id}`;
    for (const response of [
      await fatima.get(`${base}/registerutdrag`),
      await fatima.get(`${base}/registerutdrag`).set('Accept', 'application/pdf'),
      await fatima.post(`${base}/name-corrections`, { name: 'Annan Person', reason: 'Fel.' }),
    ]) {
      expect(response.status).toBe(403);
      expect(response.body.error.reason).toBe('client_rights_protected');
      seenByOthers.push(response.text, JSON.stringify(response.headers));
    }
    const history = await fatima.get(`${base}/history`);
    expect(history.status).toBe(200);
    expect(history.body.events[0]).toMatchObject({ type: 'CLIENT_REGISTERED', name: null, masked: true });
    expect(history.body.mayExerciseRights).toBe(false);
    seenByOthers.push(history.text, JSON.stringify(history.headers));
  });

  it('anna’s PDF keeps the name out of the file name and headers', async () => {
    const response = await (await app.as('anna')).get(`/api/clients/${clients.protected.id}/registerutdrag`).set('Accept', 'application/pdf').responseType('blob');
    expect(response.status).toBe(200);
    expect(response.headers['content-disposition']).toBe('attachment; filename="registerutdrag.pdf"');
    expect(response.headers['cache-control']).toBe('no-store');
    const headers = JSON.stringify(response.headers);
    for (const secret of SECRETS) expect(headers).not.toContain(secret);
  });

  it('one user’s history validator never gets another user a 304 for a view she was not given (the masked and the unmasked history differ)', async () => {
    const anna = await app.as('anna');
    const fatima = await app.as('fatima');
    const annas = await anna.get(`/api/clients/${clients.protected.id}/history`);
    expect(annas.body.events[0].name).toBe(PROTECTED.name);
    const fatimas = await fatima.get(`/api/clients/${clients.protected.id}/history`).set('If-None-Match', annas.headers.etag!);
    expect(fatimas.status).toBe(200);
    expect(fatimas.body.events[0].name).toBeNull();
    expect(fatimas.headers.etag).not.toBe(annas.headers.etag);
    // Her own validator still works for her, and as an If-Match of a correction.
    expect((await anna.get(`/api/clients/${clients.protected.id}/history`).set('If-None-Match', annas.headers.etag!)).status).toBe(304);
  });
});

describe('hostile input to a name correction', () => {
  const base = () => `/api/clients/${clients.ordinary.id}/name-corrections`;
  const longName = 'Å'.repeat(10_000);

  it.each([
    ['empty body', {}, 'name'],
    ['empty name', { name: '', reason: 'Fel.' }, 'name'],
    ['a name that is only spaces', { name: '    ', reason: 'Fel.' }, 'name'],
    ['a 10 kB name', { name: longName, reason: 'Fel.' }, 'name'],
    ['a line break in the name', { name: 'Olle\nOskyddad', reason: 'Fel.' }, 'name'],
    ['a NUL in the name', { name: 'Olle\u0000', reason: 'Fel.' }, 'name'],
    ['a right-to-left override in the name', { name: 'Olle \u202eaddyksO', reason: 'Fel.' }, 'name'],
    ['a zero-width space in the name', { name: 'Olle\u200b Oskyddad', reason: 'Fel.' }, 'name'],
    ['a lone surrogate in the name', { name: 'Olle \ud800', reason: 'Fel.' }, 'name'],
    ['a number for a name', { name: 123, reason: 'Fel.' }, 'name'],
    ['an array for a name', { name: ['Olle'], reason: 'Fel.' }, 'name'],
    ['an object for a name', { name: { first: 'Olle' }, reason: 'Fel.' }, 'name'],
    ['no reason', { name: 'Olle Nytt' }, 'reason'],
    ['a reason of spaces', { name: 'Olle Nytt', reason: '  \n ' }, 'reason'],
    ['a reason with a bidi override', { name: 'Olle Nytt', reason: 'Stav\u202efel' }, 'reason'],
    ['a 10 kB reason', { name: 'Olle Nytt', reason: 'x'.repeat(10_000) }, 'reason'],
    ['protectedIdentity smuggled in', { name: 'Olle Nytt', reason: 'Fel.', protectedIdentity: false }, ''],
    ['personnummer smuggled in', { name: 'Olle Nytt', reason: 'Fel.', personnummer: PROTECTED.personnummer }, ''],
  ] as const)('%s is a 400 naming the field, and nothing is written', async (_label, body, field) => {
    const response = await (await app.as('anna')).post(base(), body);
    expect(response.status, response.text).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    if (field) expect(response.body.error.details.map((detail: { path: string }) => detail.path)).toContain(field);
    expect(response.body.error.details.every((detail: { message: string }) => typeof detail.message === 'string' && detail.message.length > 0)).toBe(true);
    expect(response.text).not.toContain(longName);
    expect(await historyVersion(clients.ordinary.id)).toBe(1);
  });

  it.each([
    ['__proto__', '{"name":"Olle Nytt","reason":"Fel.","__proto__":{"admin":true}}'],
    ['constructor', '{"name":"Olle Nytt","reason":"Fel.","constructor":{"prototype":{"admin":true}}}'],
    ['an array body', '[{"name":"Olle Nytt","reason":"Fel."}]'],
    ['a string body', '"Olle Nytt"'],
    ['null', 'null'],
    ['broken JSON', '{"name":"Olle'],
  ])('a body with %s is refused with a 400, nothing written, and no object anywhere got the key', async (_label, raw) => {
    const anna = await app.as('anna');
    const response = await app.http.post(base()).set('Authorization', `Bearer ${anna.token}`).set('Content-Type', 'application/json').send(raw);
    expect(response.status, response.text).toBe(400);
    expect(response.body.error.message).toMatch(/[a-zåäö]/);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect(await historyVersion(clients.ordinary.id)).toBe(1);
  });

  it('a form-encoded or text body is refused (400 or 415), not read as an empty correction', async () => {
    const anna = await app.as('anna');
    for (const [type, body] of [
      ['application/x-www-form-urlencoded', 'name=Olle+Nytt&reason=Fel'],
      ['text/plain', '{"name":"Olle Nytt","reason":"Fel."}'],
    ]) {
      const response = await app.http.post(base()).set('Authorization', `Bearer ${anna.token}`).set('Content-Type', type!).send(body);
      expect([400, 415]).toContain(response.status);
    }
    expect(await historyVersion(clients.ordinary.id)).toBe(1);
  });

  it.each(['*', 'abc', '"1", "2"', '"-1"', '"99999999999"', ''])('If-Match %j is a 400 or a 412, never a correction against an unread history', async (ifMatch) => {
    const response = await (await app.as('anna')).post(base(), { name: 'Olle Nytt', reason: 'Fel.' }).set('If-Match', ifMatch);
    expect([400, 412]).toContain(response.status);
    expect(await historyVersion(clients.ordinary.id)).toBe(1);
  });

  it('the same name again, with other spaces or in decomposed Unicode, changes nothing (409); with an invisible mark it is refused (400)', async () => {
    const anna = await app.as('anna');
    for (const name of [ORDINARY.name, `  ${ORDINARY.name}  `]) {
      const response = await anna.post(base(), { name, reason: 'Igen.' });
      expect(response.status, name).toBe(409);
      expect(response.body.error.reason).toBe('client_name_unchanged');
    }
    expect(await historyVersion(clients.ordinary.id)).toBe(1);

    // A name with Å, Ö written as a letter plus a combining ring or diaeresis (as some systems paste it) is the same name.
    const other = await referralAtKc({ name: 'Åsa Öst', personnummer: personnummerFor('1984-05-05', 43) }, false);
    const decomposed = await anna.post(`/api/clients/${other.id}/name-corrections`, { name: 'Åsa Öst'.normalize('NFD'), reason: 'Igen.' });
    expect(decomposed.status).toBe(409);
    expect(decomposed.body.error.reason).toBe('client_name_unchanged');
    // An invisible direction mark or word joiner would make a name that looks the same but is not: refused at the field.
    for (const name of ['Åsa Öst\u200e', 'Åsa\u2060 Öst', 'Åsa Ö\u00adst', '\u061cÅsa Öst']) {
      const response = await anna.post(`/api/clients/${other.id}/name-corrections`, { name, reason: 'Igen.' });
      expect(response.status, JSON.stringify(name)).toBe(400);
      expect(response.body.error.details).toEqual([expect.objectContaining({ path: 'name', reason: 'single_line' })]);
    }
    expect(await historyVersion(other.id)).toBe(1);
    // A real correction is stored as typed on a keyboard (NFC), so the case list's search finds it.
    const corrected = await anna.post(`/api/clients/${other.id}/name-corrections`, { name: 'Åsa Östberg'.normalize('NFD'), reason: 'Efternamnet var fel.' });
    expect(corrected.status).toBe(201);
    expect(corrected.body.events.at(-1).name).toBe('Åsa Östberg');
    const found = await anna.get(`/api/cases?q=${encodeURIComponent('Östberg')}`);
    expect(found.body.cases.map((c: { id: string }) => c.id)).toEqual([other.caseId]);
  });

  it('a name that needs a zero-width non-joiner (Persian) is a name like any other, and adding one is a correction', async () => {
    const anna = await app.as('anna');
    const written = 'Mahsa نیک\u200cنام';
    const target = await referralAtKc({ name: 'Mahsa نیکنام', personnummer: personnummerFor('1988-09-09', 47) }, false);
    const corrected = await anna.post(`/api/clients/${target.id}/name-corrections`, { name: written, reason: 'Efternamnet skrivs med ZWNJ.' });
    expect(corrected.status, corrected.text).toBe(201);
    expect(corrected.body.events.at(-1).name).toBe(written);
  });

  it('two corrections racing with the same If-Match: exactly one is made, the other is told the history changed (412)', async () => {
    const anna = await app.as('anna');
    const fatima = await app.as('fatima');
    const target = await referralAtKc({ name: 'Rolf Racer', personnummer: personnummerFor('1985-06-06', 44) }, false);
    const etag = (await anna.get(`/api/clients/${target.id}/history`)).headers.etag!;
    const [first, second] = await Promise.all([
      anna.post(`/api/clients/${target.id}/name-corrections`, { name: 'Rolf Racerson', reason: 'Stavfel.' }).set('If-Match', etag),
      fatima.post(`/api/clients/${target.id}/name-corrections`, { name: 'Rolf Rasér', reason: 'Namnbyte.' }).set('If-Match', etag),
    ]);
    expect([first.status, second.status].sort()).toEqual([201, 412]);
    expect(await historyVersion(target.id)).toBe(2);
    // Without If-Match, two different corrections each go in: both are in the history, in order, nothing lost.
    const [third, fourth] = await Promise.all([
      anna.post(`/api/clients/${target.id}/name-corrections`, { name: 'Rolf Tredje', reason: 'Ett.' }),
      anna.post(`/api/clients/${target.id}/name-corrections`, { name: 'Rolf Fjärde', reason: 'Två.' }),
    ]);
    expect([third.status, fourth.status]).toEqual([201, 201]);
    const seqs = (await app.database.prisma.clientEvent.findMany({ where: { clientId: target.id }, select: { seq: true } })).map((e) => e.seq).sort();
    expect(seqs).toEqual([1, 2, 3, 4]);
  });

  it('a retry of a correction (same body, same Idempotency-Key) writes one event and answers as the first; the key with another correction is refused (422)', async () => {
    const anna = await app.as('anna');
    const target = await referralAtKc({ name: 'Ivar Igen', personnummer: personnummerFor('1986-07-07', 45) }, false);
    const etag = (await anna.get(`/api/clients/${target.id}/history`)).headers.etag!;
    const key = randomUUID();
    const correct = (name: string) => anna.post(`/api/clients/${target.id}/name-corrections`, { name, reason: 'Stavfel.' }).set('Idempotency-Key', key).set('If-Match', etag);
    const first = await correct('Ivar Igensson');
    // The retry carries the If-Match it was first sent with: it is the same request, not a stale one, and not "already has that name".
    const retry = await correct('Ivar Igensson');
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.body.events).toEqual(first.body.events);
    const reused = await correct('Ivar Annat');
    expect(reused.status).toBe(422);
    expect(reused.body.error.reason).toBe('idempotency_key_reused');
    expect(await historyVersion(target.id)).toBe(2);
    expect((await anna.get(`/api/clients/${target.id}`)).body.client.name).toBe('Ivar Igensson');
    // Another user's key is hers alone; a malformed key is a 400.
    const malformed = await anna.post(`/api/clients/${target.id}/name-corrections`, { name: 'Ivar Tredje', reason: 'Fel.' }).set('Idempotency-Key', 'ä ö');
    expect(malformed.status).toBe(400);
    expect(await historyVersion(target.id)).toBe(2);
  });

  it('a name with markup is kept as text: the history returns it as JSON text, and nothing is interpreted', async () => {
    const anna = await app.as('anna');
    const target = await referralAtKc({ name: 'Mark Upp', personnummer: personnummerFor('1987-08-08', 46) }, false);
    const name = '<img src=x onerror=alert(1)>';
    const response = await anna.post(`/api/clients/${target.id}/name-corrections`, { name, reason: '<script>alert(1)</script>' });
    expect(response.status).toBe(201);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body.events.at(-1)).toMatchObject({ name, reason: '<script>alert(1)</script>' });
  });
});

describe('odd Accept headers and methods on the registerutdrag', () => {
  it.each([
    ['*/*', 'application/json'],
    ['application/pdf;q=0', 'application/json'],
    ['application/pdf;q=0, application/json', 'application/json'],
    ['text/html', 'application/json'],
    ['application/pdf', 'application/pdf'],
    ['application/json;q=0.1, application/pdf', 'application/pdf'],
  ])('Accept %j gives %s, and says it varies by Accept', async (accept, type) => {
    const response = await (await app.as('anna')).get(`/api/clients/${clients.ordinary.id}/registerutdrag`).set('Accept', accept).responseType('blob');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(new RegExp(`^${type.replace('/', '\\/')}`));
    expect(response.headers.vary).toMatch(/Accept/);
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('HEAD is logged as a read like GET; OPTIONS names only the methods there are', async () => {
    const anna = await app.as('anna');
    const head = await app.http.head(`/api/clients/${clients.ordinary.id}/registerutdrag`).set('Authorization', `Bearer ${anna.token}`);
    expect(head.status).toBe(200);
    expect(head.text ?? '').toBe('');
    const options = await app.http.options(`/api/clients/${clients.ordinary.id}/name-corrections`).set('Authorization', `Bearer ${anna.token}`);
    expect([200, 204, 404]).toContain(options.status);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const rows = await app.database.prisma.accessLog.findMany({ where: { resource: 'client.registerutdrag', method: 'HEAD', userId: 'anna' } });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]!.caseIds).toEqual([clients.ordinary.caseId]);
  });

  it('without a login every route is a 401 that names nothing', async () => {
    for (const response of [
      await app.http.get(`/api/clients/${clients.protected.id}/history`),
      await app.http.get(`/api/clients/${clients.protected.id}/registerutdrag`).set('Accept', 'application/pdf'),
      await app.http.post(`/api/clients/${clients.protected.id}/name-corrections`).send({ name: 'X Y', reason: 'Z' }),
      await app.http.get(`/api/clients/${clients.protected.id}/history`).set('Authorization', 'Bearer not.a.token'),
    ]) {
      expect(response.status).toBe(401);
      seenByOthers.push(response.text, JSON.stringify(response.headers));
    }
  });
});

describe('the access log (loggkontroll)', () => {
  it('has a row for every read and every refused read of the three routes, and the unit’s 1:e socialsekreterare finds them by the client, also for a client with only a referral', async () => {
    const bo = await app.as('bo');
    const kalle = await app.as('kalle');
    const id = clients.ordinary.id;
    const tries = [
      await bo.get(`/api/clients/${id}/history`),
      await bo.get(`/api/clients/${id}/registerutdrag`),
      await bo.post(`/api/clients/${id}/name-corrections`, { name: 'Bo Gissar', reason: 'Prov.' }),
      await kalle.get(`/api/clients/${id}/registerutdrag`),
      await kalle.get(`/api/clients/${id}/history`),
      await (await app.as('anna')).get(`/api/clients/${id}/history`),
    ];
    expect(tries.map((response) => response.status)).toEqual([404, 404, 404, 403, 403, 200]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const audit = await (await app.as('fatima')).get(`/api/audit?clientId=${id}`);
    expect(audit.status, JSON.stringify(audit.body)).toBe(200);
    const entries = audit.body.entries as { userId: string; resource: string; status: number; method: string }[];
    const seen = (userId: string, resource: string, status: number) => entries.some((entry) => entry.userId === userId && entry.resource === resource && entry.status === status);
    expect(seen('bo', 'client.history', 404)).toBe(true);
    expect(seen('bo', 'client.registerutdrag', 404)).toBe(true);
    expect(seen('bo', 'client.name-correction', 404)).toBe(true);
    expect(seen('kalle', 'client.registerutdrag', 403)).toBe(true);
    expect(seen('kalle', 'client.history', 403)).toBe(true);
    expect(seen('anna', 'client.history', 200)).toBe(true);
    // Another unit's 1:e socialsekreterare still finds nothing of SF Nordost's client.
    expect((await (await app.as('gustav')).get(`/api/audit?clientId=${id}`)).status).toBe(404);
  });

  it('the person’s registerutdrag tells who read or changed the data, not who was refused (another unit’s probing read nothing)', async () => {
    // bo and gustav (SF Hisingen) and kim were refused every attempt above; kalle (KC) really read the referral.
    await (await app.as('kalle')).get(`/api/cases/${clients.ordinary.caseId}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const extract = await (await app.as('anna')).get(`/api/clients/${clients.ordinary.id}/registerutdrag`);
    const log = extract.body.accessLog as { role: string; unit: string; action: string }[];
    expect(log).toContainEqual(expect.objectContaining({ role: 'arbetsmarknadskonsulent', unit: 'KC', action: 'read' }));
    expect(log.filter((entry) => entry.unit === 'SF Hisingen')).toEqual([]);
    // The refused attempts are still in the loggkontroll.
    expect(await app.database.prisma.accessLog.count({ where: { userId: { in: ['bo', 'gustav'] }, clientIds: { has: clients.ordinary.id } } })).toBeGreaterThan(10);
  });

  it('names no colleague in the registerutdrag: the client record’s history too is told by role and unit, like the referrals and the access log', async () => {
    const extract = await (await app.as('anna')).get(`/api/clients/${clients.ordinary.id}/registerutdrag`);
    expect(extract.body.clientHistory[0]).toMatchObject({ type: 'CLIENT_REGISTERED', actorRole: 'socialsekreterare', actorRoleText: 'Socialsekreterare', actorUnit: 'SF Nordost' });
    expect(JSON.stringify(extract.body.clientHistory)).not.toMatch(/Anna Andersson|"anna"|"actor"/);
    const pdf = await (await app.as('anna')).get(`/api/clients/${clients.ordinary.id}/registerutdrag`).set('Accept', 'application/pdf').responseType('blob');
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const document = await pdfjs.getDocument({ data: new Uint8Array(pdf.body as Buffer), disableFontFace: true, useSystemFonts: false }).promise;
    const pages = await Promise.all(Array.from({ length: document.numPages }, async (_, index) => ((await (await document.getPage(index + 1)).getTextContent()).items as { str?: string }[]).map((item) => item.str ?? '').join(' ')));
    const text = pages.join(' ').replace(/\s+/g, ' ');
    expect(text).toContain('Av: Socialsekreterare, SF Nordost');
    expect(text).not.toContain('Anna Andersson');
  });

  it('holds no name or personnummer in any row', async () => {
    const rows = JSON.stringify(await app.database.prisma.accessLog.findMany(), (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value));
    for (const secret of [...SECRETS, ORDINARY.name, ORDINARY.personnummer]) expect(rows).not.toContain(secret);
  });
});

describe('after a correction', () => {
  it('the history keeps the earlier name for who may see it; the case views show the new one; e-mails name no one', async () => {
    const anna = await app.as('anna');
    const corrected = await anna.post(`/api/clients/${clients.ordinary.id}/name-corrections`, { name: 'Olle Rättadsson', reason: 'Efternamnet var fel.' });
    expect(corrected.status, corrected.text).toBe(201);
    const fatimas = await (await app.as('fatima')).get(`/api/clients/${clients.ordinary.id}/history`);
    expect(fatimas.body.events.at(-1)).toMatchObject({ name: 'Olle Rättadsson', previousName: ORDINARY.name, reason: 'Efternamnet var fel.' });
    for (const username of ['anna', 'fatima', 'kalle', 'sven']) {
      const view = await (await app.as(username)).get(`/api/cases/${clients.ordinary.caseId}`);
      expect(view.status).toBe(200);
      expect(view.body.client.name, username).toBe('Olle Rättadsson');
      expect(view.text).not.toContain(`"${ORDINARY.name}"`);
    }
    // KC's answers about the referral never carry the earlier name (a correction is not theirs to see).
    const kcCase = await (await app.as('kalle')).get(`/api/cases/${clients.ordinary.caseId}`);
    expect(kcCase.text).not.toContain(ORDINARY.name);
    await anna.step(clients.ordinary.caseId, 'INSKRIVNING_BOOKED');
    app.clock.set('2026-02-03T07:00:00Z');
    expect((await anna.post('/api/dev/scheduler/run')).status).toBe(200);
    const outbox = await anna.get('/api/outbox');
    expect(outbox.status).toBe(200);
    expect(JSON.stringify(outbox.body)).toMatch(/kallelse|Kallelse|inskrivning/i);
    for (const name of ['Oskyddad', 'Rättadsson', ...SECRETS]) expect(JSON.stringify(outbox.body)).not.toContain(name);
  });
});

describe('the protected name, all said and done', () => {
  it('is in no answer anyone else got, no header, and no log line', () => {
    const others = seenByOthers.join('\n');
    expect(seenByOthers.length).toBeGreaterThan(50);
    for (const secret of SECRETS) expect(others).not.toContain(secret);
    const logs = app.logLines.join('\n');
    for (const secret of [...SECRETS, ORDINARY.personnummer, 'Oskyddad', 'Rättadsson', 'Igensson', 'Racerson', 'Östberg']) expect(logs).not.toContain(secret);
  });
});

describe('one user asking for registerutdrag after registerutdrag', () => {
  it('is stopped with a 429 in Swedish after the minute’s budget, is in the loggkontroll, and can still read the client', async () => {
    const anna = await app.as('anna');
    // Asked as JSON (the cheaper answer; the budget counts both) until the first refusal: the limiter's window is the
    // wall clock's minute, so on a busy machine a burst of PDFs could outlast it and never meet the limit.
    const statuses: number[] = [];
    while (statuses.at(-1) !== 429 && statuses.length < 3 * REGISTERUTDRAG_PER_MINUTE) {
      statuses.push((await anna.get(`/api/clients/${clients.ordinary.id}/registerutdrag`)).status);
    }
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((status) => status !== 200 && status !== 429)).toEqual([]);
    const refused = await anna.get(`/api/clients/${clients.ordinary.id}/registerutdrag`);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ reason: 'too_many_registerutdrag', message: expect.stringContaining('registerutdrag') });
    expect((await anna.get(`/api/clients/${clients.ordinary.id}/history`)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await app.database.prisma.accessLog.count({ where: { userId: 'anna', resource: 'rate_limited' } })).toBeGreaterThan(0);
  }, 120_000);
});
