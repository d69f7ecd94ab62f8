/**
 * Who may see which case, across two units: every read route for every kind of
 * user against cases in representative situations, compared with a table written
 * here from process.md (an oracle independent of src/cases/case-access.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personnummerFor, startTestApp, type TestApp } from '../support/test-app';

type CaseKey = 'forberedelse' | 'sentToKc' | 'protectedConsulted' | 'protectedSent' | 'otherUnitSent';
const NAMES: Record<CaseKey, string> = {
  forberedelse: 'Ada Förberedelse',
  sentToKc: 'Bea Skickad',
  protectedConsulted: 'Cilla Skyddad',
  protectedSent: 'Dora Skyddad',
  otherUnitSent: 'Eva Hisingen',
};

/** process.md "Rules that hold everywhere" and the core issue, as a table. */
const SEES: Record<string, CaseKey[]> = {
  anna: ['forberedelse', 'sentToKc', 'protectedConsulted', 'protectedSent'], // responsible socialsekreterare
  bo: ['otherUnitSent'], // responsible in SF Hisingen
  fatima: ['forberedelse', 'sentToKc', 'protectedConsulted', 'protectedSent'], // 1:e socialsekreterare, SF Nordost
  gustav: ['otherUnitSent'], // 1:e socialsekreterare, SF Hisingen
  kalle: ['sentToKc', 'protectedSent', 'otherUnitSent'], // KC once the uppdrag is sent
  sven: ['sentToKc', 'protectedConsulted', 'protectedSent', 'otherUnitSent'], // KC samordnare: also when consulted on a protected case
};
const SEES_PROTECTED_DATA = new Set(['anna', 'sven']);
const PROTECTED: CaseKey[] = ['protectedConsulted', 'protectedSent'];

let app: TestApp;
const ids = {} as Record<CaseKey, string>;

beforeAll(async () => {
  app = await startTestApp();
  await app.database.prisma.user.create({ data: { id: 'gustav', username: 'gustav', displayName: 'Gustav Gran', role: 'forste_socialsekreterare', unit: 'SF Hisingen' } });
  const prep = ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED'] as const;
  const send = ['DECISION_MADE', 'DECISION_COMMUNICATED', 'UPPDRAG_SENT'] as const;
  let serial = 0;
  const make = async (key: CaseKey, username: string, options: { protectedIdentity?: boolean; consult?: boolean; sent?: boolean }) => {
    const user = await app.as(username);
    const id = (await user.createCase({ personnummer: personnummerFor('1988-08-08', (serial += 1)), name: NAMES[key], protectedIdentity: options.protectedIdentity })).body.id as string;
    for (const type of prep) await user.step(id, type);
    if (options.consult) await user.step(id, 'KC_SAMORDNARE_CONSULTED');
    if (options.sent) for (const type of send) await user.step(id, type);
    ids[key] = id;
  };
  await make('forberedelse', 'anna', {});
  await make('sentToKc', 'anna', { sent: true });
  await make('protectedConsulted', 'anna', { protectedIdentity: true, consult: true });
  await make('protectedSent', 'anna', { protectedIdentity: true, consult: true, sent: true });
  await make('otherUnitSent', 'bo', { sent: true });
});
afterAll(async () => {
  await app.close();
});

const ALL_CASES = Object.keys(NAMES) as CaseKey[];

describe.each(Object.keys(SEES))('%s', (username) => {
  it.each(ALL_CASES)('reads case %s exactly as the table says, on every read route', async (key) => {
    const user = await app.as(username);
    const visible = SEES[username]!.includes(key);
    const [view, history, list] = await Promise.all([
      user.get(`/api/cases/${ids[key]}`),
      user.get(`/api/cases/${ids[key]}/events`),
      user.get('/api/cases?limit=100'),
    ]);
    expect(view.status).toBe(visible ? 200 : 404);
    expect(history.status).toBe(visible ? 200 : 404);
    expect((list.body.cases as { id: string }[]).some((c) => c.id === ids[key])).toBe(visible);
    if (!visible) return;
    const showsName = !PROTECTED.includes(key) || SEES_PROTECTED_DATA.has(username);
    expect(view.body.client.name).toBe(showsName ? NAMES[key] : null);
    expect(view.body.client.masked).toBe(!showsName);
    if (!showsName) {
      for (const body of [view.body, history.body, list.body]) expect(JSON.stringify(body)).not.toContain(NAMES[key]);
      expect(JSON.stringify(view.body)).not.toMatch(/19880808/);
    }
  });
});
