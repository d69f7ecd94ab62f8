/**
 * A shared computer (issue 12): anna logs out, sven logs in in the same browser
 * and opens the same case. He gets his own view from the server, never anna's
 * from the browser's cache: not her buttons, not the SSBTEK summaries or the KC
 * criteria that KC may never read; and nothing of hers is left in the tab.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePayloads } from '../support/anvisning-payloads';
import { personnummerFor } from '../support/test-app';
import { CHROMIUM, accessibilityViolations, hasChromium, logIn, logOut, shows, startUi, visible, type UiHarness } from './browser';

if (!hasChromium) console.warn(`test/ui skipped: no browser at ${CHROMIUM} (install Debian's chromium: apt-get install -y chromium)`);

const UI_TIMEOUT = 180_000;
const SSBTEK_AF = samplePayloads.SSBTEK_INFO_RECORDED.afSummary;
const SSBTEK_FK = samplePayloads.SSBTEK_INFO_RECORDED.fkSummary;

describe.skipIf(!hasChromium)('one browser, two users', () => {
  let ui: UiHarness;

  beforeAll(async () => {
    ui = await startUi();
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
  });

  const buttonsOn = (page: Page) => page.locator('.actions button[data-event]').evaluateAll((buttons) => buttons.map((button) => button.getAttribute('data-event')).sort());

  it(
    'sven, after anna logged out on the same computer, sees his own view of the case: not her buttons, not the SSBTEK or criteria fields',
    async () => {
      const anna = await ui.app.as('anna');
      const created = await anna.createCase({ personnummer: personnummerFor('1977-11-11', 12), name: 'Delad Datorsson' });
      const caseId = created.body.id as string;
      for (const type of ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED', 'DECISION_MADE', 'DECISION_COMMUNICATED', 'UPPDRAG_SENT'] as const) {
        await anna.step(caseId, type);
      }
      const reference = created.body.reference as string;
      const annasSteps = ((await anna.get(`/api/cases/${caseId}`)).body.allowedEvents as string[]).sort();
      const svensSteps = ((await (await ui.app.as('sven')).get(`/api/cases/${caseId}`)).body.allowedEvents as string[]).sort();
      const annaOnly = annasSteps.filter((type) => !svensSteps.includes(type));
      expect(annaOnly.length).toBeGreaterThan(0);

      const page = await ui.newPage();
      // Every API request the pages make, with the validator the browser's cache would add to it.
      const conditional: string[] = [];
      page.on('request', (request) => {
        if (!new URL(request.url()).pathname.startsWith('/api/')) return;
        void request.allHeaders().then((headers) => {
          if (headers['if-none-match'] || headers['if-modified-since']) conditional.push(`${request.method()} ${new URL(request.url()).pathname}`);
        });
      });
      await logIn(page, 'Anna Andersson');
      await page.goto(`/arenden/${caseId}`);
      await visible(page.getByRole('heading', { level: 1, name: `Ärende ${reference}` }));
      await shows(page.locator('.timeline'), SSBTEK_AF);
      await shows(page.locator('.timeline'), 'KC-kriterierna bedömda');
      expect(await buttonsOn(page)).toEqual(annasSteps);

      await logOut(page);
      // Nothing of anna's is left in the tab.
      expect(await page.evaluate('sessionStorage.length')).toBe(0);

      await logIn(page, 'Sven Svensson');
      await page.goto(`/arenden/${caseId}`);
      await visible(page.getByRole('heading', { level: 1, name: `Ärende ${reference}` }));
      await visible(page.locator('.timeline'));
      const text = await page.locator('body').innerText();
      expect(text).toContain('Sven Svensson');
      expect(text).not.toContain(SSBTEK_AF);
      expect(text).not.toContain(SSBTEK_FK);
      expect(text).not.toContain('KC-kriterierna bedömda');
      expect(await buttonsOn(page)).toEqual(svensSteps);
      expect(await accessibilityViolations(page), 'axe on the case page as KC').toEqual([]);
      for (const type of annaOnly) expect(await page.locator(`button[data-event="${type}"]`).count(), type).toBe(0);
      // The pages never let the browser's cache answer for the API (fetch with cache: 'no-store').
      await page.reload();
      await visible(page.getByRole('heading', { level: 1, name: `Ärende ${reference}` }));
      expect(conditional).toEqual([]);
      expect(ui.problems).toEqual([]);
    },
    UI_TIMEOUT,
  );
});
