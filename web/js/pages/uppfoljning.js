// @ts-check
/**
 * Uppföljning (issue 16, docs/statistics.md "The page"): what happens to whom, for the 1:e
 * socialsekreterare (her unit) and the KC samordnare (every referral sent to KC). The API decides who
 * may read it and which cells are too small to show; the page draws what it answers: the trend per
 * period, the comparison between groups, the time in each step, each chart with its numbers in a
 * table, and the same query as CSV.
 */
import { ApiError, api, apiFile } from '../api.js';
import { figure, loadChartLibrary } from '../charts.js';
import { announce, h, replace } from '../dom.js';
import { errorText, issueText } from '../messages.js';
import { DIMENSION_TEXTS, GROUPINGS, PERIODS, STEP_TEXTS, groupText, measureText, periodText } from '../statistics-texts.js';

/** The measures each chart shows (keys of the answer's measures): extend a list to show more. */
const TREND_MEASURES = ['referralsCreated', 'decisions', 'closings'];
const COMPARISON_COUNTS = ['decisions', 'closings', 'tracksChosen.arbetsmarknad', 'tracksChosen.rehab', 'tracksChosen.bada'];
const COMPARISON_SHARES = ['shareClosedSelfSufficient', 'shareEndedWithoutInskrivning', 'shareChoicesFollowingIndication'];
const STEPS = /** @type {(keyof typeof STEP_TEXTS)[]} */ (Object.keys(STEP_TEXTS));

/** How many years back the year lists go: the API reads at most five years at a time. */
const YEARS_OFFERED = 8;

/** @type {import('../charts.js').ChartInstance[]} */
let drawn = [];

/**
 * @typedef {{ fromYear: number, toYear: number, period: string, groupBy: string }} Choice
 */

/** The choice in the address (shareable, and the back button returns to it); this year by kön when none. */
function choiceFromAddress() {
  const search = new URLSearchParams(location.search);
  const thisYear = new Date().getFullYear();
  const year = (/** @type {string} */ name, /** @type {number} */ fallback) => {
    const value = Number(search.get(name));
    return Number.isInteger(value) && value > 0 ? value : fallback;
  };
  const period = search.get('indelning') ?? 'month';
  const groupBy = search.get('gruppering') ?? 'kon';
  const toYear = year('till', thisYear);
  return {
    fromYear: year('fran', toYear),
    toYear,
    period: PERIODS.some((option) => option.value === period) ? period : 'month',
    groupBy: GROUPINGS.some((option) => option.value === groupBy) ? groupBy : 'kon',
  };
}

/** @param {Choice} choice */
function addressOf(choice) {
  return `/uppfoljning?${new URLSearchParams({ fran: String(choice.fromYear), till: String(choice.toYear), indelning: choice.period, gruppering: choice.groupBy })}`;
}

/**
 * The API's query: whole years (suppression is decided per year), cut by `period`.
 * @param {Choice} choice
 * @param {{ period?: string }} [override]
 */
function statisticsPath(choice, override = {}) {
  const query = new URLSearchParams({ from: `${choice.fromYear}-01-01`, to: `${choice.toYear}-12-31`, period: override.period ?? choice.period, groupBy: choice.groupBy });
  return `/api/statistics/anvisning?${query}`;
}

/**
 * A cell by its key with a dot (closingsByReason.arbete): null when withheld.
 * @param {StatisticsRow} row
 * @param {string} key
 * @returns {number | null}
 */
function valueOf(row, key) {
  const [head, tail] = /** @type {[string, string | undefined]} */ (key.split('.'));
  const measure = row.measures[head];
  const cell = /** @type {StatisticsCell | undefined} */ (tail === undefined ? measure : /** @type {Record<string, StatisticsCell> | undefined} */ (measure)?.[tail]);
  return !cell || cell.suppressed ? null : cell.value;
}

/**
 * @param {HTMLElement} main
 * @param {Record<string, string>} _params
 * @param {PageContext} context
 */
