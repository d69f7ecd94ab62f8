/**
 * Attacking GET /api/statistics/anvisning (issue 16) as an outsider would: another unit's 1:e
 * socialsekreterare, a socialsekreterare, KC's consultants and samordnare, callers without a valid
 * token; hostile queries and Accept headers; and disclosure by differencing, with an attacker that
 * reads every query a user may ask (every period length and grouping) and narrows each hidden count
 * from the lines that add up (a total and its groups, a year and its quarters and months, the
 * closings and their reasons), knowing what anyone knows without the data: a period that has not
 * begun is empty, and nobody under 18 is referred. Each test asserts what a reader of the figures
 * would notice; `it.fails` marks a guarantee that does not hold yet (the report of this attack says
 * where the fix belongs).
 */
import fc from 'fast-check';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNT_MEASURES } from '../../src/statistics/measures';
import type { ReferralHistory } from '../../src/statistics/measures';
import { KC_WITHHELD, nestMeasures, statisticsOf, toCsv } from '../../src/statistics/statistics-service';
import { parseAgeBands, DEFAULT_AGE_BANDS } from '../../src/statistics/statistics-config';
import { propertyRuns } from '../support/property-runs';
import { personnummerFor, startTestApp, type TestApp, type UserSession } from '../support/test-app';

const STATISTICS = '/api/statistics/anvisning';
const YEAR = 'from=2026-01-01&to=2026-12-31';
const DEV_SECRET = 'test-secret-test-secret-test-secret!';
const PERIODS = ['month', 'quarter', 'year'] as const;
const GROUPINGS = ['', 'kon', 'aldersgrupp', 'kon,aldersgrupp'] as const;

type Cell = { value: number | null; suppressed: boolean };
type Row = { group: { kon?: string; aldersgrupp?: string }; period: string; measures: Record<string, Cell | Record<string, Cell>> };

const cellOf = (row: Row, key: string): Cell => {
  const [head, tail] = key.split('.') as [string, string | undefined];
  const value = row.measures[head];
  return (tail ? (value as Record<string, Cell>)[tail] : value) as Cell;
};
const keyOf = (period: string, kon = '*', age = '*') => `${period}|${kon}|${age}`;

/** Every cell a user can read about the years of [from, to]: every period length and grouping, each a separate request. */
async function everything(user: UserSession, range = YEAR): Promise<Map<string, Row>> {
  const cells = new Map<string, Row>();
  for (const period of PERIODS) {
    for (const groupBy of GROUPINGS) {
      const response = await user.get(`${STATISTICS}?${range}&period=${period}&groupBy=${groupBy}`);
      expect(response.status, JSON.stringify(response.body).slice(0, 300)).toBe(200);
      for (const row of [...(response.body.rows as Row[]), ...(response.body.totals as Row[])]) cells.set(keyOf(row.period, row.group.kon, row.group.aldersgrupp), row);
    }
  }
  return cells;
}

/** The first day of a period label ("2026-04", "2026-Q2", "2026"). */
function firstDay(label: string): string {
  if (/^\d{4}$/.test(label)) return `${label}-01-01`;
  const quarter = /^(\d{4})-Q(\d)$/.exec(label);
  if (quarter) return `${quarter[1]}-${String((Number(quarter[2]) - 1) * 3 + 1).padStart(2, '0')}-01`;
  return `${label}-01`;
}

/**
 * The attacker: every count of every cell read, hidden ones as unknowns ≥ 0 (0 where anyone knows it: a
 * period not begun by `today`, the group under 18), narrowed along every line that adds up until nothing
 * moves. Returns each hidden count below the threshold, and above zero, that it pins to one value (a hidden cell
 * of the threshold or more was hidden only to cover another: pinning it gives nobody away by itself).
 */
