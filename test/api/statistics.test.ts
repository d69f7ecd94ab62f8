/**
 * GET /api/statistics/anvisning from a small hand-computed history driven through the real API
 * (docs/statistics.md): four referrals in 2026 of SF Nordost, with a renewal, a withdrawal, a case
 * across a month boundary and a protected client, who is counted and never identifiable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personnummerFor, startTestApp, type TestApp, type UserSession } from '../support/test-app';

let app: TestApp;
const YEAR = 'from=2026-01-01&to=2026-12-31';
const PROTECTED = { name: 'Hemlig Skyddadsson', personnummer: personnummerFor('1970-07-07', 4) };

const at = (instant: string) => app.clock.set(instant);
type Cell = { value: number | null; suppressed: boolean };
type Row = { group: { kon?: string; aldersgrupp?: string; track?: string }; period: string; measures: Record<string, Cell | Record<string, Cell>> };
const cell = (row: Row | undefined, key: string): Cell => {
  const [head, tail] = key.split('.') as [string, string | undefined];
  const value = row?.measures[head];
  return (tail ? (value as Record<string, Cell>)[tail] : value) as Cell;
};
const valueOf = (rows: Row[], period: string, key: string, group: Row['group'] = {}) =>
  cell(
    rows.find((row) => row.period === period && row.group.kon === group.kon && row.group.aldersgrupp === group.aldersgrupp && row.group.track === group.track),
    key,
  ).value;

async function prepared(anna: UserSession, caseId: string) {
  for (const type of ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED'] as const) await anna.step(caseId, type);
}

beforeAll(async () => {
  // Threshold 1 here: the values themselves are under test (suppression has its own tests below and in test/statistics).
  app = await startTestApp({ now: '2026-01-15T09:00:00Z', env: { STATISTICS_SUPPRESSION_THRESHOLD: '1' } });
  const [anna, kalle, sven] = [await app.as('anna'), await app.as('kalle'), await app.as('sven')];
  // A: kvinna, 35 at the decision; decided 20 Jan, uppdrag 22 Jan, inskrivning 3 Feb (across the month), avvikelse in May, renewed and closed to work in December.
  const a = (await anna.createCase({ personnummer: personnummerFor('1990-05-05', 2), name: 'Alva Andersson' })).body.id as string;
  // B: man, 22; withdrawn the next day.
  const b = (await anna.createCase({ personnummer: personnummerFor('2003-03-03', 1), name: 'Bertil Berg' })).body.id as string;
  // C: protected kvinna, 55 at creation (no decision); declines consent, waits on an AF activity.
  const c = (await anna.createCase({ ...PROTECTED, protectedIdentity: true })).body.id as string;
  // D: man, 40 at the decision; decided and sent 31 Jan, misses the inskrivning, ends without one on 10 Feb.
  const d = (await anna.createCase({ personnummer: personnummerFor('1985-08-08', 3), name: 'David Dahl' })).body.id as string;
  // The bedömningsstöd of A's and B's clients: A's choice follows the indication (arbetsmarknad), B's does not (rehab indicated, both chosen).
  const choose = async (caseId: string, score: number, tracks: string[], reasonAgainstIndication?: string) => {
    const clientId = (await anna.get(`/api/cases/${caseId}`)).body.client.id as string;
    const assess = async (body: object) => {
      const response = await anna.post(`/api/clients/${clientId}/assessment/events`, body);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response.body as { questionnaires: { id: string; kind: string; status: string }[] };
    };
    const started = await assess({ type: 'INLEDANDE_STARTED', householdRole: 'sokande' });
    const questionnaireId = started.questionnaires.find((q) => q.kind === 'inledande')!.id;
    const scale = { value: score };
    await assess({ type: 'QUESTIONNAIRE_SAVED', questionnaireId, answers: { mal: { text: 'Arbete.' }, hinder: { text: 'Inga.' }, forvantningar: { text: 'Stöd.' }, planering: { text: 'Söka.' }, halsa: scale, arbetsformaga: scale, energiMotivation: scale, kommunikation: scale } });
    await assess({ type: 'INLEDANDE_COMPLETED', questionnaireId });
    await assess({ type: 'INRIKTNING_CHOSEN', tracks, ...(reasonAgainstIndication ? { reasonAgainstIndication } : {}) });
  };
  await choose(a, 5, ['arbetsmarknad']);
  await choose(b, 1, ['arbetsmarknad', 'rehab'], 'Vill pröva båda.');
  await prepared(anna, a);
  await prepared(anna, d);
  at('2026-01-16T09:00:00Z');
  await anna.step(b, 'REFERRAL_WITHDRAWN');
  await anna.step(c, 'KC_CONSENT_DECLINED');
  await anna.step(c, 'SSBTEK_INFO_RECORDED');
  await anna.step(c, 'AF_PLAN_CHECKED', { afActivity: 'planerad' });
  at('2026-01-20T09:00:00Z');
  await anna.step(a, 'DECISION_MADE', { decisionDate: '2026-01-20', validFrom: '2026-02-01' });
  at('2026-01-21T09:00:00Z');
  await anna.step(a, 'DECISION_COMMUNICATED', { on: '2026-01-21' });
  at('2026-01-22T09:00:00Z');
  await anna.step(a, 'UPPDRAG_SENT');
  await sven.step(a, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
  await anna.step(a, 'INSKRIVNING_BOOKED');
  at('2026-01-31T15:00:00Z');
  await anna.step(d, 'DECISION_MADE', { decisionDate: '2026-01-31', validFrom: '2026-02-01' });
  await anna.step(d, 'DECISION_COMMUNICATED', { on: '2026-01-31' });
  await anna.step(d, 'UPPDRAG_SENT');
  await sven.step(d, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
  await anna.step(d, 'INSKRIVNING_BOOKED', { at: '2026-02-05T09:00:00+01:00', place: 'KC Angered', interpreter: false });
  at('2026-02-03T10:00:00Z');
  await kalle.step(a, 'INSKRIVNING_HELD');
  at('2026-02-05T10:00:00Z');
  await kalle.step(d, 'INSKRIVNING_MISSED');
  at('2026-02-06T10:00:00Z');
  await anna.step(d, 'UPPDRAG_WITHDRAWN');
  at('2026-02-10T10:00:00Z');
  const ended = await kalle.step(d, 'INSKRIVNING_CANCELLED_IN_GWA');
  expect(ended.status).toBe('avbruten');
  at('2026-05-20T10:00:00Z');
  await kalle.step(a, 'AVVIKELSE_REPORTED');
  at('2026-12-10T09:00:00Z');
  for (const type of ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED'] as const) await anna.step(a, type);
  await anna.step(a, 'DECISION_RENEWED', { decisionDate: '2026-12-10', validFrom: '2027-02-01' });
  at('2026-12-15T09:00:00Z');
  await kalle.step(a, 'CLOSING_ANNOUNCED', { reason: 'arbete', selfSufficient: true });
  await kalle.step(a, 'CLOSING_DOCUMENT_CREATED');
  await anna.step(a, 'INSATS_CLOSED');
  const closed = await kalle.step(a, 'GWA_CLOSED');
  expect(closed.status).toBe('avslutad');
}, 600_000);
afterAll(async () => {
  await app.close();
});

describe('GET /api/statistics/anvisning', () => {
  it('gives each measure per month, as computed by hand, for the unit’s 1:e socialsekreterare', async () => {
    const response = await (await app.as('fatima')).get(`/api/statistics/anvisning?${YEAR}&period=month`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ from: '2026-01-01', to: '2026-12-31', unit: 'SF Nordost', suppressionThreshold: 1, rows: expect.any(Array) });
    const totals = response.body.totals as Row[];
    expect(totals.map((row) => row.period)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12']);
    const expected: [string, string, number][] = [
      ['2026-01', 'referralsCreated', 4],
      ['2026-01', 'decisions', 2],
      ['2026-01', 'withdrawals', 1],
      ['2026-01', 'consentsDeclined', 1],
      ['2026-01', 'waitingOnAfActivity', 1],
      ['2026-01', 'tracksChosen.arbetsmarknad', 1],
      ['2026-01', 'tracksChosen.bada', 1],
      ['2026-01', 'shareChoicesFollowingIndication', 0.5],
      // A's client completed an initial part before her decision, D's has no bedömningsstöd.
      ['2026-01', 'shareDecisionsAfterCompletedAssessment', 0.5],
      // Created 15 Jan: decided 20 Jan (5 days) and 31 Jan (16 days).
      ['2026-01', 'daysCreatedToDecision.median', 10.5],
      ['2026-01', 'daysCreatedToDecision.p90', 16],
      // Decision to uppdrag: 2 days and the same day.
      ['2026-01', 'daysDecisionToUppdragSent.median', 1],
      ['2026-01', 'daysDecisionToUppdragSent.p90', 2],
      // Sent 22 Jan, held 3 Feb: counted in February, the month it ended.
      ['2026-02', 'daysUppdragSentToInskrivningHeld.median', 12],
      ['2026-02', 'inskrivningarMissed', 1],
      ['2026-02', 'endedWithoutInskrivning', 1],
      ['2026-02', 'shareEndedWithoutInskrivning', 1],
      ['2026-05', 'avvikelserReported', 1],
      // A's genomförandeplan was due 17 Feb (insats start + 14 days) and her first follow-up 30 April (+ 3 months, before
      // 1 May and a Sunday): neither was recorded before the closing cancelled them, so both were missed, in their due months.
      ['2026-02', 'overdueSteps', 1],
      ['2026-02', 'shareGenomforandeplanOnTime', 0],
      ['2026-04', 'overdueSteps', 1],
      ['2026-04', 'shareFollowUpsOnTime', 0],
      ['2026-12', 'renewals', 1],
      ['2026-12', 'closings', 1],
      ['2026-12', 'closingsByReason.arbete', 1],
      ['2026-12', 'shareClosedSelfSufficient', 1],
      ['2026-12', 'shareEndedWithoutInskrivning', 0],
    ];
    for (const [period, key, value] of expected) expect(valueOf(totals, period, key), `${period} ${key}`).toBe(value);
    // Nothing in a month without facts: zero is below the threshold, so it is suppressed, never a number.
    expect(cell(totals.find((row) => row.period === '2026-03'), 'decisions')).toEqual({ value: null, suppressed: true });
    // A quarter and a year add the months up.
    const quarters = (await (await app.as('fatima')).get(`/api/statistics/anvisning?${YEAR}&period=quarter`)).body.totals as Row[];
    expect(valueOf(quarters, '2026-Q1', 'decisions')).toBe(2);
    expect(valueOf(quarters, '2026-Q1', 'daysUppdragSentToInskrivningHeld.median')).toBe(12);
    const year = (await (await app.as('fatima')).get(`/api/statistics/anvisning?${YEAR}&period=year`)).body.totals as Row[];
    expect(valueOf(year, '2026', 'decisions')).toBe(2);
    expect(valueOf(year, '2026', 'shareEndedWithoutInskrivning')).toBe(0.5);
  });

  it('groups by kön and åldersgrupp (age at the decision, else at creation), alone or together', async () => {
    const fatima = await app.as('fatima');
    const byKon = (await fatima.get(`/api/statistics/anvisning?${YEAR}&groupBy=kon`)).body.rows as Row[];
    expect(byKon.filter((row) => row.period === '2026-01').map((row) => row.group)).toEqual([{ kon: 'kvinna' }, { kon: 'man' }]);
    expect(valueOf(byKon, '2026-01', 'referralsCreated', { kon: 'kvinna' })).toBe(2);
    expect(valueOf(byKon, '2026-01', 'referralsCreated', { kon: 'man' })).toBe(2);
    expect(valueOf(byKon, '2026-01', 'decisions', { kon: 'kvinna' })).toBe(1);
    const byAge = (await fatima.get(`/api/statistics/anvisning?${YEAR}&groupBy=aldersgrupp`)).body.rows as Row[];
    expect(byAge.filter((row) => row.period === '2026-01').map((row) => row.group.aldersgrupp)).toEqual(['0-17', '18-24', '25-29', '30-49', '50-']);
    expect(valueOf(byAge, '2026-01', 'referralsCreated', { aldersgrupp: '30-49' })).toBe(2);
    expect(valueOf(byAge, '2026-01', 'referralsCreated', { aldersgrupp: '18-24' })).toBe(1);
    expect(valueOf(byAge, '2026-01', 'referralsCreated', { aldersgrupp: '50-' })).toBe(1);
    const both = (await fatima.get(`/api/statistics/anvisning?${YEAR}&groupBy=kon,aldersgrupp&period=year`)).body.rows as Row[];
    expect(both).toHaveLength(10);
    expect(both[0]!.group).toEqual({ kon: 'kvinna', aldersgrupp: '0-17' });
  });

  it('groups by the bedömningsstöd’s track standing when the uppdrag was sent (else at the decision, else at creation), alone or with kön', async () => {
    const fatima = await app.as('fatima');
    const byTrack = (await fatima.get(`/api/statistics/anvisning?${YEAR}&groupBy=track`)).body.rows as Row[];
    expect(byTrack.filter((row) => row.period === '2026-01').map((row) => row.group)).toEqual([{ track: 'arbetsmarknad' }, { track: 'rehab' }, { track: 'bada' }, { track: 'ingen' }]);
    // A chose arbetsmarknad before her uppdrag; B both, before she was withdrawn (at her creation, no decision); C and D have no bedömningsstöd.
    // Threshold 1 hides the empty rehab cell; a reader could tell it is empty (the total is the sum of the shown
    // tracks), so it covers nothing and (secondary suppression) the smallest of the others goes, and with the months
    // of the year known to be empty (only January has referrals) one more: a cell is its value or hidden.
    const shown = (rows: Row[], period: string, key: string, group: Row['group']) => valueOf(rows, period, key, group) ?? 'dold';
    expect(['arbetsmarknad', 'rehab', 'bada', 'ingen'].map((track) => shown(byTrack, '2026-01', 'referralsCreated', { track }))).toEqual(['dold', 'dold', 'dold', 2]);
    // A's closing to work in December is in her track: shown as 1, or hidden (months known to be empty give no cover), never another number.
    expect([1, 'dold']).toContain(shown(byTrack, '2026-12', 'closingsByReason.arbete', { track: 'arbetsmarknad' }));
    expect(shown(byTrack, '2026-12', 'closingsByReason.arbete', { track: 'ingen' })).toBe('dold');
    // A choice counts in its own track.
    expect([1, 'dold']).toContain(shown(byTrack, '2026-01', 'tracksChosen.bada', { track: 'bada' }));
    expect(shown(byTrack, '2026-01', 'tracksChosen.bada', { track: 'arbetsmarknad' })).toBe('dold');
    const both = (await fatima.get(`/api/statistics/anvisning?${YEAR}&groupBy=kon,track&period=year`)).body.rows as Row[];
    expect(both.map((row) => row.group)).toHaveLength(8);
    expect(both.map((row) => shown(both, '2026', 'decisions', row.group))).toEqual(['dold', 'dold', 'dold', 'dold', 'dold', 'dold', 'dold', 'dold']);
    const csv = (await fatima.get(`/api/statistics/anvisning?${YEAR}&groupBy=track&period=year`).set('Accept', 'text/csv')).text.trimEnd().split('\r\n');
    expect(csv.slice(1).map((line) => line.split(',').slice(0, 5).join(','))).toEqual(['2026,alla,alla,arbetsmarknad,..', '2026,alla,alla,rehab,..', '2026,alla,alla,bada,..', '2026,alla,alla,ingen,2', '2026,totalt,totalt,totalt,4']);
    // KC never sees a bedömningsstöd: the samordnare cannot group by it.
    const kc = await (await app.as('sven')).get(`/api/statistics/anvisning?${YEAR}&groupBy=kon,track`);
    expect(kc.status).toBe(403);
    expect(kc.body.error.reason).toBe('statistics_track_not_for_kc');
    expect(kc.body.error.message).toMatch(/inriktning/);
  });

  it('gives the KC samordnare every referral sent to KC, another unit’s 1:e socialsekreterare none of SF Nordost’s, anyone else 403', async () => {
    const kc = (await (await app.as('sven')).get(`/api/statistics/anvisning?${YEAR}`)).body;
    expect(kc.unit).toBe('KC');
    expect(valueOf(kc.totals, '2026-01', 'referralsCreated')).toBe(2);
    // KC never sees a bedömningsstöd, consent to KC, the AF check or a withdrawal, so it gets none of them counted either.
    for (const key of ['tracksChosen.arbetsmarknad', 'shareChoicesFollowingIndication', 'shareDecisionsAfterCompletedAssessment', 'consentsDeclined', 'waitingOnAfActivity', 'withdrawals']) {
      for (const row of [...(kc.totals as Row[]), ...(kc.rows as Row[])]) expect(cell(row, key), key).toEqual({ value: null, suppressed: true });
    }
    // D was sent to KC and missed its inskrivning: KC reads that.
    expect(valueOf(kc.totals, '2026-02', 'inskrivningarMissed')).toBe(1);
    const hisingen = (await (await app.as('gustav')).get(`/api/statistics/anvisning?${YEAR}`)).body;
    expect(hisingen.unit).toBe('SF Hisingen');
    expect((hisingen.totals as Row[]).every((row) => cell(row, 'referralsCreated').suppressed)).toBe(true);
    for (const username of ['anna', 'kalle', 'kim']) {
      const refused = await (await app.as(username)).get(`/api/statistics/anvisning?${YEAR}`);
      expect(refused.status, username).toBe(403);
      expect(refused.body.error.reason).toBe('statistics_not_allowed');
    }
    expect((await app.http.get(`/api/statistics/anvisning?${YEAR}`)).status).toBe(401);
  });

  it('gives a CSV with one row per group and period, the totals after, and suppressed cells as ".."', async () => {
    const response = await (await app.as('fatima')).get(`/api/statistics/anvisning?${YEAR}&groupBy=kon&period=quarter`).set('Accept', 'text/csv');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toContain('stegvis-statistik-2026-01-01-2026-12-31.csv');
    const lines = response.text.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^period,kon,aldersgrupp,track,referralsCreated,decisions,/);
    expect(lines).toHaveLength(1 + 4 * 2 + 4);
    expect(lines[1]).toMatch(/^2026-Q1,kvinna,alla,alla,2,1,/);
    expect(lines.at(-4)).toMatch(/^2026-Q1,totalt,totalt,totalt,4,2,/);
    expect(lines.at(-1)).toMatch(/^2026-Q4,totalt,totalt,totalt,\.\.,\.\.,1,/);
  });

  it('never names the protected client (nor anyone): not in JSON, CSV or the log; reading is in the access log', async () => {
    const fatima = await app.as('fatima');
    const texts = [
      JSON.stringify((await fatima.get(`/api/statistics/anvisning?${YEAR}&groupBy=kon,aldersgrupp`)).body),
      (await fatima.get(`/api/statistics/anvisning?${YEAR}&groupBy=kon,aldersgrupp`).set('Accept', 'text/csv')).text,
      JSON.stringify((await (await app.as('sven')).get(`/api/statistics/anvisning?${YEAR}&groupBy=kon`)).body),
    ];
    const digits = PROTECTED.personnummer.replace('-', '');
    for (const text of [...texts, app.logLines.join('\n')]) {
      for (const secret of [PROTECTED.name, 'Hemlig', digits, PROTECTED.personnummer, digits.slice(2), '1970-07-07', 'Alva', 'Bertil', 'David']) expect(text).not.toContain(secret);
    }
    let entries: { resource: string; status: number }[] = [];
    for (let attempt = 0; attempt < 20 && !entries.some((e) => e.resource === 'statistics.anvisning'); attempt += 1) {
      entries = (await fatima.get('/api/audit?userId=fatima')).body.entries;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(entries).toEqual(expect.arrayContaining([expect.objectContaining({ resource: 'statistics.anvisning', status: 200 })]));
    // A refused read is logged too (anna was refused in the test before).
    const annas = (await fatima.get('/api/audit?userId=anna')).body.entries as { resource: string; status: number }[];
    expect(annas).toEqual(expect.arrayContaining([expect.objectContaining({ resource: 'statistics.anvisning', status: 403 })]));
  });

  it('refuses bad queries with 400 and a Swedish message, never a 500', async () => {
    const fatima = await app.as('fatima');
    const cases: [string, string, string][] = [
      ['from=2026-13-01&to=2026-12-31', 'from', 'date_format'],
      ['from=2026-01-01', 'to', 'required'],
      ['from=2026-02-01&to=2026-01-31', 'to', 'statistics_range_order'],
      ['from=2020-01-01&to=2025-12-31', 'to', 'statistics_range_too_long'],
      ['from=2026-01-02&to=2026-01-31', 'from', 'statistics_from_not_period_start'],
      ['from=2026-01-01&to=2026-01-30', 'to', 'statistics_to_not_period_end'],
      ['from=2026-02-01&to=2026-12-31&period=quarter', 'from', 'statistics_from_not_period_start'],
      [`${YEAR}&groupBy=kommun`, 'groupBy.0', 'statistics_group_unknown'],
      [`${YEAR}&groupBy=kon,kon`, 'groupBy', 'statistics_group_twice'],
      [`${YEAR}&groupBy=kon&groupBy=aldersgrupp`, 'groupBy', 'statistics_group_unknown'],
      [`${YEAR}&period=week`, 'period', 'statistics_period_unknown'],
      [`${YEAR}&unit=SF%20Hisingen`, '(root)', 'unknown_field'],
      ['from[a]=1&to=2026-12-31', 'from', 'required'],
      ['from=2026-01-01&from=2026-02-01&to=2026-12-31', 'from', 'date_format'],
    ];
    for (const [query, path, reason] of cases) {
      const response = await fatima.get(`/api/statistics/anvisning?${query}`);
      expect(response.status, `${query}: ${JSON.stringify(response.body)}`).toBe(400);
      expect(response.body.error.details, query).toEqual(expect.arrayContaining([expect.objectContaining({ path, reason })]));
      expect(response.body.error.details.every((detail: { message: string }) => /[a-zåäö]/.test(detail.message)), query).toBe(true);
    }
    expect((await fatima.get('/api/statistics/anvisning?from=2024-01-01&to=2028-12-31')).status).toBe(200);
  });

  it('is in the OpenAPI document with its query', async () => {
    const document = (await app.http.get('/api/openapi.json')).body;
    const route = document.paths['/api/statistics/anvisning']?.get;
    expect(route).toBeDefined();
    expect((route.parameters as { name: string }[]).map((parameter) => parameter.name).sort()).toEqual(['from', 'groupBy', 'period', 'to']);
    expect(Object.keys(route.responses)).toEqual(expect.arrayContaining(['200', '400', '403']));
  });

  it('withstands hostile queries: prototype keys, odd years and formats, repeated and bracketed parameters, odd Accept headers', async () => {
    const fatima = await app.as('fatima');
    const refused = [
      `${YEAR}&groupBy=__proto__`,
      `${YEAR}&groupBy=constructor`,
      `${YEAR}&groupBy=kon,`,
      `${YEAR}&groupBy=,`,
      `${YEAR}&groupBy=KON`,
      `${YEAR}&groupBy=${'kon,'.repeat(40)}kon`,
      `${YEAR}&period=__proto__`,
      `${YEAR}&period=Month`,
      `${YEAR}&__proto__=x`,
      `${YEAR}&groupBy[]=kon`,
      'from=0000-01-01&to=0000-12-31',
      'from=9999-01-01&to=9999-12-31',
      'from=1999-01-01&to=1999-12-31',
      'from=2026-01-01T00:00:00Z&to=2026-12-31',
      'from=2026-1-1&to=2026-12-31',
      'from=+2026-01-01&to=2026-12-31',
      'from=2026-01-01&to=2026-02-30',
      'from=2026-01-01&to=',
      `from=${'9'.repeat(5000)}&to=2026-12-31`,
      'from=2026-01-01%00&to=2026-12-31',
    ];
    for (const query of refused) {
      const response = await fatima.get(`/api/statistics/anvisning?${query}`);
      expect(response.status, `${query}: ${JSON.stringify(response.body).slice(0, 300)}`).toBe(400);
      expect(response.body.error.message.length, query).toBeGreaterThan(5);
    }
    // An empty grouping is no grouping; the leap day ends February in a leap year.
    expect((await fatima.get(`/api/statistics/anvisning?${YEAR}&groupBy=`)).body.groupBy).toEqual([]);
    expect((await fatima.get('/api/statistics/anvisning?from=2028-02-01&to=2028-02-29')).status).toBe(200);
    for (const accept of ['*/*', 'application/xml', 'text/html', 'text/csv;q=0.1, application/json', '']) {
      const response = await fatima.get(`/api/statistics/anvisning?${YEAR}`).set('Accept', accept);
      expect(response.status, accept).toBe(200);
      expect(response.headers['content-type'], accept).toMatch(/^application\/json/);
    }
    const csv = await fatima.get(`/api/statistics/anvisning?${YEAR}`).set('Accept', 'application/json;q=0.5, text/csv');
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers.vary).toMatch(/Accept/);
    // A month alone reads the same cells as the whole year does (suppression is decided over the year).
    const february = (await fatima.get('/api/statistics/anvisning?from=2026-02-01&to=2026-02-28&groupBy=kon')).body;
    const wholeYear = (await fatima.get(`/api/statistics/anvisning?${YEAR}&groupBy=kon`)).body;
    expect(february.rows).toEqual((wholeYear.rows as Row[]).filter((row) => row.period === '2026-02'));
    // The statistics never say which case or client they counted.
    expect(csv.text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });
});