export async function render(main, _params, { navigate }) {
  document.title = 'Uppföljning – Stegvis';
  for (const chart of drawn) chart.destroy();
  drawn = [];
  const choice = choiceFromAddress();
  const heading = h('h1', null, 'Uppföljning');

  /** @type {StatisticsAnswer} */
  let answer;
  /** @type {StatisticsAnswer} */
  let byYear;
  try {
    answer = await api(statisticsPath(choice));
    // The comparison and the durations are read per year whatever the trend's period: a month of a unit is too few people to compare.
    byYear = choice.period === 'year' ? answer : await api(statisticsPath(choice, { period: 'year' }));
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.status === 403) {
      replace(
        main,
        heading,
        h('div', { class: 'notice notice--info', 'data-notice': 'no-access' }, h('p', null, 'Du har inte behörighet att se uppföljningen.'), h('p', null, error.message)),
        h('p', null, h('a', { href: '/' }, 'Till Att göra')),
      );
      return;
    }
    const issues = Array.isArray(error.details) ? /** @type {{ message?: string }[]} */ (error.details) : [];
    replace(
      main,
      heading,
      choiceForm(choice, navigate, null),
      h('div', { class: 'notice notice--error', role: 'alert', 'data-notice': 'error' }, h('p', null, errorText(error)), issues.length > 0 ? h('ul', null, issues.map((issue) => h('li', null, issueText(issue)))) : null),
    );
    return;
  }

  const figures = [trendFigure(answer), comparisonFigure(byYear, COMPARISON_COUNTS, 'count'), comparisonFigure(byYear, COMPARISON_SHARES, 'share'), stepsFigure(byYear)].filter((spec) => spec !== null).map(figure);
  const chartNotice = h('div', { class: 'notice notice--warning', 'data-notice': 'charts', hidden: true }, 'Diagrammen kunde inte visas just nu. Siffrorna står i tabellerna.');
  replace(
    main,
    heading,
    h(
      'p',
      { class: 'lead' },
      `${answer.unit === 'KC' ? 'Anvisningarna som skickats till KC' : `Anvisningarna på ${answer.unit}`}, ${choice.fromYear === choice.toYear ? `år ${choice.fromYear}` : `åren ${choice.fromYear}–${choice.toYear}`}.`,
    ),
    h(
      'p',
      { class: 'hint' },
      `Siffrorna räknas fram ur ärendenas historik. Ett värde som bygger på färre än ${answer.suppressionThreshold} personer visas inte, och inte heller ett värde som skulle gå att räkna fram ur andra. Kön och åldersgrupp kommer från personnumret; inga nya uppgifter samlas in.`,
    ),
    choiceForm(choice, navigate, answer.dimensions),
    csvDownload(choice),
    chartNotice,
    figures.map((item) => item.element),
  );
  try {
    const Chart = await loadChartLibrary();
    drawn = figures.map((item) => item.draw(Chart)).filter((chart) => chart !== null);
  } catch {
    chartNotice.hidden = false;
  }
}

/**
 * Which years, which period length, which grouping: a new address, so the back button returns to the last.
 * @param {Choice} choice
 * @param {PageContext['navigate']} navigate
 * @param {string[] | null} dimensions what the API lets this reader group by (null: not known, after a refusal)
 */
function choiceForm(choice, navigate, dimensions) {
  const offered = GROUPINGS.filter((option) => option.value === '' || dimensions === null || option.value.split(',').every((dimension) => dimensions.includes(dimension)));
  const thisYear = Math.max(new Date().getFullYear(), choice.toYear);
  const years = Array.from({ length: YEARS_OFFERED }, (_, index) => thisYear - index);
  if (!years.includes(choice.fromYear)) years.push(choice.fromYear);
  const yearSelect = (/** @type {string} */ id, /** @type {number} */ selected) =>
    h('select', { id, name: id }, years.map((year) => h('option', { value: String(year), ...(year === selected ? { selected: true } : {}) }, String(year))));
  const fromYear = yearSelect('uppfoljning-fran', choice.fromYear);
  const toYear = yearSelect('uppfoljning-till', choice.toYear);
  const period = h('select', { id: 'uppfoljning-indelning', name: 'indelning' }, PERIODS.map((option) => h('option', { value: option.value, ...(option.value === choice.period ? { selected: true } : {}) }, option.text)));
  const grouping = h('select', { id: 'uppfoljning-gruppering', name: 'gruppering' }, offered.map((option) => h('option', { value: option.value, ...(option.value === choice.groupBy ? { selected: true } : {}) }, option.text)));
  const field = (/** @type {HTMLSelectElement} */ select, /** @type {string} */ label) => h('div', { class: 'field field--inline' }, h('label', { for: select.id }, label), select);
  return h(
    'form',
    {
      class: 'filter statistics-choice',
      'aria-label': 'Urval',
      onsubmit: (/** @type {SubmitEvent} */ event) => {
        event.preventDefault();
        navigate(addressOf({ fromYear: Number(fromYear.value), toYear: Number(toYear.value), period: period.value, groupBy: grouping.value }));
      },
    },
    field(fromYear, 'Från år'),
    field(toYear, 'Till och med år'),
    field(period, 'Utveckling per'),
    field(grouping, 'Jämför grupper efter'),
    h('button', { type: 'submit', class: 'button button--primary' }, 'Visa'),
  );
}

/**
 * The same query as the page's (years, period, grouping) as a CSV file, made by the API.
 * @param {Choice} choice
 */
