/**
 * GET /api/statistics/anvisning: who may read which referrals' statistics, the query, and the one
 * read of the histories (each referral in scope with an event in the window, its events in order
 * and its client's personnummer, which stays here: only groups leave).
 */
import { z } from 'zod';
import { stockholmDate } from '../../machines/shared/dates';
import type { AuthUser } from '../auth/types';
import { Prisma, type PrismaClient } from '../db/database';
import { AppError } from '../errors';
import {
  AVERAGE_MEASURES,
  GROUP_DIMENSIONS,
  MEASURE_KEYS,
  PERIODS,
  computeCube,
  factSources,
  periodsBetween,
  type AssessmentHistory,
  type FactSource,
  type GroupDimension,
  type MeasureKey,
  type Period,
  type ReferralHistory,
} from './measures';
import { sourceOfStored, type StoredReferralFacts } from './compact-facts';
import { computeStale, decodeStoredFacts, factsCurrent, historyJson, storeFacts, type FactsToStore, type StaleReferral } from './read-model';
import type { StatisticsConfig } from './statistics-config';
import { groupingsOf, suppressYears, type StatisticsRow } from './suppression';

export const MAX_RANGE_YEARS = 5;
/**
 * The measures of steps KC never reads in a referral (process.md "What KC sees": consent to KC given or
 * declined, the AF check, withdrawal; the bedömningsstöd): always suppressed for the samordnare.
 */
export const KC_WITHHELD: readonly MeasureKey[] = [
  'consentsDeclined',
  'waitingOnAfActivity',
  'withdrawals',
  'tracksChosen.arbetsmarknad',
  'tracksChosen.rehab',
  'tracksChosen.bada',
  'shareChoicesFollowingIndication',
  'shareDecisionsAfterCompletedAssessment',
  ...AVERAGE_MEASURES,
];
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2199;

const lastDayOfMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const isoDate = z.iso.date({ error: (issue) => (issue.input === undefined ? 'required' : 'date_format') });

/** A range starts on a period's first day and ends on a period's last: no overlapping ranges to subtract from each other day by day. */
function startsPeriod(day: string, period: Period): boolean {
  const month = Number(day.slice(5, 7));
  if (day.slice(8) !== '01') return false;
  if (period === 'year') return month === 1;
  if (period === 'quarter') return month % 3 === 1;
  return true;
}
function endsPeriod(day: string, period: Period): boolean {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  if (Number(day.slice(8)) !== lastDayOfMonth(year, month)) return false;
  if (period === 'year') return month === 12;
  if (period === 'quarter') return month % 3 === 0;
  return true;
}

export const ZStatisticsQuery = z
  .strictObject({
    from: isoDate,
    to: isoDate,
    period: z.enum(PERIODS, { error: (issue) => (issue.input === undefined ? 'required' : 'statistics_period_unknown') }).default('month'),
    groupBy: z
      .string({ error: 'statistics_group_unknown' })
      .max(100, { error: 'statistics_group_unknown' })
      .optional()
      .transform((text) => (text === undefined || text.trim() === '' ? [] : text.split(',').map((part) => part.trim())))
      .pipe(
        z
          .array(z.enum(GROUP_DIMENSIONS, { error: 'statistics_group_unknown' }))
          .refine((dimensions) => new Set(dimensions).size === dimensions.length, { error: 'statistics_group_twice' }),
      ),
  })
  .superRefine((query, ctx) => {
    // Stored histories begin in the 2020s; a year 0 or 9999 is a mistake (and Date.UTC reads years below 100 as 19xx).
    const outOfRange = (['from', 'to'] as const).filter((key) => Number(query[key].slice(0, 4)) < MIN_YEAR || Number(query[key].slice(0, 4)) > MAX_YEAR);
    for (const key of outOfRange) ctx.addIssue({ code: 'custom', path: [key], message: 'statistics_year_out_of_range' });
    if (outOfRange.length > 0) return;
    if (query.from > query.to) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'statistics_range_order' });
      return;
    }
    if (`${Number(query.from.slice(0, 4)) + MAX_RANGE_YEARS}${query.from.slice(4)}` <= query.to) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'statistics_range_too_long' });
    }
    if (!startsPeriod(query.from, query.period)) ctx.addIssue({ code: 'custom', path: ['from'], message: 'statistics_from_not_period_start' });
    if (!endsPeriod(query.to, query.period)) ctx.addIssue({ code: 'custom', path: ['to'], message: 'statistics_to_not_period_end' });
  });
export type TStatisticsQuery = z.output<typeof ZStatisticsQuery>;

