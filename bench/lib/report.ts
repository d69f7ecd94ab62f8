/** Progress lines, the figures table and the JSON results in bench/results/. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RESULTS_DIR } from './config';

const startedAt = Date.now();

export function log(message: string): void {
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(0).padStart(5);
  process.stdout.write(`[${seconds}s] ${message}\n`);
}

export interface Figure {
  /** Part of the issue: 1 HTTP, 2 ceiling, 3 peer, 4 scale, 5 scheduler. */
  part: number;
  label: string;
  value: number;
  unit: string;
  /** Human-readable target, e.g. "≥ 0.5" or "< 20 ms". */
  target?: string;
  /** value ÷ target (or the ratio the target is about); null where there is none. */
  ratio?: number | null;
  /** Whether the target is met; undefined where there is no target. */
  met?: boolean;
}

const fmt = (value: number) => {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
};

export function figuresTable(figures: Figure[]): string {
  const rows = figures.map((figure) => [
    String(figure.part),
    figure.label,
    `${fmt(figure.value)} ${figure.unit}`.trim(),
    figure.target ?? '',
    figure.ratio === undefined || figure.ratio === null ? '' : fmt(figure.ratio),
    figure.met === undefined ? '' : figure.met ? 'met' : 'MISSED',
  ]);
  const header = ['#', 'figure', 'value', 'target', 'ratio', ''];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export function writeResults(name: string, data: unknown): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(RESULTS_DIR, `${stamp}-${name}.json`);
  const text = `${JSON.stringify(data, (_key, value: unknown) => (typeof value === 'bigint' ? Number(value) : value), 2)}\n`;
  writeFileSync(file, text);
  writeFileSync(path.join(RESULTS_DIR, `latest-${name}.json`), text);
  return file;
}
