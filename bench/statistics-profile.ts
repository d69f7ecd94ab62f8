/**
 * Where a unit's year of statistics spends its time, in process on a seeded database:
 * tsx bench/statistics-profile.ts [unit] (BENCH_SCALE_DATABASE_URL, default the scale database).
 */
import { openDatabase } from '../src/db/database';
import { stockholmDate } from '../machines/shared/dates';
import { loadStatisticsConfig } from '../src/statistics/statistics-config';
import { computeCube, computeRows, factSources, GROUP_DIMENSIONS } from '../src/statistics/measures';
import { groupingsOf, suppressYears } from '../src/statistics/suppression';
import { readReferrals, readStatistics, ZStatisticsQuery } from '../src/statistics/statistics-service';
import { compactFactsOf, historyOf } from '../src/statistics/compact-facts';

const url = process.env.BENCH_SCALE_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/stegvis_bench_scale';
const unit = process.argv[2] ?? 'SF Enhet 0';
const year = new Date().getUTCFullYear() - 1;
const config = loadStatisticsConfig({});
const database = await openDatabase({ kind: 'postgres', url }, { migrate: false });
const prisma = database.prisma;
const user = { id: 'forste-0', username: 'forste-0', displayName: 'f', role: 'forste_socialsekreterare' as const, unit, email: null };
const query = ZStatisticsQuery.parse({ from: `${year}-01-01`, to: `${year}-12-31`, period: 'month', groupBy: 'kon,aldersgrupp' });
/** Wall time, and this process's CPU time (on a shared machine the CPU time is what the work costs, the wall time what it got). */
const time = async <T>(label: string, work: () => Promise<T> | T): Promise<T> => {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(cpu);
  console.log(`${label}: ${(performance.now() - started).toFixed(0)} ms (CPU ${((used.user + used.system) / 1000).toFixed(0)} ms)`);
  return result;
};
for (let run = 0; run < Number(process.env.RUNS ?? 2); run += 1) {
  await time('readStatistics (whole)', () => readStatistics(prisma, config, new Date(), user, query));
}
const window = { gte: new Date(Date.UTC(year - 1, 11, 31)), lt: new Date(Date.UTC(year + 1, 0, 2)) };
const rows = await time('query', () => readReferrals(prisma, { unit }, window, (row) => row));
console.log(`  ${rows.length} referrals`);
const today = stockholmDate(new Date().toISOString());
const sources = await time('compactFactsOf (the facts from the arrays)', () => rows.map((row) => compactFactsOf(row, true, today)));
if (process.env.OLD === '1') {
  const histories = await time('historyOf (before: a history with Dates first)', () => rows.map((row) => historyOf(row, true)));
  await time('factSources of the histories (before)', () => factSources(histories, { today }));
}
const years = { from: `${year}-01-01`, to: `${year}-12-31` };
const cube = await time('computeCube (3 period lengths × 8 groupings)', () => computeCube(sources, { ...years, ageBands: config.ageBands, groupings: groupingsOf(GROUP_DIMENSIONS) }));
await time('suppressYears', () => suppressYears(cube, { threshold: config.suppressionThreshold, ageBands: config.ageBands, dimensions: GROUP_DIMENSIONS }));
if (process.env.OLD === '1') {
  await time('the same with computeRows per period length and grouping (before)', () =>
    suppressYears((period, groupBy) => computeRows([], { ...years, period, groupBy, ageBands: config.ageBands, sources }), { threshold: config.suppressionThreshold, ageBands: config.ageBands, dimensions: GROUP_DIMENSIONS }),
  );
}
await database.close();