export interface StatisticsResult {
  from: string;
  to: string;
  unit: string;
  period: Period;
  groupBy: GroupDimension[];
  /** What this reader may group by (the samordnare not by track): the page offers these. */
  dimensions: readonly GroupDimension[];
  suppressionThreshold: number;
  rows: StatisticsRow[];
  totals: StatisticsRow[];
}

/** The dimensions the samordnare may group by: KC never sees a bedömningsstöd, so not its track. */
export const KC_DIMENSIONS: readonly GroupDimension[] = ['kon', 'aldersgrupp'];

/**
 * The 1:e socialsekreterare reads her unit's referrals; the KC samordnare every referral sent to KC,
 * grouped by kön and åldersgrupp only (a grouping by the bedömningsstöd's track is refused).
 */
function scopeOf(user: AuthUser, query: TStatisticsQuery): { where: { unit: string } | { sentToKc: true }; unit: string; dimensions: readonly GroupDimension[] } {
  if (user.role === 'forste_socialsekreterare') return { where: { unit: user.unit }, unit: user.unit, dimensions: GROUP_DIMENSIONS };
  if (user.role !== 'kc_samordnare') throw new AppError('FORBIDDEN', 'statistics_not_allowed');
  if (query.groupBy.some((dimension) => !KC_DIMENSIONS.includes(dimension))) throw new AppError('FORBIDDEN', 'statistics_track_not_for_kc');
  return { where: { sentToKc: true }, unit: 'KC', dimensions: KC_DIMENSIONS };
}

const dayBefore = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000);
const dayAfter = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000);

export async function readStatistics(
  prisma: PrismaClient,
  config: StatisticsConfig,
  now: Date,
  user: AuthUser,
  query: TStatisticsQuery,
  onStoreFailed?: (error: unknown) => void,
): Promise<StatisticsResult> {
  const scope = scopeOf(user, query);
  // A day either side of the window in UTC covers its Swedish days; the days themselves are cut in measures.ts.
  // The whole years of the range: suppression is decided over all of them (statisticsOf), so every query reads the same cells.
  const window = { gte: dayBefore(`${query.from.slice(0, 4)}-01-01`), lt: dayAfter(`${query.to.slice(0, 4)}-12-31`, 2) };
  const today = stockholmDate(now.toISOString());
  const readsAssessments = user.role === 'forste_socialsekreterare';
  // Each referral's facts from the read model, or from its history where stale (compact-facts.ts; the same as measures.ts's
  // factsOf of its history), each part's as soon as it arrives (the other part's query runs meanwhile).
  // The bedömningsstöd's choices beside them, on a connection of their own: the unit's assessments only (KC never sees an assessment, so the samordnare reads none).
  const [referrals, assessments] = await Promise.all([
    readReferrals(prisma, scope.where, window, (stored, personnummer) => sourceOfStored(stored, personnummer, readsAssessments, today)),
    readsAssessments
      ? prisma.assessment.findMany({
          where: { unit: user.unit, events: { some: { type: { in: ['INLEDANDE_COMPLETED', 'INRIKTNING_CHOSEN'] }, occurredAt: window } } },
          select: {
            client: { select: { personnummer: true } },
            events: { where: { type: { in: ['INLEDANDE_COMPLETED', 'INRIKTNING_CHOSEN'] } }, select: { type: true, payload: true, occurredAt: true }, orderBy: { seq: 'asc' } },
          },
        })
      : [],
  ]);
  // The facts computed for stale referrals stored while the answer is computed. Only a cache: if storing fails
  // (a lost connection), the answer stands and the next read computes them again.
  const stored = storeFacts(prisma, referrals.computed).catch((error: unknown) => onStoreFailed?.(error));
  const sources = [...referrals.read, ...factSources([], { assessments: assessments.map((a) => ({ personnummer: a.client.personnummer, events: a.events })) })];
  const suppressed = statisticsOfSources(sources, scope.dimensions, query, config);
  await stored;
  if (user.role === 'kc_samordnare') {
    // What KC does not see of a referral (process.md "What KC sees") it does not get counted either.
    for (const row of [...suppressed.rows, ...suppressed.totals]) for (const key of KC_WITHHELD) row.measures[key] = { value: null, suppressed: true };
  }
  return {
    from: query.from,
    to: query.to,
    unit: scope.unit,
    period: query.period,
    groupBy: query.groupBy,
    dimensions: scope.dimensions,
    suppressionThreshold: config.suppressionThreshold,
    rows: suppressed.rows,
    totals: suppressed.totals,
  };
}

