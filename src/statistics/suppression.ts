/**
 * Small cells are never shown (docs/statistics.md "Suppression"). Primary: a count below the
 * threshold (or counted from fewer people than it), and a share, median or percentile from fewer
 * people than it, is suppressed. Secondary: wherever cells add up to a total someone can read (the
 * period's total, a margin of another grouping, the closings of a row for its reasons), a line with
 * exactly one suppressed cell gets a second one, its smallest visible cell, until no line has one:
 * the total minus the visible cells never gives a suppressed cell.
 */
import {
  COUNT_MEASURES,
  CLOSING_REASON_KEYS,
  DURATION_MEASURES,
  KON,
  MEASURE_KEYS,
  SHARE_MEASURES,
  ageGroupLabels,
  groupKey,
  median,
  percentile,
  type GroupDimension,
  type Group,
  type MeasureKey,
  type RawRow,
} from './measures';
import type { AgeBand } from './statistics-config';

export interface Cell {
  value: number | null;
  suppressed: boolean;
}

export interface StatisticsRow {
  group: Group;
  period: string;
  measures: Record<MeasureKey, Cell>;
}

interface Entry {
  value: number;
  /** How many people the value stands on: a visible cell's size decides which one is suppressed second. */
  size: number;
  suppressed: boolean;
}

const ADDITIVE: readonly MeasureKey[] = [...COUNT_MEASURES, ...SHARE_MEASURES];

function primary(row: RawRow, threshold: number): Map<MeasureKey, Entry> {
  const entries = new Map<MeasureKey, Entry>();
  for (const measure of COUNT_MEASURES) {
    const cell = row.cells.get(measure)!;
    if (cell.kind !== 'count') continue;
    entries.set(measure, { value: cell.value, size: cell.people, suppressed: cell.value < threshold || cell.people < threshold });
  }
  for (const measure of DURATION_MEASURES) {
    const cell = row.cells.get(measure)!;
    if (cell.kind !== 'duration') continue;
    const n = cell.values.length;
    const suppressed = n < threshold;
    entries.set(`${measure}.median`, { value: suppressed ? 0 : median(cell.values), size: n, suppressed });
    entries.set(`${measure}.p90`, { value: suppressed ? 0 : percentile(cell.values, 0.9), size: n, suppressed });
  }
  for (const measure of SHARE_MEASURES) {
    const cell = row.cells.get(measure)!;
    if (cell.kind !== 'share') continue;
    const suppressed = cell.people < threshold;
    entries.set(measure, { value: suppressed ? 0 : Math.round((cell.hits / cell.items) * 10_000) / 10_000, size: cell.people, suppressed });
  }
  return entries;
}

/** In a line whose sum is known, one suppressed cell alone is not enough: suppress the smallest visible one too. */
function protectLines(lines: Entry[][]): void {
  for (let changed = true; changed; ) {
    changed = false;
    for (const line of lines) {
      if (line.filter((entry) => entry.suppressed).length !== 1) continue;
      const visible = line.filter((entry) => !entry.suppressed).sort((a, b) => a.size - b.size || a.value - b.value);
      if (visible[0]) {
        visible[0].suppressed = true;
        changed = true;
      }
    }
  }
}

function reasonLines(entries: Map<MeasureKey, Entry>): Entry[][] {
  // The closings of a row are the sum of its reasons: one reason hidden alone would be the rest's difference.
  return [CLOSING_REASON_KEYS.map((reason) => entries.get(`closingsByReason.${reason}`)!)];
}

function toRow(row: RawRow, entries: Map<MeasureKey, Entry>): StatisticsRow {
  const measures = {} as Record<MeasureKey, Cell>;
  for (const key of MEASURE_KEYS) {
    const entry = entries.get(key)!;
    measures[key] = entry.suppressed ? { value: null, suppressed: true } : { value: entry.value, suppressed: false };
  }
  return { group: row.group, period: row.period, measures };
}

/**
 * Suppress the grouped rows and the period totals. The totals (one row per period, no group) are
 * what an ungrouped query returns, so every line of the grouped table counts its total as known.
 */
export function suppress(
  rows: readonly RawRow[],
  totals: readonly RawRow[],
  options: { threshold: number; groupBy: readonly GroupDimension[]; ageBands: readonly AgeBand[] },
): { rows: StatisticsRow[]; totals: StatisticsRow[] } {
  const rowEntries = rows.map((row) => primary(row, options.threshold));
  const totalEntries = totals.map((row) => primary(row, options.threshold));
  const lines: Entry[][] = [...rowEntries.flatMap(reasonLines), ...totalEntries.flatMap(reasonLines)];

  const byPeriod = new Map<string, Map<string, Map<MeasureKey, Entry>>>();
  rows.forEach((row, index) => {
    const inPeriod = byPeriod.get(row.period) ?? new Map<string, Map<MeasureKey, Entry>>();
    inPeriod.set(groupKey(row.group), rowEntries[index]!);
    byPeriod.set(row.period, inPeriod);
  });
  const kons = options.groupBy.includes('kon') ? [...KON] : [undefined];
  const ages = options.groupBy.includes('aldersgrupp') ? ageGroupLabels(options.ageBands) : [undefined];
  if (options.groupBy.length > 0) {
    for (const inPeriod of byPeriod.values()) {
      for (const measure of ADDITIVE) {
        const at = (kon: string | undefined, age: string | undefined) => inPeriod.get(groupKey({ kon: kon as Group['kon'], aldersgrupp: age }))!.get(measure)!;
        // All groups of the period: their sum is the period's total.
        lines.push(kons.flatMap((kon) => ages.map((age) => at(kon, age))));
        if (kons.length > 1 && ages.length > 1) {
          // Kön × åldersgrupp: each kön's row adds up to that kön's total, each band's column to the band's.
          for (const kon of kons) lines.push(ages.map((age) => at(kon, age)));
          for (const age of ages) lines.push(kons.map((kon) => at(kon, age)));
        }
      }
    }
  }
  protectLines(lines);
  return {
    rows: rows.map((row, index) => toRow(row, rowEntries[index]!)),
    totals: totals.map((row, index) => toRow(row, totalEntries[index]!)),
  };
}
