/**
 * Chart.js's browser build (served at /vendor, loaded by web/js/charts.js) puts `Chart` on the window;
 * its own types describe it. Type checking only: the browser never loads this file.
 */
interface Window {
  Chart?: typeof import('chart.js').Chart;
}