/**
 * The referrals in scope that may have a fact in the window, in one query over indexed columns: those
 * changed in or after it (`updatedAt` is the time of the last transition, so every event in the window
 * is at or before it) or still active, created before its end; and those ended before it with a duty
 * done early whose due day is in it (an ended referral's other deadlines were settled before its end).
 * A referral read that has no fact in the window adds nothing (measures.ts cuts the facts to the window).
 * Each referral's facts come from the read model (read-model.ts) when current; a stale referral's history is
 * read instead (`historyJson`), its facts computed and returned in `computed` for the caller to store.
 * Its own transaction to switch off JIT compilation: the planner's estimate of the per-referral reads is
 * far above `jit_above_cost`, and compiling took longer (2.6 s at a million) than the query it was for.
 * In QUERY_PARTS parts by the referral's number, at once on as many connections: PostgreSQL runs a query
 * on one core, and a stale referral's history is most of its time (the order of the referrals changes nothing).
 */
export async function readReferrals<T>(
  prisma: PrismaClient,
  where: { unit: string } | { sentToKc: true },
  window: { gte: Date; lt: Date },
  map: (stored: StoredReferralFacts, personnummer: string) => T,
): Promise<{ read: T[]; computed: FactsToStore[] }> {
  const computed: FactsToStore[] = [];
  const parts = await Promise.all(
    Array.from({ length: QUERY_PARTS }, (_, part) =>
      // Each chunk parsed and mapped before the next is parsed: its arrays die young, and the garbage collector
      // copies only what survives (a whole part's arrays at once were copied, 18 MB of JSON at a million).
      readReferralsPart(prisma, where, window, part).then((chunks) =>
        chunks.flatMap((chunk) =>
          (JSON.parse(chunk) as ReadEntry[]).map(([personnummer, current, history]) => {
            if (current !== null) return map(decodeStoredFacts(current), personnummer);
            const { stored, store } = computeStale(history!);
            computed.push(store);
            return map(stored, personnummer);
          }),
        ),
      ),
    ),
  );
  return { read: parts.flat(), computed };
}
/** [personnummer, current stored facts, or null and the stale referral's history]. */
type ReadEntry = [personnummer: string, current: Parameters<typeof decodeStoredFacts>[0] | null, history?: StaleReferral];
const QUERY_PARTS = 2;
/** Referrals per JSON text: a few hundred kB each. */
const CHUNK_REFERRALS = 500;

