// @ts-check
/**
 * Charts with their numbers: each figure is a chart (Chart.js, served from node_modules by the server
 * at /vendor, loaded only by the pages that draw one) and, right below it, the same numbers in a table
 * for those who read rather than look, or cannot see the chart. A value withheld as a small cell is a
 * gap in the chart, never a zero, and "färre än N" in the table.
 */
import { h, tableRegion } from './dom.js';

const CHART_LIBRARY = '/vendor/chart.umd.min.js';

/** @typedef {typeof import('chart.js').Chart} ChartClass */
/** @typedef {import('chart.js').Chart} ChartInstance */

/** @type {Promise<ChartClass> | undefined} */
let library;

/**
 * Chart.js, once per page load (a plain script from our own server: the pages' CSP allows nothing else).
 * @returns {Promise<ChartClass>}
 */
export function loadChartLibrary() {
  library ??= new Promise((resolve, reject) => {
    const script = h('script', { src: CHART_LIBRARY });
    script.addEventListener('load', () => {
      const Chart = window.Chart;
      if (!Chart) return reject(new Error('Chart.js did not load'));
      Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;
      Chart.defaults.font.size = 14;
      Chart.defaults.color = '#1b1b1b';
      resolve(Chart);
    });
    script.addEventListener('error', () => {
      library = undefined;
      reject(new Error('Chart.js did not load'));
    });
    document.head.append(script);
  });
  return library;
}

/**
 * Colours with at least 3:1 against white (WCAG 1.4.11), each series also with its own point shape
 * and line dash, so no series is told apart by colour alone.
 */
const COLOURS = ['#004b87', '#b34700', '#1d6b2f', '#8e3b8e', '#b00020', '#4a4a4a', '#00708f'];
/** @type {import('chart.js').PointStyle[]} */
const POINT_STYLES = ['circle', 'rect', 'triangle', 'rectRot', 'star', 'crossRot', 'cross'];
const DASHES = [[], [8, 4], [2, 3], [12, 4, 2, 4], [4, 4], [16, 6], [1, 2]];

const countFormat = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 0 });
const daysFormat = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 1 });
const shareFormat = new Intl.NumberFormat('sv-SE', { style: 'percent', maximumFractionDigits: 1 });

/**
 * @typedef {'count' | 'share' | 'days'} ValueKind
 * @typedef {{ label: string, values: (number | null)[] }} Series a name and one value per category; null is a withheld cell
 * @typedef {{
 *   id: string,
 *   title: string,
 *   intro?: string,
 *   type: 'line' | 'bar',
 *   kind: ValueKind,
 *   categoryHeader: string,
 *   categories: string[],
 *   series: Series[],
 *   threshold: number,
 * }} FigureSpec
 */

/**
 * @param {number} value
 * @param {ValueKind} kind
 */
export function formatValue(value, kind) {
  if (kind === 'share') return shareFormat.format(value);
  if (kind === 'days') return daysFormat.format(value);
  return countFormat.format(value);
}

const AXIS_TITLES = { count: 'Antal', share: 'Andel', days: 'Dagar' };

/**
 * A figure: heading, chart, notes and table. `draw` makes the chart once the figure is in the page.
 * A series with no value to show at all is left out, and the note says so.
 * @param {FigureSpec} spec
 * @returns {{ element: HTMLElement, draw: (Chart: ChartClass | null) => ChartInstance | null }}
 */
export function figure(spec) {
  const shown = spec.series.filter((series) => series.values.some((value) => value !== null));
  const left = spec.series.filter((series) => !shown.includes(series));
  const withheld = `färre än ${spec.threshold}`;
  const headingId = `${spec.id}-rubrik`;
  const hasGaps = shown.some((series) => series.values.some((value) => value === null));
  const canvas = h('canvas', { role: 'img', 'aria-label': `Diagram: ${spec.title}. Siffrorna står i tabellen under diagrammet.` });
  const chartBox = h('div', { class: 'chart', 'data-chart': spec.id }, canvas);
  const table = h(
    'table',
    { class: 'table table--numbers', 'data-table': spec.id },
    h('caption', null, spec.title),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, spec.categoryHeader), shown.map((series) => h('th', { scope: 'col' }, series.label)))),
    h(
      'tbody',
      null,
      spec.categories.map((category, index) =>
        h(
          'tr',
          null,
          h('th', { scope: 'row' }, category),
          shown.map((series) => {
            const value = series.values[index];
            return value === null || value === undefined ? h('td', { class: 'cell--withheld' }, withheld) : h('td', null, formatValue(value, spec.kind));
          }),
        ),
      ),
    ),
  );
  const element = h(
    'section',
    { class: 'figure', 'aria-labelledby': headingId, 'data-figure': spec.id },
    h('h2', { id: headingId }, spec.title),
    spec.intro ? h('p', { class: 'hint' }, spec.intro) : null,
    shown.length > 0 ? chartBox : h('p', null, 'Inget värde att visa för det här urvalet.'),
    hasGaps ? h('p', { class: 'hint', 'data-note': 'withheld' }, `Ett värde som bygger på ${withheld} personer visas inte: i diagrammet är det en lucka, aldrig en nolla, och i tabellen står det ”${withheld}”.`) : null,
    left.length > 0
      ? h('p', { class: 'hint', 'data-note': 'left-out' }, `Inte med här, eftersom inget av deras värden får visas (${withheld} personer, eller uppgifter som inte visas för din roll): ${left.map((series) => series.label.toLowerCase()).join(', ')}.`)
      : null,
    shown.length > 0 ? tableRegion(`Tabell: ${spec.title}`, table) : null,
  );

  return {
    element,
    draw(Chart) {
      if (!Chart || shown.length === 0) return null;
      return new Chart(canvas, {
        type: spec.type,
        data: {
          labels: spec.categories,
          datasets: shown.map((series, index) => ({
            label: series.label,
            data: series.values,
            borderColor: COLOURS[index % COLOURS.length],
            backgroundColor: COLOURS[index % COLOURS.length],
            pointStyle: POINT_STYLES[index % POINT_STYLES.length],
            pointRadius: 5,
            borderDash: spec.type === 'line' ? DASHES[index % DASHES.length] : [],
            borderWidth: 2,
            maxBarThickness: 72,
            // A withheld value is a gap: the line is not drawn across it.
            spanGaps: false,
          })),
        },
        options: {
          locale: 'sv-SE',
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          scales: {
            y: {
              beginAtZero: true,
              title: { display: true, text: AXIS_TITLES[spec.kind] },
              ticks: { precision: spec.kind === 'count' ? 0 : undefined, callback: (value) => formatValue(Number(value), spec.kind) },
            },
          },
          plugins: {
            legend: { position: 'bottom', labels: { usePointStyle: true } },
            tooltip: { callbacks: { label: (context) => `${context.dataset.label}: ${formatValue(Number(context.parsed.y), spec.kind)}` } },
          },
        },
      });
    },
  };
}