describe('small cells with the default threshold (5)', () => {
  let small: TestApp;
  beforeAll(async () => {
    small = await startTestApp({ now: '2026-03-10T09:00:00Z' });
    const anna = await small.as('anna');
    // Six women and two men created in March.
    for (let serial = 0; serial < 8; serial += 1) {
      const created = await anna.createCase({ personnummer: personnummerFor('1980-01-01', serial < 6 ? 2 * serial + 2 : 2 * serial + 1), name: `Person ${serial}` });
      expect(created.status).toBe(201);
    }
  });
  afterAll(async () => {
    await small.close();
  });

  it('suppresses the small cell, and the other one too, so the total minus the visible cells gives nothing', async () => {
    const fatima = await small.as('fatima');
    const body = (await fatima.get('/api/statistics/anvisning?from=2026-03-01&to=2026-03-31&groupBy=kon')).body;
    expect(body.suppressionThreshold).toBe(5);
    const rows = body.rows as Row[];
    // The total is public (the ungrouped query gives it): 8.
    expect(valueOf(body.totals, '2026-03', 'referralsCreated')).toBe(8);
    // The men's 2 is below 5; the women's 6 would give it away as 8 − 6, so it goes too.
    expect(cell(rows.find((row) => row.group.kon === 'man'), 'referralsCreated')).toEqual({ value: null, suppressed: true });
    expect(cell(rows.find((row) => row.group.kon === 'kvinna'), 'referralsCreated')).toEqual({ value: null, suppressed: true });
    const csv = (await fatima.get('/api/statistics/anvisning?from=2026-03-01&to=2026-03-31&groupBy=kon').set('Accept', 'text/csv')).text;
    expect(csv).toMatch(/\r\n2026-03,man,alla,alla,\.\.,/);
    expect(csv).toMatch(/\r\n2026-03,kvinna,alla,alla,\.\.,/);
    expect(csv).toMatch(/\r\n2026-03,totalt,totalt,totalt,8,/);
  });
});

