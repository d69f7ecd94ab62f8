/**
 * Issue 18, "A caseworker's day": words and errors, finding things, and the pages' accessibility, in a real browser.
 * Each test fails on the interface as it was before (the issue says what a person met instead).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STEPS_TO_PAGAENDE } from '../support/anvisning-payloads';
import { personnummerFor } from '../support/test-app';
import { accessibilityViolations, CHROMIUM, focused, hasAttr, hasCount, hasChromium, logIn, screenshot, shows, showsNot, startUi, visible, type UiHarness } from './browser';

if (!hasChromium) console.warn(`test/ui skipped: no browser at ${CHROMIUM} (install Debian's chromium: apt-get install -y chromium)`);

describe.skipIf(!hasChromium)('a caseworker’s day (issue 18)', () => {
  let ui: UiHarness;
  let serial = 700;
  const nextPersonnummer = () => personnummerFor('1983-09-09', (serial += 1));

  beforeAll(async () => {
    ui = await startUi({ now: '2026-01-12T09:00:00Z' });
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
  });

  async function annasPage(width?: number, height?: number): Promise<Page> {
    const page = await ui.newPage(width ? { width, height: height ?? 844 } : {});
    await logIn(page, 'Anna Andersson');
    return page;
  }

  it(
    'a case one may not open says that it does not exist or that one has no access, not "Något gick fel … Försök igen"',
    async () => {
      const bos = await (await ui.app.as('bo')).createCase({ personnummer: nextPersonnummer(), name: 'Hisinge Klient' });
      const page = await annasPage();
      await page.goto(`/arenden/${bos.body.id}`);
      await visible(page.getByRole('heading', { level: 1, name: 'Finns inte, eller ingen behörighet' }));
      await shows(page.locator('[data-notice="not-found"]'), 'Ärendet finns inte, eller så har du inte behörighet till det.');
      await showsNot(page.locator('main'), 'Försök igen');
      await showsNot(page.locator('main'), 'Hisinge');
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'day-a-01-ingen-behorighet');
      expect(ui.problems).toEqual([]);
    },
    120_000,
  );

  it(
    'Nytt ärende: empty fields say "Måste fyllas i" (headings in order); a second referral links to the first; a known client keeps the stored name, and says so',
    async () => {
      const page = await annasPage();
      await page.goto('/nytt-arende');
      await page.getByRole('button', { name: 'Skapa ärende' }).click();
      const summary = page.locator('.error-summary');
      await shows(summary, 'Personnummer eller samordningsnummer: Måste fyllas i.');
      await shows(summary, 'Namn: Måste fyllas i.');
      await showsNot(summary, '12 siffror');
      await visible(page.getByRole('heading', { level: 2, name: 'Uppgifterna behöver rättas' }));
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'day-a-02-nytt-arende-tomt');

      // A second referral for a client who has one: the Swedish message, and a link to the one she has.
      const personnummer = nextPersonnummer();
      const first = await (await ui.app.as('anna')).createCase({ personnummer, name: 'Dubbel Dubbelsson' });
      await page.getByLabel('Personnummer eller samordningsnummer').fill(personnummer);
      await page.getByLabel('Namn').fill('Dubbel Dubbelsson');
      await page.getByRole('button', { name: 'Skapa ärende' }).click();
      await shows(summary, `Klienten har redan en aktiv anvisning (${first.body.reference as string})`);
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'day-a-03-nytt-arende-dubblett');
      await summary.getByRole('link', { name: 'Öppna den pågående anvisningen' }).click();
      await visible(page.getByRole('heading', { level: 1, name: `Ärende ${first.body.reference as string}` }));

      // A client registered before under another name: the stored name is kept and named.
      const known = nextPersonnummer();
      expect((await (await ui.app.as('anna')).post('/api/clients', { personnummer: known, name: 'Karin Lund' })).status).toBe(201);
      await page.goto('/nytt-arende');
      await page.getByLabel('Personnummer eller samordningsnummer').fill(known);
      await page.getByLabel('Namn').fill('Karin Berg');
      await page.getByRole('button', { name: 'Skapa ärende' }).click();
      await shows(page.locator('[data-notice="success"]'), 'Klienten fanns redan i Stegvis som Karin Lund. Det sparade namnet behölls');
      await shows(page.locator('.client-line'), 'Karin Lund');
      expect(ui.problems).toEqual([]);
    },
    120_000,
  );

  it(
    'Ärenden: search by name and reference, filter by phase and overdue steps, sort; the search text stays out of the address',
    async () => {
      const anna = await ui.app.as('anna');
      const wanted = await anna.createCase({ personnummer: nextPersonnummer(), name: 'Sökbar Sökesson' });
      const hidden = await anna.createCase({ personnummer: nextPersonnummer(), name: 'Sökbar Skyddad', protectedIdentity: true });
      expect(hidden.status).toBe(201);
      const page = await annasPage();
      await page.goto('/arenden');
      await page.getByLabel('Sök', { exact: true }).fill('sökbar');
      await page.getByRole('button', { name: 'Visa ärenden' }).click();
      const rows = page.locator('table tbody tr');
      await hasCount(rows, 1);
      await shows(rows, 'Sökbar Sökesson');
      expect(page.url()).not.toContain('ökbar');
      await shows(page.locator('[data-list-summary]'), 'Visar ärende 1–1 som matchar ”sökbar”.');
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'day-a-04-arenden-sok');

      await page.getByLabel('Sök', { exact: true }).fill(wanted.body.reference as string);
      await page.getByRole('button', { name: 'Visa ärenden' }).click();
      await hasCount(rows, 1);
      await shows(rows, wanted.body.reference as string);

      // The phase: nothing of anna's is at the decision yet; everything new is in the förberedelse.
      await page.getByLabel('Sök', { exact: true }).fill('');
      await page.getByLabel('Steg', { exact: true }).selectOption({ label: 'Beslut' });
      await page.getByRole('button', { name: 'Visa ärenden' }).click();
      await shows(page.locator('[data-list-summary]'), 'Inga ärenden matchar sökningen.');
      expect(new URL(page.url()).searchParams.get('step')).toBe('beslut');
      await page.getByLabel('Steg', { exact: true }).selectOption({ label: 'Förberedelse' });
      await page.getByLabel('Bara ärenden med försenade steg').check();
      await page.getByRole('button', { name: 'Visa ärenden' }).click();
      await shows(page.locator('[data-list-summary]'), 'Inga ärenden matchar sökningen.');
      await page.getByLabel('Bara ärenden med försenade steg').uncheck();
      await page.getByLabel('Sortering').selectOption({ label: 'Äldsta ärendenummer först' });
      await page.getByRole('button', { name: 'Visa ärenden' }).click();
      await visible(rows.first());
      const references = await page.locator('table tbody tr td:first-child').allInnerTexts();
      expect(references).toEqual([...references].sort());
      expect(references).toContain(hidden.body.reference as string);
      expect(ui.problems).toEqual([]);
    },
    120_000,
  );

  it(
    'the case page: a single blocker reads as a sentence; Escape closes a step form; axe finds nothing; at 390 px the current step and the next action are on the first screen',
    async () => {
      const anna = await ui.app.as('anna');
      const created = await anna.createCase({ personnummer: nextPersonnummer(), name: 'Ett Hinder' });
      for (const type of ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED'] as const) await anna.step(created.body.id, type);
      const page = await annasPage();
      await page.goto(`/arenden/${created.body.id}`);
      await shows(page.locator('[data-notice="beslut-ej-mojligt"]'), 'Beslut kan inte fattas ännu: arbetsplanen är inte uppdaterad.');
      expect(await accessibilityViolations(page)).toEqual([]);

      const button = page.getByRole('button', { name: 'Registrera uppdaterad arbetsplan', exact: true });
      await button.click();
      await visible(page.locator('section.action-form'));
      await page.keyboard.press('Escape');
      await hasCount(page.locator('section.action-form'), 0);
      await hasAttr(button, 'aria-expanded', 'false');
      await focused(button);
      // From inside a field too.
      await button.click();
      await page.locator('section.action-form textarea').first().focus();
      await page.keyboard.press('Escape');
      await hasCount(page.locator('section.action-form'), 0);

      const phone = await annasPage(390, 844);
      await phone.goto(`/arenden/${created.body.id}`);
      await visible(phone.getByRole('button', { name: 'Registrera uppdaterad arbetsplan', exact: true }));
      const firstScreen = async (locator: ReturnType<Page['locator']>) => {
        const box = await locator.first().boundingBox();
        expect(box, 'on the page').not.toBeNull();
        return box!.y + box!.height <= 844;
      };
      await screenshot(phone, 'day-a-05-arende-390');
      const current = phone.locator('section.actions').getByText('Nuvarande steg: Samråd klart');
      await visible(current);
      expect(await firstScreen(current)).toBe(true);
      expect(await firstScreen(phone.getByRole('group', { name: 'Nästa steg' }).getByRole('button').last())).toBe(true);
      expect(await accessibilityViolations(phone)).toEqual([]);
      // At laptop width the facts name the step, once.
      expect(await page.locator('.actions__current').isVisible()).toBe(false);
      expect(ui.problems).toEqual([]);
    },
    120_000,
  );

  // The decision is made and communicated on the clock's day, 12 January (docs/process.md "Plausible dates").
  const DATED_ON_THE_12TH: Record<string, object> = { DECISION_MADE: { decisionDate: '2026-01-12', validFrom: '2026-02-01' }, DECISION_COMMUNICATED: { on: '2026-01-12' } };

  it(
    'a decision that ran out: the history names Stegvis once; in Avslut the process map stays inside its column at 1280 px; the client page passes axe',
    async () => {
      const anna = await ui.app.as('anna');
      const created = await anna.createCase({ personnummer: nextPersonnummer(), name: 'Utgången Beslutsson' });
      const caseId = created.body.id as string;
      for (const type of STEPS_TO_PAGAENDE) {
        if (type === 'INSKRIVNING_HELD') {
          await (await ui.app.as('sven')).step(caseId, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
          await (await ui.app.as('kalle')).step(caseId, type);
        } else await anna.step(caseId, type, DATED_ON_THE_12TH[type] ?? {});
      }
      ui.app.clock.set('2027-02-15T09:00:00Z');
      await ui.app.stegvis.scheduler.sweepOnce();
      const page = await annasPage();
      await page.goto(`/arenden/${caseId}`);
      const timeline = page.locator('.timeline');
      await shows(timeline, 'Stegvis (automatiskt)');
      await showsNot(timeline, 'Stegvis (automatiskt), Stegvis (automatiskt)');

      // Avslut: the process map's widest state, at laptop width.
      await (await ui.app.as('kalle')).step(caseId, 'CLOSING_ANNOUNCED');
      await page.reload();
      await visible(page.getByRole('heading', { name: 'Processkarta' }));
      const overflow = await page.locator('.process-map').first().evaluate((map) => {
        const column = map.closest('section') ?? map.parentElement ?? map;
        return { map: map.getBoundingClientRect().right, column: column.getBoundingClientRect().right, scroll: map.scrollWidth - map.clientWidth };
      });
      expect(overflow.map).toBeLessThanOrEqual(overflow.column + 1);
      expect(overflow.scroll).toBeLessThanOrEqual(1);
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'day-a-06-arende-avslut');

      await page.goto(`/klienter/${created.body.client.id as string}`);
      await visible(page.getByRole('heading', { level: 1 }));
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'day-a-07-klient');
      expect(ui.problems).toEqual([]);
    },
    180_000,
  );
});
