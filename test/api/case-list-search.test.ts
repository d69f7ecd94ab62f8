/**
 * Finding a case in the list (issue 18, "Finding things"): GET /api/cases searched by reference, a client's name or
 * personnummer (where the list shows them) and the responsible person, filtered by status, phase and overdue steps,
 * sorted and paged; only ever within the cases the user may see.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personnummerFor, startTestApp, type TestApp, type UserSession } from '../support/test-app';

let app: TestApp;
const ids: Record<string, { id: string; reference: string; personnummer: string }> = {};

const STEPS_TO_INSKRIVNING = ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED', 'DECISION_MADE', 'DECISION_COMMUNICATED', 'UPPDRAG_SENT', 'INSKRIVNING_BOOKED'] as const;

async function create(user: UserSession, key: string, name: string, serial: number, protectedIdentity = false) {
  const personnummer = personnummerFor('1984-06-15', serial);
  const response = await user.createCase({ personnummer, name, protectedIdentity });
  expect(response.status).toBe(201);
  ids[key] = { id: response.body.id as string, reference: response.body.reference as string, personnummer };
}

const found = async (user: UserSession, query: string) => {
  const response = await user.get(`/api/cases?${query}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return (response.body.cases as { id: string }[]).map((view) => view.id);
};

beforeAll(async () => {
  app = await startTestApp({ now: '2026-01-10T09:00:00Z' });
  const anna = await app.as('anna');
  const maja = await app.as('maja');
  const bo = await app.as('bo');
  await create(anna, 'karin', 'Karin Ålund', 1);
  await create(anna, 'kalle', 'Karl Berg', 2);
  await create(anna, 'hidden', 'Karin Skyddad', 3, true);
  await create(maja, 'majas', 'Karin Lindqvist', 4);
  await create(bo, 'bos', 'Karin Hisinge', 5);
  // Dated on the clock's day, 10 January (docs/process.md "Plausible dates": nothing done in the future).
  const onTheDay: Record<string, object> = { AF_NOTIFIED: { sentOn: '2026-01-10' }, DECISION_MADE: { decisionDate: '2026-01-10', validFrom: '2026-02-01' }, DECISION_COMMUNICATED: { on: '2026-01-10' } };
  for (const type of STEPS_TO_INSKRIVNING) await anna.step(ids.kalle!.id, type, onTheDay[type] ?? {});
  // Karl Berg's inskrivningsmöte (3 February) passes unheld: overdue after the sweep.
  app.clock.set('2026-02-05T09:00:00Z');
  await app.stegvis.scheduler.sweepOnce();
});
afterAll(async () => {
  await app.close();
});

describe('searching the case list', () => {
  it('finds a case by its reference, written as it is shown, in lower case or as its number', async () => {
    const anna = await app.as('anna');
    const { id, reference } = ids.karin!;
    expect(await found(anna, `q=${reference}`)).toEqual([id]);
    expect(await found(anna, `q=${reference.toLowerCase()}`)).toEqual([id]);
    expect(await found(anna, `q=${Number(reference.slice(3))}`)).toEqual([id]);
  });

  it('finds a client by part of the name in any case, and by personnummer with or without the hyphen', async () => {
    const anna = await app.as('anna');
    expect(await found(anna, 'q=ålund')).toEqual([ids.karin!.id]);
    const personnummer = ids.karin!.personnummer;
    expect(await found(anna, `q=${personnummer}`)).toEqual([ids.karin!.id]);
    expect(await found(anna, `q=${personnummer.replace('-', '')}`)).toEqual([ids.karin!.id]);
    expect(await found(anna, `q=${encodeURIComponent(`${personnummer.slice(0, 8)}-${personnummer.replace('-', '').slice(8)}`)}`)).toEqual([ids.karin!.id]);
  });

  it('searches only the cases the user sees, and never by a protected client’s name or personnummer', async () => {
    const anna = await app.as('anna');
    // "Karin": anna's own unprotected Karin; not her protected client (the list masks the name), not maja's or bo's.
    expect(await found(anna, 'q=Karin')).toEqual([ids.karin!.id]);
    expect(await found(anna, 'q=Skyddad')).toEqual([]);
    expect(await found(anna, `q=${ids.hidden!.personnummer}`)).toEqual([]);
    // The protected case is still found by its reference, which the list shows.
    expect(await found(anna, `q=${ids.hidden!.reference}`)).toEqual([ids.hidden!.id]);
    expect(await found(await app.as('bo'), `q=${ids.karin!.reference}`)).toEqual([]);
    expect((await found(await app.as('fatima'), 'q=karin')).sort()).toEqual([ids.karin!.id, ids.majas!.id].sort());
  });

  it('finds the cases of a responsible person by name', async () => {
    expect(await found(await app.as('fatima'), 'q=Maja')).toEqual([ids.majas!.id]);
    expect((await found(await app.as('fatima'), 'q=anna andersson&sort=reference_asc'))).toEqual([ids.karin!.id, ids.kalle!.id, ids.hidden!.id]);
  });
});

describe('filtering, sorting and paging', () => {
  it('filters by the routine’s phase and by overdue steps', async () => {
    const anna = await app.as('anna');
    expect(await found(anna, 'step=inskrivning')).toEqual([ids.kalle!.id]);
    expect((await found(anna, 'step=forberedelse')).sort()).toEqual([ids.karin!.id, ids.hidden!.id].sort());
    expect(await found(anna, 'overdue=true')).toEqual([ids.kalle!.id]);
    expect((await found(anna, 'overdue=false')).sort()).toEqual([ids.karin!.id, ids.hidden!.id].sort());
  });

  it('sorts by reference either way and pages with hasMore', async () => {
    const anna = await app.as('anna');
    const ascending = [ids.karin!.id, ids.kalle!.id, ids.hidden!.id];
    expect(await found(anna, 'sort=reference_asc')).toEqual(ascending);
    expect(await found(anna, 'sort=reference_desc')).toEqual([...ascending].reverse());
    const first = await anna.get('/api/cases?sort=reference_asc&limit=2');
    expect(first.body.hasMore).toBe(true);
    expect(first.body.cases.map((view: { id: string }) => view.id)).toEqual(ascending.slice(0, 2));
    const second = await anna.get('/api/cases?sort=reference_asc&limit=2&offset=2');
    expect(second.body).toMatchObject({ hasMore: false, cases: [{ id: ids.hidden!.id }] });
  });

  it('refuses an unknown phase or order with a Swedish message at the parameter', async () => {
    const anna = await app.as('anna');
    for (const query of ['step=nowhere', 'sort=name', 'overdue=ja']) {
      const response = await anna.get(`/api/cases?${query}`);
      expect(response.status).toBe(400);
      expect(response.body.error.details).toEqual([expect.objectContaining({ path: query.split('=')[0], reason: 'invalid_option', message: 'Välj ett av alternativen.' })]);
    }
    const long = await anna.get(`/api/cases?q=${'a'.repeat(101)}`);
    expect(long.body.error.details).toEqual([expect.objectContaining({ path: 'q', reason: 'too_long' })]);
  });
});

describe('what a listed case carries', () => {
  it('its open and overdue deadlines, the ones the work list shows; the case itself has the done ones too', async () => {
    const anna = await app.as('anna');
    // Karl Berg's inskrivningsmöte, overdue since 3 February, is held late: that duty is done, the next ones open.
    await (await app.as('sven')).step(ids.kalle!.id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
    await (await app.as('kalle')).step(ids.kalle!.id, 'INSKRIVNING_HELD');
    type Listed = { id: string; deadlines: { kind: string; status: string }[] };
    const list = await anna.get(`/api/cases?q=${ids.kalle!.reference}`);
    const listed = (list.body.cases as Listed[])[0]!;
    const whole = (await anna.get(`/api/cases/${ids.kalle!.id}`)).body as Listed;
    const statuses = (view: Listed) => new Set(view.deadlines.map((deadline) => deadline.status));
    expect(statuses(whole)).toContain('done');
    expect(statuses(whole)).toContain('open');
    expect([...statuses(listed)].every((status) => status === 'open' || status === 'overdue')).toBe(true);
    expect(listed.deadlines).toEqual(whole.deadlines.filter((deadline) => deadline.status === 'open' || deadline.status === 'overdue'));
  });
});

describe('the list of a 1:e socialsekreterare', () => {
  it('holds the unit’s cases and those another unit offers it, in one order and paged across both', async () => {
    const [anna, fatima, gustav, bo] = [await app.as('anna'), await app.as('fatima'), await app.as('gustav'), await app.as('bo')];
    // Hisingen's list: bo's case, a case Nordost offers it (not yet accepted) and a newer case of bo's.
    app.clock.set('2026-02-05T10:00:00Z');
    await create(anna, 'offered', 'Karin Flytt', 6);
    await fatima.step(ids.offered!.id, 'TRANSFER_REQUESTED', { toUnit: 'SF Hisingen', reason: 'Klienten har flyttat till Hisingen.' });
    app.clock.set('2026-02-05T11:00:00Z');
    await create(bo, 'bosNewer', 'Karin Nyare', 7);
    const newestFirst = [ids.bosNewer!.id, ids.offered!.id, ids.bos!.id];
    expect(await found(gustav, 'sort=updated_desc')).toEqual(newestFirst);
    expect(await found(gustav, 'sort=updated_asc')).toEqual([...newestFirst].reverse());
    expect(await found(gustav, 'sort=reference_asc')).toEqual([ids.bos!.id, ids.offered!.id, ids.bosNewer!.id]);
    const middle = await gustav.get('/api/cases?limit=1&offset=1');
    expect(middle.body).toMatchObject({ hasMore: true, cases: [{ id: ids.offered!.id }] });
    const last = await gustav.get('/api/cases?limit=2&offset=1');
    expect(last.body).toMatchObject({ hasMore: false, cases: [{ id: ids.offered!.id }, { id: ids.bos!.id }] });
    // The filters hold in both parts: only the offered case is in förberedelse with Karin Flytt's name.
    expect(await found(gustav, 'q=flytt')).toEqual([ids.offered!.id]);
  });
});