function recoveredCounts(cells: Map<string, Row>, today: string, options: { measures?: readonly string[]; threshold?: number } = {}): string[] {
  const { measures = COUNT_MEASURES, threshold = 5 } = options;
  const labels = [...cells.values()].filter((row) => row.group.kon === undefined && row.group.aldersgrupp === undefined).map((row) => row.period);
  const ages = [...new Set([...cells.values()].map((row) => row.group.aldersgrupp).filter((age): age is string => age !== undefined))];
  const kons = ['kvinna', 'man'];
  type Unknown = { lo: number; hi: number; hidden: boolean };
  const unknowns = new Map<string, Unknown>();
  const variable = (key: string, measure: string): Unknown => {
    const id = `${key}#${measure}`;
    let unknown = unknowns.get(id);
    if (!unknown) {
      const [period, , age] = key.split('|') as [string, string, string];
      const cell = cellOf(cells.get(key)!, measure);
      const empty = firstDay(period) > today || age === '0-17';
      unknown = cell.suppressed ? { lo: 0, hi: empty ? 0 : Infinity, hidden: true } : { lo: cell.value!, hi: cell.value!, hidden: false };
      unknowns.set(id, unknown);
    }
    return unknown;
  };
  const lines: { whole: Unknown; parts: Unknown[] }[] = [];
  const line = (measure: string, whole: string, parts: string[]) => lines.push({ whole: variable(whole, measure), parts: parts.map((part) => variable(part, measure)) });
  for (const measure of measures) {
    for (const period of labels) {
      line(measure, keyOf(period), kons.map((kon) => keyOf(period, kon)));
      line(measure, keyOf(period), ages.map((age) => keyOf(period, '*', age)));
      line(measure, keyOf(period), kons.flatMap((kon) => ages.map((age) => keyOf(period, kon, age))));
      for (const kon of kons) line(measure, keyOf(period, kon), ages.map((age) => keyOf(period, kon, age)));
      for (const age of ages) line(measure, keyOf(period, '*', age), kons.map((kon) => keyOf(period, kon, age)));
    }
    for (const kon of ['*', ...kons]) {
      for (const age of ['*', ...ages]) {
        for (const year of labels.filter((label) => /^\d{4}$/.test(label))) {
          const quarters = labels.filter((label) => label.startsWith(`${year}-Q`));
          const months = labels.filter((label) => /^\d{4}-\d{2}$/.test(label) && label.startsWith(`${year}-`));
          line(measure, keyOf(year, kon, age), quarters.map((quarter) => keyOf(quarter, kon, age)));
          line(measure, keyOf(year, kon, age), months.map((month) => keyOf(month, kon, age)));
          for (const quarter of quarters) {
            const first = Number(firstDay(quarter).slice(5, 7));
            line(measure, keyOf(quarter, kon, age), [first, first + 1, first + 2].map((month) => keyOf(`${year}-${String(month).padStart(2, '0')}`, kon, age)));
          }
        }
      }
    }
  }
  // A row's closings are the sum of its reasons.
  const reasons = measures.filter((measure) => measure.startsWith('closingsByReason.'));
  if (measures.includes('closings') && reasons.length > 0) {
    for (const key of cells.keys()) lines.push({ whole: variable(key, 'closings'), parts: reasons.map((reason) => variable(key, reason)) });
  }
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  for (let changed = true, rounds = 0; changed && rounds < 200; rounds += 1) {
    changed = false;
    const tighten = (unknown: Unknown, lo: number, hi: number) => {
      if (lo > unknown.lo) [unknown.lo, changed] = [lo, true];
      if (hi < unknown.hi) [unknown.hi, changed] = [hi, true];
    };
    for (const { whole, parts } of lines) {
      tighten(whole, sum(parts.map((part) => part.lo)), sum(parts.map((part) => part.hi)));
      for (const part of parts) {
        const others = parts.filter((other) => other !== part);
        tighten(part, whole.lo - sum(others.map((other) => other.hi)), whole.hi - sum(others.map((other) => other.lo)));
      }
    }
  }
  return [...unknowns.entries()].filter(([, unknown]) => unknown.hidden && unknown.lo === unknown.hi && unknown.lo > 0 && unknown.lo < threshold).map(([id, unknown]) => `${id} = ${unknown.lo}`);
}

/** An error answer a person can act on: its status, a reason, a Swedish sentence, no trace of the machinery. */
function expectClearRefusal(response: { status: number; headers: Record<string, string>; body: { error?: { reason?: string; message?: string } } }, status: number, label = '') {
  expect(response.status, `${label} ${JSON.stringify(response.body).slice(0, 300)}`).toBe(status);
  expect(response.headers['content-type'], label).toMatch(/^application\/json/);
  expect(response.body.error?.reason, label).toEqual(expect.any(String));
  expect((response.body.error?.message ?? '').length, label).toBeGreaterThan(10);
  expect(JSON.stringify(response.body), label).not.toMatch(/\bat \S+\.(ts|js):\d+|prisma|SELECT|TypeError|ZodError|undefined/i);
}

/** A dev token signed as the server signs them, with what the test wants changed. */
async function devToken(claims: { sub: string; username: string; exp: number; secret?: string; extra?: Record<string, unknown> }): Promise<string> {
  return new SignJWT({ preferred_username: claims.username, ...claims.extra })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuer('stegvis-dev')
    .setAudience('stegvis')
    .setIssuedAt(claims.exp - 3600)
    .setExpirationTime(claims.exp)
    .sign(new TextEncoder().encode(claims.secret ?? DEV_SECRET));
}

/** A Stegvis of its own with the environment given (a rate limit), closed after `use`. */
async function withApp(env: Record<string, string>, use: (app: TestApp, fatima: UserSession) => Promise<void>): Promise<void> {
  const app = await startTestApp({ now: '2026-03-10T09:00:00Z', env });
  try {
    await use(app, await app.as('fatima'));
  } finally {
    await app.close();
  }
}

const TO_SENT = ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED', 'DECISION_MADE', 'DECISION_COMMUNICATED', 'UPPDRAG_SENT'] as const;
let serial = 0;

