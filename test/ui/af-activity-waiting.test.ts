/**
 * The waiting state (docs/process.md "1. Förberedelse") in a real browser: an AF activity makes the referral wait
 * (vilande) instead of ending it. Anna records a planned AF activity, the case page says it waits,
 * she records that the activity is not a suitable measure, with a reason, and then AF is to be notified.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANVISNING_VERSION } from '../../machines/anvisning';
import { migrateRunningCases } from '../../src/aggregates/upgrade-runner';
import { loadDeadlinePeriods } from '../../src/deadlines/deadline-config';
import { v1Referrals, writeAsVersion1 } from '../support/anvisning-v1-cases';
import { personnummerFor } from '../support/test-app';
import { accessibilityViolations, CHROMIUM, hasChromium, hasCount, logIn, screenshot, shows, showsNot, startUi, takeStep, visible, type UiHarness } from './browser';

if (!hasChromium) console.warn(`test/ui skipped: no browser at ${CHROMIUM} (install Debian's chromium: apt-get install -y chromium)`);

describe.skipIf(!hasChromium)('a referral waiting on an AF activity', () => {
  let ui: UiHarness;

  beforeAll(async () => {
    ui = await startUi();
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
  });

  it(
    'waits while an AF activity is planned, and goes on to notify AF once anna judges the activity unsuitable',
    async () => {
      const anna = await ui.app.as('anna');
      const created = await anna.createCase({ personnummer: personnummerFor('1985-04-12', 901), name: 'Vilma Väntan' });
      expect(created.status).toBe(201);
      await anna.step(created.body.id, 'SSBTEK_INFO_RECORDED');

      const page = await ui.newPage();
      await logIn(page, 'Anna Andersson');
      await page.goto(`/arenden/${created.body.id}`);
      await visible(page.getByRole('heading', { level: 1, name: `Ärende ${created.body.reference}` }));
      const currentStep = page.locator('.facts dt:has-text("Nuvarande steg") + dd strong');
      await shows(currentStep, 'Samråd 2: AF:s handlingsplan');

      // The AF check is a choice of three.
      await takeStep(page, 'Stäm av handlingsplanen hos AF', async (form) => {
        const choice = form.getByRole('radiogroup', { name: 'Aktivitet hos Arbetsförmedlingen' });
        await hasCount(choice.getByRole('radio'), 3);
        await choice.getByLabel('En aktivitet är planerad', { exact: true }).check();
        await form.getByLabel('Anteckning').fill('Arbetsträning hos AF planerad till mars.');
      });

      // The referral waits; it has not ended, and AF is not to be notified now.
      await shows(currentStep, 'Vilande: aktivitet hos AF');
      await shows(page.locator('[data-notice="vilande"]'), 'Vilande: en aktivitet hos Arbetsförmedlingen är planerad eller pågår');
      await shows(page.locator('.facts'), 'En aktivitet är planerad');
      await shows(page.locator('.facts'), 'Arbetsträning hos AF planerad till mars.');
      await shows(page.locator('.facts'), 'Pågår');
      await hasCount(page.getByRole('button', { name: 'Registrera underrättelse till AF', exact: true }), 0);
      await visible(page.getByRole('button', { name: 'Stäm av handlingsplanen hos AF', exact: true }));
      await visible(page.getByRole('button', { name: 'Återkalla anvisningen', exact: true }));
      await shows(page.locator('.map-state--current'), 'Vilande');
      await screenshot(page, '30-vilande-af-aktivitet');
      expect(await accessibilityViolations(page)).toEqual([]);

      // Anna judges the AF activity not a suitable measure, and writes why.
      await takeStep(page, 'Bedöm att AF-aktiviteten inte är lämplig', async (form) => {
        await form.getByLabel('Varför är aktiviteten inte en lämplig åtgärd?').fill('Arbetsträningen motsvarar inte klientens behov av språkstöd.');
      });
      await shows(currentStep, 'Samråd 3: underrätta AF');
      await hasCount(page.locator('[data-notice="vilande"]'), 0);
      await shows(page.locator('.facts'), 'Arbetsträningen motsvarar inte klientens behov av språkstöd.');
      await visible(page.getByRole('button', { name: 'Registrera underrättelse till AF', exact: true }));
      await showsNot(page.locator('.facts'), 'Avbruten');
      const timeline = page.locator('.timeline');
      await shows(timeline.locator('.timeline__item').first(), 'Aktiviteten hos AF bedömd som inte lämplig åtgärd');
      await shows(timeline.locator('.timeline__item').nth(1), 'En aktivitet är planerad');
      await screenshot(page, '31-af-aktivitet-inte-lamplig');

      await takeStep(page, 'Registrera underrättelse till AF', async (form) => {
        await form.getByLabel('Skickad den').fill('2026-01-12');
      });
      await shows(currentStep, 'Samråd klart');
      expect(ui.problems).toEqual([]);
    },
    180_000,
  );

  it(
    'shows an AF check stored under version 1 (plannedAfActivity) in the history with its own words',
    async () => {
      const page = await ui.newPage();
      await logIn(page, 'Anna Andersson');
      // Stored events are never rewritten: the timeline draws a version 1 payload as it was stored.
      const entry = { type: 'AF_PLAN_CHECKED', payload: { plannedAfActivity: true, note: 'AF planerar en insats.' }, actor: { id: 'anna', displayName: 'Anna Andersson', role: 'socialsekreterare' }, occurredAt: '2025-03-03T09:00:00Z' };
      // The page's own modules, as the browser loads them (a string, so the test runner leaves the imports alone).
      const text = await page.evaluate<string>(`(async () => {
        const { loadProcess } = await import('/js/api.js');
        const { renderTimeline } = await import('/js/timeline.js');
        const list = renderTimeline(await loadProcess(), [${JSON.stringify(entry)}]);
        document.querySelector('main').append(list);
        return list.innerText;
      })()`);
      expect(text).toContain('Handlingsplanen hos AF avstämd');
      expect(text).toMatch(/Pågick eller planerades en aktivitet hos Arbetsförmedlingen\?\s+Ja/);
      expect(text).not.toContain('plannedAfActivity');
      expect(ui.problems).toEqual([]);
    },
    60_000,
  );

  it(
    'shows a case moved from version 1 with its routine version and the move in its history, with what the migration noted',
    async () => {
      // A referral a version 1 release ended because an AF activity was planned, moved up as at start-up.
      const endedForAf = v1Referrals().find((referral) => referral.snapshot.context.endReason === 'af_insats' && !referral.input.protectedIdentity)!;
      const id = await writeAsVersion1(ui.app.database.prisma, endedForAf);
      await migrateRunningCases({ prisma: ui.app.database.prisma, clock: ui.app.clock, periods: loadDeadlinePeriods() });
      const page = await ui.newPage();
      await logIn(page, 'Anna Andersson');
      await page.goto(`/arenden/${id}`);
      await shows(page.locator('.facts'), `Version ${ANVISNING_VERSION}`);
      await shows(page.locator('.timeline'), `Ärendet flyttades till version ${ANVISNING_VERSION} av rutinen`);
      await shows(page.locator('.timeline'), 'registrerades aktiviteten som planerad');
      expect(ui.problems).toEqual([]);
    },
    60_000,
  );
});
