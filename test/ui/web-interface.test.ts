/**
 * The web interface in a real browser (issue 6): people, not curl. Runs only
 * where Debian's Chromium is installed (.ci/run installs it); screenshots of the
 * main pages go to test-results/ui/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePayloads } from '../support/anvisning-payloads';
import { personnummerFor } from '../support/test-app';
import { accessibilityViolations, CHROMIUM, describedAs, focused, hasAttr, hasChromium, hasCount, hasText, logIn, logOut, screenshot, shows, showsNot, startUi, takeStep, visible, type UiHarness } from './browser';

if (!hasChromium) console.warn(`test/ui skipped: no browser at ${CHROMIUM} (install Debian's chromium: apt-get install -y chromium)`);

const UI_TIMEOUT = 180_000;

describe.skipIf(!hasChromium)('the web interface', () => {
  let ui: UiHarness;
  let serial = 100;
  const nextPersonnummer = () => personnummerFor('1985-04-12', (serial += 1));

  beforeAll(async () => {
    ui = await startUi();
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
  });

  /** A case created and taken through the API (for the stories that start later in the routine). */
  async function caseThroughApi(client: { name: string; protectedIdentity?: boolean }, steps: (keyof typeof samplePayloads)[]) {
    const anna = await ui.app.as('anna');
    const created = await anna.createCase({ personnummer: nextPersonnummer(), ...client });
    expect(created.status).toBe(201);
    for (const step of steps) await anna.step(created.body.id, step);
    return created.body as { id: string; reference: string; client: { personnummer: string } };
  }

  async function currentStep(page: Page) {
    return page.locator('.facts dt:has-text("Nuvarande steg") + dd strong').innerText();
  }

  it(
    'anna creates a case and books the inskrivning; kalle registers it held; anna then sees the follow-up deadline',
    async () => {
      const page = await ui.newPage();
      await page.goto('/');
      await visible(page.getByRole('heading', { level: 1, name: 'Logga in' }));
      await screenshot(page, '01-logga-in');
      await logIn(page, 'Anna Andersson');
      await screenshot(page, '02-att-gora-tom');

      await page.getByRole('link', { name: 'Nytt ärende' }).click();
      await focused(page.getByRole('heading', { level: 1, name: 'Nytt ärende' }));
      await page.getByLabel('Personnummer eller samordningsnummer').fill(nextPersonnummer());
      await page.getByLabel('Namn').fill('Greta Gustafsson');
      await screenshot(page, '03-nytt-arende');
      await page.getByRole('button', { name: 'Skapa ärende' }).click();
      await visible(page.getByRole('heading', { level: 1, name: /^Ärende KC-\d{6}$/ }));
      await focused(page.locator('[data-notice="success"]'));
      expect(await currentStep(page)).toBe('Samråd 1: SSBTEK/e-info');
      await shows(page.locator('.client-line'), 'Greta Gustafsson');
      // The decision is not offered before the machine allows it; what stands in the way is said.
      await hasCount(page.getByRole('button', { name: 'Fatta beslut' }), 0);
      await visible(page.getByText('Beslut kan inte fattas ännu:', { exact: true }));
      await screenshot(page, '04-arende-forberedelse');
      const caseUrl = page.url();

      await takeStep(page, 'Registrera uppgifter från SSBTEK/e-info', async (form) => {
        await form.getByLabel('Sammanfattning från Arbetsförmedlingen').fill('Inskriven på AF sedan 2024, ingen aktivitet.');
        await form.getByLabel('Sammanfattning från Försäkringskassan').fill('Ingen ersättning från FK.');
      });
      expect(await currentStep(page)).toBe('Samråd 2: AF:s handlingsplan');
      await takeStep(page, 'Stäm av handlingsplanen hos AF', async (form) => {
        await form.getByRole('radiogroup', { name: 'Aktivitet hos Arbetsförmedlingen' }).getByLabel('Ingen planerad eller pågående aktivitet').check();
      });
      await takeStep(page, 'Registrera underrättelse till AF', async (form) => {
        await form.getByLabel('Skickad den').fill('2026-01-12');
      });
      await takeStep(page, 'Bedöm KC-kriterierna', async (form) => {
        await form.getByLabel('Helt arbetslös').check();
        await form.getByRole('radiogroup', { name: /arbetsinriktade/ }).getByLabel('Ja').check();
        await form.getByRole('radiogroup', { name: /inom tre år/ }).getByLabel('Ja').check();
      });
      await takeStep(page, 'Registrera samtycke till KC');
      await takeStep(page, 'Registrera uppdaterad arbetsplan');
      await takeStep(page, 'Fatta beslut', async (form) => {
        await form.getByLabel('Beslutsdatum').fill('2026-01-15');
        await form.getByLabel('Gäller från och med').fill('2026-02-01');
      });
      await shows(page.locator('.facts'), '1 februari 2026 – 31 januari 2027');
      await takeStep(page, 'Registrera att beslutet kommunicerats', async (form) => {
        await form.getByLabel('Kommunicerat den').fill('2026-01-15');
      });
      await takeStep(page, 'Skicka uppdraget till KC', async (form) => {
        await form.getByLabel('Behov').fill('Stöd att söka arbete.');
        await form.getByLabel('Omfattning').fill('Jobbsökaraktiviteter.');
        await form.getByLabel('Mål').fill('Arbete inom ett år.');
      });
      await takeStep(page, 'Boka inskrivningsmöte', async (form) => {
        await form.getByLabel('Datum och tid').fill('2026-02-03T09:00');
        await form.getByLabel('Plats').fill('KC Angered');
        await form.getByRole('radiogroup', { name: 'Behövs tolk?' }).getByLabel('Nej').check();
      });
      expect(await currentStep(page)).toBe('Möte bokat');
      await shows(page.locator('.facts'), '3 februari 2026 kl. 09:00, KC Angered');
      await hasAttr(page.locator('.map-state--current'), 'data-state', 'inskrivning.bokad');
      await shows(page.locator('[aria-current="step"]'), 'Här står ärendet');
      const timeline = page.locator('.timeline');
      await shows(timeline.locator('.timeline__item').first(), 'Inskrivningsmöte bokat');
      await shows(timeline.locator('.timeline__item').first(), 'Anna Andersson, Socialsekreterare');
      await shows(timeline.locator('.timeline__item').last(), 'Ärendet skapades');
      await screenshot(page, '05-arende-inskrivning-bokad');
      const reference = (await page.getByRole('heading', { level: 1 }).innerText()).replace('Ärende ', '');

      // Kalle at KC: the samordnare assigns the referral to him; then it is on his list, with a step for him.
      const caseId = caseUrl.split('/').at(-1)!;
      await (await ui.app.as('sven')).step(caseId, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
      const kallePage = await ui.newPage();
      await logIn(kallePage, 'Kalle Karlsson');
      const card = kallePage.locator('.case-card', { hasText: reference });
      await shows(card, 'Registrera att inskrivningsmötet hölls');
      await screenshot(kallePage, '06-att-gora-kalle');
      await card.getByRole('link').click();
      await visible(kallePage.getByRole('heading', { level: 1, name: `Ärende ${reference}` }));
      // KC does not read the SSBTEK summaries (process.md "What KC sees").
      await showsNot(kallePage.locator('main'), 'Inskriven på AF sedan 2024');
      await hasCount(kallePage.getByRole('button', { name: 'Fatta beslut' }), 0);
      await takeStep(kallePage, 'Registrera att inskrivningsmötet hölls', async (form) => {
        await form.getByLabel('Första uppföljningen (datum och tid)').fill('2026-05-04T10:00');
      });
      expect(await currentStep(kallePage)).toBe('Insats pågår');
      await shows(kallePage.locator('.timeline__item').first(), 'Kalle Karlsson, Arbetsmarknadskonsulent');
      await screenshot(kallePage, '07-arende-kalle-insats-pagar');

      // Anna's to-do list now has the follow-up.
      await page.goto('/');
      const deadlines = page.getByRole('region', { name: 'Dina frister' });
      await visible(deadlines.getByRole('row', { name: new RegExp(`Uppföljning ska hållas.*${reference}`) }));
      await shows(page.locator('.counts'), 'öppna frister');
      await screenshot(page, '08-att-gora-anna-uppfoljning');
      await page.goto(caseUrl);
      await shows(page.getByRole('region', { name: 'Frister i ärendet' }), 'Uppföljning ska hållas');

      // The same case page at tablet width.
      const tablet = await ui.newPage({ width: 768, height: 1024 });
      await logIn(tablet, 'Anna Andersson');
      await tablet.goto(caseUrl);
      await visible(tablet.getByRole('heading', { level: 1, name: `Ärende ${reference}` }));
      expect(await tablet.locator('html').evaluate((element) => element.scrollWidth)).toBeLessThanOrEqual(768);
      await screenshot(tablet, '09-arende-surfplatta');
      expect(ui.problems).toEqual([]);
    },
    UI_TIMEOUT,
  );

  it(
    'shows a protected identity masked to kalle, in the list and on the case',
    async () => {
      const kase = await caseThroughApi({ name: 'Hemlig Hemligsson', protectedIdentity: true }, [
        'SSBTEK_INFO_RECORDED',
        'AF_PLAN_CHECKED',
        'AF_NOTIFIED',
        'KC_CRITERIA_ASSESSED',
        'KC_CONSENT_RECORDED',
        'ARBETSPLAN_UPDATED',
        'KC_SAMORDNARE_CONSULTED',
        'DECISION_MADE',
        'DECISION_COMMUNICATED',
        'UPPDRAG_SENT',
      ]);
      // A protected referral is assigned by KC's samordnare (Bilaga 1).
      await (await ui.app.as('sven')).step(kase.id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
      const page = await ui.newPage();
      await logIn(page, 'Kalle Karlsson');
      await page.getByRole('link', { name: 'Ärenden', exact: true }).click();
      const row = page.getByRole('row', { name: new RegExp(kase.reference) });
      await shows(row, 'Skyddade personuppgifter');
      await row.getByRole('link').click();
      await visible(page.getByRole('heading', { level: 1, name: `Ärende ${kase.reference}` }));
      await hasText(page.locator('.client-line'), 'Skyddade personuppgifter');
      await visible(page.getByText('Namn och personnummer visas bara för ansvarig socialsekreterare'));
      const text = await page.locator('body').innerText();
      expect(text).not.toContain('Hemlig');
      expect(text).not.toContain(kase.client.personnummer.slice(0, 8));
      await screenshot(page, '10-skyddad-kalle');

      // The responsible socialsekreterare sees the name, with the rules for protected identities.
      const anna = await ui.newPage();
      await logIn(anna, 'Anna Andersson');
      await anna.goto(`/arenden/${kase.id}`);
      await shows(anna.locator('.client-line'), 'Hemlig Hemligsson');
      await visible(anna.getByText('Bokningar görs via samordnaren på KC, aldrig i GWA.'));
      expect(ui.problems).toEqual([]);
    },
    UI_TIMEOUT,
  );

  it(
    'shows the API validation errors at their fields, and a stale version as a notice',
    async () => {
      const page = await ui.newPage();
      await logIn(page, 'Anna Andersson');

      // A 10-digit personnummer: refused by the API, explained at the field.
      await page.getByRole('link', { name: 'Nytt ärende' }).click();
      await page.getByLabel('Personnummer eller samordningsnummer').fill('850412-1234');
      await page.getByLabel('Namn').fill('Kort Nummer');
      await page.getByRole('button', { name: 'Skapa ärende' }).click();
      const personnummerField = page.locator('[data-field="client.personnummer"]');
      await shows(personnummerField.locator('.field-error'), '12 siffror');
      await hasAttr(page.getByLabel('Personnummer eller samordningsnummer'), 'aria-invalid', 'true');
      await focused(page.locator('.error-summary'));
      await screenshot(page, '11-valideringsfel-personnummer');

      // A KC criterion not met without a written reason: the machine's rule, shown at the reason field.
      const kase = await caseThroughApi({ name: 'Kriterie Testsson' }, []);
      await page.goto(`/arenden/${kase.id}`);
      await page.getByRole('button', { name: 'Bedöm KC-kriterierna', exact: true }).click();
      const form = page.locator('section.action-form');
      await form.getByLabel('Helt arbetslös').check();
      await form.getByRole('radiogroup', { name: /arbetsinriktade/ }).getByLabel('Nej').check();
      await form.getByRole('radiogroup', { name: /inom tre år/ }).getByLabel('Ja').check();
      await form.getByRole('button', { name: 'Spara' }).click();
      const reasonField = form.locator('[data-field="deviationReason"]');
      await hasText(reasonField.locator('.field-error'), 'Måste fyllas i när ett KC-kriterium inte är uppfyllt: skriv varför anvisningen ändå görs.');
      const reasonInput = form.getByLabel(/Motivering vid avvikelse/);
      await hasAttr(reasonInput, 'aria-invalid', 'true');
      await describedAs(reasonInput, /Måste fyllas i när ett KC-kriterium inte är uppfyllt/);
      await focused(form.locator('.error-summary'));
      await screenshot(page, '12-valideringsfel-kriterier');
      // The summary's link takes the keyboard to the field; the reason fixes it.
      await form.locator('.error-summary a').click();
      await focused(reasonInput);
      await reasonInput.fill('Individuell bedömning: behöver stöd trots studier på gång.');
      await form.getByRole('button', { name: 'Spara' }).click();
      await shows(page.locator('[data-notice="success"]'), 'Sparat: KC-kriterierna bedömda');

      // Someone else changes the case while the form is open: If-Match makes it a 412, said in Swedish.
      await page.getByRole('button', { name: 'Registrera uppgifter från SSBTEK/e-info', exact: true }).click();
      await form.getByLabel('Sammanfattning från Arbetsförmedlingen').fill('AF-sammanfattning.');
      await form.getByLabel('Sammanfattning från Försäkringskassan').fill('FK-sammanfattning.');
      await (await ui.app.as('anna')).step(kase.id, 'KC_CONSENT_RECORDED');
      await form.getByRole('button', { name: 'Spara' }).click();
      await shows(page.locator('[data-notice="error"]'), 'Någon annan har ändrat ärendet');
      await shows(page.locator('.timeline__item').first(), 'Samtycke till KC upprättat');
      expect(ui.problems).toEqual([]);
    },
    UI_TIMEOUT,
  );

  it(
    'works with the keyboard only: log in, open a case, take a step',
    async () => {
      const kase = await caseThroughApi({ name: 'Tangent Bordsson' }, []);
      const page = await ui.newPage();
      await page.goto('/logga-in');
      // The skip link comes first.
      await page.keyboard.press('Tab');
      await focused(page.getByRole('link', { name: 'Hoppa till innehållet' }));
      // The brand link, then the first user; arrows move within the radio group.
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await focused(page.getByRole('radio', { name: /^Anna Andersson/ }));
      await page.keyboard.press('Space');
      await page.keyboard.press('Tab');
      await focused(page.getByRole('button', { name: 'Logga in' }));
      await page.keyboard.press('Enter');
      await visible(page.getByRole('heading', { level: 1, name: 'Att göra' }));

      await page.goto(`/arenden/${kase.id}`);
      const button = page.getByRole('button', { name: 'Registrera samtycke till KC', exact: true });
      await button.focus();
      await page.keyboard.press('Enter');
      await focused(page.getByRole('heading', { name: 'Registrera samtycke till KC', level: 3 }));
      await page.keyboard.press('Tab');
      await focused(page.locator('section.action-form').getByRole('button', { name: 'Spara' }));
      await page.keyboard.press('Enter');
      await focused(page.locator('[data-notice="success"]'));

      // Cancel returns focus to the button that opened the form.
      const other = page.getByRole('button', { name: 'Registrera svar från AF', exact: true });
      await other.focus();
      await page.keyboard.press('Enter');
      await hasAttr(other, 'aria-expanded', 'true');
      await page.locator('section.action-form').getByRole('button', { name: 'Avbryt' }).press('Enter');
      await focused(other);
      await hasCount(page.locator('section.action-form'), 0);

      await logOut(page);
      expect(ui.problems).toEqual([]);
    },
    UI_TIMEOUT,
  );

  it(
    'passes axe-core\'s WCAG 2.1 AA checks on the main pages (contrast, labels, landmarks, names)',
    async () => {
      const kase = await caseThroughApi({ name: 'Axe Axelsson' }, ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED', 'DECISION_MADE', 'DECISION_COMMUNICATED', 'UPPDRAG_SENT', 'INSKRIVNING_BOOKED']);
      const page = await ui.newPage();
      await page.goto('/logga-in');
      await visible(page.getByRole('button', { name: 'Logga in' }));
      expect(await accessibilityViolations(page), 'login').toEqual([]);
      await logIn(page, 'Anna Andersson');
      expect(await accessibilityViolations(page), 'att göra').toEqual([]);
      await page.goto('/arenden');
      await visible(page.getByRole('heading', { level: 1, name: 'Ärenden' }));
      expect(await accessibilityViolations(page), 'ärenden').toEqual([]);
      await page.goto(`/arenden/${kase.id}`);
      await visible(page.getByRole('heading', { level: 1, name: `Ärende ${kase.reference}` }));
      await page.locator('.map-next summary').click();
      expect(await accessibilityViolations(page), 'case page').toEqual([]);
      // A form with its errors showing.
      // (The meeting held is the consultant's to record; moving it is anna's too.)
      await page.getByRole('button', { name: 'Flytta inskrivningsmötet', exact: true }).click();
      await page.locator('section.action-form').getByRole('button', { name: 'Spara' }).click();
      await visible(page.locator('.field-error').first());
      expect(await accessibilityViolations(page), 'form with errors').toEqual([]);
      await screenshot(page, '13-formular-med-fel');
      expect(ui.problems).toEqual([]);
    },
    UI_TIMEOUT,
  );
});
