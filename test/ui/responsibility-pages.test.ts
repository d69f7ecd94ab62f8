/**
 * Who is responsible, in the browser (issue 12): KC's queue on Att göra, a
 * consultant taking a referral, the samordnare assigning one, and a 1:e
 * socialsekreterare handing a case over by choosing a name (never typing an id).
 * Runs only where Debian's Chromium is installed; screenshots go to test-results/ui/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personnummerFor } from '../support/test-app';
import { accessibilityViolations, CHROMIUM, focused, hasCount, hasChromium, logIn, screenshot, shows, showsNot, startUi, takeStep, visible, type UiHarness } from './browser';

if (!hasChromium) console.warn(`test/ui skipped: no browser at ${CHROMIUM} (install Debian's chromium: apt-get install -y chromium)`);

const UI_TIMEOUT = 180_000;

const TO_KC = ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED', 'DECISION_MADE', 'DECISION_COMMUNICATED', 'UPPDRAG_SENT', 'INSKRIVNING_BOOKED'] as const;

describe.skipIf(!hasChromium)('responsibility in the web interface', () => {
  let ui: UiHarness;
  let serial = 300;

  beforeAll(async () => {
    ui = await startUi();
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
  });

  /** Anna's referral, through the API, as far as `steps` take it. */
  async function annasReferral(name: string, steps: readonly (typeof TO_KC)[number][]) {
    const anna = await ui.app.as('anna');
    const created = await anna.createCase({ personnummer: personnummerFor('1979-09-09', (serial += 1)), name });
    expect(created.status).toBe(201);
    for (const step of steps) await anna.step(created.body.id, step);
    return created.body as { id: string; reference: string; client: { personnummer: string } };
  }

  const queueOf = (page: Page) => page.getByRole('region', { name: /^KC:s kö/ });

  it(
    'a referral sent to KC is in kalle’s queue without the client’s name; he takes it and lands on the case; kim no longer sees it',
    async () => {
      const kase = await annasReferral('Quinn Queue', TO_KC);

      const kalle = await ui.newPage();
      await logIn(kalle, 'Kalle Karlsson');
      const queue = queueOf(kalle);
      const card = queue.locator('.queue-card', { hasText: kase.reference });
      await shows(card, 'SF Nordost');
      await shows(card, '3 februari 2026 kl. 09:00');
      await shows(card, 'Jobbsökaraktiviteter.');
      await showsNot(queue, 'Quinn');
      await showsNot(queue, kase.client.personnummer.slice(0, 8));
      await shows(kalle.locator('.counts'), 'anvisning i KC:s kö');
      // Not his yet: not among his cases, and the reference is no link (he could not open it).
      await hasCount(card.getByRole('link'), 0);
      expect(await accessibilityViolations(kalle), 'Att göra with KC’s queue (consultant)').toEqual([]);
      await screenshot(kalle, '40-att-gora-kc-ko-konsulent');

      await card.getByRole('button', { name: `Ta anvisningen ${kase.reference}` }).click();
      await visible(kalle.getByRole('heading', { level: 1, name: `Ärende ${kase.reference}` }));
      await shows(kalle.locator('[data-notice="success"]'), `Du har tagit anvisning ${kase.reference}`);
      await focused(kalle.locator('[data-notice="success"]'));
      await visible(kalle.getByRole('button', { name: 'Registrera att inskrivningsmötet hölls', exact: true }));
      await shows(kalle.locator('.timeline__item').first(), 'Arbetsmarknadskonsulent tilldelad');
      await screenshot(kalle, '41-arende-taget-ur-kon');

      const kim = await ui.newPage();
      await logIn(kim, 'Kim Lind');
      await visible(queueOf(kim));
      await hasCount(queueOf(kim).locator('.queue-card', { hasText: kase.reference }), 0);
      await shows(queueOf(kim), 'Kön är tom');
      await screenshot(kim, '42-att-gora-kc-ko-tom');
      expect(ui.problems).toEqual([]);
    },
    UI_TIMEOUT,
  );

  it(
    'the samordnare opens a referral from the queue with the assignment form open, chooses Kim Lind from a list, and it leaves the queue',
    async () => {
      const kase = await annasReferral('Sam Samordnad', TO_KC);

      const sven = await ui.newPage();
      await logIn(sven, 'Sven Svensson');
      const card = queueOf(sven).locator('.queue-card', { hasText: kase.reference });
      await shows(card, 'SF Nordost');
      await showsNot(queueOf(sven), 'Sam Samordnad');
      expect(await accessibilityViolations(sven), 'Att göra with KC’s queue (samordnare)').toEqual([]);
      await screenshot(sven, '43-att-gora-kc-ko-samordnare');

      await card.getByRole('link', { name: `Tilldela konsulent ${kase.reference}` }).click();
      await visible(sven.getByRole('heading', { level: 1, name: `Ärende ${kase.reference}` }));
      const form = sven.locator('section.action-form[data-event="KC_CONSULTANT_ASSIGNED"]');
      await focused(form.getByRole('heading', { name: 'Tilldela arbetsmarknadskonsulent' }));
      const select = form.getByLabel('Arbetsmarknadskonsulent');
      // Names to choose from, never an id to type.
      await expect.poll(() => select.locator('option').allInnerTexts(), { timeout: 10_000 }).toEqual(['Välj …', 'Kalle Karlsson', 'Kim Lind']);
      await select.selectOption({ label: 'Kim Lind' });
      expect(await accessibilityViolations(sven), 'assignment form').toEqual([]);
      await screenshot(sven, '44-tilldela-konsulent');
      await form.getByRole('button', { name: 'Spara' }).click();
      await shows(sven.locator('[data-notice="success"]'), 'Sparat: Arbetsmarknadskonsulent tilldelad');
      await shows(sven.locator('.timeline__item').first(), 'Arbetsmarknadskonsulent tilldelad');

      await sven.goto('/');
      await visible(queueOf(sven));
      await hasCount(queueOf(sven).locator('.queue-card', { hasText: kase.reference }), 0);
      // Kim has it now: on her list, with her step.
      const kim = await ui.newPage();
      await logIn(kim, 'Kim Lind');
      await shows(kim.locator('.case-card', { hasText: kase.reference }), 'Registrera att inskrivningsmötet hölls');
      expect(ui.problems).toEqual([]);
    },
    UI_TIMEOUT,
  );

  it(
    'fatima hands anna’s case to Maja Ek by choosing her name; the page shows Maja as responsible',
    async () => {
      const kase = await annasReferral('Hanna Handover', ['SSBTEK_INFO_RECORDED']);

      const fatima = await ui.newPage();
      await logIn(fatima, 'Fatima Hassan');
      await fatima.goto(`/arenden/${kase.id}`);
      await visible(fatima.getByRole('heading', { level: 1, name: `Ärende ${kase.reference}` }));
      await shows(fatima.locator('.facts'), 'Anna Andersson, SF Nordost');

      await takeStep(fatima, 'Byt ansvarig socialsekreterare', async (form) => {
        const select = form.getByLabel('Ny ansvarig socialsekreterare');
        expect(await select.evaluate((element) => element.tagName)).toBe('SELECT');
        // Her unit's socialsekreterare, but not the one already responsible.
        await expect.poll(() => select.locator('option').allInnerTexts(), { timeout: 10_000 }).toEqual(['Välj …', 'Maja Ek']);
        await select.selectOption({ label: 'Maja Ek' });
        await form.getByLabel('Skäl').fill('Anna är föräldraledig från och med mars.');
        expect(await accessibilityViolations(fatima), 'handover form').toEqual([]);
        await screenshot(fatima, '45-byt-ansvarig');
      });
      await shows(fatima.locator('.facts dt:has-text("Ansvarig") + dd'), 'Maja Ek, SF Nordost');
      await shows(fatima.locator('.timeline__item').first(), 'Ny ansvarig socialsekreterare');
      await screenshot(fatima, '46-ny-ansvarig');

      // Maja has it now; Anna no longer sees it.
      const maja = await ui.newPage();
      await logIn(maja, 'Maja Ek');
      await maja.goto(`/arenden/${kase.id}`);
      await shows(maja.locator('.facts dt:has-text("Ansvarig") + dd'), 'Maja Ek, SF Nordost');
      expect((await (await ui.app.as('anna')).get(`/api/cases/${kase.id}`)).status).toBe(404);
      expect(ui.problems).toEqual([]);
    },
    UI_TIMEOUT,
  );
});