async function createReferral(app: TestApp, owner: string, birthDate: string, kon: 'kvinna' | 'man', options: { protectedIdentity?: boolean; name?: string } = {}) {
  serial += 1;
  const created = await (await app.as(owner)).createCase({
    personnummer: personnummerFor(birthDate, kon === 'kvinna' ? 2 * serial : 2 * serial + 1),
    name: options.name ?? `Klient Nummer${serial}`,
    protectedIdentity: options.protectedIdentity ?? false,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id as string;
}

describe('who may read what (threshold 1: every count that is not zero is shown, so any leak would be a number)', { timeout: 240_000 }, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ now: '2026-03-10T09:00:00Z', env: { STATISTICS_SUPPRESSION_THRESHOLD: '1' } });
    // Hisingen's own referral, so gustav's figures are not all empty.
    await createReferral(app, 'bo', '1980-02-02', 'man');
  });
  afterAll(async () => {
    await app?.close();
  });

  it('another unit’s 1:e socialsekreterare sees nothing of SF Nordost: no count, and no cell moves when Nordost’s data does (a pending transfer to her unit included)', async () => {
    const [anna, fatima, gustav] = [await app.as('anna'), await app.as('fatima'), await app.as('gustav')];
    const read = async () => ({
      json: await everything(gustav),
      csv: (await gustav.get(`${STATISTICS}?${YEAR}&groupBy=kon,aldersgrupp`).set('Accept', 'text/csv')).text,
    });
    const before = await read();
    expect(cellOf(before.json.get(keyOf('2026-03'))!, 'referralsCreated')).toEqual({ value: 1, suppressed: false });
    // Nordost: a protected client, a man aged 50- (the only one), decisions, an uppdrag sent, a withdrawal, a transfer asked of Hisingen.
    const hidden = await createReferral(app, 'anna', '1970-07-07', 'kvinna', { protectedIdentity: true, name: 'Hemlig Skyddadsson' });
    await anna.step(hidden, 'KC_SAMORDNARE_CONSULTED');
    for (const type of TO_SENT) await anna.step(hidden, type);
    const lonelyMan = await createReferral(app, 'anna', '1960-01-01', 'man');
    await anna.step(lonelyMan, 'REFERRAL_WITHDRAWN');
    const moving = await createReferral(app, 'anna', '1990-01-01', 'kvinna');
    await fatima.step(moving, 'TRANSFER_REQUESTED');
    // gustav sees the referral asked of him (he decides on it) ...
    expect((await gustav.get(`/api/cases/${moving}`)).status).toBe(200);
    // ... but not one of his unit's figures moved, in JSON or CSV.
    const after = await read();
    expect(after.csv).toBe(before.csv);
    expect([...after.json.entries()]).toEqual([...before.json.entries()]);
    // The same reads of Nordost did move (so the comparison above could have failed).
    expect(cellOf((await everything(fatima)).get(keyOf('2026-03'))!, 'referralsCreated')).toEqual({ value: 3, suppressed: false });
    // Nor can gustav name Nordost or widen his scope through the query.
    for (const query of [`${YEAR}&unit=SF%20Nordost`, `${YEAR}&unit[]=SF%20Nordost`, `${YEAR}&scope=all`, `${YEAR}&caseId=${moving}`]) expectClearRefusal(await gustav.get(`${STATISTICS}?${query}`), 400, query);
  });

  it('a socialsekreterare and KC’s consultants get 403 with a Swedish sentence, as JSON whatever they accept, and no figure', async () => {
    for (const username of ['anna', 'maja', 'bo', 'kalle', 'kim']) {
      const user = await app.as(username);
      for (const accept of ['application/json', 'text/csv', '*/*']) {
        const refused = await user.get(`${STATISTICS}?${YEAR}&groupBy=kon`).set('Accept', accept);
        expectClearRefusal(refused, 403, `${username} ${accept}`);
        expect(refused.body.error.reason).toBe('statistics_not_allowed');
        expect(refused.body).not.toHaveProperty('rows');
      }
    }
  });

  it('the KC samordnare never gets what KC does not see: the withheld measures are hidden in every grouping, and KC-unseen steps move no cell', async () => {
    const [anna, sven] = [await app.as('anna'), await app.as('sven')];
    const sent = await createReferral(app, 'anna', '1985-05-05', 'kvinna');
    for (const type of TO_SENT) await anna.step(sent, type);
    const before = await everything(sven);
    for (const row of before.values()) for (const key of KC_WITHHELD) expect(cellOf(row, key), `${row.period} ${key}`).toEqual({ value: null, suppressed: true });
    const csv = (await sven.get(`${STATISTICS}?${YEAR}&groupBy=kon,aldersgrupp`).set('Accept', 'text/csv')).text.trimEnd().split('\r\n');
    const header = csv[0]!.split(',');
    for (const key of KC_WITHHELD) for (const line of csv.slice(1)) expect(line.split(',')[header.indexOf(key)], key).toBe('..');

    // What KC never sees: AF's answer, the bedömningsstöd, a referral never sent (consent declined, an AF activity, a withdrawal).
    await anna.step(sent, 'AF_RESPONSE_RECORDED');
    const clientId = (await anna.get(`/api/cases/${sent}`)).body.client.id as string;
    const assess = async (body: object) => expect((await anna.post(`/api/clients/${clientId}/assessment/events`, body)).status).toBe(200);
    const started = await anna.post(`/api/clients/${clientId}/assessment/events`, { type: 'INLEDANDE_STARTED', householdRole: 'sokande', reason: 'Omprövning.' });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    const questionnaireId = (started.body.questionnaires as { id: string; kind: string }[]).find((q) => q.kind === 'inledande')!.id;
    const scale = { value: 2 };
    await assess({ type: 'QUESTIONNAIRE_SAVED', questionnaireId, answers: { mal: { text: 'Arbete.' }, hinder: { text: 'Hälsan.' }, forvantningar: { text: 'Stöd.' }, planering: { text: 'Vila.' }, halsa: scale, arbetsformaga: scale, energiMotivation: scale, kommunikation: scale } });
    await assess({ type: 'INLEDANDE_COMPLETED', questionnaireId });
    await assess({ type: 'INRIKTNING_CHOSEN', tracks: ['arbetsmarknad'], reasonAgainstIndication: 'Klienten vill pröva arbete.' });
    const neverSent = await createReferral(app, 'anna', '1975-05-05', 'man');
    await anna.step(neverSent, 'KC_CONSENT_DECLINED');
    await anna.step(neverSent, 'SSBTEK_INFO_RECORDED');
    await anna.step(neverSent, 'AF_PLAN_CHECKED', { afActivity: 'pagaende' });
    await anna.step(neverSent, 'REFERRAL_WITHDRAWN');
    expect([...(await everything(sven)).entries()]).toEqual([...before.entries()]);
    // The fatima of the same unit reads them (the steps did count).
    const fatimas = (await everything(await app.as('fatima'))).get(keyOf('2026-03'))!;
    for (const key of ['consentsDeclined', 'waitingOnAfActivity', 'withdrawals', 'tracksChosen.arbetsmarknad']) expect(cellOf(fatimas, key).value, key).toBeGreaterThanOrEqual(1);
    // And a referral that reaches KC does move the samordnare's figures.
    const another = await createReferral(app, 'anna', '1995-05-05', 'man');
    for (const type of TO_SENT) await anna.step(another, type);
    expect(cellOf((await everything(sven)).get(keyOf('2026-03'))!, 'decisions')).toEqual({ value: 3, suppressed: false });
  });

  it('no token, a malformed, forged, unsigned or expired token: 401 with a Swedish sentence; a valid token’s own role or unit claims change nothing', async () => {
    const now = Math.floor(Date.now() / 1000);
    const tokens: [string, string | null][] = [
      ['no token', null],
      ['garbage', 'Bearer not-a-token'],
      ['basic', `Basic ${Buffer.from('fatima:fatima').toString('base64')}`],
      ['forged', `Bearer ${await devToken({ sub: 'fatima', username: 'fatima', exp: now + 600, secret: 'a-guessed-secret-a-guessed-secret!!' })}`],
      ['expired', `Bearer ${await devToken({ sub: 'fatima', username: 'fatima', exp: now - 60 })}`],
      ['someone else’s name', `Bearer ${await devToken({ sub: 'anna', username: 'fatima', exp: now + 600 })}`],
      ['unsigned', `Bearer ${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'fatima', preferred_username: 'fatima', iss: 'stegvis-dev', aud: 'stegvis', exp: now + 600 })).toString('base64url')}.`],
    ];
    for (const [label, authorization] of tokens) {
      const request = app.http.get(`${STATISTICS}?${YEAR}`).set('Accept', 'text/csv');
      const response = authorization === null ? await request : await request.set('Authorization', authorization);
      expectClearRefusal(response, 401, label);
      expect(response.body).not.toHaveProperty('rows');
    }
    // anna, signed properly, claiming the 1:e socialsekreterare's role and unit: the user directory decides.
    const claiming = await devToken({ sub: 'anna', username: 'anna', exp: now + 600, extra: { role: 'forste_socialsekreterare', unit: 'SF Nordost', roles: ['forste_socialsekreterare'] } });
    expectClearRefusal(await app.http.get(`${STATISTICS}?${YEAR}`).set('Authorization', `Bearer ${claiming}`), 403, 'claims');
  });
});

