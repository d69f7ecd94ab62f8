/**
 * What a walk through a whole referral under anvisning version 3 found, as the users see it: a page
 * opened from a link or reloaded (the samverkansfrågor list), and the words beside a fact (avvikelser
 * not yet taken part of, said so that the 1:e socialsekreterare too understands whose part is missing), and the
 * samråd med AF again before a renewal: the case shows what the new check found, not the first samråd's old one;
 * and an open disagreement shows both managers' positions, which the 1:e socialsekreterare resolves from. A
 * consultant's empty queue does not claim every referral has a consultant while a protected one waits for the samordnare.
 * A renewed decision is named on the case, with whether it has been communicated to the client yet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personnummerFor } from '../support/test-app';
import { accessibilityViolations, CHROMIUM, hasChromium, logIn, logOut, shows, showsNot, startUi, takeStep, visible, type UiHarness } from './browser';

if (!hasChromium) console.warn(`test/ui skipped: no browser at ${CHROMIUM} (install Debian's chromium: apt-get install -y chromium)`);

const TO_BOOKED = ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED', 'DECISION_MADE', 'DECISION_COMMUNICATED', 'UPPDRAG_SENT', 'INSKRIVNING_BOOKED'] as const;

describe.skipIf(!hasChromium)('a referral walked through version 3', () => {
  let ui: UiHarness;
  let caseId = '';
  let reference = '';

  beforeAll(async () => {
    ui = await startUi();
    const anna = await ui.app.as('anna');
    const created = await anna.createCase({ personnummer: personnummerFor('1984-06-06', 931), name: 'Vera Vandring' });
    caseId = created.body.id;
    reference = created.body.reference;
    for (const type of TO_BOOKED) await anna.step(caseId, type);
    const kalle = await ui.app.as('kalle');
    await (await ui.app.as('sven')).step(caseId, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
    await kalle.step(caseId, 'INSKRIVNING_HELD');
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
  });

  it('[oenighet.samverkansfraga-list] opens the samverkansfrågor page from its address, as a bookmark or a reload does', async () => {
    await (await ui.app.as('kalle')).step(caseId, 'DISAGREEMENT_RAISED', { topic: 'insats', description: 'Omfattningen av insatsen.', samverkansfraga: true });
    const page = await ui.newPage();
    await logIn(page, 'Fatima Hassan');
    await page.goto('/samverkansfragor');
    await visible(page.getByRole('heading', { level: 1, name: 'Samverkansfrågor' }));
    await shows(page.locator(`[data-table="samverkansfragor"] tr[data-case="${caseId}"]`), reference);
    await page.reload();
    await visible(page.getByRole('heading', { level: 1, name: 'Samverkansfrågor' }));
    expect(await accessibilityViolations(page)).toEqual([]);
  }, 60_000);

  it('[insats.avvikelse-until-acknowledged] says on the case whose acknowledgement of an avvikelse is missing, in plain Swedish', async () => {
    await (await ui.app.as('kalle')).step(caseId, 'AVVIKELSE_REPORTED', { on: '2026-01-15', kind: 'franvaro', summary: 'Kom inte.' });
    const page = await ui.newPage();
    await logIn(page, 'Fatima Hassan');
    await page.goto(`/arenden/${caseId}`);
    const facts = page.locator('.facts');
    await shows(facts, 'varav 1 som socialsekreteraren inte har tagit del av');
    await showsNot(facts, 'inte tagna del av');
  }, 60_000);

  it('[beslut.renewal-samrad-again] shows what the samråd before a renewal found at AF, not the first samråd’s check', async () => {
    // The decision runs 1 February 2026 – 31 January 2027; its renewal window opens 60 days before.
    ui.app.clock.set('2026-12-10T09:00:00Z');
    const anna = await ui.app.as('anna');
    await anna.step(caseId, 'SSBTEK_INFO_RECORDED');
    await anna.step(caseId, 'AF_PLAN_CHECKED', { afActivity: 'pagaende' });
    const page = await ui.newPage();
    await logIn(page, 'Anna Andersson');
    await page.goto(`/arenden/${caseId}`);
    const facts = page.locator('.facts');
    await shows(facts, 'Aktivitet hos Arbetsförmedlingen (samråd inför förnyat beslut)');
    await shows(facts, 'En aktivitet pågår (avstämt 10 december 2026)');
    await showsNot(facts, 'Ingen planerad eller pågående aktivitet');
    expect(await accessibilityViolations(page)).toEqual([]);
  }, 60_000);

  it('[oenighet.resolved-after-both-positions] shows fatima both positions in the banner when the disagreement waits for her decision', async () => {
    await (await ui.app.as('sven')).step(caseId, 'DISAGREEMENT_POSITION_RECORDED', { position: 'KC vill minska omfattningen' });
    await (await ui.app.as('fatima')).step(caseId, 'DISAGREEMENT_POSITION_RECORDED', { position: 'Omfattningen ligger kvar' });
    const page = await ui.newPage();
    await logIn(page, 'Fatima Hassan');
    await page.goto(`/arenden/${caseId}`);
    const banner = page.locator('[data-notice="oenighet"]');
    await shows(banner, 'Omfattningen av insatsen.');
    await shows(banner, '1:e socialsekreterarens ståndpunkt: Omfattningen ligger kvar');
    await shows(banner, 'Samordnarens ståndpunkt på KC: KC vill minska omfattningen');
    await shows(banner, 'Båda ståndpunkterna finns: väntar på 1:e socialsekreterarens beslut.');
    await visible(page.getByRole('button', { name: 'Registrera lösning på oenigheten', exact: true }));
    expect(await accessibilityViolations(page)).toEqual([]);
  }, 60_000);

  it('[forberedelse.protected-identity-marked-later] tells kim her queue is empty without claiming that a protected referral marked later has a consultant', async () => {
    const anna = await ui.app.as('anna');
    const created = await anna.createCase({ personnummer: personnummerFor('1979-03-03', 932), name: 'Siv Skyddad' });
    for (const type of ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED', 'DECISION_MADE', 'DECISION_COMMUNICATED', 'UPPDRAG_SENT'] as const) {
      await anna.step(created.body.id, type);
    }
    await anna.step(created.body.id, 'PROTECTED_IDENTITY_MARKED');
    const page = await ui.newPage();
    await logIn(page, 'Kim Lind');
    const queue = page.locator('[data-section="kc-queue"]');
    await shows(queue, 'Kön är tom');
    await showsNot(queue, 'alla anvisningar på KC har en konsulent');
    await logOut(page);
    await logIn(page, 'Sven Svensson');
    await shows(page.locator('[data-section="kc-queue"]'), created.body.reference);
  }, 60_000);

  it('[beslut.renewal-communicated] names the renewed decision on the case and whether it is still to be communicated to the client', async () => {
    ui.app.clock.set('2026-12-11T09:00:00Z');
    const anna = await ui.app.as('anna');
    await anna.step(caseId, 'AF_PLAN_CHECKED', { afActivity: 'ingen' });
    await anna.step(caseId, 'AF_NOTIFIED', { sentOn: '2026-12-11' });
    const renewed = await anna.step(caseId, 'DECISION_RENEWED', { decisionDate: '2026-12-11', validFrom: '2027-02-01' });
    expect(renewed.state).toBe('pagaende.aktiv');
    const page = await ui.newPage();
    await logIn(page, 'Anna Andersson');
    await page.goto(`/arenden/${caseId}`);
    const facts = page.locator('.facts');
    await shows(facts, 'Förnyat beslut');
    await shows(facts, 'Fattat 11 december 2026');
    await shows(facts, 'Ska kommuniceras med klienten');
    await takeStep(page, 'Registrera att beslutet kommunicerats', async (form) => {
      await form.getByLabel('Kommunicerat den').fill('2026-12-11');
    });
    await shows(page.locator('.facts'), 'Kommunicerat med klienten');
    expect(await accessibilityViolations(page)).toEqual([]);
  }, 60_000);
});