function csvDownload(choice) {
  const status = h('p', { class: 'hint', role: 'status' });
  const button = h('button', { type: 'button', class: 'button button--secondary', 'data-action': 'csv' }, 'Ladda ner som CSV');
  button.addEventListener('click', async () => {
    button.disabled = true;
    status.textContent = '';
    try {
      const { blob, filename } = await apiFile(statisticsPath(choice), 'text/csv');
      const url = URL.createObjectURL(blob);
      const link = h('a', { href: url, download: filename ?? `stegvis-statistik-${choice.fromYear}-${choice.toYear}.csv`, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      // The browser has taken the file once the click is handled; the address is released a little later.
      setTimeout(() => URL.revokeObjectURL(url), 30_000);
      announce('CSV-filen är hämtad.');
    } catch (error) {
      status.textContent = error instanceof ApiError ? errorText(error) : 'CSV-filen kunde inte hämtas. Försök igen om en stund.';
    } finally {
      button.disabled = false;
    }
  });
  return h('div', { class: 'button-row' }, button, h('p', { class: 'hint' }, 'Samma urval som sidan visar, med alla mått, en rad per grupp och period. Ett värde som inte visas står som ”..”.'), status);
}

/**
 * The trend: the totals per period (month, quarter or year as chosen).
 * @param {StatisticsAnswer} answer
 * @returns {import('../charts.js').FigureSpec}
 */
function trendFigure(answer) {
  const periodWords = PERIODS.find((option) => option.value === answer.period)?.trend ?? '';
  return {
    id: 'trend',
    title: `Utveckling ${periodWords}`,
    intro: 'Nya anvisningar, beslut och avslut, alla grupper tillsammans.',
    type: 'line',
    kind: 'count',
    categoryHeader: 'Period',
    categories: answer.totals.map((row) => periodText(row.period)),
    series: TREND_MEASURES.map((key) => ({ label: measureText(key), values: answer.totals.map((row) => valueOf(row, key)) })),
    threshold: answer.suppressionThreshold,
  };
}

/**
 * Groups side by side, per year: the grouping's dimensions are read from the answer, so a new one shows as it is.
 * @param {StatisticsAnswer} answer
 * @param {string[]} measures
 * @param {'count' | 'share'} kind
 * @returns {import('../charts.js').FigureSpec | null}
 */
function comparisonFigure(answer, measures, kind) {
  if (answer.groupBy.length === 0) return null;
  const severalYears = new Set(answer.rows.map((row) => row.period)).size > 1;
  const dimensions = answer.groupBy.map((dimension) => (DIMENSION_TEXTS[dimension] ?? dimension).toLowerCase()).join(' och ');
  return {
    id: kind === 'count' ? 'jamforelse-antal' : 'jamforelse-andelar',
    title: kind === 'count' ? `Jämförelse per ${dimensions}: antal` : `Jämförelse per ${dimensions}: andelar`,
    intro:
      kind === 'count'
        ? 'Beslut, avslut och vald inriktning i bedömningsstödet, grupp för grupp. Skillnader mellan grupper kan visa bedömningar som styrs av annat än behov.'
        : 'Andelen avslut till självförsörjning, andelen som avslutades utan inskrivning och andelen val av inriktning som följde bedömningsstödets indikation.',
    type: 'bar',
    kind,
    categoryHeader: answer.groupBy.map((dimension) => DIMENSION_TEXTS[dimension] ?? dimension).join(', '),
    categories: answer.rows.map((row) => (severalYears ? `${periodText(row.period)}: ${groupText(row.group, answer.groupBy)}` : groupText(row.group, answer.groupBy))),
    series: measures.map((key) => ({ label: measureText(key), values: answer.rows.map((row) => valueOf(row, key)) })),
    threshold: answer.suppressionThreshold,
  };
}

/**
 * Time in each step: median and 90th percentile of days, per year, all groups together.
 * @param {StatisticsAnswer} answer
 * @returns {import('../charts.js').FigureSpec}
 */
function stepsFigure(answer) {
  const severalYears = answer.totals.length > 1;
  const yearWords = (/** @type {StatisticsRow} */ row) => (severalYears ? ` ${periodText(row.period)}` : '');
  return {
    id: 'tid-i-steg',
    title: 'Tid i varje steg (dagar)',
    intro: 'Medianen: hälften tog kortare tid. 90:e percentilen: nio av tio tog högst så lång tid.',
    type: 'bar',
    kind: 'days',
    categoryHeader: 'Steg',
    categories: STEPS.map((step) => STEP_TEXTS[step]),
    series: answer.totals.flatMap((row) => [
      { label: `Median${yearWords(row)}`, values: STEPS.map((step) => valueOf(row, `${step}.median`)) },
      { label: `90:e percentilen${yearWords(row)}`, values: STEPS.map((step) => valueOf(row, `${step}.p90`)) },
    ]),
    threshold: answer.suppressionThreshold,
  };
}