describe('hostile input (no request is a 500, every refusal says why in Swedish)', { timeout: 240_000 }, () => {
  let app: TestApp;
  let fatima: UserSession;
  beforeAll(async () => {
    app = await startTestApp({ now: '2026-03-10T09:00:00Z' });
    fatima = await app.as('fatima');
  });
  afterAll(async () => {
    await app?.close();
  });

  it('refuses odd dates, ranges, periods, groupings, arrays, unicode and prototype keys with 400 at the field', async () => {
    // Express 5 reads a query string plainly (node:querystring): "groupBy[0]" is a key of its own, never an array or an object.
    const refused: [string, string][] = [
      ['from=2026-02-01&to=2026-02-30', 'to'],
      ['from=2026-02-29&to=2026-03-31', 'from'],
      ['from=0000-01-01&to=0000-12-31', 'from'],
      ['from=-0001-01-01&to=2026-12-31', 'from'],
      ['from=10000-01-01&to=10000-12-31', 'from'],
      ['from=9999-01-01&to=9999-12-31', 'from'],
      ['from=1999-12-01&to=2000-12-31', 'from'],
      ['from=2000-01-01&to=2199-12-31', 'to'],
      ['from=2026-12-01&to=2026-01-31', 'to'],
      ['from=2026-01-01&to=2031-01-31', 'to'],
      ['from=２０２６-01-01&to=2026-12-31', 'from'],
      ['from=٢٠٢٦-٠١-٠١&to=2026-12-31', 'from'],
      ['from=2026-01-01%20&to=2026-12-31', 'from'],
      ['from=2026-01-01&to=2026-12-31T23:59:59', 'to'],
      ['from[$gt]=2026-01-01&to=2026-12-31', 'from'],
      [`${YEAR}&period[]=month`, '(root)'],
      [`${YEAR}&period=month,quarter`, 'period'],
      [`${YEAR}&period=year&period=month`, 'period'],
      [`${YEAR}&period=m%C3%A5nad`, 'period'],
      [`${YEAR}&period=`, 'period'],
      [`${YEAR}&groupBy=k%C3%B6n`, 'groupBy.0'],
      [`${YEAR}&groupBy=%EF%BD%8B%EF%BD%8F%EF%BD%8E`, 'groupBy.0'],
      [`${YEAR}&groupBy=kon%E2%80%8B`, 'groupBy.0'],
      [`${YEAR}&groupBy=kon%00`, 'groupBy.0'],
      [`${YEAR}&groupBy=kon;aldersgrupp`, 'groupBy.0'],
      [`${YEAR}&groupBy[0]=kon&groupBy[1]=aldersgrupp`, '(root)'],
      [`${YEAR}&groupBy[__proto__]=kon`, '(root)'],
      [`${YEAR}&groupBy=toString`, 'groupBy.0'],
      [`${YEAR}&groupBy=${'a'.repeat(5000)}`, 'groupBy'],
      [`${YEAR}&groupBy=19700707-0048`, 'groupBy.0'],
      [`${YEAR}&constructor[prototype][admin]=1`, '(root)'],
    ];
    for (const [query, path] of refused) {
      const response = await fatima.get(`${STATISTICS}?${query}`);
      expectClearRefusal(response, 400, query);
      expect(response.body.error.details.map((detail: { path: string }) => detail.path), query).toContain(path);
      // What the caller typed is not echoed back (a personnummer put in the query included).
      expect(JSON.stringify(response.body), query).not.toContain('19700707');
    }
    // The far edges that are allowed answer, all suppressed (nothing happened there).
    for (const query of ['from=2195-01-01&to=2199-12-31&period=year', 'from=2000-01-01&to=2000-03-31&period=quarter', `${YEAR}&groupBy=%20kon%20,%20aldersgrupp%20`, `${YEAR}&period=%79ear`]) {
      const response = await fatima.get(`${STATISTICS}?${query}`);
      expect(response.status, query).toBe(200);
      for (const row of response.body.totals as Row[]) expect(cellOf(row, 'referralsCreated').suppressed).toBe(true);
    }
    expect(app.logLines.filter((line) => line.includes('"statusCode":500'))).toEqual([]);
    expect(app.logLines.join('\n')).not.toContain('19700707');
  });

  it('answers a query too large to read without a 500 (the server refuses the request line)', async () => {
    for (const size of [20_000, 100_000]) {
      // Node answers 431 and closes the connection before Express sees the request; the client may see only the close.
      const outcome = await fatima.get(`${STATISTICS}?${YEAR}&groupBy=${'kon,'.repeat(size / 4)}`).then(
        (response) => response.status,
        (error: { code?: string }) => error.code,
      );
      expect([400, 413, 414, 431, 'ECONNRESET'], `${size}`).toContain(outcome);
    }
    // The server is still there.
    expect((await fatima.get(`${STATISTICS}?${YEAR}`)).status).toBe(200);
    const many = Array.from({ length: 1500 }, (_, index) => `x${index}=1`).join('&');
    expectClearRefusal(await fatima.get(`${STATISTICS}?${YEAR}&${many}`), 400, 'many parameters');
  });

  it('follows Accept: CSV only when asked for before JSON, JSON otherwise (errors too); HEAD answers without a body and is logged', async () => {
    const cases: [string, RegExp][] = [
      ['text/csv', /^text\/csv/],
      ['text/csv;q=0', /^application\/json/],
      ['text/csv;q=0, application/json;q=0', /^application\/json/],
      ['text/*', /^text\/csv/],
      ['application/*', /^application\/json/],
      ['*/*', /^application\/json/],
      ['text/html', /^application\/json/],
      ['text/csv;q=0.9, application/json;q=0.8', /^text\/csv/],
      ['TEXT/CSV', /^text\/csv/],
      // A CSV in a charset Stegvis does not write is not offered: JSON.
      ['text/csv; charset=utf-16', /^application\/json/],
      [`text/csv, ${'application/x-junk;q=0.1, '.repeat(200)}`, /^text\/csv/],
    ];
    for (const [accept, type] of cases) {
      const response = await fatima.get(`${STATISTICS}?${YEAR}`).set('Accept', accept);
      expect(response.status, accept).toBe(200);
      expect(response.headers['content-type'], accept).toMatch(type);
      expect(response.headers['cache-control'], accept).toContain('no-store');
    }
    expectClearRefusal(await fatima.get(`${STATISTICS}?from=2026-13-01&to=2026-12-31`).set('Accept', 'text/csv'), 400, 'bad query as CSV');
    const head = await app.http.head(`${STATISTICS}?${YEAR}`).set('Authorization', `Bearer ${fatima.token}`);
    expect(head.status).toBe(200);
    expect(head.text ?? '').toBe('');
    const logged = await waitForAccessLog(app, (rows) => rows.some((row) => row.method === 'HEAD' && row.resource === 'statistics.anvisning'));
    expect(logged.find((row) => row.method === 'HEAD')).toMatchObject({ userId: 'fatima', action: 'read', status: 200 });
  });

  it('the API budget holds for statistics as for every route: 429 with a Swedish sentence', async () => {
    await withApp({ API_RATE_LIMIT_PER_MINUTE: '3' }, async (_limited, user) => {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 4; attempt += 1) statuses.push((await user.get(`${STATISTICS}?${YEAR}`)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      expectClearRefusal(await user.get(`${STATISTICS}?${YEAR}`).set('Accept', 'text/csv'), 429, 'limited');
    });
  });

  // Each read computes every period length and grouping of the whole years asked about, so the statistics have a
  // budget of their own (STATISTICS_RATE_LIMIT_PER_MINUTE, default 20), far below the whole API's 600.
  it('has a budget of its own, far below the whole API’s default (600 a minute): not 31 reads a minute', async () => {
    await withApp({ API_RATE_LIMIT_PER_MINUTE: '600', STATISTICS_RATE_LIMIT_PER_MINUTE: '20' }, async (_defaults, user) => {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 31; attempt += 1) statuses.push((await user.get(`${STATISTICS}?from=2026-01-01&to=2026-01-31`)).status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(20);
      const refused = await user.get(`${STATISTICS}?from=2026-01-01&to=2026-01-31`);
      expectClearRefusal(refused, 429, 'statistik');
      expect(refused.body.error.reason).toBe('too_many_statistics_reads');
      expect(statuses).toContain(429);
    });
  });
});

type AccessRow = { userId: string | null; action: string; resource: string; method: string; route: string; status: number; caseIds: string[]; clientIds: string[] };

/** The access log is written when the response has finished: wait for the rows a test expects. */
async function waitForAccessLog(app: TestApp, ready: (rows: AccessRow[]) => boolean): Promise<AccessRow[]> {
  let rows: AccessRow[] = [];
  for (let attempt = 0; attempt < 40; attempt += 1) {
    rows = (await app.database.prisma.accessLog.findMany({ orderBy: { id: 'asc' } })) as unknown as AccessRow[];
    if (ready(rows)) return rows;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return rows;
}

describe('the access log', { timeout: 240_000 }, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ now: '2026-03-10T09:00:00Z' });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('has every read and every refused read, by route pattern, with nothing of the query (a personnummer typed into it included)', async () => {
    const [fatima, anna] = [await app.as('fatima'), await app.as('anna')];
    const before = (await app.database.prisma.accessLog.count()) as number;
    const secret = '19700707-0048';
    await fatima.get(`${STATISTICS}?${YEAR}`);
    await fatima.get(`${STATISTICS}?${YEAR}`).set('Accept', 'text/csv');
    await fatima.get(`${STATISTICS}?${YEAR}&groupBy=${secret}`);
    await anna.get(`${STATISTICS}?${YEAR}`);
    // The query is checked before the role: anna's malformed one is a 400 (the format is public, /api/openapi.json), logged as well.
    await anna.get(`${STATISTICS}?${YEAR}&groupBy=${secret}`);
    await app.http.get(`${STATISTICS}?${YEAR}&groupBy=${secret}`);
    const rows = (await waitForAccessLog(app, (all) => all.length >= before + 6)).slice(before);
    expect(rows.map((row) => [row.userId, row.action, row.resource, row.status])).toEqual([
      ['fatima', 'read', 'statistics.anvisning', 200],
      ['fatima', 'read', 'statistics.anvisning', 200],
      ['fatima', 'read', 'statistics.anvisning', 400],
      ['anna', 'read', 'statistics.anvisning', 403],
      ['anna', 'read', 'statistics.anvisning', 400],
      [null, 'login', 'auth', 401],
    ]);
    for (const row of rows) {
      expect(row.caseIds).toEqual([]);
      expect(row.clientIds).toEqual([]);
    }
    expect(rows.slice(0, 5).every((row) => row.route === '/api/statistics/anvisning')).toBe(true);
    const stored = JSON.stringify(await app.database.prisma.accessLog.findMany(), (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value));
    for (const text of [stored, app.logLines.join('\n')]) {
      expect(text).not.toContain('19700707');
      expect(text).not.toContain('groupBy=');
    }
    // The loggkontroll shows the unit's 1:e socialsekreterare that anna tried.
    const annas = (await fatima.get('/api/audit?userId=anna')).body.entries as { resource: string; status: number }[];
    expect(annas).toEqual(expect.arrayContaining([expect.objectContaining({ resource: 'statistics.anvisning', status: 403 })]));
  });

  // A read refused by a rate limit is a row too (resource rate_limited): the loggkontroll sees who was stopped.
  it('has the statistics reads a rate limit refused', async () => {
    await withApp({ API_RATE_LIMIT_PER_MINUTE: '1' }, async (limited, user) => {
      await user.get(`${STATISTICS}?${YEAR}`);
      expect((await user.get(`${STATISTICS}?${YEAR}`)).status).toBe(429);
      const rows = await waitForAccessLog(limited, (all) => all.some((row) => row.status === 429));
      expect(rows.filter((row) => row.status === 429)).toEqual([expect.objectContaining({ userId: 'fatima', action: 'read', resource: 'rate_limited' })]);
    });
  });
});

