/**
 * Att göra for a socialsekreterare with more active cases than the API gives on one page (100): every case with a
 * step for her is on the page, the oldest too, so an avvikelse or a disagreement on it is not missed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personnummerFor } from '../support/test-app';
import { CHROMIUM, accessibilityViolations, hasChromium, logIn, shows, startUi, visible, type UiHarness } from './browser';

if (!hasChromium) console.warn(`test/ui skipped: no browser at ${CHROMIUM} (install Debian's chromium: apt-get install -y chromium)`);

describe.skipIf(!hasChromium)('Att göra with more than a page of cases', () => {
  let ui: UiHarness;

  beforeAll(async () => {
    ui = await startUi();
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
  });

  it(
    'counts and lists all of anna’s 101 active cases, the one she touched first too',
    async () => {
      const anna = await ui.app.as('anna');
      const references: string[] = [];
      for (let i = 0; i < 101; i += 1) {
        const created = await anna.createCase({ personnummer: personnummerFor('1970-01-01', 100 + i), name: `Klient ${i}` });
        expect(created.status).toBe(201);
        references.push(created.body.reference as string);
      }
      const page = await ui.newPage();
      await logIn(page, 'Anna Andersson');
      await shows(page.getByRole('list', { name: 'Sammanfattning' }), '101\närenden med ett steg för dig');
      // The first case she created was updated longest ago: the API's second page.
      await visible(page.getByRole('link', { name: `${references[0]!}: Klient 0`, exact: true }));
      expect(await accessibilityViolations(page), 'axe on Att göra with 101 cases').toEqual([]);
      expect(ui.problems).toEqual([]);
    },
    120_000,
  );
});
