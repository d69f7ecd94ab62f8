/**
 * Attacking what issue 15 added (anvisning version 3, bedömning version 2) the way a curious or malicious
 * colleague with a valid login would: another unit's socialsekreterare and 1:e socialsekreterare; KC's
 * consultant not assigned, the assigned one and the samordnare trying to read or do what the uppdrag does
 * not give them; hostile input on the new events and the new route; and personal data looked for in
 * e-mails, the samverkansfrågor list, logs, Att göra, KC's queue and KC's history after a client is
 * marked protected later. Each test asserts what a user would notice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink } from '../support/smtp-sink';
import { personnummerFor, startTestApp, type TestApp, type UserSession } from '../support/test-app';

let app: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let serial = 0;

beforeAll(async () => {
  smtp = await startSmtpSink();
  app = await startTestApp({ now: '2026-01-15T09:00:00Z', env: { SMTP_URL: smtp.url } });
});

afterAll(async () => {
  await app?.close();
  await smtp?.close();
});

const TO_BOOKED = ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED', 'DECISION_MADE', 'DECISION_COMMUNICATED', 'UPPDRAG_SENT', 'INSKRIVNING_BOOKED'] as const;

interface Referral {
  id: string;
  clientId: string;
  personnummer: string;
  name: string;
  reference: string;
}

/** A referral of `owner`'s: booked, assigned to kalle by the samordnare and, with `held`, running (the insats started). */
async function referral(options: { owner?: string; name?: string; protectedIdentity?: boolean; held?: boolean; assign?: boolean } = {}): Promise<Referral> {
  const owner = await app.as(options.owner ?? 'anna');
  const name = options.name ?? 'Olof Oskyddad';
  const created = await owner.createCase({ personnummer: personnummerFor('1984-06-06', (serial += 1)), name, protectedIdentity: options.protectedIdentity ?? false });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const kase: Referral = { id: created.body.id, clientId: created.body.client.id, personnummer: created.body.client.personnummer, name, reference: created.body.reference };
  if (options.protectedIdentity) await owner.step(kase.id, 'KC_SAMORDNARE_CONSULTED');
  for (const type of TO_BOOKED) await owner.step(kase.id, type);
  if (options.assign !== false) await (await app.as('sven')).step(kase.id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
  if (options.held !== false && options.assign !== false) await (await app.as('kalle')).step(kase.id, 'INSKRIVNING_HELD');
  return kase;
}

const raw = (user: UserSession, path: string, json: string) => user.post(path).set('Content-Type', 'application/json').send(json);
const events = (kase: Referral) => `/api/cases/${kase.id}/events`;

/** Every error answer says why in Swedish, and never shows a stack trace or SQL. */
function expectClearRefusal(response: { status: number; body: { error?: { code?: string; reason?: string; message?: string } } }, status: number, label = '') {
  expect(response.status, `${label} ${JSON.stringify(response.body)}`).toBe(status);
  expect(response.body.error?.reason, label).toEqual(expect.any(String));
  expect((response.body.error?.message ?? '').length, label).toBeGreaterThan(10);
  expect(JSON.stringify(response.body), label).not.toMatch(/\bat \S+\.(ts|js):\d+|prisma|SELECT|INSERT|TypeError|undefined/i);
}

function no500s() {
  expect(app.logLines.filter((line) => line.includes('"statusCode":500')), 'a 500 in the log').toEqual([]);
}

describe('another unit against SF Nordost’s running referral', () => {
  it('bo and gustav send none of the new events (404, existence not told), and see nothing of its disagreement in their lists', async () => {
    const kase = await referral();
    const [anna, bo, gustav] = [await app.as('anna'), await app.as('bo'), await app.as('gustav')];
    await anna.step(kase.id, 'DISAGREEMENT_RAISED', { topic: 'insats', description: 'Nordosts oenighet om aktiviteterna.', samverkansfraga: true });
    await (await app.as('kalle')).step(kase.id, 'AVVIKELSE_REPORTED');
    for (const [user, types] of [
      [bo, ['AVVIKELSE_ACKNOWLEDGED', 'EXTERNAL_CONSENT_RECORDED', 'DISAGREEMENT_RAISED', 'PROTECTED_IDENTITY_MARKED', 'FOLLOW_UP_HELD', 'THREE_PARTY_MEETING_NOT_HELD', 'KC_CONSENT_DECLINED', 'UPPDRAG_WITHDRAWN', 'INSKRIVNING_RESCHEDULED']],
      [gustav, ['DISAGREEMENT_POSITION_RECORDED', 'DISAGREEMENT_RESOLVED', 'AVVIKELSE_ACKNOWLEDGED']],
    ] as const) {
      for (const type of types) expectClearRefusal(await user.send(kase.id, type), 404, type);
    }
    expectClearRefusal(await gustav.send(kase.id, 'DISAGREEMENT_POSITION_RECORDED', { disagreementId: '1' }), 404, 'named');
    // The samverkansfrågor: gustav's list is his unit's, whatever the query string says; bo's is refused.
    for (const query of ['', '?unit=SF%20Nordost', '?unit[]=SF%20Nordost', '?caseId=' + kase.id, '?all=true', '?__proto__[unit]=SF%20Nordost']) {
      const list = await gustav.get(`/api/samverkansfragor${query}`);
      expect([200, 400], query).toContain(list.status);
      expect(JSON.stringify(list.body), query).not.toContain(kase.id);
      expect(JSON.stringify(list.body), query).not.toContain(kase.reference);
    }
    expectClearRefusal(await bo.get('/api/samverkansfragor'), 403);
    // And the referral's disagreement is not on his Att göra (nor the avvikelse on bo's).
    expect(JSON.stringify((await gustav.get('/api/cases?status=active')).body)).not.toContain(kase.id);
    expect(JSON.stringify((await bo.get('/api/cases?status=active')).body)).not.toContain(kase.id);
    const view = (await anna.get(`/api/cases/${kase.id}`)).body;
    expect(view.process.disagreements[0].positions).toEqual({ forste_socialsekreterare: null, kc_samordnare: null });
    expect(view.process.avvikelser).toMatchObject({ count: 1, acknowledgedCount: 0 });
  });

  it('bo cannot mark anna’s client protected through POST /api/clients (refused, naming the unit), nor add a Stegvis event to her referral', async () => {
    const kase = await referral({ held: false });
    const bo = await app.as('bo');
    const refused = await bo.post('/api/clients', { personnummer: kase.personnummer, name: 'Gissat Namn', protectedIdentity: true });
    expectClearRefusal(refused, 403);
    expect(refused.body.error.reason).toBe('client_held_elsewhere');
    const history = ((await (await app.as('anna')).get(`/api/cases/${kase.id}/events`)).body.events as { type: string }[]).map((event) => event.type);
    expect(history).not.toContain('PROTECTED_IDENTITY_MARKED');
    expect((await (await app.as('anna')).get(`/api/cases/${kase.id}`)).body.client).toMatchObject({ protectedIdentity: false, name: kase.name });
    // The 1:e socialsekreterare of the unit may not register clients either.
    expectClearRefusal(await (await app.as('fatima')).post('/api/clients', { personnummer: kase.personnummer, name: kase.name, protectedIdentity: true }), 403);
  });
});

describe('KC against what the uppdrag does not give it', () => {
  it('kim, not assigned, gets 404 for every new event and for the referral; no consultant may read the samverkansfrågor', async () => {
    const kase = await referral();
    const kim = await app.as('kim');
    for (const type of ['AVVIKELSE_REPORTED', 'DISAGREEMENT_RAISED', 'EXTERNAL_CONSENT_RECORDED', 'INSKRIVNING_RESCHEDULED', 'INSKRIVNING_CANCELLED_IN_GWA', 'THREE_PARTY_MEETING_NOT_HELD', 'GENOMFORANDEPLAN_ESTABLISHED'] as const) {
      expectClearRefusal(await kim.send(kase.id, type), 404, type);
    }
    expectClearRefusal(await kim.get(`/api/cases/${kase.id}`), 404);
    expectClearRefusal(await kim.get('/api/samverkansfragor'), 403);
    expectClearRefusal(await (await app.as('kalle')).get('/api/samverkansfragor'), 403);
    expectClearRefusal(await (await app.as('anna')).get('/api/samverkansfragor'), 403);
  });

  it('the assigned consultant and the samordnare may not send the socialsekreterare’s or the 1:e’s steps: 403 with the reason', async () => {
    const kase = await referral();
    const [kalle, sven] = [await app.as('kalle'), await app.as('sven')];
    await kalle.step(kase.id, 'AVVIKELSE_REPORTED');
    await kalle.step(kase.id, 'DISAGREEMENT_RAISED', { topic: 'insats', description: 'Konsulentens oenighet.' });
    for (const type of ['AVVIKELSE_ACKNOWLEDGED', 'UPPDRAG_WITHDRAWN', 'KC_CONSENT_DECLINED', 'PROTECTED_IDENTITY_MARKED', 'INSKRIVNING_NEW_TIME_REQUESTED', 'FOLLOW_UP_HELD', 'DECISION_RENEWED', 'DECISION_COMMUNICATED', 'DISAGREEMENT_POSITION_RECORDED', 'DISAGREEMENT_RESOLVED'] as const) {
      const refused = await kalle.send(kase.id, type);
      expectClearRefusal(refused, 403, `kalle ${type}`);
      expect(refused.body.error.reason).toBe('role_may_not_send');
    }
    for (const type of ['AVVIKELSE_ACKNOWLEDGED', 'UPPDRAG_WITHDRAWN', 'AVVIKELSE_REPORTED', 'DISAGREEMENT_RESOLVED', 'DISAGREEMENT_RAISED', 'PROTECTED_IDENTITY_MARKED', 'INSKRIVNING_REBOOKED'] as const) {
      expectClearRefusal(await sven.send(kase.id, type), 403, `sven ${type}`);
    }
    // The socialsekreterare may not report KC's avvikelse, rebook KC's time or cancel it in GWA.
    const anna = await app.as('anna');
    for (const type of ['AVVIKELSE_REPORTED', 'INSKRIVNING_REBOOKED', 'INSKRIVNING_CANCELLED_IN_GWA', 'DISAGREEMENT_POSITION_RECORDED'] as const) {
      expectClearRefusal(await anna.send(kase.id, type), 403, `anna ${type}`);
    }
    // Nor may her 1:e socialsekreterare or a colleague acknowledge it for her; nobody logs in as Stegvis to mark protection.
    expectClearRefusal(await (await app.as('fatima')).send(kase.id, 'AVVIKELSE_ACKNOWLEDGED'), 403, 'fatima');
    expectClearRefusal(await (await app.as('maja')).send(kase.id, 'AVVIKELSE_ACKNOWLEDGED'), 404, 'maja');
    for (const username of ['system', 'SYSTEM', ' system']) expect([401, 403], username).toContain((await app.http.post('/api/auth/dev-login').send({ username })).status);
    const view = (await anna.get(`/api/cases/${kase.id}`)).body;
    expect(view.process.avvikelser).toMatchObject({ count: 1, acknowledgedCount: 0 });
  });

  it('KC reads none of the socialsekreterare’s social and health consents or contacts, consent declined, renewal samråd or communication: view, history, next steps, refusals', async () => {
    const kase = await referral();
    const [anna, kalle, sven] = [await app.as('anna'), await app.as('kalle'), await app.as('sven')];
    await anna.step(kase.id, 'EXTERNAL_CONSENT_RECORDED', { party: 'Beroendemottagningen Hisingen', area: 'socialt_halsa' });
    await anna.step(kase.id, 'EXTERNAL_CONTACT_RECORDED', { party: 'Beroendemottagningen Hisingen', summary: 'Samtal om återfall.' });
    await kalle.step(kase.id, 'EXTERNAL_CONSENT_RECORDED', { party: 'Arbetsgivaren AB', area: 'kompetens_jobb' });
    await anna.step(kase.id, 'FOLLOW_UP_BOOKED');
    // Held on the day it was booked for (docs/process.md "Plausible dates").
    app.clock.set('2026-08-03T12:00:00Z');
    await anna.step(kase.id, 'FOLLOW_UP_HELD', { on: '2026-08-03', kcNeedsOutsideUppdrag: 'Behov av skuldrådgivning.' });
    // The renewal: its samråd, the new decision and its communication (the socialsekreterare's), within the window, dated when made.
    app.clock.set('2027-01-11T09:00:00Z');
    for (const type of ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'DECISION_RENEWED', 'DECISION_COMMUNICATED'] as const) await anna.step(kase.id, type, type === 'DECISION_COMMUNICATED' ? { on: '2027-01-11' } : {});
    app.clock.set('2026-01-15T09:00:00Z');

    for (const user of [kalle, sven]) {
      const view = await user.get(`/api/cases/${kase.id}`);
      const history = await user.get(`/api/cases/${kase.id}/events`);
      const text = JSON.stringify(view.body) + JSON.stringify(history.body);
      expect(text).not.toMatch(/beroendemottagningen/i);
      expect(text).not.toContain('återfall');
      expect(view.body.process.externalConsents).toEqual([{ party: 'arbetsgivaren ab', area: 'kompetens_jobb' }]);
      expect(view.body.process).not.toHaveProperty('renewal');
      expect(view.body.process).not.toHaveProperty('consentDeclined');
      expect(view.body.process).not.toHaveProperty('externalContactCount');
      const types = (history.body.events as { type: string }[]).map((event) => event.type);
      for (const hidden of ['EXTERNAL_CONTACT_RECORDED', 'SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'DECISION_COMMUNICATED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED']) expect(types).not.toContain(hidden);
      expect(types).toContain('DECISION_RENEWED');
      // KC's part of the follow-up is KC's to read.
      expect(text).toContain('Behov av skuldrådgivning.');
    }
    // Naming the socialsekreterare's party as a contact: refused without listing her parties.
    const refused = await kalle.send(kase.id, 'EXTERNAL_CONTACT_RECORDED', { party: 'Beroendemottagningen Hisingen', summary: 'Ringde.' });
    expectClearRefusal(refused, 409);
    expect(JSON.stringify(refused.body)).not.toMatch(/beroendemottagningen/i);
    // The same answer as for a party no one has consent for: no oracle of the socialsekreterare's consents.
    const unknown = await kalle.send(kase.id, 'EXTERNAL_CONTACT_RECORDED', { party: 'Okänd Part', summary: 'Ringde.' });
    expect(unknown.status).toBe(409);
    expect(unknown.body.error).toEqual(refused.body.error);
    const nextSteps = (await kalle.get(`/api/cases/${kase.id}`)).body.nextSteps as { type: string; parties?: string[] }[];
    expect(nextSteps.find((step) => step.type === 'EXTERNAL_CONTACT_RECORDED')?.parties).toEqual(['arbetsgivaren ab']);
    // The guide says nothing about the renewal to KC.
    for (const user of [kalle, sven]) expect((await user.get(`/api/ui/cases/${kase.id}/guide`)).body).toEqual({ decisionBlockers: [], renewalBlockers: [], doneSteps: [] });
  });

  it('KC reads the avvikelser it reported, never whether the socialsekreterare has taken part of them: not in the history, not in the case view', async () => {
    const kase = await referral();
    const [anna, kalle, sven] = [await app.as('anna'), await app.as('kalle'), await app.as('sven')];
    await kalle.step(kase.id, 'AVVIKELSE_REPORTED');
    const unacknowledged = [JSON.stringify((await kalle.get(`/api/cases/${kase.id}`)).body.process), JSON.stringify((await sven.get(`/api/cases/${kase.id}`)).body.process)];
    await anna.step(kase.id, 'AVVIKELSE_ACKNOWLEDGED');
    for (const [index, user] of [kalle, sven].entries()) {
      const view = (await user.get(`/api/cases/${kase.id}`)).body;
      expect(view.process.avvikelser).toEqual({ count: 1, latest: { on: '2026-01-15', kind: 'franvaro', reportedAt: '2026-01-15T09:00:00.000Z' } });
      // Nothing in what KC is shown changed when she acknowledged it.
      expect(JSON.stringify(view.process)).toBe(unacknowledged[index]);
      const listed = ((await user.get('/api/cases?status=active')).body.cases as { id: string; process: { avvikelser: object } }[]).find((c) => c.id === kase.id)!;
      expect(listed.process.avvikelser).not.toHaveProperty('acknowledgedCount');
      expect(((await user.get(`/api/cases/${kase.id}/events`)).body.events as { type: string }[]).map((event) => event.type)).not.toContain('AVVIKELSE_ACKNOWLEDGED');
    }
    // The socialtjänst side still reads it.
    expect((await anna.get(`/api/cases/${kase.id}`)).body.process.avvikelser).toMatchObject({ count: 1, acknowledgedCount: 1 });
    expect((await (await app.as('fatima')).get(`/api/cases/${kase.id}`)).body.process.avvikelser).toMatchObject({ acknowledgedCount: 1 });
  });

  it('consent declined and withdrawn uppdrag: KC never reads the note, and reads the withdrawal only once the uppdrag was at KC', async () => {
    const anna = await app.as('anna');
    const created = await anna.createCase({ personnummer: personnummerFor('1984-06-06', (serial += 1)), name: 'Nekad Samtyckesson' });
    const id = created.body.id as string;
    for (const type of ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'ARBETSPLAN_UPDATED'] as const) await anna.step(id, type);
    await anna.step(id, 'KC_CONSENT_DECLINED', { note: 'Vill inte på grund av sin ångest.' });
    expect((await anna.send(id, 'DECISION_MADE')).status).toBe(409);
    await anna.step(id, 'KC_CONSENT_RECORDED');
    for (const type of ['DECISION_MADE', 'DECISION_COMMUNICATED', 'UPPDRAG_SENT', 'INSKRIVNING_BOOKED'] as const) await anna.step(id, type);
    const [kalle, sven] = [await app.as('kalle'), await app.as('sven')];
    await sven.step(id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
    await kalle.step(id, 'INSKRIVNING_MISSED');
    await anna.step(id, 'UPPDRAG_WITHDRAWN', { reason: 'Klienten svarar inte.' });
    for (const user of [kalle, sven]) {
      const text = JSON.stringify((await user.get(`/api/cases/${id}`)).body) + JSON.stringify((await user.get(`/api/cases/${id}/events`)).body);
      expect(text).not.toContain('ångest');
      expect(text).not.toContain('KC_CONSENT_DECLINED');
      expect(text).toContain('UPPDRAG_WITHDRAWN');
    }
    // The socialsekreterare's side is in; KC's is KC's. The consultant ends it, the referral is avbruten.
    expectClearRefusal(await anna.send(id, 'UPPDRAG_WITHDRAWN'), 409);
    expectClearRefusal(await anna.send(id, 'INSKRIVNING_CANCELLED_IN_GWA'), 403);
    const ended = await kalle.step(id, 'INSKRIVNING_CANCELLED_IN_GWA');
    expect(ended).toMatchObject({ status: 'avbruten', endReason: 'ingen_inskrivning' });
  });
});

describe('hostile input on the new events', () => {
  /** A running referral with two open disagreements (1 and 2), positions not yet in. */
  async function twoDisagreements() {
    const kase = await referral();
    await (await app.as('anna')).step(kase.id, 'DISAGREEMENT_RAISED', { topic: 'insats', description: 'Första.' });
    await (await app.as('kalle')).step(kase.id, 'DISAGREEMENT_RAISED', { topic: 'avslut', description: 'Andra.' });
    return kase;
  }

  it('a disagreementId that is not a number of the case is refused at the field (400) or as not open (409), and changes nothing', async () => {
    const kase = await twoDisagreements();
    const fatima = await app.as('fatima');
    const before = (await fatima.get(`/api/cases/${kase.id}`)).body;
    for (const disagreementId of ['1 OR 1=1', "1' OR '1'='1", '1; DROP TABLE "Case"; --', '0', '-1', '00', '01', '999999999', '1e3', '0x1', '１', '1\u0000', '1\u001b', '\u202e1', '', ' ', '1.0', '+1', '__proto__', 'constructor', 'x'.repeat(5000)]) {
      const response = await fatima.send(kase.id, 'DISAGREEMENT_POSITION_RECORDED', { disagreementId });
      expectClearRefusal(response, 400, JSON.stringify(disagreementId.slice(0, 20)));
      for (const issue of response.body.error.details as { path: string }[]) expect(issue.path).toBe('disagreementId');
    }
    for (const disagreementId of [1, -1, null, true, ['1'], { $gt: 0 }, { toString: '1' }]) {
      expectClearRefusal(await fatima.post(events(kase), { type: 'DISAGREEMENT_POSITION_RECORDED', position: 'x', disagreementId }), 400, JSON.stringify(disagreementId));
      expectClearRefusal(await fatima.post(events(kase), { type: 'DISAGREEMENT_RESOLVED', outcome: 'x', disagreementId }), 400, JSON.stringify(disagreementId));
    }
    // Well-formed but no open disagreement of this case (or not ready for the step): 409 with what is allowed.
    for (const disagreementId of ['3', '999999', '42']) {
      const response = await fatima.send(kase.id, 'DISAGREEMENT_POSITION_RECORDED', { disagreementId });
      expectClearRefusal(response, 409, disagreementId);
      expect(response.body.error.reason).toBe('not_allowed_in_state');
    }
    // Two are open: a position without a name is refused rather than given to one of them at random.
    expectClearRefusal(await fatima.send(kase.id, 'DISAGREEMENT_POSITION_RECORDED'), 409);
    // Not resolvable before both positions (even when named), and a resolved one cannot be named again.
    expectClearRefusal(await fatima.send(kase.id, 'DISAGREEMENT_RESOLVED', { disagreementId: '1' }), 409);
    const after = (await fatima.get(`/api/cases/${kase.id}`)).body;
    expect(after.version).toBe(before.version);
    expect(after.process.disagreements).toEqual(before.process.disagreements);
    // Leading and trailing white space is trimmed (as in every text field, before the control-character check): "\t2\n" names disagreement 2.
    const named = await fatima.step(kase.id, 'DISAGREEMENT_POSITION_RECORDED', { disagreementId: '\t2\n' });
    const [first, second] = (named.process as { disagreements: { positions: Record<string, unknown> }[] }).disagreements;
    expect(first!.positions.forste_socialsekreterare).toBeNull();
    expect(second!.positions.forste_socialsekreterare).not.toBeNull();
    expectClearRefusal(await fatima.send(kase.id, 'DISAGREEMENT_POSITION_RECORDED', { disagreementId: '2' }), 409);
    no500s();
  });

  it('malformed payloads of the new and changed events: wrong types, unknown fields, control characters, huge strings, invalid dates', async () => {
    const kase = await referral();
    const [anna, kalle] = [await app.as('anna'), await app.as('kalle')];
    const before = (await anna.get(`/api/cases/${kase.id}`)).body.version as number;
    const refusals: [UserSession, Record<string, unknown>][] = [
      [anna, { type: 'DISAGREEMENT_RAISED', description: 'x' }],
      [anna, { type: 'DISAGREEMENT_RAISED', topic: 'AVSLUT', description: 'x' }],
      [anna, { type: 'DISAGREEMENT_RAISED', topic: 'avslut', description: 'x', samverkansfraga: 'true' }],
      [anna, { type: 'DISAGREEMENT_RAISED', topic: 'avslut', description: 'x', samverkansfraga: 1 }],
      [anna, { type: 'DISAGREEMENT_RAISED', topic: 'avslut', description: 'x', disagreementId: '1' }],
      [anna, { type: 'DISAGREEMENT_RAISED', topic: 'avslut', description: 'x\u0000y' }],
      [anna, { type: 'DISAGREEMENT_RAISED', topic: 'avslut', description: '\ud800' }],
      [anna, { type: 'DISAGREEMENT_RAISED', topic: 'avslut', description: 'x'.repeat(4001) }],
      [anna, { type: 'DISAGREEMENT_RAISED', topic: 'avslut', description: '   ' }],
      [anna, { type: 'DISAGREEMENT_RAISED', topic: ['avslut'], description: 'x' }],
      [anna, { type: 'EXTERNAL_CONSENT_RECORDED', party: 'Vården' }],
      [anna, { type: 'EXTERNAL_CONSENT_RECORDED', party: 'Vården', area: 'all' }],
      [anna, { type: 'EXTERNAL_CONSENT_RECORDED', party: 'Vår\nden', area: 'socialt_halsa' }],
      [anna, { type: 'EXTERNAL_CONSENT_RECORDED', party: 'x'.repeat(201), area: 'socialt_halsa' }],
      [anna, { type: 'EXTERNAL_CONSENT_RECORDED', party: { name: 'x' }, area: 'socialt_halsa' }],
      [anna, { type: 'FOLLOW_UP_HELD', on: '2026-05-04', clientView: 'x', progression: 'y', kcNeedsOutsideUppdrag: 7 }],
      [anna, { type: 'FOLLOW_UP_HELD', on: '2026-02-30', clientView: 'x', progression: 'y' }],
      [anna, { type: 'KC_CONSENT_DECLINED' }],
      [anna, { type: 'PROTECTED_IDENTITY_MARKED', note: 'x', protectedIdentity: false }],
      [anna, { type: 'AVVIKELSE_ACKNOWLEDGED', count: 99 }],
      [anna, { type: 'AVVIKELSE_ACKNOWLEDGED', acknowledgedCount: 0 }],
      [anna, { type: 'UPPDRAG_WITHDRAWN', reason: null }],
      [kalle, { type: 'AVVIKELSE_REPORTED', on: '2026-13-01', kind: 'franvaro', summary: 'x' }],
      [kalle, { type: 'AVVIKELSE_REPORTED', on: '2026-05-20', kind: 'sjuk', summary: 'x' }],
      [kalle, { type: 'AVVIKELSE_REPORTED', on: '20260520', kind: 'franvaro', summary: 'x' }],
      [kalle, { type: 'AVVIKELSE_REPORTED', on: '2026-05-20', kind: 'franvaro', summary: 'x', reportedBy: 'sven' }],
      [kalle, { type: 'AVVIKELSE_REPORTED', on: '2026-05-20', kind: 'franvaro', summary: 'x', meta: { role: 'system', actorId: 'system' } }],
      [kalle, { type: 'INSKRIVNING_RESCHEDULED', at: '2026-02-05', reason: 'x' }],
      [kalle, { type: 'INSKRIVNING_CANCELLED_IN_GWA', reason: ['x'] }],
      [kalle, { type: 'THREE_PARTY_MEETING_NOT_HELD', reason: '' }],
    ];
    for (const [user, body] of refusals) expectClearRefusal(await user.post(events(kase), body), 400, JSON.stringify(body).slice(0, 120));
    for (const json of [
      '{"type":"AVVIKELSE_ACKNOWLEDGED","__proto__":{"acknowledgedCount":0}}',
      '{"type":"AVVIKELSE_ACKNOWLEDGED","constructor":{"prototype":{"polluted":true}}}',
      '{"type":"DISAGREEMENT_RAISED","topic":"avslut","description":"x","__proto__":{"samverkansfraga":true}}',
      '{"type":"EXTERNAL_CONSENT_RECORDED","party":"x","__proto__":{"area":"kompetens_jobb"}}',
      '{"type":"DISAGREEMENT_RAISED","topic":"avslut","description":"x","samverkansfraga":true,"samverkansfraga":"ja"}',
    ]) {
      expectClearRefusal(await raw(anna, events(kase), json), 400, json);
    }
    // A body over the limit: 413 with a reason, not a 500.
    const huge = await anna.post(events(kase), { type: 'DISAGREEMENT_RAISED', topic: 'avslut', description: 'x'.repeat(200_000) });
    expectClearRefusal(huge, 413);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await anna.get(`/api/cases/${kase.id}`)).body.version).toBe(before);
    no500s();
  });

  it('odd case ids on the event route answer 404 (or 400) in Swedish, whatever the new event', async () => {
    const anna = await app.as('anna');
    for (const id of ['1 OR 1=1', '0', '-1', '999999999', '%00', '..%2F..%2Fsamverkansfragor', '%E2%80%AE', '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', encodeURIComponent('x'.repeat(2000))]) {
      for (const body of [{ type: 'AVVIKELSE_ACKNOWLEDGED' }, { type: 'DISAGREEMENT_POSITION_RECORDED', position: 'x', disagreementId: '1' }, { type: 'PROTECTED_IDENTITY_MARKED' }]) {
        const response = await anna.post(`/api/cases/${id}/events`, body);
        expect([400, 404], `${id} ${body.type}`).toContain(response.status);
        expect(response.body.error?.message ?? '', id).toMatch(/[a-zåäö]{3}/i);
      }
    }
    no500s();
  });

  it('If-Match and Idempotency-Key on the new events: stale 412, malformed 400, a key replayed with another body 422, the same body once', async () => {
    const kase = await referral();
    const [anna, kalle] = [await app.as('anna'), await app.as('kalle')];
    const view = (await kalle.get(`/api/cases/${kase.id}`)).body;
    const report = { type: 'AVVIKELSE_REPORTED', on: '2026-01-15', kind: 'franvaro', summary: 'Borta.' };
    expectClearRefusal(await kalle.post(events(kase), report).set('If-Match', `"${view.version - 1}"`), 412);
    for (const header of ['"1 OR 1=1"', '"-1"', 'W/', '*', '"9999999999"', '"1", "2"']) {
      expectClearRefusal(await kalle.post(events(kase), report).set('If-Match', header), 400, header);
    }
    for (const key of ['a b', 'k\u00e4y', 'x'.repeat(201), '../../etc', '', '1 OR 1=1']) {
      expectClearRefusal(await kalle.post(events(kase), report).set('Idempotency-Key', key), 400, key);
    }
    const first = await kalle.post(events(kase), report).set('Idempotency-Key', 'avvikelse-1');
    expect(first.status).toBe(200);
    const again = await kalle.post(events(kase), report).set('Idempotency-Key', 'avvikelse-1');
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(first.body.version);
    expectClearRefusal(await kalle.post(events(kase), { ...report, summary: 'Något annat.' }).set('Idempotency-Key', 'avvikelse-1'), 422);
    // The socialsekreterare's acknowledgement with the consultant's key is her own request, not his replay.
    const acknowledged = await anna.post(events(kase), { type: 'AVVIKELSE_ACKNOWLEDGED' }).set('Idempotency-Key', 'avvikelse-1');
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body.process.avvikelser).toMatchObject({ count: 1, acknowledgedCount: 1 });
    // Acknowledging again, nothing left: 409 (not a second event).
    expectClearRefusal(await anna.send(kase.id, 'AVVIKELSE_ACKNOWLEDGED'), 409);
    no500s();
  });
});

