/**
 * The periods Stegvis assumes are labelled as assumptions where a user sees them (docs/process.md "Deadlines and
 * reminders"): the routine says "skyndsamt" for the genomförandeplan, so its 14 days are Stegvis's, and the escalation of
 * an overdue step is Stegvis's safety net. Kalle sees the label on his to-do list, on the case's deadlines and on the
 * process map; a period the routine gives itself (the six-monthly update) carries none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personnummerFor } from '../support/test-app';
import { accessibilityViolations, CHROMIUM, hasChromium, hasCount, logIn, screenshot, shows, startUi, visible, type UiHarness } from './browser';

if (!hasChromium) console.warn(`test/ui skipped: no browser at ${CHROMIUM} (install Debian's chromium: apt-get install -y chromium)`);

const SKYNDSAMT = 'Antagande: rutinen säger "skyndsamt". Antalet dagar är en inställning i Stegvis.';

describe.skipIf(!hasChromium)('assumed periods in the interface', () => {
  let ui: UiHarness;

  beforeAll(async () => {
    ui = await startUi({ now: '2026-03-02T08:00:00Z' });
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
  });

  it(
    '[deadlines.genomforandeplan-skyndsamt] labels the 14 days of the genomförandeplan and the escalation as assumptions, on the to-do list, the case page and the process map',
    async () => {
      const anna = await ui.app.as('anna');
      const created = await anna.createCase({ personnummer: personnummerFor('1979-09-09', 313), name: 'Antje Antagande' });
      const caseId = created.body.id as string;
      for (const type of ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED', 'DECISION_MADE', 'DECISION_COMMUNICATED', 'UPPDRAG_SENT'] as const) {
        await anna.step(caseId, type);
      }
      await anna.step(caseId, 'INSKRIVNING_BOOKED', { at: '2026-03-03T09:00:00+01:00', place: 'KC Angered', interpreter: false });
      await (await ui.app.as('sven')).step(caseId, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
      await (await ui.app.as('kalle')).step(caseId, 'INSKRIVNING_HELD', { firstFollowUpAt: '2026-06-02T10:00:00+02:00' });

      const page = await ui.newPage();
      await logIn(page, 'Kalle Karlsson');
      // Att göra: the genomförandeplan is kalle's, and its period is labelled.
      const row = page.locator('section[aria-labelledby="frister-rubrik"] tr', { hasText: 'Genomförandeplan ska upprättas' });
      await shows(row, SKYNDSAMT);
      await screenshot(page, '40-att-gora-antagande');

      await page.goto(`/arenden/${caseId}`);
      await visible(page.getByRole('heading', { level: 1, name: `Ärende ${created.body.reference}` }));
      // The case's deadlines: the same label beside the deadline.
      await shows(page.locator('section[aria-labelledby="arendefrister-rubrik"] tr', { hasText: 'Genomförandeplan ska upprättas' }), SKYNDSAMT);
      // The process map: the configured periods, the assumed ones labelled, the routine's own not.
      const map = page.locator('.map-deadlines');
      await shows(map.locator('[data-deadline="genomforandeplan_upprattad"]'), 'Genomförandeplan ska upprättas: 14 dagar efter insatsens start.');
      await shows(map.locator('[data-deadline="genomforandeplan_upprattad"] .assumption'), SKYNDSAMT);
      await shows(map.locator('[data-deadline="eskalering"]'), 'Antagande: rutinen har ingen eskalering. Den är Stegvis skyddsnät, inte ett krav i rutinen');
      await shows(map.locator('[data-deadline="fornyat_beslut"] .assumption'), 'Antagande: rutinen kräver ett nytt beslut men säger inte hur långt före');
      await shows(map.locator('[data-deadline="genomforandeplan_uppdaterad"]'), '6 månader efter den senaste planen');
      await hasCount(map.locator('[data-deadline="genomforandeplan_uppdaterad"] .assumption'), 0);
      await screenshot(page, '41-processkarta-antaganden');
      expect(await accessibilityViolations(page), 'case page').toEqual([]);
      expect(ui.problems).toEqual([]);
    },
    180_000,
  );
});