describe('disclosure by differencing (the default threshold, 5)', { timeout: 240_000 }, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ now: '2026-01-12T09:00:00Z' });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('the year minus its visible quarters or months never gives the period under way (the later ones are empty, and everyone knows it)', async () => {
    // SF Nordost: 5 women and 5 men in January; in April, two women so far.
    for (let index = 0; index < 10; index += 1) await createReferral(app, 'anna', '1985-03-03', index < 5 ? 'kvinna' : 'man');
    app.clock.set('2026-04-14T09:00:00Z');
    for (let index = 0; index < 2; index += 1) await createReferral(app, 'anna', '1985-03-03', 'kvinna');
    app.clock.set('2026-04-20T09:00:00Z');
    const cells = await everything(await app.as('fatima'));
    expect(cellOf(cells.get(keyOf('2026'))!, 'referralsCreated')).toEqual({ value: 12, suppressed: false });
    expect(cellOf(cells.get(keyOf('2026-Q2'))!, 'referralsCreated').suppressed).toBe(true);
    // With Q1 shown (10), 12 − 10 would be April's two (May and June have not begun).
    expect(recoveredCounts(cells, '2026-04-20')).toEqual([]);
  });

  it('the group under 18, empty by the routine’s nature, is no cover: the total minus the adult bands never gives the one person aged 50-', async () => {
    // SF Hisingen in March 2026: five women in each of 18-24, 25-29 and 30-49, and one aged 66.
    app.clock.set('2026-03-10T09:00:00Z');
    for (const birth of ['2004-06-06', '1999-06-06', '1985-06-06']) for (let index = 0; index < 5; index += 1) await createReferral(app, 'bo', birth, 'kvinna');
    await createReferral(app, 'bo', '1960-06-06', 'kvinna');
    app.clock.set('2026-04-20T09:00:00Z');
    const cells = await everything(await app.as('gustav'));
    expect(cellOf(cells.get(keyOf('2026-03'))!, 'referralsCreated')).toEqual({ value: 16, suppressed: false });
    expect(cellOf(cells.get(keyOf('2026-03', '*', '50-'))!, 'referralsCreated').suppressed).toBe(true);
    expect(recoveredCounts(cells, '2026-04-20')).toEqual([]);
  });

  it('six women and one man: no grouping, period or combination of them gives the man, nor his kön’s cell', async () => {
    // SF Nordost in 2027 (a year of its own): six women aged 30-49 and one man aged 50-, all in May, decided in June.
    app.clock.set('2027-05-10T09:00:00Z');
    const anna = await app.as('anna');
    const ids = [];
    for (let index = 0; index < 6; index += 1) ids.push(await createReferral(app, 'anna', '1980-09-09', 'kvinna'));
    ids.push(await createReferral(app, 'anna', '1970-09-09', 'man'));
    app.clock.set('2027-06-15T09:00:00Z');
    for (const id of ids) for (const type of TO_SENT.slice(0, 7)) await anna.step(id, type, type === 'DECISION_MADE' ? { decisionDate: '2027-06-15', validFrom: '2027-07-01' } : {});
    app.clock.set('2027-08-01T09:00:00Z');
    const cells = await everything(await app.as('fatima'), 'from=2027-01-01&to=2027-12-31');
    for (const key of ['referralsCreated', 'decisions']) {
      expect(cellOf(cells.get(keyOf('2027'))!, key), key).toEqual({ value: 7, suppressed: false });
      for (const [period, kon, age] of [['2027', 'man', '*'], ['2027', '*', '50-'], ['2027', 'man', '50-'], ['2027', 'kvinna', '*']] as const) {
        expect(cellOf(cells.get(keyOf(period, kon, age))!, key), `${key} ${kon} ${age}`).toEqual({ value: null, suppressed: true });
      }
    }
    expect(recoveredCounts(cells, '2027-08-01')).toEqual([]);
  });

  it('the same attacker over random units in memory (a quarter under way, the rest of the year not begun) pins no hidden count', () => {
    const bands = parseAgeBands(DEFAULT_AGE_BANDS);
    const at = (month: number, day: number) => new Date(`2026-0${month}-${String(day).padStart(2, '0')}T09:00:00Z`);
    // Adults only (the attacker takes the group under 18 to be empty); created in the first quarter, some decided in it.
    const person = fc.record({ man: fc.boolean(), birthYear: fc.integer({ min: 1950, max: 2007 }), month: fc.integer({ min: 1, max: 3 }), day: fc.integer({ min: 1, max: 27 }), decided: fc.boolean() });
    fc.assert(
      fc.property(fc.array(fc.tuple(person, fc.integer({ min: 1, max: 7 })), { maxLength: 10 }), fc.integer({ min: 2, max: 6 }), (groups, threshold) => {
        const referrals: ReferralHistory[] = groups.flatMap(([p, n]) =>
          Array.from({ length: n }, (_, index) => ({
            personnummer: personnummerFor(`${p.birthYear}-05-05`, (p.man ? 1 : 2) + 2 * index).replace('-', ''),
            createdAt: at(p.month, p.day),
            status: 'active' as const,
            events: [{ type: 'CASE_CREATED', payload: {}, occurredAt: at(p.month, p.day) }, ...(p.decided ? [{ type: 'DECISION_MADE', payload: {}, occurredAt: at(p.month, p.day + 1) }] : [])],
          })),
        );
        const cells = new Map<string, Row>();
        for (const period of PERIODS) {
          for (const groupBy of [[], ['kon'], ['aldersgrupp'], ['kon', 'aldersgrupp']] as ('kon' | 'aldersgrupp')[][]) {
            const result = statisticsOf(referrals, { today: '2026-03-31' }, { from: '2026-01-01', to: '2026-12-31', period, groupBy }, { suppressionThreshold: threshold, ageBands: bands });
            for (const row of [...result.rows, ...result.totals].map(nestMeasures)) cells.set(keyOf(row.period, row.group.kon, row.group.aldersgrupp), row as Row);
          }
        }
        expect(recoveredCounts(cells, '2026-03-31', { measures: ['referralsCreated', 'decisions'], threshold })).toEqual([]);
      }),
      // Each run computes the cube of every grouping twelve times: a few seconds each on a busy machine.
      { numRuns: propertyRuns(8), seed: 16 },
    );
  }, 600_000);

  // Documented in docs/statistics.md ("What is left"): suppression holds for each read, not across reads
  // over time. Two reads around one new referral differ by exactly that person in every cell shown in
  // both, so a reader who knows who was referred in between learns the groups the person is not in and,
  // here, the kön. Closing it needs figures that do not move by one person between reads (closed periods
  // only, or snapshots and rounding): a decision on what the page shows, beyond this route.
  it.fails('two reads around one new referral do not tell the newcomer’s kön', async () => {
    // SF Hisingen in 2028: ten women and five men aged 30-49, then one man aged 55.
    app.clock.set('2028-03-06T09:00:00Z');
    for (let index = 0; index < 15; index += 1) await createReferral(app, 'bo', '1990-02-02', index < 10 ? 'kvinna' : 'man');
    const gustav = await app.as('gustav');
    const range = 'from=2028-03-01&to=2028-03-31&groupBy=kon';
    const before = (await gustav.get(`${STATISTICS}?${range}`)).body.rows as Row[];
    await createReferral(app, 'bo', '1973-02-02', 'man');
    const after = (await gustav.get(`${STATISTICS}?${range}`)).body.rows as Row[];
    const men = (rows: Row[]) => cellOf(rows.find((row) => row.group.kon === 'man')!, 'referralsCreated').value;
    const women = (rows: Row[]) => cellOf(rows.find((row) => row.group.kon === 'kvinna')!, 'referralsCreated').value;
    // Either a kön cell is hidden in one of the reads, or the difference does not single out one kön.
    const told = men(before) !== null && men(after) !== null && women(before) !== null && women(after) !== null && men(after)! - men(before)! === 1 && women(after) === women(before);
    expect(told).toBe(false);
  });
});

