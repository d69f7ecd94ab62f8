/**
 * A caseworker's day (issue 18), in a real browser: a refused step keeps what was typed and says what is missing
 * with a link to fix it, and a step that would be refused is shown as not yet possible; done, current and not yet
 * possible steps are told apart in words on the buttons and on the process map; the 1:e socialsekreterare sees
 * whose escalated step a deadline is; an expired decision is the first thing on the case and on Att göra, and an
 * old booked follow-up is no longer shown as coming.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personnummerFor, type UserSession } from '../support/test-app';
import { accessibilityViolations, CHROMIUM, describedAs, focused, hasAttr, hasCount, hasChromium, logIn, screenshot, shows, showsNot, startUi, visible, type UiHarness } from './browser';

if (!hasChromium) console.warn(`test/ui skipped: no browser at ${CHROMIUM} (install Debian's chromium: apt-get install -y chromium)`);

const UI_TIMEOUT = 120_000;
const TO_DECISION_COMMUNICATED = ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED', 'DECISION_MADE', 'DECISION_COMMUNICATED'] as const;
const OWN_ASSESSMENT = 'Motiverad; behöver stöd med svenska i arbetslivet.';

describe.skipIf(!hasChromium)("a caseworker's day", () => {
  let ui: UiHarness;
  let anna: UserSession;
  let serial = 500;
  const newCase = async (name: string) => {
    const created = await anna.createCase({ personnummer: personnummerFor('1986-04-04', (serial += 1)), name });
    expect(created.status).toBe(201);
    return { id: created.body.id as string, reference: created.body.reference as string, clientId: created.body.client.id as string };
  };
  const openCase = async (page: Page, id: string, reference: string) => {
    await page.goto(`/arenden/${id}`);
    await visible(page.getByRole('heading', { level: 1, name: `Ärende ${reference}` }));
  };
  /** The insats under way: the uppdrag sent, kalle assigned and the inskrivning held (a first follow-up booked for 4 May 2026). */
  let running = { id: '', reference: '', clientId: '' };

  beforeAll(async () => {
    ui = await startUi();
    anna = await ui.app.as('anna');
    running = await newCase('Rut Rullande');
    for (const type of [...TO_DECISION_COMMUNICATED, 'UPPDRAG_SENT', 'INSKRIVNING_BOOKED'] as const) await anna.step(running.id, type);
    const kalle = await ui.app.as('kalle');
    await kalle.step(running.id, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
    await kalle.step(running.id, 'INSKRIVNING_HELD');
  }, UI_TIMEOUT);

  afterAll(async () => {
    await ui?.close();
  });

  it(
    'keeps what was typed when the uppdrag is refused, says what is missing with a link to fix it, and shows the step as not yet possible before the click',
    async () => {
      const kase = await newCase('Uno Uppdrag');
      for (const type of TO_DECISION_COMMUNICATED) await anna.step(kase.id, type);
      const assess = (body: object) => anna.post(`/api/clients/${kase.clientId}/assessment/events`, body);
      expect((await assess({ type: 'INLEDANDE_STARTED', householdRole: 'sokande' })).status).toBe(200);
      const created = await assess({ type: 'UPPDRAGSBESKRIVNING_CREATED', caseId: kase.id });
      expect(created.status).toBe(200);
      const documentId = (created.body.documents as { id: string; kind: string }[]).find((document) => document.kind === 'uppdragsbeskrivning')!.id;
      const revise = async (egenBedomning: string) => {
        const document = await anna.get(`/api/clients/${kase.clientId}/uppdragsbeskrivningar/${documentId}`);
        expect((await assess({ type: 'UPPDRAGSBESKRIVNING_REVISED', documentId, content: { ...document.body.current, egenBedomning } })).status).toBe(200);
      };

      // Without the own assessment the step is no button: it is not yet possible, and why, with the way to fix it.
      const page = await ui.newPage();
      await logIn(page, 'Anna Andersson');
      await openCase(page, kase.id, kase.reference);
      await hasCount(page.getByRole('button', { name: 'Skicka uppdraget till KC', exact: true }), 0);
      const notYet = page.locator('[data-not-yet="UPPDRAG_SENT"]');
      await shows(notYet, 'Skicka uppdraget till KC');
      await shows(notYet, 'Inte möjlig än');
      await shows(notYet, 'Uppdragsbeskrivningen saknar din egen bedömning.');
      await hasAttr(notYet.getByRole('link', { name: 'Komplettera uppdragsbeskrivningen' }), 'href', `/klienter/${kase.clientId}/uppdragsbeskrivning/${documentId}`);
      await screenshot(page, '60-uppdrag-inte-mojligt-an');
      expect(await accessibilityViolations(page), 'case page, step not yet possible').toEqual([]);

      // With it the step is offered; the own assessment is taken out again while anna fills in the form.
      await revise(OWN_ASSESSMENT);
      await openCase(page, kase.id, kase.reference);
      await page.getByRole('button', { name: 'Skicka uppdraget till KC', exact: true }).click();
      const form = page.locator('section.action-form');
      await form.getByLabel('Behov').fill('Stöd mot arbete inom vården.');
      await form.getByLabel('Omfattning').fill('Praktik och språkstöd.');
      await form.getByLabel('Mål').fill('Anställning inom ett år.');
      await revise('');
      await form.getByRole('button', { name: 'Spara' }).click();

      // Refused: the form stays with everything typed, and the summary says exactly what is missing and where to fix it.
      const summary = form.locator('.error-summary');
      await shows(summary, 'Uppdragsbeskrivningen saknar din egen bedömning');
      await focused(summary);
      await shows(summary, 'Det du har fyllt i finns kvar');
      expect(await form.getByLabel('Behov').inputValue()).toBe('Stöd mot arbete inom vården.');
      expect(await form.getByLabel('Omfattning').inputValue()).toBe('Praktik och språkstöd.');
      expect(await form.getByLabel('Mål').inputValue()).toBe('Anställning inom ett år.');
      await showsNot(page.locator('main'), 'i ärendets nuvarande läge');
      await screenshot(page, '61-uppdrag-nekat-formularet-kvar');
      expect(await accessibilityViolations(page), 'case page, refused step').toEqual([]);

      // The link leads to the uppdragsbeskrivning; back on the case, the form is there as it was typed.
      await summary.getByRole('link', { name: 'Komplettera uppdragsbeskrivningen med din egen bedömning' }).click();
      await visible(page.getByRole('heading', { level: 1, name: `Uppdragsbeskrivning för ${kase.reference}` }));
      await page.getByLabel(/Din egen bedömning/).fill(OWN_ASSESSMENT);
      await page.getByRole('button', { name: 'Spara ny version' }).click();
      await shows(page.locator('[data-notice="success"]'), 'Ny version av uppdragsbeskrivningen sparad');
      await page.goBack();
      await visible(page.getByRole('heading', { level: 1, name: `Ärende ${kase.reference}` }));
      const again = page.locator('section.action-form[data-event="UPPDRAG_SENT"]');
      expect(await again.getByLabel('Behov').inputValue()).toBe('Stöd mot arbete inom vården.');
      expect(await again.getByLabel('Mål').inputValue()).toBe('Anställning inom ett år.');
      await again.getByRole('button', { name: 'Spara' }).click();
      await shows(page.locator('[data-notice="success"]'), 'Sparat');
      expect(ui.problems).toEqual([]);
    },
    UI_TIMEOUT,
  );

  it(
    'tells done, current and not yet possible steps apart in words, on the buttons and on the process map',
    async () => {
      const kase = await newCase('Stina Steg');
      for (const type of ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'KC_CRITERIA_ASSESSED'] as const) await anna.step(kase.id, type);
      const page = await ui.newPage();
      await logIn(page, 'Anna Andersson');
      await openCase(page, kase.id, kase.reference);

      // The criteria are assessed (still offered, to correct them): "Klar"; consent is still to do: "Nu".
      await shows(page.locator('[data-step="KC_CRITERIA_ASSESSED"]'), 'Klar');
      await describedAs(page.getByRole('button', { name: 'Bedöm KC-kriterierna', exact: true }), /Klar: kan ändras/);
      await shows(page.locator('[data-step="KC_CONSENT_RECORDED"]'), 'Nu');
      await describedAs(page.getByRole('button', { name: 'Registrera samtycke till KC', exact: true }), /Nu/);
      // The decision is not yet possible, and why.
      const decision = page.locator('[data-not-yet="DECISION_MADE"]');
      await shows(decision, 'Fatta beslut');
      await shows(decision, 'Inte möjlig än');
      await shows(decision, 'Beslut kan inte fattas ännu');

      // The map: samråd 1 and 2 done, samråd 3 is where the case stands, what follows is not yet possible.
      const state = (path: string) => page.locator(`.map-state[data-state="${path}"]`);
      await hasAttr(state('forberedelse.samrad_ssbtek'), 'data-step-state', 'klar');
      await shows(state('forberedelse.samrad_ssbtek'), 'Klar');
      await hasAttr(state('forberedelse.samrad_af_planering'), 'data-step-state', 'klar');
      await shows(state('forberedelse.samrad_af_underrattelse'), 'Här står ärendet');
      await hasAttr(state('forberedelse.samrad_klart'), 'data-step-state', 'inte-mojlig');
      await shows(state('forberedelse.samrad_klart'), 'Inte möjlig än');
      await hasAttr(state('forberedelse'), 'data-step-state', 'nu');
      await hasAttr(state('beslut'), 'data-step-state', 'inte-mojlig');
      // A state beside the routine's line (vilande) is neither done nor not yet possible.
      expect(await state('forberedelse.vilande_af_aktivitet').getAttribute('data-step-state')).toBeNull();
      await screenshot(page, '62-steg-klar-nu-inte-mojlig');
      expect(await accessibilityViolations(page), 'case page, step states').toEqual([]);
      expect(ui.problems).toEqual([]);
    },
    UI_TIMEOUT,
  );

  it(
    'shows the 1:e socialsekreterare an open disagreement that waits for her on Att göra, and the banner says what it is about',
    async () => {
      await (await ui.app.as('kalle')).step(running.id, 'DISAGREEMENT_RAISED', { topic: 'insats', description: 'Om praktiken ska förlängas.' });
      const page = await ui.newPage();
      await logIn(page, 'Fatima Hassan');
      await shows(page.locator('.counts'), 'oenighet som väntar på dig');
      const waiting = page.locator('[data-section="oenigheter"]');
      await shows(waiting, running.reference);
      await shows(waiting, 'Oenighet om insatsen: väntar på din ståndpunkt.');
      await openCase(page, running.id, running.reference);
      await shows(page.locator('[data-notice="oenighet"]'), 'Nummer 1: Insatsen.');
      expect(await accessibilityViolations(page), 'case page, disagreement').toEqual([]);
      expect(ui.problems).toEqual([]);
    },
    UI_TIMEOUT,
  );

  it(
    'says whose step an escalated deadline is, and that it was escalated, under the 1:e socialsekreterare’s "Dina frister"',
    async () => {
      // The first follow-up (due three months after the insats started) is not held: overdue, then escalated a week later.
      ui.app.clock.set('2026-06-15T06:00:00Z');
      await ui.app.stegvis.scheduler.sweepOnce();
      const page = await ui.newPage();
      await logIn(page, 'Fatima Hassan');
      const row = page.locator('[aria-labelledby="frister-rubrik"] tr', { hasText: running.reference }).filter({ hasText: 'Uppföljning' });
      await shows(page.locator('[aria-labelledby="frister-rubrik"] thead'), 'Vems steg');
      await shows(row, 'Anna Andersson (socialsekreterare)');
      await shows(row, 'Eskalerad till dig 15 juni 2026');
      await screenshot(page, '63-eskalerad-frist');
      expect(await accessibilityViolations(page), 'Att göra, escalated deadline').toEqual([]);
      expect(ui.problems).toEqual([]);
    },
    UI_TIMEOUT,
  );

  it(
    '[insats.decision-expiry-told] shows an expired decision first on the case and on Att göra, and no longer shows the old booked follow-up as coming',
    async () => {
      // No renewal and no closing: the decision (1 February 2026 – 31 January 2027) runs out.
      ui.app.clock.set('2027-02-02T06:00:00Z');
      await ui.app.stegvis.scheduler.sweepOnce();
      const page = await ui.newPage();
      await logIn(page, 'Anna Andersson');
      const first = page.locator('main h1 + *');
      await hasAttr(first, 'data-section', 'beslut-utgatt');
      await shows(first, 'Beslut som har gått ut (1)');
      await shows(first, running.reference);
      await shows(first, 'sista dag 31 januari 2027');
      await screenshot(page, '64-att-gora-beslut-utgatt');
      expect(await accessibilityViolations(page), 'Att göra, expired decision').toEqual([]);

      await first.getByRole('link', { name: new RegExp(running.reference) }).click();
      await visible(page.getByRole('heading', { level: 1, name: `Ärende ${running.reference}` }));
      await hasAttr(page.locator('main h1 + *'), 'data-notice', 'beslut-utgatt');
      await shows(page.locator('[data-notice="beslut-utgatt"]'), 'Beslutet har gått ut.');
      await shows(page.locator('[data-notice="beslut-utgatt"]'), 'Fatta ett förnyat beslut eller avsluta insatsen.');
      await shows(page.locator('.facts'), 'utan beslut som gäller');
      await showsNot(page.locator('.facts'), 'Bokad uppföljning');
      await screenshot(page, '65-arende-beslut-utgatt');
      expect(await accessibilityViolations(page), 'case page, expired decision').toEqual([]);
      expect(ui.problems).toEqual([]);
    },
    UI_TIMEOUT,
  );
});
