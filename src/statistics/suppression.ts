/**
 * Small cells are never shown (docs/statistics.md "Suppression"). Primary: a count below the
 * threshold (or counted from fewer people than it), and a share, median or percentile from fewer
 * people than it, is suppressed. Secondary: wherever cells add up to a total someone can read (the
 * period's total, a margin of another grouping, the closings of a row for its reasons), a line with
 * exactly one suppressed cell gets a second one, its smallest visible cell, until no line has one:
 * the total minus the visible cells never gives a suppressed cell.
 */
import {
  AVERAGE_MEASURES,
  COUNT_MEASURES,
  GROUP_DIMENSIONS,
  PERIODS,
  type Period,
  CLOSING_REASON_KEYS,
  DURATION_MEASURES,
  MEASURE_KEYS,
  SHARE_MEASURES,
  ageGroupLabels,
  allGroups,
  groupKey,
  medianOfSorted,
  percentileOfSorted,
  sortedNumbers,
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
  /**
   * Empty, and a reader knows it without the data: a period with nothing in it at all (one that has not
   * begun yet) or the group below the first age band (nobody under 18 is referred). Such a cell covers
   * nothing: a line whose other hidden cells are all known to be empty gives its one hidden cell away.
   */
  knownEmpty?: boolean;
  /** Empty, and a reader can tell from the shown cells: a part of a line whose shown whole is the sum of its shown parts (deriveEmpty). */
  derivedEmpty?: boolean;
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
    // Sorted once for both (and not at all when suppressed).
    const sorted = suppressed ? undefined : sortedNumbers(cell.values);
    entries.set(`${measure}.median`, { value: sorted ? medianOfSorted(sorted) : 0, size: n, suppressed });
    entries.set(`${measure}.p90`, { value: sorted ? percentileOfSorted(sorted, 0.9) : 0, size: n, suppressed });
  }
  for (const measure of AVERAGE_MEASURES) {
    const cell = row.cells.get(measure)!;
    if (cell.kind !== 'average') continue;
    const suppressed = cell.people < threshold;
    const mean = cell.values.reduce((sum, value) => sum + value, 0) / Math.max(1, cell.values.length);
    entries.set(measure, { value: suppressed ? 0 : Math.round(mean * 100) / 100, size: cell.people, suppressed });
  }
  for (const measure of SHARE_MEASURES) {
    const cell = row.cells.get(measure)!;
    if (cell.kind !== 'share') continue;
    const suppressed = cell.people < threshold;
    entries.set(measure, { value: suppressed ? 0 : Math.round((cell.hits / cell.items) * 10_000) / 10_000, size: cell.people, suppressed });
  }
  return entries;
}

/** Parts that add up to a whole (a total, a margin, a quarter of months, a row's closings of its reasons). */
interface Line {
  whole: Entry;
  parts: Entry[];
}

/**
 * No line may hold exactly one suppressed cell (the whole minus the visible parts would give it): hide the
 * smallest visible part too, or the whole. A cell known to be empty is no second cell: the year minus its
 * visible quarters is the quarter under way when the later ones have not begun. (A known empty cell alone
 * needs no cover, and an empty one beside known empty ones is left as before: both say only "nobody".)
 * Passes over every line until one hides nothing, with what a reader can derive found again before each.
 */
function protectLines(lines: readonly Line[]): void {
  for (let changed = true; changed; ) {
    changed = false;
    deriveEmpty(lines);
    for (const { whole, parts } of lines) {
      let hidden = 0;
      let covers = 0;
      let cover: Entry | undefined;
      let lone: Entry | undefined;
      // The whole, then the parts (by index: no array per line and pass, the lines are hundreds of thousands).
      for (let i = -1; i < parts.length; i += 1) {
        const entry = i < 0 ? whole : parts[i]!;
        if (!entry.suppressed) continue;
        hidden += 1;
        lone = entry;
        if (!entry.knownEmpty && !entry.derivedEmpty) {
          covers += 1;
          cover = entry;
        }
      }
      const alone = hidden === 1 && !lone!.knownEmpty;
      if (!alone && (covers !== 1 || cover!.size === 0)) continue;
      let smallest: Entry | undefined;
      for (const part of parts) if (!part.suppressed && (!smallest || part.size < smallest.size || (part.size === smallest.size && part.value < smallest.value))) smallest = part;
      smallest ??= whole.suppressed ? undefined : whole;
      if (smallest) {
        smallest.suppressed = true;
        changed = true;
      }
    }
  }
}

