/**
 * The Uppföljning page in the browser (issue 16, docs/statistics.md "The page"): the 1:e socialsekreterare
 * and the KC samordnare see charts with their numbers in tables, small cells as "färre än 5" and never as
 * a zero, and download the same query as CSV; a socialsekreterare has no menu entry and is told she has
 * no access; a protected client is counted and never named. Runs only where Debian's Chromium is
 * installed; screenshots go to test-results/ui/.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personnummerFor } from '../support/test-app';
import { accessibilityViolations, CHROMIUM, hasChromium, hasCount, logIn, screenshot, shows, startUi, visible, type UiHarness } from './browser';

if (!hasChromium) console.warn(`test/ui skipped: no browser at ${CHROMIUM} (install Debian's chromium: apt-get install -y chromium)`);

const UI_TIMEOUT = 180_000;
const PROTECTED = { name: 'Hemlig Skyddadsson', personnummer: personnummerFor('1988-04-04', 902) };
/** 2026 by kön, per month: the seeded year, whatever year the machine's clock says. */
const PAGE_2026 = '/uppfoljning?fran=2026&till=2026&indelning=month&gruppering=kon';
const PREPARATION = ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED'] as const;

describe.skipIf(!hasChromium)('the Uppföljning page', () => {
  let ui: UiHarness;

  beforeAll(async () => {
    // The default threshold (5): the page must show some cells and hide others.
    ui = await startUi({ now: '2026-01-12T09:00:00Z' });
    const anna = await ui.app.as('anna');
    const at = (instant: string) => ui.app.clock.set(instant);
    // January: 7 women (even serials; the protected client among them) and 7 men, born 1990 or 1988 (age band 30-49);
    // the first ten, 5 women and 5 men, decided after 8 days and sent to KC 3 days later.
    const sent: string[] = [];
    for (let serial = 1; serial <= 14; serial += 1) {
      const client = serial === 14 ? { ...PROTECTED, protectedIdentity: true } : { personnummer: personnummerFor(`1990-0${1 + (serial % 9)}-1${serial % 10}`, 900 + serial), name: `Klient ${serial}` };
      const created = await anna.createCase(client);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      if (serial <= 10) sent.push(created.body.id as string);
    }
    for (const id of sent) for (const type of PREPARATION) await anna.step(id, type);
    at('2026-01-20T09:00:00Z');
    for (const id of sent) await anna.step(id, 'DECISION_MADE', { decisionDate: '2026-01-20', validFrom: '2026-02-01' });
    at('2026-01-21T09:00:00Z');
    for (const id of sent) await anna.step(id, 'DECISION_COMMUNICATED', { on: '2026-01-21' });
    at('2026-01-23T09:00:00Z');
    for (const id of sent) await anna.step(id, 'UPPDRAG_SENT');
    // February and March: two and three more referrals, months with counts too small to show. Two such months
    // cover each other: one alone would be the year (or the quarter) minus January.
    at('2026-02-10T09:00:00Z');
    for (let serial = 24; serial <= 25; serial += 1) expect((await anna.createCase({ personnummer: personnummerFor('1975-06-06', 900 + serial), name: `Klient ${serial}` })).status).toBe(201);
    at('2026-03-10T09:00:00Z');
    for (let serial = 21; serial <= 23; serial += 1) expect((await anna.createCase({ personnummer: personnummerFor('1975-06-06', 900 + serial), name: `Klient ${serial}` })).status).toBe(201);
  }, 180_000);

  afterAll(async () => {
    await ui?.close();
  });

  const figureOf = (page: Page, id: string) => page.locator(`[data-figure="${id}"]`);
  /** The table row of a category (period, group or step), its cells as text. */
  const rowOf = async (page: Page, id: string, category: string) =>
    page.locator(`[data-table="${id}"] tbody tr`, { has: page.getByRole('rowheader', { name: category, exact: true }) }).locator('td').allInnerTexts();

  /** The values a chart drew, per series (null where it drew nothing), as Chart.js holds them. */
  const chartData = (page: Page, id: string) =>
    page.locator(`[data-chart="${id}"] canvas`).evaluate((canvas) => {
      const chart = (globalThis as unknown as { Chart: { getChart(element: unknown): { data: { datasets: { label: string; data: (number | null)[] }[] } } | undefined } }).Chart.getChart(canvas);
      return chart?.data.datasets.map((dataset) => ({ label: dataset.label, data: dataset.data })) ?? null;
    });

  async function noProtectedIdentity(page: Page) {
    const content = await page.content();
    for (const text of [PROTECTED.name, 'Skyddadsson', PROTECTED.personnummer, PROTECTED.personnummer.replace('-', ''), PROTECTED.personnummer.slice(2)]) expect(content).not.toContain(text);
  }

  it(
    'the 1:e socialsekreterare finds it in the menu and sees the trend, the comparison per kön and the time in each step, each chart with its table',
    async () => {
      const fatima = await ui.newPage();
      await logIn(fatima, 'Fatima Hassan');
      await fatima.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Uppföljning' }).click();
      await visible(fatima.getByRole('heading', { level: 1, name: 'Uppföljning' }));
      await fatima.goto(PAGE_2026);
      await shows(fatima.locator('.lead'), 'Anvisningarna på SF Nordost, år 2026');

      // The trend per month: January's 14 referrals and 10 decisions as numbers; March's 3 and the empty months withheld.
      const trend = figureOf(fatima, 'trend');
      await visible(trend.locator('canvas'));
      await hasCount(trend.locator('table caption'), 1);
      expect(await trend.locator('thead th').allInnerTexts()).toEqual(['Period', 'Nya anvisningar', 'Beslut om anvisning']);
      expect(await rowOf(fatima, 'trend', 'januari 2026')).toEqual(['14', '10']);
      expect(await rowOf(fatima, 'trend', 'mars 2026')).toEqual(['färre än 5', 'färre än 5']);
      // A withheld month is a gap in the line, not a zero.
      const drawn = await chartData(fatima, 'trend');
      expect(drawn?.find((series) => series.label === 'Nya anvisningar')?.data.slice(0, 3)).toEqual([14, null, null]);
      await shows(trend.locator('[data-note="withheld"]'), 'i diagrammet är det en lucka, aldrig en nolla');
      // No closings in the year: left out with a note, not drawn as zeros.
      await shows(trend.locator('[data-note="left-out"]'), 'avslut');

      // The comparison per kön: 5 decisions each, so both show; the choices of track are none, left out.
      const comparison = figureOf(fatima, 'jamforelse-antal');
      await shows(comparison.getByRole('heading', { level: 2 }), 'Jämförelse per kön');
      await visible(comparison.locator('canvas'));
      expect(await rowOf(fatima, 'jamforelse-antal', 'Kvinnor')).toEqual(['5']);
      expect(await rowOf(fatima, 'jamforelse-antal', 'Män')).toEqual(['5']);
      await shows(comparison.locator('[data-note="left-out"]'), 'valt rehabinriktning');

      // Time in each step: 8 days from creation to decision and 3 from decision to uppdrag, for all ten.
      const steps = figureOf(fatima, 'tid-i-steg');
      await visible(steps.locator('canvas'));
      expect(await rowOf(fatima, 'tid-i-steg', 'Från anvisning till beslut')).toEqual(['8', '8']);
      expect(await rowOf(fatima, 'tid-i-steg', 'Från beslut till skickat uppdrag')).toEqual(['3', '3']);
      expect(await rowOf(fatima, 'tid-i-steg', 'Från skickat uppdrag till inskrivning')).toEqual(['färre än 5', 'färre än 5']);

      await noProtectedIdentity(fatima);
      expect(await accessibilityViolations(fatima), 'Uppföljning (1:e socialsekreterare)').toEqual([]);
      await screenshot(fatima, 'uppfoljning-1e');
      expect(ui.problems).toEqual([]);
    },
    UI_TIMEOUT,
  );

  it(
    'the choice of grouping changes the comparison (kön and åldersgrupp), the CSV download holds the same query, and a range the API refuses says why',
    async () => {
      const fatima = await ui.newPage();
      await logIn(fatima, 'Fatima Hassan');
      // Years backwards: the API's Swedish reason, with the choice still there to correct it.
      await fatima.goto('/uppfoljning?fran=2026&till=2025&indelning=month&gruppering=kon');
      await shows(fatima.locator('[data-notice="error"]'), 'Till-datumet får inte komma före från-datumet.');
      await visible(fatima.getByLabel('Till och med år', { exact: true }));
      await hasCount(fatima.locator('canvas'), 0);
      await fatima.goto(PAGE_2026);
      await visible(figureOf(fatima, 'trend').locator('canvas'));
      await fatima.getByLabel('Jämför grupper efter', { exact: true }).selectOption({ label: 'Kön och åldersgrupp' });
      await fatima.getByLabel('Utveckling per', { exact: true }).selectOption({ label: 'Kvartal' });
      await fatima.getByRole('button', { name: 'Visa', exact: true }).click();
      await shows(figureOf(fatima, 'jamforelse-antal').getByRole('heading', { level: 2 }), 'Jämförelse per kön och åldersgrupp');
      expect(new URL(fatima.url()).search).toBe('?fran=2026&till=2026&indelning=quarter&gruppering=kon%2Caldersgrupp');
      expect(await rowOf(fatima, 'trend', 'kvartal 1 2026')).toEqual(['19', '10']);
      expect(await rowOf(fatima, 'jamforelse-antal', 'Kvinnor, 30–49 år')).toEqual(['5']);
      expect(await rowOf(fatima, 'jamforelse-antal', 'Män, 18–24 år')).toEqual(['färre än 5']);
      await visible(figureOf(fatima, 'jamforelse-antal').locator('canvas'));

      const [download] = await Promise.all([fatima.waitForEvent('download'), fatima.getByRole('button', { name: 'Ladda ner som CSV' }).click()]);
      expect(download.suggestedFilename()).toBe('stegvis-statistik-2026-01-01-2026-12-31.csv');
      const csv = await readFile(await download.path(), 'utf8');
      const [header, ...lines] = csv.trim().split('\r\n');
      expect(header?.startsWith('period,kon,aldersgrupp,track,referralsCreated,decisions,')).toBe(true);
      // Quarters, by kön and åldersgrupp: the page's own query.
      expect(lines.some((line) => line.startsWith('2026-Q1,kvinna,30-49,'))).toBe(true);
      expect(csv).not.toContain(PROTECTED.name);
      expect(ui.problems).toEqual([]);
    },
    UI_TIMEOUT,
  );

  it(
    'the KC samordnare sees KC’s referrals: what KC never reads in a referral (the bedömningsstöd) is left out, not shown as small',
    async () => {
      const sven = await ui.newPage();
      await logIn(sven, 'Sven Svensson');
      await visible(sven.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Uppföljning' }));
      await sven.goto(PAGE_2026);
      await shows(sven.locator('.lead'), 'Anvisningarna som skickats till KC, år 2026');
      await visible(figureOf(sven, 'trend').locator('canvas'));
      // Only the ten sent to KC are KC's.
      expect(await rowOf(sven, 'trend', 'januari 2026')).toEqual(['10', '10']);
      expect(await rowOf(sven, 'jamforelse-antal', 'Kvinnor')).toEqual(['5']);
      await shows(figureOf(sven, 'jamforelse-antal').locator('[data-note="left-out"]'), 'valt arbetsmarknadsinriktning');
      await noProtectedIdentity(sven);
      expect(await accessibilityViolations(sven), 'Uppföljning (KC samordnare)').toEqual([]);
      await screenshot(sven, 'uppfoljning-samordnare');
      expect(ui.problems).toEqual([]);
    },
    UI_TIMEOUT,
  );

  it(
    'a socialsekreterare has no Uppföljning in the menu, and the address tells her she has no access (not an error)',
    async () => {
      const anna = await ui.newPage();
      await logIn(anna, 'Anna Andersson');
      await hasCount(anna.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Uppföljning' }), 0);
      await anna.goto(PAGE_2026);
      await visible(anna.getByRole('heading', { level: 1, name: 'Uppföljning' }));
      await shows(anna.locator('[data-notice="no-access"]'), 'Du har inte behörighet att se uppföljningen.');
      await hasCount(anna.getByRole('heading', { name: 'Något gick fel' }), 0);
      await hasCount(anna.locator('canvas'), 0);
      expect(await accessibilityViolations(anna), 'Uppföljning (no access)').toEqual([]);
      await screenshot(anna, 'uppfoljning-ingen-behorighet');
      expect(ui.problems).toEqual([]);
    },
    UI_TIMEOUT,
  );
});