describe('personal data in e-mails, the samverkansfrågor, logs, Att göra, KC’s queue and history', () => {
  it('a client marked protected later through POST /api/clients leaves the consultants’ queue, is masked in every list and KC view, and the marking is not in KC’s history', async () => {
    const NAME = 'Senare Skyddadsson';
    const kase = await referral({ name: NAME, assign: false });
    const digits = kase.personnummer.replace('-', '');
    const secrets = [NAME, 'Skyddadsson', kase.personnummer, digits, digits.slice(2)];
    const [anna, kalle, kim, sven, fatima] = [await app.as('anna'), await app.as('kalle'), await app.as('kim'), await app.as('sven'), await app.as('fatima')];
    const queued = async (user: UserSession) => ((await user.get('/api/kc/queue')).body.queue as { id: string }[]).map((entry) => entry.id);
    expect(await queued(kalle)).toContain(kase.id);

    const marked = await anna.post('/api/clients', { personnummer: kase.personnummer, name: kase.name, protectedIdentity: true });
    expect(marked.status, JSON.stringify(marked.body)).toBe(200);
    expect(marked.body).toEqual({ created: false, client: { id: kase.clientId, protectedIdentity: true } });
    const annaView = (await anna.get(`/api/cases/${kase.id}`)).body;
    expect(annaView.client).toMatchObject({ protectedIdentity: true, masked: false, name: NAME });
    expect(annaView.process.protectedIdentity).toBe(true);
    // Marked once: again is no second event.
    expect((await anna.post('/api/clients', { personnummer: kase.personnummer, name: kase.name, protectedIdentity: true })).status).toBe(200);
    const markings = ((await anna.get(`/api/cases/${kase.id}/events`)).body.events as { type: string; actor: { id: string } }[]).filter((event) => event.type === 'PROTECTED_IDENTITY_MARKED');
    expect(markings.map((event) => event.actor.id)).toEqual(['system']);
    // Loggkontroll by the case finds who marked it: the request that wrote the case is logged with the case.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const audit = await fatima.get(`/api/audit?caseId=${kase.id}`);
    expect(audit.body.entries).toContainEqual(expect.objectContaining({ userId: 'anna', action: 'write', resource: 'client.protected-identity-marked' }));
    expectClearRefusal(await anna.send(kase.id, 'PROTECTED_IDENTITY_MARKED'), 409);

    // Not in a consultant's queue any more, and no consultant can take it.
    expect(await queued(kalle)).not.toContain(kase.id);
    expect(await queued(kim)).not.toContain(kase.id);
    expect(await queued(sven)).toContain(kase.id);
    expectClearRefusal(await kim.send(kase.id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kim' }), 404);
    await sven.step(kase.id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
    await kalle.step(kase.id, 'INSKRIVNING_HELD');
    await kalle.step(kase.id, 'AVVIKELSE_REPORTED');
    await kalle.step(kase.id, 'DISAGREEMENT_RAISED', { topic: 'insats', description: 'Om aktiviteterna.', samverkansfraga: true });

    const kcHistory = (await kalle.get(`/api/cases/${kase.id}/events`)).body.events as { type: string }[];
    expect(kcHistory.map((event) => event.type)).not.toContain('PROTECTED_IDENTITY_MARKED');
    const seen: string[] = [];
    for (const [user, paths] of [
      [kalle, [`/api/cases/${kase.id}`, `/api/cases/${kase.id}/events`, '/api/cases', '/api/deadlines?mine=false', '/api/kc/queue', `/api/clients/${kase.clientId}`]],
      [sven, ['/api/cases', '/api/cases?status=active', '/api/deadlines?mine=false', '/api/kc/queue', '/api/samverkansfragor', `/api/cases/${kase.id}/events`]],
      // Att göra: the socialsekreterare's and the 1:e's lists (the avvikelse and the disagreement waiting) mask the name too.
      [anna, ['/api/cases', '/api/cases?status=active', '/api/deadlines', '/api/deadlines?mine=false', `/api/cases/${kase.id}/events`]],
      [fatima, ['/api/cases', '/api/cases?status=active', '/api/deadlines?mine=false', '/api/samverkansfragor', `/api/cases/${kase.id}`, `/api/cases/${kase.id}/events`]],
    ] as const) {
      for (const path of paths) seen.push(JSON.stringify((await user.get(path)).body));
    }
    const annaList = ((await anna.get('/api/cases?status=active')).body.cases as { id: string; allowedEvents: string[]; client: { masked: boolean } }[]).find((view) => view.id === kase.id)!;
    expect(annaList.allowedEvents).toContain('AVVIKELSE_ACKNOWLEDGED');
    expect(annaList.client.masked).toBe(true);
    const fatimaList = ((await fatima.get('/api/cases?status=active')).body.cases as { id: string; allowedEvents: string[] }[]).find((view) => view.id === kase.id)!;
    expect(fatimaList.allowedEvents).toContain('DISAGREEMENT_POSITION_RECORDED');

    await sven.post('/api/dev/scheduler/run');
    const outbox = await app.database.prisma.outboxMessage.findMany();
    const everything = [...seen, ...smtp.messages.map((mail) => mail.raw), JSON.stringify(outbox, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)), ...app.logLines].join('\n');
    for (const secret of secrets) expect(everything.includes(secret), secret).toBe(false);
    expect(smtp.messages.some((mail) => mail.parsed.subject?.startsWith('Avvikelse rapporterad') && mail.parsed.subject.includes(kase.reference))).toBe(true);
  });

  it('KC’s reminders of a client marked protected later go to the samordnare, not the assigned consultant (Bilaga 1)', async () => {
    const kase = await referral({ name: 'Påminda Skyddsdotter' });
    const anna = await app.as('anna');
    expect((await anna.post('/api/clients', { personnummer: kase.personnummer, name: kase.name, protectedIdentity: true })).status).toBe(200);
    // The genomförandeplan (the consultant's duty, due 14 days after the start) is reminded three working days before.
    app.clock.set('2026-02-16T08:00:00Z');
    try {
      await app.stegvis.scheduler.sweepOnce();
    } finally {
      app.clock.set('2026-01-15T09:00:00Z');
    }
    const reminders = await app.database.prisma.notification.findMany({ where: { caseId: kase.id, kind: 'paminnelse' }, select: { recipientUserId: true, data: true } });
    const plan = reminders.filter((row) => (row.data as { deadlineKind?: string }).deadlineKind === 'genomforandeplan_upprattad').map((row) => row.recipientUserId);
    expect(plan).toEqual(['sven']);
    // Her own duties still reach the socialsekreterare; the consultant keeps the duty on his list, masked.
    const kalleList = ((await (await app.as('kalle')).get('/api/deadlines?mine=true')).body.deadlines as { case: { id: string; client: { masked: boolean } } }[]).filter((d) => d.case.id === kase.id);
    expect(kalleList.length).toBeGreaterThan(0);
    for (const deadline of kalleList) expect(deadline.case.client.masked).toBe(true);
  });

  it('an invitation still unsent to the consultant when the client is marked protected goes to the samordnare instead (Bilaga 1)', async () => {
    const kase = await referral({ name: 'Bjuden Skyddsson', held: false });
    const [anna, kalle] = [await app.as('anna'), await app.as('kalle')];
    await kalle.step(kase.id, 'INSKRIVNING_RESCHEDULED', { at: '2026-02-17T09:00:00+01:00' });
    const invitations = async () =>
      (await app.database.prisma.notification.findMany({ where: { caseId: kase.id, kind: 'kallelse' }, select: { recipientUserId: true, status: true, data: true } }))
        .filter((row) => (row.data as { at?: string }).at === '2026-02-17T09:00:00+01:00')
        .map((row) => `${row.recipientUserId}:${row.status}`)
        .sort();
    expect(await invitations()).toEqual(['anna:pending', 'kalle:pending']);
    expect((await anna.post('/api/clients', { personnummer: kase.personnummer, name: kase.name, protectedIdentity: true })).status).toBe(200);
    expect(await invitations()).toEqual(['anna:pending', 'kalle:cancelled', 'sven:pending']);
    // And the same when the socialsekreterare marks it on the referral.
    const other = await referral({ name: 'Bjuden Igen', held: false });
    await kalle.step(other.id, 'INSKRIVNING_RESCHEDULED', { at: '2026-02-18T09:00:00+01:00' });
    await anna.step(other.id, 'PROTECTED_IDENTITY_MARKED');
    const rows = await app.database.prisma.notification.findMany({ where: { caseId: other.id, kind: 'kallelse', status: 'pending' }, select: { recipientUserId: true, data: true } });
    expect(rows.filter((row) => (row.data as { at?: string }).at === '2026-02-18T09:00:00+01:00').map((row) => row.recipientUserId).sort()).toEqual(['anna', 'sven']);
  });

  it('e-mails of an avvikelse and a disagreement carry neither the client, the summary nor the description; the samverkansfrågor list no text at all', async () => {
    const NAME = 'Mejla Mejlsdotter';
    const kase = await referral({ name: NAME });
    const [anna, kalle, fatima, sven] = [await app.as('anna'), await app.as('kalle'), await app.as('fatima'), await app.as('sven')];
    const SUMMARY = 'Var berusad på praktikplatsen';
    const DESCRIPTION = 'Socialsekreteraren anser att klientens psykiska ohälsa';
    const POSITION = 'Enhetens ståndpunkt om diagnosen';
    const OUTCOME = 'Beslut: fortsätt med anpassning för depression';
    smtp.setTag(kase.id);
    await kalle.step(kase.id, 'AVVIKELSE_REPORTED', { summary: SUMMARY });
    await anna.step(kase.id, 'DISAGREEMENT_RAISED', { topic: 'annat', description: DESCRIPTION, samverkansfraga: true });
    await fatima.step(kase.id, 'DISAGREEMENT_POSITION_RECORDED', { position: POSITION });
    await sven.step(kase.id, 'DISAGREEMENT_POSITION_RECORDED', { position: POSITION });
    await fatima.step(kase.id, 'DISAGREEMENT_RESOLVED', { outcome: OUTCOME });
    await fatima.post('/api/dev/scheduler/run');
    const mails = smtp.messages.filter((mail) => mail.tag === kase.id && mail.raw.includes(kase.reference));
    const notices = mails.filter((mail) => /^(Avvikelse|Oenighet)/.test(mail.parsed.subject ?? ''));
    expect(notices.map((mail) => mail.to.join()).sort()).toEqual(['anna@stegvis.local', 'fatima@stegvis.local', 'sven@stegvis.local']);
    const digits = kase.personnummer.replace('-', '');
    for (const mail of mails) {
      const text = [mail.raw, mail.parsed.text ?? '', String(mail.parsed.html)].join('\n');
      for (const secret of [NAME, 'Mejlsdotter', digits, digits.slice(2), kase.personnummer, SUMMARY, DESCRIPTION, 'berusad', 'psykiska']) expect(text, secret).not.toContain(secret);
    }
    for (const user of [fatima, sven]) {
      const list = await user.get('/api/samverkansfragor');
      expect(list.status).toBe(200);
      const entry = (list.body.samverkansfragor as Record<string, unknown>[]).find((question) => question.caseId === kase.id);
      expect(entry).toEqual({ caseId: kase.id, reference: kase.reference, unit: 'SF Nordost', disagreementId: '1', topic: 'annat', raisedOn: '2026-01-15', resolvedOn: '2026-01-15' });
      const text = JSON.stringify(list.body);
      for (const secret of [NAME, DESCRIPTION, POSITION, OUTCOME, kase.clientId, digits.slice(2)]) expect(text).not.toContain(secret);
    }
    // The log has the route patterns, not what was typed.
    const logs = app.logLines.join('\n');
    for (const secret of [SUMMARY, DESCRIPTION, POSITION, OUTCOME, NAME, digits]) expect(logs).not.toContain(secret);
    // The read of the list is in the access log with the case it named.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const logged = await app.database.prisma.accessLog.findFirst({ where: { userId: 'sven', resource: 'samverkansfragor' }, orderBy: { id: 'desc' } });
    expect(logged?.caseIds).toContain(kase.id);
  });

  it('an uppdragsbeskrivning names only the own referral after its decision: another unit’s case and a random id answer alike, a malformed id at the field', async () => {
    const anna = await app.as('anna');
    const created = await anna.createCase({ personnummer: personnummerFor('1984-06-06', (serial += 1)), name: 'Uppdrag Utan Beslut' });
    const [id, clientId] = [created.body.id as string, created.body.client.id as string];
    const others = await referral({ owner: 'bo', held: false });
    const create = (caseId: unknown) => anna.post(`/api/clients/${clientId}/assessment/events`, { type: 'UPPDRAGSBESKRIVNING_CREATED', caseId });
    // Before the decision: not possible, and the client page says why.
    const before = await create(id);
    expectClearRefusal(before, 409);
    expect(JSON.stringify(before.body.error.details)).toContain('caseId');
    const page = (await anna.get(`/api/clients/${clientId}`)).body.referrals as { id: string; uppdragsbeskrivning: { possible: boolean; reasons: { code: string; text: string }[] } }[];
    expect(page.find((r) => r.id === id)!.uppdragsbeskrivning.possible).toBe(false);
    expect(page.find((r) => r.id === id)!.uppdragsbeskrivning.reasons.length).toBeGreaterThan(0);
    // Another unit's referral, another client's, a random one: the same 404 (no oracle of existence).
    const foreign = await create(others.id);
    const random = await create('8a6e0f43-3c2a-4c8e-9d1b-2f0f6f1d9a11');
    expectClearRefusal(foreign, 404);
    expectClearRefusal(random, 404);
    expect(foreign.body.error).toEqual(random.body.error);
    for (const caseId of ['1 OR 1=1', '', 7, null, [id], { id }, `${id}\u0000`]) expectClearRefusal(await create(caseId), 400, JSON.stringify(caseId));
    // What the service adds (the decision date, the new document's id) cannot be sent: a date before the decision opens nothing.
    for (const extra of [{ referralDecisionDate: '2026-01-01' }, { documentId: '8a6e0f43-3c2a-4c8e-9d1b-2f0f6f1d9a11' }, { meta: { role: 'system' } }]) {
      const injected = await anna.post(`/api/clients/${clientId}/assessment/events`, { type: 'UPPDRAGSBESKRIVNING_CREATED', caseId: id, ...extra });
      expectClearRefusal(injected, 400, JSON.stringify(extra));
    }
    expect(((await anna.get(`/api/clients/${clientId}`)).body.uppdragsbeskrivningar as unknown[]).length).toBe(0);
    no500s();
  });

  it('the samverkansfrågor route: other methods and odd paths answer 404 in Swedish; what a query string carries never reaches the log', async () => {
    const fatima = await app.as('fatima');
    const PNR = personnummerFor('1984-06-06', 999);
    for (const response of [
      await fatima.post('/api/samverkansfragor', { caseId: 'x' }),
      await app.http.put('/api/samverkansfragor').set('Authorization', `Bearer ${fatima.token}`).send({}),
      await app.http.delete('/api/samverkansfragor').set('Authorization', `Bearer ${fatima.token}`),
      await fatima.get('/api/samverkansfragor/1'),
      await fatima.get('/api/samverkansfragor/..%2Fcases'),
    ]) {
      expect([404, 405]).toContain(response.status);
      expect(response.body.error?.message ?? '').toMatch(/[a-zåäö]{3}/i);
    }
    expect((await fatima.get(`/api/samverkansfragor?personnummer=${PNR}&namn=Hemlig%20Hemligsson`)).status).toBe(200);
    expect((await app.http.get('/api/samverkansfragor')).status).toBe(401);
    const logs = app.logLines.join('\n');
    for (const secret of [PNR, PNR.replace('-', ''), 'Hemligsson']) expect(logs).not.toContain(secret);
    no500s();
  });

  it('KC reads the uppdragsbeskrivning as sent, not the drafts before it (what the socialsekreterare wrote and took out stays hers)', async () => {
    const anna = await app.as('anna');
    const created = await anna.createCase({ personnummer: personnummerFor('1984-06-06', (serial += 1)), name: 'Utkast Utkastsson' });
    const [id, clientId] = [created.body.id as string, created.body.client.id as string];
    for (const type of TO_BOOKED.slice(0, TO_BOOKED.indexOf('DECISION_COMMUNICATED') + 1)) await anna.step(id, type);
    const assess = (body: object) => anna.post(`/api/clients/${clientId}/assessment/events`, body);
    const made = await assess({ type: 'UPPDRAGSBESKRIVNING_CREATED', caseId: id });
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    const documentId = (made.body.documents as { id: string; kind: string }[]).find((d) => d.kind === 'uppdragsbeskrivning')!.id;
    const draft = { arbetslivserfarenhet: 'Lager.', kompetens: 'Gymnasium.', halsa: 'Utkast: bipolär sjukdom, inlagd i höstas.', behovAvInsats: 'Jobbsök.', egenBedomning: 'Redo.' };
    const sent = { ...draft, halsa: 'Hälsan begränsar inte arbete på heltid.' };
    for (const content of [draft, sent]) expect((await assess({ type: 'UPPDRAGSBESKRIVNING_REVISED', documentId, content })).status).toBe(200);
    for (const type of ['UPPDRAG_SENT', 'INSKRIVNING_BOOKED'] as const) await anna.step(id, type);
    const [sven, kalle] = [await app.as('sven'), await app.as('kalle')];
    await sven.step(id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
    for (const user of [kalle, sven]) {
      const document = await user.get(`/api/clients/${clientId}/uppdragsbeskrivningar/${documentId}`);
      expect(document.status).toBe(200);
      expect(document.body.current).toEqual(sent);
      expect((document.body.versions as { content: unknown }[]).map((version) => version.content)).toEqual([sent]);
      expect(JSON.stringify(document.body)).not.toContain('bipolär');
      expect(JSON.stringify((await user.get(`/api/clients/${clientId}`)).body)).not.toContain('bipolär');
    }
    // The socialsekreterare keeps every version.
    expect(((await anna.get(`/api/clients/${clientId}/uppdragsbeskrivningar/${documentId}`)).body.versions as unknown[]).length).toBeGreaterThanOrEqual(3);
  });

  it('the uppdragsbeskrivning’s possibility on the client page says nothing of an assessment KC may not see', async () => {
    const kase = await referral();
    const kalle = await app.as('kalle');
    const client = await kalle.get(`/api/clients/${kase.clientId}`);
    expect(client.status).toBe(200);
    expect(client.body.assessment).toBeNull();
    for (const referralView of client.body.referrals as { uppdragsbeskrivning: { possible: boolean } }[]) expect(referralView.uppdragsbeskrivning.possible).toBe(false);
    expectClearRefusal(await kalle.post(`/api/clients/${kase.clientId}/assessment/events`, { type: 'UPPDRAGSBESKRIVNING_CREATED', caseId: kase.id }), 404);
    expectClearRefusal(await (await app.as('bo')).get(`/api/clients/${kase.clientId}`), 404);
    no500s();
  });
});