/**
 * Nobody counts below zero: where a line's shown whole is the sum of its shown parts, its hidden parts are
 * empty, and a reader knows it, so they cover nothing elsewhere either (found again as more is hidden).
 */
function deriveEmpty(lines: readonly Line[]): void {
  for (const { whole, parts } of lines) {
    whole.derivedEmpty = false;
    for (const entry of parts) entry.derivedEmpty = false;
  }
  for (const { whole, parts } of lines) {
    if (whole.suppressed) continue;
    let shownSum = 0;
    let hiddenPeople = false;
    for (const entry of parts) {
      if (!entry.suppressed) shownSum += entry.value;
      else if (entry.size > 0) hiddenPeople = true;
    }
    if (hiddenPeople || shownSum !== whole.value) continue;
    for (const entry of parts) if (entry.suppressed && !entry.knownEmpty) entry.derivedEmpty = true;
  }
}

/** The cells a reader knows to be empty without the data (Entry.knownEmpty): the group below the bands, periods with nothing in them. */
function markKnownEmpty(
  rows: Iterable<{ row: RawRow; entries: Map<MeasureKey, Entry> }>,
  periodsOf: ReadonlyMap<Period, readonly string[]>,
  totalOf: (period: Period, label: string) => Map<MeasureKey, Entry>,
  belowBands: string | undefined,
): void {
  const emptyPeriods = new Set<string>();
  for (const [period, labels] of periodsOf) {
    for (const label of labels) if ([...totalOf(period, label).values()].every((entry) => entry.size === 0)) emptyPeriods.add(label);
  }
  for (const { row, entries } of rows) {
    const known = emptyPeriods.has(row.period) || (belowBands !== undefined && row.group.aldersgrupp === belowBands);
    if (known) for (const entry of entries.values()) entry.knownEmpty = entry.size === 0;
  }
}

function reasonLine(entries: Map<MeasureKey, Entry>): Line {
  // The closings of a row are the sum of its reasons: one reason hidden alone would be the rest's difference.
  return { whole: entries.get('closings')!, parts: CLOSING_REASON_KEYS.map((reason) => entries.get(`closingsByReason.${reason}`)!) };
}

function toRow(row: RawRow, entries: Map<MeasureKey, Entry>): StatisticsRow {
  const measures = {} as Record<MeasureKey, Cell>;
  for (const key of MEASURE_KEYS) {
    const entry = entries.get(key)!;
    measures[key] = entry.suppressed ? { value: null, suppressed: true } : { value: entry.value, suppressed: false };
  }
  return { group: row.group, period: row.period, measures };
}

/** Every grouping of the dimensions (each subset, in the dimensions' order): the cube's faces. */
export function groupingsOf(dimensions: readonly GroupDimension[]): GroupDimension[][] {
  return dimensions.reduce<GroupDimension[][]>((subsets, dimension) => [...subsets, ...subsets.map((subset) => [...subset, dimension])], [[]]);
}

/**
 * Suppress every cell of whole calendar years at once, at every period length and in every grouping
 * of `dimensions` (the cube), and answer any query from it: a cell is suppressed or shown the same
 * whatever query it is read through, so no two queries (a quarter and two of its months, kön alone and
 * kön × åldersgrupp × track) can be subtracted to give a suppressed cell. `compute` gives the raw rows
 * of the years for one period length and grouping.
 */
