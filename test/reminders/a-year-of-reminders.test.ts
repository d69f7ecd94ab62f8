/**
 * One referral through a whole year, against a real SMTP server on loopback:
 * the scheduler sweeps every morning; every reminder arrives once, on its day,
 * to the right person; a skipped step escalates; the decision expires when it
 * is not renewed; and no e-mail carries the client's name or personnummer.
 */
import { addDays, format, parseISO } from 'date-fns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personnummerFor, startTestApp, type TestApp } from '../support/test-app';
import { startSmtpSink, type ReceivedMail } from '../support/smtp-sink';

const CLIENT_NAME = 'Zlatana Unikasdotter';
const PERSONNUMMER = personnummerFor('1966-09-23', 42);

let app: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let caseId = '';
let finalState = '';

/** What the test does on a given day, after that morning's sweep. */
type DayAction = () => Promise<void>;

beforeAll(async () => {
  smtp = await startSmtpSink();
  app = await startTestApp({ now: '2026-01-15T06:00:00Z', env: { SMTP_URL: smtp.url, PUBLIC_BASE_URL: 'https://stegvis.example' } });
  const anna = await app.as('anna');
  const kalle = await app.as('kalle');

  const actions: Record<string, DayAction> = {
    '2026-01-15': async () => {
      const created = await anna.createCase({ personnummer: PERSONNUMMER, name: CLIENT_NAME });
      caseId = created.body.id;
      for (const type of ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED'] as const) {
        await anna.step(caseId, type);
      }
      await anna.step(caseId, 'DECISION_MADE', { decisionDate: '2026-01-15', validFrom: '2026-02-01' }); // valid until 2027-01-31
      await anna.step(caseId, 'DECISION_COMMUNICATED', { on: '2026-01-15' });
      await anna.step(caseId, 'UPPDRAG_SENT');
      // KC's samordnare assigns kalle: KC's invitations and reminders go to him from now on.
      await (await app.as('sven')).step(caseId, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
      await anna.step(caseId, 'INSKRIVNING_BOOKED', { at: '2026-02-03T09:00:00+01:00', place: 'KC Angered, Angereds torg 9', interpreter: false });
    },
    '2026-02-03': async () => {
      await kalle.step(caseId, 'INSKRIVNING_HELD', { firstFollowUpAt: '2026-04-30T10:00:00+02:00' });
    },
    // The genomförandeplan is 8 days late: reminded, due, escalated, then done.
    '2026-02-25': async () => {
      await kalle.step(caseId, 'GENOMFORANDEPLAN_ESTABLISHED');
    },
    '2026-04-30': async () => {
      await anna.step(caseId, 'FOLLOW_UP_HELD', { on: '2026-04-30' });
    },
    '2026-07-01': async () => {
      await anna.step(caseId, 'FOLLOW_UP_BOOKED', { at: '2026-07-28T10:00:00+02:00' });
    },
    '2026-07-28': async () => {
      await anna.step(caseId, 'FOLLOW_UP_HELD', { on: '2026-07-28' });
    },
    '2026-08-20': async () => {
      await kalle.step(caseId, 'GENOMFORANDEPLAN_UPDATED');
    },
    '2026-10-01': async () => {
      await anna.step(caseId, 'FOLLOW_UP_BOOKED', { at: '2026-10-27T10:00:00+01:00' });
    },
    '2026-10-27': async () => {
      await anna.step(caseId, 'FOLLOW_UP_HELD', { on: '2026-10-27' });
    },
    // No renewal, no closing: the decision runs out.
  };

  for (let day = '2026-01-15'; day <= '2027-02-02'; day = format(addDays(parseISO(day), 1), 'yyyy-MM-dd')) {
    smtp.setTag(day);
    app.clock.set(`${day}T06:00:00Z`); // 07:00 or 08:00 in Sweden: the morning sweep
    await app.stegvis.scheduler.sweepOnce();
    const action = actions[day];
    if (action) {
      app.clock.set(`${day}T10:00:00Z`);
      await action();
    }
  }
  finalState = (await anna.get(`/api/cases/${caseId}`)).body.state;
}, 600_000);

afterAll(async () => {
  await app?.close();
  await smtp?.close();
});

const addressOf = (username: string) => `${username}@stegvis.local`;

function arrivals(filter: { to?: string; subject?: RegExp }): { day: string; to: string; subject: string }[] {
  return smtp.messages
    .filter((mail) => (!filter.to || mail.to.includes(addressOf(filter.to))) && (!filter.subject || filter.subject.test(mail.parsed.subject ?? '')))
    .map((mail: ReceivedMail) => ({ day: mail.tag, to: mail.to.join(','), subject: mail.parsed.subject ?? '' }));
}

describe('a year of reminders', () => {
  it('sends nothing twice: every message is one (recipient, subject) pair', () => {
    const keys = smtp.messages.map((mail) => `${mail.to.join(',')}|${mail.parsed.subject}`);
    expect(smtp.messages.length).toBeGreaterThan(15);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('invites both parties to the inskrivningsmöte with a calendar invitation, and reminds them the working day before', () => {
    const invitations = smtp.messages.filter((mail) => mail.tag === '2026-01-16' && mail.parsed.attachments.some((a) => a.contentType.startsWith('text/calendar')));
    expect(invitations.map((mail) => mail.to[0]).sort()).toEqual([addressOf('anna'), addressOf('kalle')]);
    const ics = invitations[0]!.parsed.attachments.find((a) => a.contentType.startsWith('text/calendar'))!.content.toString('utf8');
    expect(ics).toMatch(/DTSTART[^:\n]*:20260203T080000Z/);
    expect(ics).toContain('KC Angered');
    const reminders = arrivals({ subject: /inskrivningsmöte/i }).filter((mail) => mail.day !== '2026-01-16');
    expect(reminders.map((mail) => mail.day)).toEqual(['2026-02-02', '2026-02-02']);
    // Only the assigned consultant: never another consultant of KC.
    expect(arrivals({ to: 'kim' })).toEqual([]);
  });

  it('reminds the consultant of the genomförandeplan, then escalates to the KC samordnare when it is skipped', () => {
    const plan = arrivals({ subject: /genomförandeplan/i }).filter((mail) => mail.day < '2026-03-01');
    expect(plan).toEqual([
      { day: '2026-02-12', to: addressOf('kalle'), subject: expect.any(String) },
      { day: '2026-02-17', to: addressOf('kalle'), subject: expect.any(String) },
      { day: '2026-02-24', to: addressOf('sven'), subject: expect.any(String) },
    ]);
  });

  it('reminds the socialsekreterare of each follow-up on its day, the last one capped by the end of the decision', () => {
    const reminders = arrivals({ to: 'anna', subject: /^(Påminnelse|Att göra): Uppföljning/ });
    // Due 2026-04-30 (3 months after the start on 3 Feb is Sunday 3 May; 1 May is a holiday), then 3 months
    // after each follow-up held (07-28 is held before it is due, so no "due today"), finally 2027-01-15
    // (validUntil 2027-01-31 − 14 days = Sunday 17 Jan, moved to Friday).
    expect(reminders.map((mail) => mail.day)).toEqual(['2026-04-27', '2026-04-30', '2026-07-27', '2026-10-23', '2027-01-12', '2027-01-15']);
    // Each booked follow-up also sent a calendar invitation, the morning after the booking.
    expect(arrivals({ to: 'anna', subject: /^Uppföljningsmöte/ }).map((mail) => mail.day)).toEqual(['2026-02-04', '2026-07-02', '2026-10-02']);
    expect(arrivals({ to: 'fatima', subject: /uppföljning/i }).map((mail) => mail.day)).toEqual(['2027-01-22']);
  });

  it('asks for a new assessment 30 days before the decision ends, moved before the Christmas holidays, and escalates it', () => {
    expect(arrivals({ to: 'anna', subject: /bedömning/i }).map((mail) => mail.day)).toEqual(['2026-12-23', '2026-12-30']);
    expect(arrivals({ to: 'fatima', subject: /bedömning/i }).map((mail) => mail.day)).toEqual(['2027-01-06']);
  });

  it('lets the decision expire when it is not renewed', () => {
    expect(finalState).toBe('pagaende.beslut_utgatt');
  });

  it('never puts the client’s name or personnummer in any message: headers, text, HTML or attachments', () => {
    const digits = PERSONNUMMER.replace('-', '');
    for (const mail of smtp.messages) {
      // Raw source and every decoded part: encodings must not hide anything.
      const everything = [
        mail.raw,
        mail.parsed.subject ?? '',
        mail.parsed.text ?? '',
        typeof mail.parsed.html === 'string' ? mail.parsed.html : '',
        ...mail.parsed.attachments.map((attachment) => attachment.content.toString('utf8')),
        ...[...mail.parsed.headers.values()].map((value) => JSON.stringify(value)),
      ].join('\n');
      for (const secret of [CLIENT_NAME, 'Unikasdotter', 'Zlatana', PERSONNUMMER, digits, digits.slice(2)]) expect(everything).not.toContain(secret);
      expect(mail.parsed.text).toContain(`https://stegvis.example/arenden/${caseId}`);
    }
  });
});
