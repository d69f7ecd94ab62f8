/**
 * The running insats and an oenighet in a real browser (process.md §4, §5): anna sees KC's avvikelse on Att göra
 * until she has taken part of it; fatima sees the disagreement KC raised waiting for her position, the case
 * banner says what it is about, she records her position, and the disagreement flagged as a samverkansfråga is
 * on her list of samverkansfrågor with the reference and no client data; a renewal a year early says why not yet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personnummerFor } from '../support/test-app';
import { accessibilityViolations, CHROMIUM, hasChromium, hasCount, logIn, screenshot, shows, showsNot, takeStep, startUi, visible, type UiHarness } from './browser';

if (!hasChromium) console.warn(`test/ui skipped: no browser at ${CHROMIUM} (install Debian's chromium: apt-get install -y chromium)`);

const NAME = 'Ines Insats';

describe.skipIf(!hasChromium)('the running insats and an oenighet', () => {
  let ui: UiHarness;
  let caseId = '';
  let reference = '';

  beforeAll(async () => {
    ui = await startUi();
    const anna = await ui.app.as('anna');
    const created = await anna.createCase({ personnummer: personnummerFor('1983-05-05', 907), name: NAME });
    caseId = created.body.id;
    reference = created.body.reference;
    for (const type of ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED', 'DECISION_MADE', 'DECISION_COMMUNICATED', 'UPPDRAG_SENT', 'INSKRIVNING_BOOKED'] as const) {
      await anna.step(caseId, type);
    }
    const kalle = await ui.app.as('kalle');
    await kalle.step(caseId, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
    await kalle.step(caseId, 'INSKRIVNING_HELD');
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
  });

  it(
    '[insats.avvikelse-until-acknowledged] shows KC’s avvikelse on anna’s Att göra until she has taken part of it',
    async () => {
      await (await ui.app.as('kalle')).step(caseId, 'AVVIKELSE_REPORTED', { on: '2026-01-14', kind: 'franvaro', summary: 'Kom inte två dagar.' });
      const page = await ui.newPage();
      await logIn(page, 'Anna Andersson');
      const section = page.locator('[data-section="avvikelser"]');
      await shows(section.getByRole('heading', { level: 2 }), 'Avvikelser från KC att ta del av (1)');
      await shows(section, reference);
      await shows(section, 'Frånvaro 14 jan');
      await screenshot(page, '40-avvikelse-att-gora');
      expect(await accessibilityViolations(page)).toEqual([]);
      await section.getByRole('button', { name: `Jag har tagit del av avvikelsen i ${reference}` }).click();
      await shows(page.locator('[data-queue-notice="success"]'), `Du har tagit del av avvikelsen i ärende ${reference}.`);
      await hasCount(page.locator('[data-section="avvikelser"]'), 0);
      // The case keeps the avvikelse as a fact.
      await page.goto(`/arenden/${caseId}`);
      await shows(page.locator('.facts'), 'Avvikelser');
      await showsNot(page.locator('.facts'), 'inte har tagit del av');
      expect(ui.problems).toEqual([]);
    },
    120_000,
  );

  it(
    '[oenighet.position-per-side] shows fatima the disagreement waiting for her position, what it is about, and her list of samverkansfrågor',
    async () => {
      await (await ui.app.as('kalle')).step(caseId, 'DISAGREEMENT_RAISED', { topic: 'avslut', description: 'KC vill avsluta, socialsekreteraren vill fortsätta.', samverkansfraga: true });
      const page = await ui.newPage();
      await logIn(page, 'Fatima Hassan');
      const waiting = page.locator('[data-section="oenigheter"]');
      await shows(waiting, reference);
      await shows(waiting, 'Oenighet om avslut av insatsen: väntar på din ståndpunkt.');
      await waiting.getByRole('link', { name: new RegExp(reference) }).click();
      await visible(page.getByRole('heading', { level: 1, name: `Ärende ${reference}` }));
      const banner = page.locator('[data-notice="oenighet"]');
      await shows(banner, 'Nummer 1: Avslut av insatsen.');
      await shows(banner, 'KC vill avsluta, socialsekreteraren vill fortsätta.');
      await shows(banner, 'Väntar på 1:e socialsekreterarens ståndpunkt och samordnarens ståndpunkt på KC.');
      await shows(banner, 'Insatsen kan inte avslutas förrän den är löst.');
      await hasCount(page.getByRole('button', { name: 'Registrera lösning på oenigheten', exact: true }), 0);
      await takeStep(page, 'Registrera ståndpunkt i oenigheten', async (form) => {
        await form.getByLabel('Ståndpunkt').fill('Insatsen bör fortsätta tre månader.');
      });
      await shows(page.locator('[data-notice="oenighet"]'), 'Väntar på samordnarens ståndpunkt på KC.');
      await screenshot(page, '41-oenighet-standpunkt');
      expect(await accessibilityViolations(page)).toEqual([]);

      await page.getByRole('link', { name: 'Samverkansfrågor' }).click();
      await visible(page.getByRole('heading', { level: 1, name: 'Samverkansfrågor' }));
      const row = page.locator(`[data-table="samverkansfragor"] tr[data-case="${caseId}"]`);
      await shows(row, reference);
      await shows(row, 'Avslut av insatsen');
      await shows(row, 'Öppen');
      await showsNot(page.locator('main'), NAME);
      await showsNot(page.locator('main'), 'KC vill avsluta');
      await screenshot(page, '42-samverkansfragor');
      expect(await accessibilityViolations(page)).toEqual([]);
      expect(ui.problems).toEqual([]);
    },
    120_000,
  );

  it(
    '[beslut.renewal-window] tells anna that a renewal is not yet possible, and from when',
    async () => {
      const page = await ui.newPage();
      await logIn(page, 'Anna Andersson');
      await page.goto(`/arenden/${caseId}`);
      const notice = page.locator('[data-notice="fornyelse"]');
      await shows(notice, 'Förnyat beslut är inte möjligt ännu, eftersom:');
      await shows(notice, 'förnyat beslut kan fattas tidigast 2 december 2026');
      await hasCount(page.getByRole('button', { name: 'Förnya beslutet', exact: true }), 0);
      expect(ui.problems).toEqual([]);
    },
    120_000,
  );
});
