/**
 * Where a unit's year of statistics spends its time, in process on a seeded database:
 * tsx bench/statistics-profile.ts [unit] (BENCH_SCALE_DATABASE_URL, default the scale database). The first whole
 * read after the read model was emptied computes and stores every referral's facts; the later ones read them.
 */
import { openDatabase } from '../src/db/database';
import { stockholmDate } from '../machines/shared/dates';
import { loadStatisticsConfig } from '../src/statistics/statistics-config';
import { computeCube, GROUP_DIMENSIONS } from '../src/statistics/measures';
import { groupingsOf, suppressYears } from '../src/statistics/suppression';
import { readReferrals, readStatistics, ZStatisticsQuery } from '../src/statistics/statistics-service';
import { sourceOfStored } from '../src/statistics/compact-facts';

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
const today = stockholmDate(new Date().toISOString());
// The read model's facts (or a stale referral's history) and the facts for the day, as readStatistics reads them.
const referrals = await time('query and facts', () => readReferrals(prisma, { unit }, window, (stored, personnummer) => sourceOfStored(stored, personnummer, true, today)));
console.log(`  ${referrals.read.length} referrals, ${referrals.computed.length} of them stale (their facts computed from their histories)`);
const sources = referrals.read;
const years = { from: `${year}-01-01`, to: `${year}-12-31` };
const cube = await time('computeCube (3 period lengths × 8 groupings)', () => computeCube(sources, { ...years, ageBands: config.ageBands, groupings: groupingsOf(GROUP_DIMENSIONS) }));
await time('suppressYears', () => suppressYears(cube, { threshold: config.suppressionThreshold, ageBands: config.ageBands, dimensions: GROUP_DIMENSIONS }));
await database.close();
