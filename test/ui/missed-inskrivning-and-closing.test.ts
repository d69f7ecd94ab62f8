/**
 * Version 3's inskrivning and avslut in a real browser. After a missed inskrivningsmöte the
 * socialsekreterare decides: she asks for a new time and the consultant gives it; a booked meeting
 * is moved without counting as missed. A closing without självförsörjning: the consultant records
 * that the three-party meeting cannot be held, with why, and the closing steps come in any order.
 * A version 2 history with its own end of an inskrivning is still drawn in words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personnummerFor } from '../support/test-app';
import { accessibilityViolations, CHROMIUM, hasChromium, hasCount, logIn, logOut, screenshot, shows, startUi, takeStep, visible, type UiHarness } from './browser';

if (!hasChromium) console.warn(`test/ui skipped: no browser at ${CHROMIUM} (install Debian's chromium: apt-get install -y chromium)`);

const TO_BOOKED = ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED', 'DECISION_MADE', 'DECISION_COMMUNICATED', 'UPPDRAG_SENT'] as const;

describe.skipIf(!hasChromium)('a missed inskrivning and a closing in version 3', () => {
  let ui: UiHarness;

  beforeAll(async () => {
    ui = await startUi();
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
  });

  async function bookedReferral(serial: number) {
    const anna = await ui.app.as('anna');
    const created = await anna.createCase({ personnummer: personnummerFor('1986-05-14', serial), name: 'Mia Missat' });
    expect(created.status).toBe(201);
    for (const type of TO_BOOKED) await anna.step(created.body.id, type);
    await (await ui.app.as('sven')).step(created.body.id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
    await anna.step(created.body.id, 'INSKRIVNING_BOOKED');
    return created.body as { id: string; reference: string };
  }

  it(
    '[inskrivning.rescheduled-not-missed] moves a meeting without counting it missed; after a missed one anna asks for a new time and kalle gives it',
    async () => {
      const kase = await bookedReferral(911);
      const page = await ui.newPage();
      await logIn(page, 'Kalle Karlsson');
      await page.goto(`/arenden/${kase.id}`);
      const currentStep = page.locator('.facts dt:has-text("Nuvarande steg") + dd strong');
      await shows(currentStep, 'Möte bokat');
      await takeStep(page, 'Flytta inskrivningsmötet', async (form) => {
        await form.getByLabel('Ny tid').fill('2026-02-05T13:00');
        await form.getByLabel('Skäl').fill('Klienten är sjuk på mötesdagen.');
      });
      await shows(currentStep, 'Möte bokat');
      await shows(page.locator('.facts'), '5 februari 2026 kl. 13:00');
      await shows(page.locator('.facts'), 'Flyttade inskrivningsmöten');
      await hasCount(page.locator('.facts dt', { hasText: 'Missade inskrivningsmöten' }), 0);

      await takeStep(page, 'Registrera att klienten uteblev');
      await shows(currentStep, 'Möte missat');
      // The new time waits for the socialsekreterare's decision.
      await hasCount(page.getByRole('button', { name: 'Meddela ny tid för inskrivningsmötet', exact: true }), 0);
      await logOut(page);

      await logIn(page, 'Anna Andersson');
      await page.goto(`/arenden/${kase.id}`);
      await shows(page.locator('.facts'), 'Missade inskrivningsmöten');
      await visible(page.getByRole('button', { name: 'Återkalla uppdraget: inget nytt inskrivningsmöte', exact: true }));
      await takeStep(page, 'Begär ny tid för inskrivningsmöte');
      await shows(currentStep, 'Ny tid begärd');
      await screenshot(page, '40-ny-tid-begard');
      expect(await accessibilityViolations(page)).toEqual([]);
      await logOut(page);

      await logIn(page, 'Kalle Karlsson');
      await page.goto(`/arenden/${kase.id}`);
      await takeStep(page, 'Meddela ny tid för inskrivningsmötet', async (form) => {
        await form.getByLabel('Ny tid').fill('2026-02-10T09:00');
      });
      await shows(currentStep, 'Möte bokat');
      await shows(page.locator('.facts'), '10 februari 2026 kl. 09:00');
      const timeline = page.locator('.timeline');
      await shows(timeline.locator('.timeline__item').first(), 'Ny tid för inskrivningsmötet');
      await shows(timeline, 'Ny tid för inskrivningsmöte begärd');
      await shows(timeline, 'Inskrivningsmötet flyttat till en ny tid');
      expect(ui.problems).toEqual([]);
    },
    180_000,
  );

  it(
    '[avslut.closing-meeting-not-held-with-reason] closes without självförsörjning when the three-party meeting cannot be held, the steps in any order',
    async () => {
      const kase = await bookedReferral(912);
      const kalleApi = await ui.app.as('kalle');
      await kalleApi.step(kase.id, 'INSKRIVNING_HELD');
      await kalleApi.step(kase.id, 'CLOSING_ANNOUNCED', { reason: 'flytt', selfSufficient: false });
      await kalleApi.step(kase.id, 'GWA_CLOSED');

      const page = await ui.newPage();
      await logIn(page, 'Kalle Karlsson');
      await page.goto(`/arenden/${kase.id}`);
      const currentStep = page.locator('.facts dt:has-text("Nuvarande steg") + dd strong');
      await shows(currentStep, 'Avslut');
      await shows(page.locator('.facts'), 'Avslut i GWA: klart');
      await shows(page.locator('.facts'), 'Trepartsmöte: återstår');
      await takeStep(page, 'Registrera att trepartsmötet inte kan hållas', async (form) => {
        await form.getByLabel('Varför mötet inte kan hållas').fill('Klienten har flyttat till Malmö och går inte att nå.');
      });
      await shows(page.locator('.facts'), 'Trepartsmöte: kan inte hållas: Klienten har flyttat till Malmö och går inte att nå.');
      await hasCount(page.getByRole('button', { name: 'Registrera hållet trepartsmöte', exact: true }), 0);
      await takeStep(page, 'Upprätta avslutsdokument', async (form) => {
        await form.getByLabel('Insatsen avslutas den').fill('2026-09-15');
        await form.getByLabel('Varför insatsen avslutas').fill('Klienten har flyttat.');
        await form.getByLabel('Måluppfyllelse').fill('Delvis.');
      });
      await shows(currentStep, 'Avslut');
      await screenshot(page, '41-avslut-i-valfri-ordning');
      expect(await accessibilityViolations(page)).toEqual([]);
      await logOut(page);

      await logIn(page, 'Anna Andersson');
      await page.goto(`/arenden/${kase.id}`);
      await takeStep(page, 'Registrera att insatsen avslutats i Treserva');
      await shows(currentStep, 'Avslutad');
      await shows(page.locator('.timeline'), 'Trepartsmötet kunde inte hållas');
      expect(ui.problems).toEqual([]);
    },
    180_000,
  );

  it(
    '[forberedelse.consent-declined-keeps-referral-open] shows a declined consent on the case page and before the decision, and lets anna record consent later',
    async () => {
      const anna = await ui.app.as('anna');
      const created = await anna.createCase({ personnummer: personnummerFor('1986-05-14', 913), name: 'Nora Nej' });
      for (const type of ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'ARBETSPLAN_UPDATED'] as const) await anna.step(created.body.id, type);
      const page = await ui.newPage();
      await logIn(page, 'Anna Andersson');
      await page.goto(`/arenden/${created.body.id}`);
      await takeStep(page, 'Registrera att klienten inte samtycker till KC', async (form) => {
        await form.getByLabel('Anteckning').fill('Vill inte delta på KC nu, kanske efter sommaren.');
      });
      await shows(page.locator('[data-notice="samtycke-avbojt"]'), 'Vill inte delta på KC nu, kanske efter sommaren.');
      await shows(page.locator('[data-blocker="consent_declined"]'), 'klienten har sagt nej');
      await hasCount(page.getByRole('button', { name: 'Fatta beslut', exact: true }), 0);
      await visible(page.getByRole('button', { name: 'Återkalla anvisningen', exact: true }));
      await shows(page.locator('.timeline'), 'Klienten samtycker inte till KC');
      expect(await accessibilityViolations(page)).toEqual([]);
      await takeStep(page, 'Registrera samtycke till KC');
      await hasCount(page.locator('[data-notice="samtycke-avbojt"]'), 0);
      await hasCount(page.locator('[data-blocker]'), 0);
      expect(ui.problems).toEqual([]);
    },
    120_000,
  );

  it(
    'draws a version 2 history’s end of an inskrivning (INSKRIVNING_CANCELLED) in words',
    async () => {
      const page = await ui.newPage();
      await logIn(page, 'Anna Andersson');
      const entry = { type: 'INSKRIVNING_CANCELLED', payload: { reason: 'Klienten har inte hörts av.' }, actor: { id: 'anna', displayName: 'Anna Andersson', role: 'socialsekreterare' }, occurredAt: '2026-03-03T09:00:00Z' };
      const text = await page.evaluate<string>(`(async () => {
        const { loadProcess } = await import('/js/api.js');
        const { renderTimeline } = await import('/js/timeline.js');
        const list = renderTimeline(await loadProcess(), [${JSON.stringify(entry)}]);
        document.querySelector('main').append(list);
        return list.innerText;
      })()`);
      expect(text).toContain('Inskrivningen avbruten');
      expect(text).toContain('Klienten har inte hörts av.');
      expect(text).not.toContain('INSKRIVNING_CANCELLED');
      expect(ui.problems).toEqual([]);
    },
    60_000,
  );
});
