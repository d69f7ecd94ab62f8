/**
 * Dates that cannot be right (issue 18), in a real browser: the API's Swedish reason is shown at the date field
 * (marked invalid, described by the message, linked from the summary), the form keeps what was typed, and the
 * way out the rule leaves (a retroactive decision with its reason) is taken in the same form.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personnummerFor, type UserSession } from '../support/test-app';
import { accessibilityViolations, CHROMIUM, describedAs, focused, hasAttr, hasChromium, hasText, logIn, screenshot, shows, startUi, visible, type UiHarness } from './browser';

if (!hasChromium) console.warn(`test/ui skipped: no browser at ${CHROMIUM} (install Debian's chromium: apt-get install -y chromium)`);

const UI_TIMEOUT = 120_000;
const TO_DECISION = ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED'] as const;

describe.skipIf(!hasChromium)('dates that cannot be right, in the step forms', () => {
  let ui: UiHarness;
  let anna: UserSession;

  beforeAll(async () => {
    // The clock of the test app: 15 January 2026, 10:00 in Sweden.
    ui = await startUi();
    anna = await ui.app.as('anna');
  }, UI_TIMEOUT);

  afterAll(async () => {
    await ui?.close();
  });

  it(
    '[beslut.decision-date-not-in-future] [beslut.valid-from-not-before-decision] shows the Swedish reason at the date field, keeps what was typed, and takes a retroactive decision with its reason',
    async () => {
      const created = await anna.createCase({ personnummer: personnummerFor('1987-07-07', 1), name: 'Dagny Datum' });
      expect(created.status).toBe(201);
      const { id, reference } = created.body as { id: string; reference: string };
      for (const type of TO_DECISION) await anna.step(id, type);

      const page = await ui.newPage();
      await logIn(page, 'Anna Andersson');
      await page.goto(`/arenden/${id}`);
      await visible(page.getByRole('heading', { level: 1, name: `Ärende ${reference}` }));
      await page.getByRole('button', { name: 'Fatta beslut', exact: true }).click();
      const form = page.locator('section.action-form');

      // A decision dated next month: refused at the decision date, in Swedish, with both dates kept.
      const decisionDate = form.getByLabel('Beslutsdatum');
      const validFrom = form.getByLabel('Gäller från och med');
      await decisionDate.fill('2026-02-20');
      await validFrom.fill('2026-03-01');
      await form.getByRole('button', { name: 'Spara' }).click();
      const dateField = form.locator('[data-field="decisionDate"]');
      await hasText(dateField.locator('.field-error'), 'Datumet ligger i framtiden. Det som redan har gjorts kan dateras senast 2026-01-16.');
      await hasAttr(decisionDate, 'aria-invalid', 'true');
      await describedAs(decisionDate, /Datumet ligger i framtiden/);
      await focused(form.locator('.error-summary'));
      await shows(form.locator('.error-summary'), 'Beslutsdatum: Datumet ligger i framtiden.');
      expect(await decisionDate.inputValue()).toBe('2026-02-20');
      expect(await validFrom.inputValue()).toBe('2026-03-01');
      await screenshot(page, '70-datum-i-framtiden');
      expect(await accessibilityViolations(page), 'decision form with a date in the future').toEqual([]);

      // Made today, in force a month earlier: refused at "Gäller från och med", saying how to record a retroactive decision.
      await form.locator('.error-summary a').click();
      await focused(decisionDate);
      await decisionDate.fill('2026-01-15');
      await validFrom.fill('2025-12-15');
      await form.getByRole('button', { name: 'Spara' }).click();
      await hasText(form.locator('[data-field="validFrom"] .field-error'), 'Kan inte vara före beslutsdatumet. Gäller beslutet retroaktivt: skriv varför i fältet "Skäl till retroaktivt beslut".');
      await hasAttr(validFrom, 'aria-invalid', 'true');
      expect(await form.locator('[data-field="decisionDate"] .field-error').isHidden()).toBe(true);
      expect(await validFrom.inputValue()).toBe('2025-12-15');

      // With the reason the retroactive decision is taken.
      await form.getByLabel(/Skäl till retroaktivt beslut/).fill('Beslutet gäller från ansökan i december.');
      await form.getByRole('button', { name: 'Spara' }).click();
      await shows(page.locator('[data-notice="success"]'), 'Sparat');
      await shows(page.locator('.facts'), '15 december 2025 – 14 december 2026');
    },
    UI_TIMEOUT,
  );
});