export function suppressYears(
  compute: (period: Period, groupBy: readonly GroupDimension[]) => RawRow[],
  options: { threshold: number; ageBands: readonly AgeBand[]; dimensions: readonly GroupDimension[] },
): (period: Period, groupBy: readonly GroupDimension[]) => StatisticsRow[] {
  const index = new Map<string, { row: RawRow; entries: Map<MeasureKey, Entry> }>();
  const keyOf = (period: Period, label: string, group: Group) => `${period}#${label}#${groupKey(group)}`;
  const periodsOf = new Map<Period, string[]>();
  const groupings = groupingsOf(options.dimensions);
  for (const period of PERIODS) {
    for (const groupBy of groupings) {
      const rows = compute(period, groupBy);
      for (const row of rows) index.set(keyOf(period, row.period, row.group), { row, entries: primary(row, options.threshold) });
      if (groupBy.length === 0) periodsOf.set(period, rows.map((row) => row.period));
    }
  }
  const ages = ageGroupLabels(options.ageBands);
  markKnownEmpty(index.values(), periodsOf, (period, label) => index.get(keyOf(period, label, {}))!.entries, ages.length > options.ageBands.length ? ages[0] : undefined);
  // Cells by period length, period and group, as arrays: the lines below are hundreds of thousands.
  const groups = groupings.flatMap((groupBy) => allGroups(groupBy, options.ageBands));
  const groupIndex = new Map(groups.map((group, position) => [groupKey(group), position]));
  const cube = new Map<Period, Map<string, Map<MeasureKey, Entry>[]>>(PERIODS.map((period) => [period, new Map()]));
  for (const period of PERIODS) {
    for (const label of periodsOf.get(period)!) {
      cube.get(period)!.set(label, groups.map((group) => index.get(keyOf(period, label, group))!.entries));
    }
  }
  // Each group of the cube and its split by any further dimensions: a total and its track cells, a kön and its bands × tracks, …
  const splits = groups.flatMap((group, position) =>
    groupingsOf(options.dimensions.filter((dimension) => group[dimension] === undefined))
      .filter((further) => further.length > 0)
      .map((further) => ({ whole: position, parts: allGroups(further, options.ageBands).map((part) => groupIndex.get(groupKey({ ...group, ...part }))!) })),
  );
  const lines: Line[] = [...index.values()].map(({ entries }) => reasonLine(entries));
  for (const measure of ADDITIVE) {
    for (const period of PERIODS) {
      for (const cells of cube.get(period)!.values()) {
        const cell = (position: number) => cells[position]!.get(measure)!;
        for (const split of splits) lines.push({ whole: cell(split.whole), parts: split.parts.map(cell) });
      }
    }
    // Time: a quarter is its three months, a year its quarters and its months, in every group.
    const cell = (period: Period, label: string, position: number) => cube.get(period)!.get(label)![position]!.get(measure)!;
    groups.forEach((_group, position) => {
      for (const year of periodsOf.get('year')!) {
        const months = (periodsOf.get('month')!).filter((month) => month.startsWith(`${year}-`));
        const quarters = (periodsOf.get('quarter')!).filter((quarter) => quarter.startsWith(`${year}-`));
        lines.push({ whole: cell('year', year, position), parts: quarters.map((quarter) => cell('quarter', quarter, position)) });
        lines.push({ whole: cell('year', year, position), parts: months.map((month) => cell('month', month, position)) });
        for (const quarter of quarters) {
          const first = (Number(quarter.slice(-1)) - 1) * 3 + 1;
          const inQuarter = [first, first + 1, first + 2].map((month) => `${year}-${String(month).padStart(2, '0')}`);
          lines.push({ whole: cell('quarter', quarter, position), parts: inQuarter.map((month) => cell('month', month, position)) });
        }
      }
    });
  }
  protectLines(lines);
  return (period, groupBy) => {
    const wanted = new Set(groupBy);
    return [...index.entries()]
      .filter(([key, { row }]) => key.startsWith(`${period}#`) && GROUP_DIMENSIONS.every((dimension) => (row.group[dimension] !== undefined) === wanted.has(dimension)))
      .map(([, { row, entries }]) => toRow(row, entries));
  };
}
