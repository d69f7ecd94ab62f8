/**
 * The bedömningsstöd's pages in a real browser (issue 6): anna fills in the
 * initial part (a partial save survives leaving the page), completes it, reads
 * the indication, chooses against it (the reason is asked for at its field),
 * completes a track, makes an arbetsplan and an uppdragsbeskrivning with their
 * imports, and sends the uppdrag; kalle at KC reads the uppdragsbeskrivning but
 * never the questionnaire. Screenshots go to test-results/ui/ (20-…).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateRunningCases } from '../../src/aggregates/upgrade-runner';
import { loadDeadlinePeriods } from '../../src/deadlines/deadline-config';
import { v1Assessments, writeAssessmentAsVersion1 } from '../support/bedomning-v1-cases';
import { personnummerFor, type UserSession } from '../support/test-app';
import { accessibilityViolations, CHROMIUM, describedAs, focused, hasAttr, hasChromium, hasCount, hasText, logIn, screenshot, shows, showsNot, startUi, takeStep, visible, type UiHarness } from './browser';

if (!hasChromium) console.warn(`test/ui skipped: no browser at ${CHROMIUM} (install Debian's chromium: apt-get install -y chromium)`);

const UI_TIMEOUT = 240_000;
const TO_DECISION_COMMUNICATED = ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED', 'DECISION_MADE', 'DECISION_COMMUNICATED'] as const;

describe.skipIf(!hasChromium)('the bedömningsstöd pages', () => {
  let ui: UiHarness;
  let serial = 500;
  const nextPersonnummer = () => personnummerFor('1979-09-23', (serial += 1));

  beforeAll(async () => {
    ui = await startUi();
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
  });

  async function registerClient(name: string) {
    const anna = await ui.app.as('anna');
    const personnummer = nextPersonnummer();
    const response = await anna.post('/api/clients', { personnummer, name });
    expect(response.status).toBe(201);
    return { id: response.body.client.id as string, personnummer };
  }

  /** A step through the API with the assessment's current version. */
  async function assessmentStep(session: UserSession, clientId: string, body: Record<string, unknown>) {
    const current = await session.get(`/api/clients/${clientId}/assessment`);
    const version = current.status === 404 ? 0 : (current.body.version as number);
    const response = await session.post(`/api/clients/${clientId}/assessment/events`, body).set('If-Match', `"${version}"`);
    expect(response.status, `${String(body.type)}: ${JSON.stringify(response.body)}`).toBe(200);
    return response.body as { questionnaires: { id: string; kind: string; status: string }[] };
  }

  const scale = (page: Page, question: RegExp) => page.getByRole('radiogroup', { name: question });
  const choose = async (page: Page, question: RegExp, value: number) => scale(page, question).getByRole('radio', { name: new RegExp(`^${value} –`) }).check();

  it(
    'anna fills in the initial part, chooses a track against the indication with a reason, makes an arbetsplan and an uppdragsbeskrivning and sends the uppdrag; kalle reads only the uppdragsbeskrivning',
    async () => {
      // Anna registers the client in the browser (find or register by personnummer).
      const page = await ui.newPage();
      await logIn(page, 'Anna Andersson');
      await page.getByRole('link', { name: 'Bedömningsstöd' }).click();
      await focused(page.getByRole('heading', { level: 1, name: 'Bedömningsstöd' }));
      const client = { personnummer: nextPersonnummer(), id: '' };
      await page.getByLabel('Personnummer eller samordningsnummer').fill(client.personnummer);
      await page.getByLabel('Namn').fill('Saga Svensson');
      await page.getByRole('button', { name: 'Öppna klienten' }).click();
      await visible(page.getByRole('heading', { level: 1, name: 'Klient', exact: true }));
      await shows(page.locator('[data-notice="success"]'), 'Klienten är registrerad.');
      client.id = new URL(page.url()).pathname.split('/')[2]!;
      await visible(page.getByText('Klienten har inget bedömningsstöd och ingen anvisning som du kan se.'));
      await screenshot(page, '20-klient-utan-bedomning');

      // Start the initial part: the household role, then the questionnaire opens.
      await page.getByRole('button', { name: 'Starta inledande del', exact: true }).click();
      const startForm = page.locator('section.action-form');
      await focused(startForm.getByRole('heading', { name: 'Starta inledande del' }));
      await startForm.getByRole('radiogroup', { name: /roll i hushållet/ }).getByLabel('Sökande', { exact: true }).check();
      await startForm.getByRole('button', { name: 'Spara' }).click();
      await visible(page.getByRole('heading', { level: 1, name: 'Bedömningsstöd 1. Inledning' }));
      await shows(page.locator('[data-notice="success"]'), 'Inledande del startad');
      const questionnaireUrl = page.url();

      // Sections with headings, supporting questions as hints, the scale's words at each choice.
      await visible(page.getByRole('heading', { level: 2, name: 'Mål och planering' }));
      const mal = page.getByLabel('Vilka mål har du framåt?');
      await describedAs(mal, /Stödfrågor:/);
      await hasCount(scale(page, /Hur upplever du din hälsa/).getByRole('radio'), 5);
      await visible(scale(page, /Hur upplever du din hälsa/).getByRole('radio', { name: '2 – Dålig – hälsan begränsar mig mycket' }));
      await shows(page.locator('[data-field="answers.halsa"]'), 'Nyckelfråga');

      // A partial save, leave, come back: the answers are still there.
      await mal.fill('Arbeta som undersköterska inom två år.');
      await page.getByLabel('Finns det något som hindrar dig från att nå dina mål?').fill('Ryggbesvär och svenska språket.');
      await choose(page, /Hur upplever du din hälsa/, 2);
      await page.locator('[data-field="answers.halsa"]').getByLabel('Kommentar').fill('Ont i ryggen sedan i höstas.');
      await page.getByRole('button', { name: 'Spara utkast' }).click();
      await shows(page.locator('[data-notice="success"]'), 'Utkastet är sparat');
      await page.getByRole('link', { name: 'Tillbaka till klientens bedömningsstöd' }).click();
      await shows(page.locator('[data-assessment-state]'), 'Inledande del pågår');
      await page.getByRole('link', { name: 'Fortsätt med Bedömningsstöd 1. Inledning' }).click();
      await visible(page.getByRole('heading', { level: 1, name: 'Bedömningsstöd 1. Inledning' }));
      expect(page.url()).toBe(questionnaireUrl);
      expect(await page.getByLabel('Vilka mål har du framåt?').inputValue()).toBe('Arbeta som undersköterska inom två år.');
      expect(await scale(page, /Hur upplever du din hälsa/).getByRole('radio', { name: /^2 –/ }).isChecked()).toBe(true);
      expect(await page.locator('[data-field="answers.halsa"]').getByLabel('Kommentar').inputValue()).toBe('Ont i ryggen sedan i höstas.');

      await choose(page, /förmåga att arbeta eller studera/, 4);
      await choose(page, /energi och motivation/, 3);
      await choose(page, /göra dig förstådd/, 2);
      await page.getByRole('button', { name: 'Slutför' }).click();

      // The client page: the indication with its reasons, said to be an indication and not a decision.
      await visible(page.getByRole('heading', { level: 1, name: 'Klient', exact: true }));
      await shows(page.locator('[data-notice="success"]'), 'Inledande del slutförd');
      await shows(page.locator('[data-assessment-state]'), 'Val av inriktning');
      const indication = page.locator('.indication');
      await shows(indication, 'Indikation, inte beslut');
      await shows(indication, 'Rehabinriktning');
      await shows(indication, 'Hälsa skattad 2 av 5');
      await shows(indication, 'behov av språkinsatser');
      await screenshot(page, '22-klient-indikation');

      // Against the indication without a reason: the machine's refusal, at the reason field.
      await page.getByRole('button', { name: 'Välj inriktning', exact: true }).click();
      const choiceForm = page.locator('section.action-form');
      const rehab = choiceForm.getByRole('checkbox', { name: 'Rehabinriktning' });
      expect(await rehab.isChecked()).toBe(true);
      expect(await choiceForm.getByRole('checkbox', { name: 'Arbetsmarknadsinriktning' }).isChecked()).toBe(false);
      await rehab.uncheck();
      await choiceForm.getByRole('checkbox', { name: 'Arbetsmarknadsinriktning' }).check();
      await choiceForm.getByRole('button', { name: 'Spara' }).click();
      const reasonField = choiceForm.locator('[data-field="reasonAgainstIndication"]');
      await shows(reasonField.locator('.field-error'), 'Motivera varför valet avviker från indikationen');
      const reasonInput = choiceForm.getByLabel(/Varför du väljer annorlunda än indikationen/);
      await hasAttr(reasonInput, 'aria-invalid', 'true');
      await focused(choiceForm.locator('.error-summary'));
      await screenshot(page, '23-inriktning-motivering-saknas');
      await reasonInput.fill('Ryggbesvären hindrar inte kontorsarbete; klienten vill börja med arbetsmarknadsinriktning.');
      await choiceForm.getByRole('button', { name: 'Spara' }).click();
      await shows(page.locator('[data-notice="success"]'), 'Inriktning vald');
      await shows(page.locator('.facts'), 'Avviker från indikationen. Motivering: Ryggbesvären hindrar inte kontorsarbete');
      await shows(page.locator('[data-assessment-state]'), 'Inriktning pågår');

      // The track: fill in and complete.
      await page.getByRole('link', { name: 'Fortsätt med Bedömningsstöd 2. Arbetsmarknadsinriktning' }).click();
      await visible(page.getByRole('heading', { level: 1, name: 'Bedömningsstöd 2. Arbetsmarknadsinriktning' }));
      await page.getByLabel('Vilken arbetslivserfarenhet har du?').fill('Tio år som lagerarbetare.');
      await page.getByLabel(/^Vilka insatser behöver du/).fill('Praktik inom vården och en kurs i svenska.');
      await screenshot(page, '24-formular-inriktning');
      await page.getByRole('button', { name: 'Slutför' }).click();
      await shows(page.locator('[data-notice="success"]'), 'Inriktningens formulär slutfört');
      await hasCount(page.locator('tr[data-questionnaire]'), 2);

      // An arbetsplan importing the initial part: the imported mål shows, a new version is saved.
      await page.getByRole('button', { name: 'Upprätta arbetsplan', exact: true }).click();
      const planForm = page.locator('section.action-form');
      const importChoice = planForm.getByRole('radiogroup', { name: /Hämta texter från/ });
      expect(await importChoice.getByRole('radio', { name: /^Inledande del, cykel 1, slutförd/ }).isChecked()).toBe(true);
      await visible(importChoice.getByRole('radio', { name: 'Tom arbetsplan (ingen import)' }));
      await planForm.getByRole('button', { name: 'Upprätta arbetsplan' }).click();
      await visible(page.getByRole('heading', { level: 1, name: 'Arbetsplan' }));
      await shows(page.locator('[data-notice="success"]'), 'Arbetsplan upprättad');
      const planMal = page.getByLabel(/^Mål/);
      expect(await planMal.inputValue()).toContain('Arbeta som undersköterska inom två år.');
      await shows(page.locator('[data-standard-text]'), 'Information om förutsättningar för rätt till ekonomiskt bistånd');
      // The scale answer and its comment never leave the questionnaire.
      await showsNot(page.locator('main'), 'Ont i ryggen sedan i höstas.');
      await planMal.fill('Arbeta som undersköterska inom två år. Första steget: praktik.');
      await page.getByRole('button', { name: 'Spara ny version' }).click();
      await shows(page.locator('[data-notice="success"]'), 'Ny version av arbetsplanen sparad (version 2)');
      await hasAttr(page.locator('[data-current-version]'), 'data-current-version', '2');
      const older = page.locator('li[data-version="1"] details');
      // Each version names who saved it.
      await shows(older.locator('summary'), 'av Anna Andersson');
      await older.locator('summary').click();
      await shows(older, 'Arbeta som undersköterska inom två år.');
      await showsNot(older, 'Första steget: praktik.');
      await screenshot(page, '25-arbetsplan');

      // A referral of the same client, up to the decision being communicated (through the API).
      const anna = await ui.app.as('anna');
      const created = await anna.createCase({ personnummer: client.personnummer, name: 'Saga Svensson' });
      expect(created.status).toBe(201);
      expect(created.body.client.id).toBe(client.id);
      const caseId = created.body.id as string;
      const reference = created.body.reference as string;
      for (const type of TO_DECISION_COMMUNICATED) await anna.step(caseId, type);

      // The uppdragsbeskrivning, importing the track.
      await page.goto(`/klienter/${client.id}`);
      await page.getByRole('button', { name: 'Upprätta uppdragsbeskrivning', exact: true }).click();
      const uppdragForm = page.locator('section.action-form');
      expect(await uppdragForm.getByRole('radiogroup', { name: 'Anvisning' }).getByRole('radio', { name: new RegExp(`^${reference}`) }).isChecked()).toBe(true);
      expect(await uppdragForm.getByRole('radiogroup', { name: /Hämta texter från/ }).getByRole('radio', { name: /^Arbetsmarknadsinriktning, cykel 1, slutförd/ }).isChecked()).toBe(true);
      await screenshot(page, '26-uppratta-uppdragsbeskrivning');
      await uppdragForm.getByRole('button', { name: 'Upprätta uppdragsbeskrivning' }).click();
      await visible(page.getByRole('heading', { level: 1, name: `Uppdragsbeskrivning för ${reference}` }));
      expect(await page.getByLabel('Arbetslivserfarenhet').inputValue()).toContain('Tio år som lagerarbetare.');
      expect(await page.getByLabel('Behov av insats').inputValue()).toContain('Praktik inom vården');
      await visible(page.locator('[data-missing="egenBedomning"]'));
      await describedAs(page.getByLabel(/Din egen bedömning/), /Krävs innan uppdraget kan skickas/);
      const uppdragUrl = page.url();

      // The case page says what is missing before the uppdrag (the step is not yet possible), and leads there.
      await page.goto(`/arenden/${caseId}`);
      await shows(page.locator('[data-not-yet="UPPDRAG_SENT"]'), 'saknar din egen bedömning');
      await page.locator('[data-not-yet="UPPDRAG_SENT"]').getByRole('link', { name: 'Komplettera uppdragsbeskrivningen' }).click();
      await visible(page.getByRole('heading', { level: 1, name: `Uppdragsbeskrivning för ${reference}` }));
      await page.getByLabel(/Din egen bedömning/).fill('Motiverad och redo för praktik; behöver stöd med svenska i arbetslivet.');
      await page.getByRole('button', { name: 'Spara ny version' }).click();
      await shows(page.locator('[data-notice="success"]'), 'Ny version av uppdragsbeskrivningen sparad (version 2)');
      await hasCount(page.locator('[data-missing="egenBedomning"]'), 0);
      await screenshot(page, '27-uppdragsbeskrivning');

      await page.goto(`/arenden/${caseId}`);
      await shows(page.locator('.uppdrag-note'), 'Uppdragsbeskrivningen skickas med uppdraget');
      await takeStep(page, 'Skicka uppdraget till KC', async (form) => {
        await form.getByLabel('Behov').fill('Stöd mot arbete inom vården.');
        await form.getByLabel('Omfattning').fill('Praktik och språkstöd.');
        await form.getByLabel('Mål').fill('Anställning inom ett år.');
      });
      await page.goto(uppdragUrl);
      await shows(page.locator('[data-readonly="sent"]'), 'Skickad till Kompetenscenter med uppdraget');
      await hasCount(page.locator('main textarea'), 0);
      await page.goto(`/klienter/${client.id}`);
      await shows(page.locator('[data-assessment-state]'), 'Insats pågår');
      // The assessment's history: the service's own step first (newest), and who took the others.
      const history = page.locator('[data-assessment-history]');
      await shows(history.locator('li').first(), 'Uppdraget skickat till Kompetenscenter');
      await shows(history, 'Inledande del slutförd');
      await shows(history, 'Anna Andersson');
      await showsNot(history, 'Ont i ryggen sedan i höstas.');
      await screenshot(page, '28-klient-insats');
      expect(await accessibilityViolations(page), 'client page').toEqual([]);

      // Kalle at KC, once KC's samordnare has assigned the referral to him: the uppdragsbeskrivning read only, from the case; the questionnaire is not his.
      await (await ui.app.as('sven')).step(caseId, 'KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' });
      const kalle = await ui.newPage();
      await logIn(kalle, 'Kalle Karlsson');
      await kalle.goto(`/arenden/${caseId}`);
      await kalle.getByRole('link', { name: 'Uppdragsbeskrivningen från socialtjänsten' }).click();
      await visible(kalle.getByRole('heading', { level: 1, name: `Uppdragsbeskrivning för ${reference}` }));
      await shows(kalle.locator('main'), 'Motiverad och redo för praktik');
      await hasCount(kalle.locator('main textarea'), 0);
      await hasCount(kalle.getByRole('button', { name: 'Spara ny version' }), 0);
      await screenshot(kalle, '29-uppdragsbeskrivning-kalle');
      expect(await accessibilityViolations(kalle), 'uppdragsbeskrivning read only').toEqual([]);
      await kalle.goto(questionnaireUrl);
      await visible(kalle.getByRole('heading', { level: 1, name: 'Formuläret finns inte' }));
      await showsNot(kalle.locator('main'), 'Arbeta som undersköterska');
      await screenshot(kalle, '30-formular-kalle-finns-inte');
      expect(ui.problems).toEqual([]);
    },
    UI_TIMEOUT,
  );

  it(
    'shows the progression between two initial parts, key questions marked, and a completed questionnaire read only',
    async () => {
      const client = await registerClient('Per Progress');
      const anna = await ui.app.as('anna');
      const scores = (halsa: number, arbetsformaga: number) => ({
        halsa: { value: halsa },
        arbetsformaga: { value: arbetsformaga },
        energiMotivation: { value: 3 },
        kommunikation: { value: 4 },
        planSjalvforsorjning: { value: 2, comment: 'Oklart.' },
      });
      let view = await assessmentStep(anna, client.id, { type: 'INLEDANDE_STARTED', householdRole: 'sokande' });
      const first = view.questionnaires[0]!.id;
      await assessmentStep(anna, client.id, { type: 'QUESTIONNAIRE_SAVED', questionnaireId: first, answers: { ...scores(2, 2), mal: { text: 'Må bättre.' } } });
      await assessmentStep(anna, client.id, { type: 'INLEDANDE_COMPLETED', questionnaireId: first });
      // Half a year later (the clock of the test app stands still until moved).
      ui.app.clock.set('2026-07-15T09:00:00Z');
      view = await assessmentStep(anna, client.id, { type: 'INLEDANDE_STARTED', householdRole: 'sokande', reason: 'Omprövning efter ett halvår.' });
      const second = view.questionnaires.find((q) => q.kind === 'inledande' && q.status === 'pagaende')!.id;
      await assessmentStep(anna, client.id, { type: 'QUESTIONNAIRE_SAVED', questionnaireId: second, answers: scores(4, 3) });
      await assessmentStep(anna, client.id, { type: 'INLEDANDE_COMPLETED', questionnaireId: second });

      const page = await ui.newPage();
      await logIn(page, 'Anna Andersson');
      await page.goto(`/klienter/${client.id}`);
      const table = page.getByRole('region', { name: /^Cykel 1 .* jämförd med cykel 2/ });
      const halsa = table.locator('tr[data-question="halsa"]');
      await shows(halsa, 'Nyckelfråga');
      expect((await halsa.locator('td').allInnerTexts()).map((text) => text.trim())).toEqual(['2', '4', '+2']);
      expect((await table.locator('tr[data-question="arbetsformaga"] td').allInnerTexts()).map((text) => text.trim())).toEqual(['2', '3', '+1']);
      await showsNot(table.locator('tr[data-question="planSjalvforsorjning"]'), 'Nyckelfråga');
      await hasText(table.locator('tr[data-question="egenKompetens"] td').last(), '–');
      await screenshot(page, '31-progression');

      // The first initial part, completed: read only, with its answers.
      await page.getByRole('link', { name: /^Visa Bedömningsstöd 1\. Inledning/ }).last().click();
      await visible(page.getByRole('heading', { level: 1, name: 'Bedömningsstöd 1. Inledning' }));
      await visible(page.locator('[data-readonly="true"]'));
      await hasCount(page.locator('main textarea'), 0);
      await shows(page.locator('main'), 'Må bättre.');
      await shows(page.locator('main'), '2 – Dålig – hälsan begränsar mig mycket');
      expect(await accessibilityViolations(page), 'read-only questionnaire').toEqual([]);
      expect(ui.problems).toEqual([]);
    },
    UI_TIMEOUT,
  );
  it(
    '[bedomning.scale-questions-optional] anna completes the initial part with a key question left out; the indication names what it lacks and its thresholds as the tool’s assumption; an uppdragsbeskrivning is offered once the referral has a decision',
    async () => {
      const client = await registerClient('Nora Nyckelfri');
      const anna = await ui.app.as('anna');
      const view = await assessmentStep(anna, client.id, { type: 'INLEDANDE_STARTED', householdRole: 'sokande' });
      const page = await ui.newPage();
      await logIn(page, 'Anna Andersson');
      await page.goto(`/klienter/${client.id}/formular/${view.questionnaires[0]!.id}`);
      await visible(page.getByRole('heading', { level: 1, name: 'Bedömningsstöd 1. Inledning' }));
      // No question of the initial part is said to be needed for completing it.
      await hasCount(page.locator('.required'), 0);
      await choose(page, /Hur upplever du din hälsa/, 4);
      await choose(page, /förmåga att arbeta eller studera/, 4);
      await choose(page, /energi och motivation/, 4);
      // Kommunikationsförmåga is left out.
      await page.getByRole('button', { name: 'Slutför' }).click();

      await visible(page.getByRole('heading', { level: 1, name: 'Klient', exact: true }));
      await shows(page.locator('[data-notice="success"]'), 'Inledande del slutförd');
      const indication = page.locator('.indication');
      await shows(indication, 'Arbetsmarknadsinriktning');
      await shows(indication.locator('[data-reason="nyckelsvar_saknas"]'), 'Nyckelfrågan ”Kommunikationsförmåga” är inte besvarad');
      await shows(indication, 'Nyckelfrågor: Hälsa 4 av 5, Arbetsförmåga 4 av 5, Energi och motivation 4 av 5, Kommunikationsförmåga inte besvarad.');
      // [bedomning.indication-thresholds-assumption] the thresholds beside the indication, as the tool's assumption.
      await shows(indication.locator('[data-indication-assumption]'), 'Verktygets antagande, inte källornas: rehabinriktning när hälsa eller arbetsförmåga är 1–2');
      await screenshot(page, '32-indikation-nyckelfraga-saknas');
      expect(await accessibilityViolations(page), 'client page with an indication that lacks a key answer').toEqual([]);

      // [bedomning.uppdragsbeskrivning-after-decision] a referral before its decision: no uppdragsbeskrivning offered, and the page says why.
      const created = await anna.createCase({ personnummer: client.personnummer, name: 'Nora Nyckelfri' });
      expect(created.status).toBe(201);
      const caseId = created.body.id as string;
      const reference = created.body.reference as string;
      for (const type of TO_DECISION_COMMUNICATED.slice(0, TO_DECISION_COMMUNICATED.indexOf('DECISION_MADE'))) await anna.step(caseId, type);
      await page.goto(`/klienter/${client.id}`);
      await visible(page.getByRole('heading', { level: 2, name: 'Vad du kan göra nu' }));
      await hasCount(page.getByRole('button', { name: 'Upprätta uppdragsbeskrivning', exact: true }), 0);
      await shows(page.locator(`[data-uppdrag-hint] [data-referral="${caseId}"]`), `${reference}: Anvisningen har inget beslut ännu.`);
      await screenshot(page, '33-uppdragsbeskrivning-vantar-pa-beslut');

      await anna.step(caseId, 'DECISION_MADE');
      await page.goto(`/klienter/${client.id}`);
      await page.getByRole('button', { name: 'Upprätta uppdragsbeskrivning', exact: true }).click();
      const uppdragForm = page.locator('section.action-form');
      expect(await uppdragForm.getByRole('radiogroup', { name: 'Anvisning' }).getByRole('radio', { name: new RegExp(`^${reference}`) }).isChecked()).toBe(true);
      await uppdragForm.getByRole('button', { name: 'Upprätta uppdragsbeskrivning' }).click();
      await visible(page.getByRole('heading', { level: 1, name: `Uppdragsbeskrivning för ${reference}` }));
      expect(ui.problems).toEqual([]);
    },
    UI_TIMEOUT,
  );
  it(
    'an assessment moved from version 1 says so in its history, with what the migration kept, in words',
    async () => {
      const client = await registerClient('Vera Versionsdotter');
      const anna = await ui.app.as('anna');
      const created = await anna.createCase({ personnummer: client.personnummer, name: 'Vera Versionsdotter' });
      expect(created.status).toBe(201);
      // Written as a version 1 release did: in the tracks, with an uppdragsbeskrivning made for the referral before its decision.
      const assessment = v1Assessments()
        .filter(({ snapshot }) => snapshot.value === 'inriktning' && snapshot.context.documents.some((d) => d.kind === 'uppdragsbeskrivning' && d.sentAt === null))
        .sort((a, b) => a.events.length - b.events.length)[0]!;
      await writeAssessmentAsVersion1(ui.app.database.prisma, assessment, client.id, { r1: created.body.id as string });
      await migrateRunningCases({ prisma: ui.app.database.prisma, clock: ui.app.clock, periods: loadDeadlinePeriods() });

      const page = await ui.newPage();
      await logIn(page, 'Anna Andersson');
      await page.goto(`/klienter/${client.id}`);
      await shows(page.locator('[data-assessment-state]'), 'Inriktning pågår');
      const moved = page.locator('[data-assessment-history] li').first();
      await shows(moved, 'Bedömningsstödet flyttades till version 2 av rutinen');
      await shows(moved.locator('.timeline__notes'), 'Version 1 av bedömningsstödet lät en uppdragsbeskrivning upprättas innan anvisningen hade ett beslut.');
      await screenshot(page, '34-bedomning-flyttad-till-version-2');
      expect(await accessibilityViolations(page), 'client page after a move to version 2').toEqual([]);
      expect(ui.problems).toEqual([]);
    },
    UI_TIMEOUT,
  );
});