describe('the CSV in a spreadsheet', { timeout: 240_000 }, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ now: '2026-03-10T09:00:00Z', env: { STATISTICS_SUPPRESSION_THRESHOLD: '1' } });
    const anna = await app.as('anna');
    const protectedCase = await createReferral(app, 'anna', '1966-06-16', 'man', { protectedIdentity: true, name: '=HYPERLINK("http://x";"Skyddad")' });
    await anna.step(protectedCase, 'KC_SAMORDNARE_CONSULTED');
    for (const type of TO_SENT) await anna.step(protectedCase, type);
    await createReferral(app, 'anna', '1990-01-01', 'kvinna', { name: '@SUM(A1) +Karin -Berg' });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('holds no field a spreadsheet would run, and nothing personal: only periods, groups, numbers and ".."', async () => {
    const field = /^(period|kon|aldersgrupp|[A-Za-z]+(\.[A-Za-z_0-9]+)?|\d{4}(-\d{2}|-Q[1-4])?|kvinna|man|alla|totalt|\d{1,3}-(\d{1,3})?|\d+(\.\d+)?|\.\.)$/;
    for (const username of ['fatima', 'sven']) {
      const user = await app.as(username);
      for (const groupBy of GROUPINGS) {
        for (const period of PERIODS) {
          const response = await user.get(`${STATISTICS}?${YEAR}&period=${period}&groupBy=${groupBy}`).set('Accept', 'text/csv');
          expect(response.status).toBe(200);
          expect(response.headers['content-disposition']).toMatch(/^attachment; filename="?stegvis-statistik-2026-01-01-2026-12-31\.csv"?$/);
          const fields = response.text.trimEnd().split('\r\n').flatMap((line) => line.split(','));
          for (const text of fields) expect(text, `${username} ${groupBy} ${period}`).toMatch(field);
          for (const secret of ['HYPERLINK', 'Skyddad', 'Karin', 'Berg', 'Nummer', '19660616', '660616', 'KC-0']) expect(response.text).not.toContain(secret);
        }
      }
    }
  });

  // A decline on a key scale answer (progression, an average that can be negative) is a number to the
  // spreadsheet, not the text "'-1": the formula guard is for text, a plain number is left as it is.
  it('writes a negative average as a number a spreadsheet can count with', () => {
    const bands = parseAgeBands(DEFAULT_AGE_BANDS);
    const completed = (at: string, score: number) => ({ type: 'INLEDANDE_COMPLETED', occurredAt: new Date(at), payload: { keyScores: { halsa: score, arbetsformaga: score, energiMotivation: score, kommunikation: score } } });
    const assessment = { personnummer: personnummerFor('1980-01-01', 2), events: [completed('2026-02-02T09:00:00Z', 4), completed('2026-03-03T09:00:00Z', 3)] };
    const query = { from: '2026-03-01', to: '2026-03-31', period: 'month' as const, groupBy: [] };
    const result = { ...query, unit: 'SF Nordost', dimensions: [], suppressionThreshold: 1, ...statisticsOf([], { assessments: [assessment] }, query, { suppressionThreshold: 1, ageBands: bands }) };
    const [header, , total] = toCsv(result).trimEnd().split('\r\n') as [string, string, string];
    expect(total.split(',')[header.split(',').indexOf('progression.halsa')]).toBe('-1');
  });
});
