/**
 * The link in a reminder leads to the case (issue 12): a reminder and a meeting
 * invitation arrive over real SMTP; the link taken out of each message (text,
 * HTML and the calendar file) is a page of the web interface, and the person
 * who follows it and logs in sees the case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink, type ReceivedMail } from '../support/smtp-sink';
import { personnummerFor } from '../support/test-app';
import { CHROMIUM, accessibilityViolations, hasChromium, startUi, visible, type UiHarness } from './browser';

if (!hasChromium) console.warn(`test/ui skipped: no browser at ${CHROMIUM} (install Debian's chromium: apt-get install -y chromium)`);

const BASE = 'https://stegvis.example';
const UI_TIMEOUT = 180_000;

/** Every link to Stegvis in a message: in the text, the HTML and the attached calendar file (folded lines joined). */
function linksIn(mail: ReceivedMail): { text: string[]; html: string[]; ics: string[] } {
  const find = (source: string) => [...source.matchAll(/https:\/\/stegvis\.example[^\s"<>\\]*/g)].map((match) => match[0]);
  const calendar = mail.parsed.attachments.find((attachment) => attachment.filename?.endsWith('.ics'));
  const ics = calendar ? calendar.content.toString('utf8').replace(/\r?\n[ \t]/g, '') : '';
  return { text: find(mail.parsed.text ?? ''), html: find(typeof mail.parsed.html === 'string' ? mail.parsed.html : ''), ics: find(ics) };
}

describe.skipIf(!hasChromium)('the link in a reminder', () => {
  let ui: UiHarness;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    ui = await startUi({ now: '2026-01-15T10:00:00Z', env: { SMTP_URL: smtp.url, PUBLIC_BASE_URL: BASE } });
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
    await smtp?.close();
  });

  it(
    'opens the case in the web interface, from the reminder and from the calendar invitation',
    async () => {
      const anna = await ui.app.as('anna');
      const created = await anna.createCase({ personnummer: personnummerFor('1969-04-04', 21), name: 'Länk Länksson' });
      const caseId = created.body.id as string;
      for (const type of ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED', 'DECISION_MADE', 'DECISION_COMMUNICATED', 'UPPDRAG_SENT'] as const) {
        await anna.step(caseId, type);
      }
      await anna.step(caseId, 'INSKRIVNING_BOOKED', { at: '2026-02-03T09:00:00+01:00', place: 'KC Angered', interpreter: false });
      // The invitation goes out with the next sweep; the reminder the working day before the meeting.
      await ui.app.stegvis.scheduler.sweepOnce();
      ui.app.clock.set('2026-02-02T06:00:00Z');
      await ui.app.stegvis.scheduler.sweepOnce();

      const invitation = smtp.messages.find((mail) => mail.parsed.subject?.startsWith('Inskrivningsmöte'));
      const reminder = smtp.messages.find((mail) => mail.parsed.subject?.startsWith('Påminnelse'));
      expect(invitation, smtp.messages.map((mail) => mail.parsed.subject).join(' | ')).toBeDefined();
      expect(reminder, smtp.messages.map((mail) => mail.parsed.subject).join(' | ')).toBeDefined();

      const links = new Set<string>();
      for (const mail of [reminder!, invitation!]) {
        const found = linksIn(mail);
        expect(found.text.length, mail.parsed.subject).toBeGreaterThan(0);
        expect(found.html.length, mail.parsed.subject).toBeGreaterThan(0);
        for (const link of [...found.text, ...found.html, ...found.ics]) links.add(link);
      }
      expect(linksIn(invitation!).ics.length).toBeGreaterThan(0);
      // One address for the case, wherever it appears.
      expect([...links]).toHaveLength(1);
      const path = new URL([...links][0]!).pathname;

      // The address is a page of the web interface...
      const page = await ui.app.http.get(path);
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.text).toContain('js/app.js');

      // ...that its router draws as the case: someone who follows the link logs in and lands on it.
      const browser = await ui.newPage();
      await browser.goto(path);
      await visible(browser.getByRole('heading', { level: 1, name: 'Logga in' }));
      await browser.getByRole('radio', { name: /^Anna Andersson/ }).check();
      await browser.getByRole('button', { name: 'Logga in' }).click();
      await visible(browser.getByRole('heading', { level: 1, name: `Ärende ${created.body.reference}` }));
      expect(new URL(browser.url()).pathname).toBe(path);
      expect(await accessibilityViolations(browser), 'axe on the case page reached from the link').toEqual([]);
      expect(ui.problems).toEqual([]);
    },
    UI_TIMEOUT,
  );
});
