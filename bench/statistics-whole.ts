/**
 * Times readStatistics in process (the unit's last full year, month, kön × åldersgrupp): BENCH_SCALE_DATABASE_URL, RUNS.
 * Wall time and this process's CPU time per run (on a shared machine the CPU time is what the work costs), and the answer's hash.
 */
import { openDatabase } from '../src/db/database';
import { loadStatisticsConfig } from '../src/statistics/statistics-config';
import { readStatistics, ZStatisticsQuery } from '../src/statistics/statistics-service';

const url = process.env.BENCH_SCALE_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/stegvis_bench_scale';
const unit = process.argv[2] ?? 'SF Enhet 0';
const year = new Date().getUTCFullYear() - 1;
const database = await openDatabase({ kind: 'postgres', url }, { migrate: false });
const user = { id: 'forste-0', username: 'forste-0', displayName: 'f', role: 'forste_socialsekreterare' as const, unit, email: null };
const query = ZStatisticsQuery.parse({ from: `${year}-01-01`, to: `${year}-12-31`, period: 'month', groupBy: 'kon,aldersgrupp' });
const times: number[] = [];
const cpus: number[] = [];
let answer = '';
for (let run = 0; run < Number(process.env.RUNS ?? 3); run += 1) {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = await readStatistics(database.prisma, loadStatisticsConfig({}), new Date(), user, query);
  times.push(Math.round(performance.now() - started));
  const used = process.cpuUsage(cpu);
  cpus.push(Math.round((used.user + used.system) / 1000));
  answer = JSON.stringify(result);
}
const { createHash } = await import('node:crypto');
console.log(`${process.env.LABEL ?? ''} readStatistics ms: ${times.join(' ')} (Node CPU ms: ${cpus.join(' ')}); answer sha256 ${createHash('sha256').update(answer).digest('hex').slice(0, 16)} (${answer.length} chars)`);
await database.close();
