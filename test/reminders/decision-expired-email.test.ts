/**
 * An expired decision e-mails the responsible socialsekreterare, once, through a real SMTP conversation:
 * the scheduler's sweep sends DECISION_EXPIRED, the transition queues the e-mail in the Notification ledger,
 * and the same sweep sends it. Later sweeps send nothing more. No personal data in it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink } from '../support/smtp-sink';
import { personnummerFor, startTestApp, type TestApp } from '../support/test-app';

const NAME = 'Ebba Utgången';
const PERSONNUMMER = personnummerFor('1979-09-09', 321);
const SUBJECT = /^Beslutet har gått ut – ärende KC-\d{6}$/;

let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let app: TestApp;
let reference = '';
let caseId = '';

beforeAll(async () => {
  smtp = await startSmtpSink();
  app = await startTestApp({ now: '2026-01-15T09:00:00Z', env: { SMTP_URL: smtp.url, PUBLIC_BASE_URL: 'https://stegvis.example' } });
  const anna = await app.as('anna');
  const created = await anna.createCase({ personnummer: PERSONNUMMER, name: NAME });
  caseId = created.body.id;
  reference = created.body.reference;
  for (const type of ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED', 'DECISION_MADE', 'DECISION_COMMUNICATED', 'UPPDRAG_SENT', 'INSKRIVNING_BOOKED'] as const) {
    await anna.step(caseId, type);
  }
  const kalle = await app.as('kalle');
  await kalle.step(caseId, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
  await kalle.step(caseId, 'INSKRIVNING_HELD');
}, 600_000);

afterAll(async () => {
  await app?.close();
  await smtp?.close();
});

const expiryMails = () => smtp.messages.filter((mail) => SUBJECT.test(mail.parsed.subject ?? ''));

describe('an expired decision', () => {
  it('[insats.decision-expiry-told] e-mails the responsible socialsekreterare once, without personal data', async () => {
    // The decision runs 1 February 2026 – 31 January 2027: on its last day nothing is sent.
    app.clock.set('2027-01-31T06:00:00Z');
    smtp.setTag('2027-01-31');
    await app.stegvis.scheduler.sweepOnce();
    expect(expiryMails()).toEqual([]);

    app.clock.set('2027-02-01T06:00:00Z');
    smtp.setTag('2027-02-01');
    const report = await app.stegvis.scheduler.sweepOnce();
    expect(report.decisionsExpired).toBe(1);
    expect((await (await app.as('anna')).get(`/api/cases/${caseId}`)).body.state).toBe('pagaende.beslut_utgatt');
    const [mail, ...more] = expiryMails();
    expect(more).toEqual([]);
    expect(mail?.to).toEqual(['anna@stegvis.local']);
    expect(mail?.tag).toBe('2027-02-01');
    expect(mail?.parsed.subject).toBe(`Beslutet har gått ut – ärende ${reference}`);
    expect(mail?.parsed.text).toContain(`Beslutet om insats i ärende ${reference} har gått ut (sista dag 31 januari 2027) utan att förnyas.`);
    expect(mail?.parsed.text).toContain('Fatta ett förnyat beslut eller avsluta insatsen');
    expect(mail?.parsed.text).toContain(`https://stegvis.example/arenden/${caseId}`);
    for (const secret of [NAME, 'Ebba', PERSONNUMMER, PERSONNUMMER.slice(2)]) {
      for (const part of [mail?.raw, mail?.parsed.text, String(mail?.parsed.html)]) expect(part).not.toContain(secret);
    }

    // Later sweeps, here and on the days after, send it no more.
    await app.stegvis.scheduler.sweepOnce();
    for (const day of ['2027-02-02', '2027-02-03']) {
      app.clock.set(`${day}T06:00:00Z`);
      smtp.setTag(day);
      await app.stegvis.scheduler.sweepOnce();
    }
    expect(expiryMails()).toHaveLength(1);
  }, 60_000);
});
