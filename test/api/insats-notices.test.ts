/**
 * What the running insats tells people at once (process.md §4, §5), through the real API and the outbox:
 * an avvikelse reported by KC stays before the socialsekreterare until she has taken part of it and reaches her
 * by e-mail; a disagreement raised reaches both managers by e-mail and waits on the 1:e socialsekreterare for her
 * position. No e-mail carries the client, the summary or the description.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personnummerFor, startTestApp, type TestApp } from '../support/test-app';

const NAME = 'Avvi Kelsesson';
let app: TestApp;
let caseId = '';
let reference = '';

beforeAll(async () => {
  app = await startTestApp({ now: '2026-03-02T08:00:00Z' });
  const anna = await app.as('anna');
  const created = await anna.createCase({ personnummer: personnummerFor('1979-04-04', 3), name: NAME });
  caseId = created.body.id;
  reference = created.body.reference;
  for (const type of ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED', 'DECISION_MADE', 'DECISION_COMMUNICATED', 'UPPDRAG_SENT', 'INSKRIVNING_BOOKED'] as const) {
    // The inskrivning is booked ahead of the clock (docs/process.md "Plausible dates").
    await anna.step(caseId, type, type === 'INSKRIVNING_BOOKED' ? { at: '2026-03-03T09:00:00+01:00' } : {});
  }
  const kalle = await app.as('kalle');
  await kalle.step(caseId, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
  await kalle.step(caseId, 'INSKRIVNING_HELD');
});
afterAll(async () => {
  await app.close();
});

type Message = { to: string; subject: string; text: string; html: string };
const outboxOf = async (username: string) => (await (await app.as(username)).get('/api/outbox')).body.messages as Message[];

describe('an avvikelse', () => {
  it('[insats.avvikelse-until-acknowledged] stays on the socialsekreterare’s list until she has taken part of it, and reaches her by e-mail without personal data', async () => {
    const anna = await app.as('anna');
    const kalle = await app.as('kalle');
    expect((await anna.send(caseId, 'AVVIKELSE_REPORTED')).status).toBe(403);
    await kalle.step(caseId, 'AVVIKELSE_REPORTED', { on: '2026-03-01', kind: 'franvaro', summary: 'Borta hela veckan, sjuk enligt egen uppgift.' });

    const waiting = ((await anna.get('/api/cases?status=active')).body.cases as { id: string; allowedEvents: string[]; process: { avvikelser: { count: number; latest: { kind: string } } } }[]).find((view) => view.id === caseId)!;
    expect(waiting.allowedEvents).toContain('AVVIKELSE_ACKNOWLEDGED');
    expect(waiting.process.avvikelser).toMatchObject({ count: 1, acknowledgedCount: 0, latest: { on: '2026-03-01', kind: 'franvaro' } });

    await anna.post('/api/dev/scheduler/run');
    const mail = (await outboxOf('anna')).filter((message) => message.subject.startsWith('Avvikelse rapporterad'));
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toBe(`Avvikelse rapporterad – ärende ${reference}`);
    expect(mail[0]!.text).toContain(`/arenden/${caseId}`);
    for (const part of [NAME, 'sjuk', 'Borta']) expect(JSON.stringify(mail)).not.toContain(part);
    // Not to KC, who reported it.
    expect((await outboxOf('kalle')).filter((message) => message.subject.startsWith('Avvikelse'))).toEqual([]);

    const acknowledged = await anna.step(caseId, 'AVVIKELSE_ACKNOWLEDGED');
    expect(acknowledged.allowedEvents).not.toContain('AVVIKELSE_ACKNOWLEDGED');
    expect((acknowledged.process as { avvikelser: unknown }).avvikelser).toMatchObject({ count: 1, acknowledgedCount: 1 });
    // KC sees the avvikelse it reported, not that the socialsekreterare took part of it.
    const kcHistory = ((await kalle.get(`/api/cases/${caseId}/events`)).body.events as { type: string }[]).map((event) => event.type);
    expect(kcHistory).toContain('AVVIKELSE_REPORTED');
    expect(kcHistory).not.toContain('AVVIKELSE_ACKNOWLEDGED');
  });
});

describe('a disagreement', () => {
  it('[oenighet.managers-told-at-once] reaches both managers by e-mail at once, without the description, and waits on the 1:e socialsekreterare’s position', async () => {
    const kalle = await app.as('kalle');
    const fatima = await app.as('fatima');
    await kalle.step(caseId, 'DISAGREEMENT_RAISED', { topic: 'avslut', description: 'Klienten vill sluta, socialsekreteraren inte.', samverkansfraga: false });
    await fatima.post('/api/dev/scheduler/run');
    for (const manager of ['fatima', 'sven']) {
      const mail = (await outboxOf(manager)).filter((message) => message.subject.startsWith('Oenighet'));
      expect(mail, manager).toHaveLength(1);
      expect(mail[0]!.subject).toBe(`Oenighet lyft till dig – ärende ${reference}`);
      expect(mail[0]!.text).toContain('avslut av insatsen');
      for (const part of [NAME, 'Klienten vill', 'socialsekreteraren inte']) expect(JSON.stringify(mail)).not.toContain(part);
    }
    // Not to another unit's 1:e socialsekreterare, nor to the parties themselves.
    for (const other of ['gustav', 'anna', 'kalle']) expect((await outboxOf(other)).filter((message) => message.subject.startsWith('Oenighet')), other).toEqual([]);

    const view = (await fatima.get(`/api/cases/${caseId}`)).body;
    expect(view.allowedEvents).toContain('DISAGREEMENT_POSITION_RECORDED');
    expect(view.process.disagreements).toMatchObject([{ id: '1', topic: 'avslut', raisedBy: 'arbetsmarknadskonsulent', resolved: null }]);
  });
});
