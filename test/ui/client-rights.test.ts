/**
 * The client's rights on the client page (issue 17) in a real browser: anna sees the
 * client record's history, corrects the name with a reason (the earlier name stays in
 * the history) and downloads the registerutdrag as a PDF; kalle at KC sees the client page
 * without the history (the social services', 403) and is offered neither. Screenshots go to test-results/ui/ (70-…).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personnummerFor } from '../support/test-app';
import { accessibilityViolations, CHROMIUM, focused, hasChromium, hasCount, logIn, screenshot, shows, startUi, visible, type UiHarness } from './browser';

if (!hasChromium) console.warn(`test/ui skipped: no browser at ${CHROMIUM} (install Debian's chromium: apt-get install -y chromium)`);

const PREP = ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED', 'DECISION_MADE', 'DECISION_COMMUNICATED', 'UPPDRAG_SENT'] as const;

describe.skipIf(!hasChromium)('the client’s rights on the client page', () => {
  let ui: UiHarness;
  let clientId = '';

  beforeAll(async () => {
    ui = await startUi();
    const anna = await ui.app.as('anna');
    const created = await anna.createCase({ personnummer: personnummerFor('1981-05-05', 71), name: 'Karin Stavfelsson' });
    expect(created.status).toBe(201);
    clientId = created.body.client.id as string;
    for (const type of PREP) await anna.step(created.body.id as string, type);
    await (await ui.app.as('sven')).step(created.body.id as string, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
  });

  it(
    'anna corrects the name with a reason and downloads the registerutdrag; kalle sees the client page without the history',
    async () => {
      const page = await ui.newPage();
      await logIn(page, 'Anna Andersson');
      await page.goto(`/klienter/${clientId}`);
      const section = page.locator('section[aria-labelledby="personuppgifter-rubrik"]');
      await visible(section.getByRole('heading', { level: 2, name: 'Personuppgifter och ändringar' }));
      await hasCount(section.locator('[data-client-event]'), 1);
      await shows(section.locator('[data-client-event="CLIENT_REGISTERED"]'), 'Karin Stavfelsson');

      await section.getByRole('button', { name: 'Rätta namn' }).click();
      const form = section.locator('form[data-form="rattelse"]');
      await focused(form.getByLabel('Rätt namn'));
      // Without a reason: the API's Swedish message at the field.
      await form.getByLabel('Rätt namn').fill('Karin Stavfeldsson');
      await form.getByRole('button', { name: 'Spara rättelsen' }).click();
      await shows(form.locator('[data-field="reason"] .field-error'), /./);
      await form.getByLabel('Skäl till rättelsen').fill('Stavfel i efternamnet enligt folkbokföringen.');
      expect(await accessibilityViolations(page), 'the correction form').toEqual([]);
      await screenshot(page, '70-klient-ratta-namn');
      await form.getByRole('button', { name: 'Spara rättelsen' }).click();
      await shows(page.locator('[data-notice="success"]'), 'Namnet är rättat.');
      await shows(page.locator('.client-line'), 'Karin Stavfeldsson');
      const corrected = section.locator('[data-client-event="CLIENT_NAME_CORRECTED"]');
      await shows(corrected, 'Från Karin Stavfelsson till Karin Stavfeldsson');
      await shows(corrected, 'Stavfel i efternamnet');
      await shows(corrected, 'Anna Andersson');

      const download = page.waitForEvent('download');
      await section.getByRole('button', { name: 'Hämta registerutdrag (PDF)' }).click();
      expect((await download).suggestedFilename()).toBe('registerutdrag.pdf');
      await shows(section.locator('[data-registerutdrag-status]'), 'Registerutdraget är hämtat');
      expect(await accessibilityViolations(page), 'client page with its history').toEqual([]);
      await screenshot(page, '71-klient-historik');

      const kalle = await ui.newPage();
      await logIn(kalle, 'Kalle');
      await kalle.goto(`/klienter/${clientId}`);
      // The page is there (the uppdrag's side), but not the client record's history, the correction or the registerutdrag.
      await visible(kalle.getByRole('heading', { level: 1, name: 'Klient' }));
      await hasCount(kalle.locator('section[aria-labelledby="personuppgifter-rubrik"]'), 0);
      await hasCount(kalle.locator('[data-client-event]'), 0);
      await hasCount(kalle.getByRole('button', { name: 'Rätta namn' }), 0);
      await hasCount(kalle.getByRole('button', { name: 'Hämta registerutdrag (PDF)' }), 0);
      expect(await accessibilityViolations(kalle), 'client page at KC').toEqual([]);
      expect(ui.problems).toEqual([]);
    },
    240_000,
  );
});
