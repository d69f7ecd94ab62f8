/**
 * The statistics' query alone, run as the service sends it, with the PostgreSQL backend's CPU time
 * (from /proc, so only with the server on this machine) beside the wall time: on a machine shared with
 * other work the CPU time is what the query costs. tsx bench/statistics-query-cpu.ts [unit] (BENCH_SCALE_DATABASE_URL, RUNS).
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';

const url = process.env.BENCH_SCALE_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/stegvis_bench_scale';
const file = process.env.QUERY_FILE;
if (!file) throw new Error('QUERY_FILE: a file with the SQL to time');
const sql = readFileSync(file, 'utf8');
const client = new pg.Client({ connectionString: url });
await client.connect();
const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
const ticks = () => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks (100 a second)
};
for (let run = 0; run < Number(process.env.RUNS ?? 3); run += 1) {
  await client.query('BEGIN');
  if (process.env.JIT !== 'on') await client.query('SET LOCAL jit = off');
  const before = ticks();
  const started = performance.now();
  const result = await client.query(sql);
  const wall = performance.now() - started;
  const cpu = (ticks() - before) * 10;
  await client.query('COMMIT');
  console.log(`${process.env.LABEL ?? ''} query: ${wall.toFixed(0)} ms wall, backend CPU ${cpu} ms, ${result.rowCount} rows`);
}
await client.end();