/** The part's referrals as JSON texts of ReadEntry[], CHUNK_REFERRALS each. */
async function readReferralsPart(prisma: PrismaClient, where: { unit: string } | { sentToKc: true }, window: { gte: Date; lt: Date }, part: number): Promise<string[]> {
  const inScope = 'unit' in where ? Prisma.sql`c.unit = ${where.unit}` : Prisma.sql`c."sentToKc"`;
  const changedInWindow = Prisma.sql`c."createdAt" < ${window.lt} AND (c."updatedAt" >= ${window.gte} OR c.status = 'active')`;
  const fromDay = window.gte.toISOString().slice(0, 10);
  const toDay = window.lt.toISOString().slice(0, 10);
  // The done-early lookup (13,000 index entries and as many referrals by key at a million) in the first part only,
  // for every part's number: the referrals it finds that another branch reads are left to that branch, so the
  // branches are disjoint (UNION ALL) and no referral is read twice. Each part looked them all up before.
  const doneEarly =
    part === 0
      ? Prisma.sql`
      UNION ALL
      SELECT c.id, c."clientId", c."createdAt", c.status FROM "Case" c
      WHERE ${inScope} AND NOT (${changedInWindow}) AND c.id = ANY(ARRAY(
        SELECT d."caseId" FROM "Deadline" d
        WHERE d.status = 'done' AND d."escalatedAt" IS NULL AND d."dueDate" >= ${fromDay}::date AND d."dueDate" < ${toDay}::date AND d."closedAt" < ${window.gte}))`
      : Prisma.empty;
  return prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SET LOCAL jit = off`;
      // The chunks' texts are sorted by chunk before they are joined: in memory (a unit's year is ~10 MB a part; with
      // the default 4 MB PostgreSQL sorted it on disk, 30 ms a part at a million).
      await tx.$executeRaw`SET LOCAL work_mem = '64MB'`;
      // The done-early referrals by key (ARRAY(…)): a join would read the whole unit's referrals to find a few hundred.
      // The part's referrals as a few JSON texts, CHUNK_REFERRALS each: thousands of rows through the driver cost more.
      // A current row's stored text is passed through as it is; a stale referral's history (and the generation it
      // is read at, in the same snapshot) is built only for it (CASE evaluates its other branch only when taken).
      const chunks = await tx.$queryRaw<{ referrals: string }[]>`
    WITH scope AS (
      SELECT c.id, c."clientId", c."createdAt", c.status FROM "Case" c
      WHERE ${inScope} AND c.number % ${QUERY_PARTS} = ${part} AND ${changedInWindow}
      ${doneEarly}
    ), numbered AS (SELECT s.*, (row_number() OVER ()) / ${CHUNK_REFERRALS} AS chunk FROM scope s)
    SELECT '[' || string_agg('[' || to_json((SELECT cl.personnummer FROM "Client" cl WHERE cl.id = s."clientId"))::text || ',' || CASE
        WHEN ${factsCurrent} THEN f.facts
        ELSE 'null,' || ${historyJson}::text
      END || ']', ',') || ']' AS referrals
    FROM numbered s LEFT JOIN "ReferralStatistics" f ON f."caseId" = s.id
    GROUP BY s.chunk`;
      return chunks.map((chunk) => chunk.referrals);
    },
    // A read, however long it takes on a busy server (the default 5 s would end it, as no timeout ended the read before).
    { timeout: READ_TIMEOUT_MS, maxWait: READ_TIMEOUT_MS },
  );
}
const READ_TIMEOUT_MS = 10 * 60_000;

/**
 * The rows and totals a query asks for, read from the suppressed cube of the whole years it touches
 * (suppression.ts): pure, so the tests craft histories for it.
 */
export function statisticsOf(
  referrals: readonly ReferralHistory[],
  options: { today?: string; assessments?: readonly AssessmentHistory[]; dimensions?: readonly GroupDimension[] },
  query: Pick<TStatisticsQuery, 'from' | 'to' | 'period' | 'groupBy'>,
  config: StatisticsConfig,
): { rows: StatisticsRow[]; totals: StatisticsRow[] } {
  return statisticsOfSources(factSources(referrals, options), options.dimensions ?? GROUP_DIMENSIONS, query, config);
}

/** The same from the facts already read (the service reads them from the query's arrays, compact-facts.ts). */
export function statisticsOfSources(
  sources: readonly FactSource[],
  dimensions: readonly GroupDimension[],
  query: Pick<TStatisticsQuery, 'from' | 'to' | 'period' | 'groupBy'>,
  config: StatisticsConfig,
): { rows: StatisticsRow[]; totals: StatisticsRow[] } {
  const years = { from: `${query.from.slice(0, 4)}-01-01`, to: `${query.to.slice(0, 4)}-12-31` };
  const cube = computeCube(sources, { ...years, ageBands: config.ageBands, groupings: groupingsOf(dimensions) });
  const read = suppressYears(cube, { threshold: config.suppressionThreshold, ageBands: config.ageBands, dimensions });
  const periods = new Set(periodsBetween(query.from, query.to, query.period));
  return { rows: read(query.period, query.groupBy).filter((row) => periods.has(row.period)), totals: read(query.period, []).filter((row) => periods.has(row.period)) };
}

/** The measures nested at their dots (closingsByReason.arbete → closingsByReason: { arbete }), as the API gives them. */
export function nestMeasures(row: StatisticsRow) {
  const measures: Record<string, unknown> = {};
  for (const key of MEASURE_KEYS) {
    const [head, tail] = key.split('.') as [string, string | undefined];
    if (tail === undefined) measures[head] = row.measures[key];
    else measures[head] = { ...((measures[head] as object | undefined) ?? {}), [tail]: row.measures[key] };
  }
  return { group: row.group, period: row.period, measures };
}

/** A CSV field: quoted when needed, and never read as a formula by a spreadsheet (=, +, -, @, tab, CR first). */
export function csvField(value: string): string {
  // A plain number (a negative average among them) stays a number a spreadsheet can count with.
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",;\r\n]/.test(safe) || safe !== value ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One line per group and period, then the periods' totals ("totalt"); a suppressed cell is "..", as in SCB's tables. */
export function toCsv(result: StatisticsResult): string {
  const header = ['period', 'kon', 'aldersgrupp', 'track', ...MEASURE_KEYS];
  const line = (row: StatisticsRow, total: boolean) => [
    row.period,
    total ? 'totalt' : (row.group.kon ?? 'alla'),
    total ? 'totalt' : (row.group.aldersgrupp ?? 'alla'),
    total ? 'totalt' : (row.group.track ?? 'alla'),
    ...MEASURE_KEYS.map((key) => {
      const cell = row.measures[key];
      return cell.suppressed || cell.value === null ? '..' : String(cell.value);
    }),
  ];
  const lines = [header, ...result.rows.map((row) => line(row, false)), ...result.totals.map((row) => line(row, true))];
  return `${lines.map((fields) => fields.map(csvField).join(',')).join('\r\n')}\r\n`;
}
