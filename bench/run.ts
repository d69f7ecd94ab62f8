/**
 * `npm run bench [-- <part>…]`: the benchmarks of issue 7. Parts:
 *   all (default)  throughput, scale and scheduler
 *   throughput     1–3 in one run: Stegvis over HTTP on PostgreSQL, the pgbench ceiling, the BPMN peer, Stegvis on PGlite
 *   http | ceiling | peer | pglite   one of those alone (ratios then use the latest results of the others)
 *   scale          4: 1,000 vs 1,000,000 referrals
 *   statistics     4b: the follow-up's statistics of a unit-year at 1,000 and 1,000,000 referrals (the scale databases)
 *   scheduler      5: reminders per minute with 2 scheduler processes
 *   table          print the table of the latest results again
 * Settings: environment variables, see bench/lib/config.ts and docs/performance.md.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCeiling } from './ceiling';
import { runHttp } from './http';
import { benchConfig, machineDescription, RESULTS_DIR } from './lib/config';
import { describeServer, ensureDatabase } from './lib/pg';
import { buildFigures, type ThroughputResults } from './lib/figures';
import { figuresTable, log, writeResults } from './lib/report';
import { runPeer } from './peer';
import { runScale } from './scale';
import { runScheduler } from './scheduler';
import { runStatistics } from './statistics';

const PARTS = ['all', 'throughput', 'http', 'ceiling', 'peer', 'pglite', 'scale', 'statistics', 'scheduler', 'table'] as const;
type Part = (typeof PARTS)[number];

function latest<T>(name: string): T | undefined {
  const file = path.join(RESULTS_DIR, `latest-${name}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined;
}

async function main() {
  const asked = process.argv.slice(2).filter((arg) => arg !== '--');
  const unknown = asked.filter((arg) => !(PARTS as readonly string[]).includes(arg));
  if (unknown.length > 0) {
    console.error(`Unknown part(s): ${unknown.join(', ')}. Parts: ${PARTS.join(', ')}`);
    process.exit(2);
  }
  const parts = new Set<Part>((asked.length > 0 ? asked : ['all']) as Part[]);
  const has = (...names: Part[]) => names.some((name) => parts.has(name)) || parts.has('all');
  const started = new Date();

  if (!parts.has('table') || parts.size > 1) {
    await ensureDatabase(benchConfig.databaseUrl);
    log(`PostgreSQL: ${benchConfig.databaseUrl.replace(/\/\/[^@]*@/, '//')} (and siblings _peer, _scale, _scale_base, _sched)`);
  }
  const environment = { machine: machineDescription(), postgres: await describeServer(benchConfig.databaseUrl).catch(() => null), config: benchConfig };

  let throughput = latest<ThroughputResults>('throughput');
  if (has('throughput', 'http', 'ceiling', 'peer', 'pglite')) {
    const next: ThroughputResults = { ...(throughput ?? {}), startedAt: started.toISOString(), environment };
    if (has('throughput', 'http')) {
      log('1. Stegvis over HTTP on PostgreSQL');
      next.httpPostgres = await runHttp('postgresql');
    }
    if (has('throughput', 'ceiling')) {
      log('2. The ceiling: pgbench, the same transaction shape');
      next.ceiling = await runCeiling();
    }
    if (has('throughput', 'peer')) {
      log('3. The peer: bpmn-engine with its state in PostgreSQL');
      next.peer = await runPeer();
    }
    if (has('throughput', 'pglite')) {
      log('1b. Stegvis over HTTP on embedded PGlite');
      next.httpPglite = await runHttp('pglite');
    }
    throughput = next;
    log(`results: ${writeResults('throughput', throughput)}`);
  }

  let scale = latest<Awaited<ReturnType<typeof runScale>> & { environment?: unknown }>('scale');
  if (has('scale')) {
    log('4. Scale');
    scale = { ...(await runScale()), environment };
    log(`results: ${writeResults('scale', scale)}`);
  }

  let statistics = latest<Awaited<ReturnType<typeof runStatistics>> & { environment?: unknown }>('statistics');
  if (has('statistics')) {
    log('4b. Statistics at scale');
    statistics = { ...(await runStatistics()), environment };
    log(`results: ${writeResults('statistics', statistics)}`);
  }

  let scheduler = latest<Awaited<ReturnType<typeof runScheduler>> & { environment?: unknown }>('scheduler');
  if (has('scheduler')) {
    log('5. Scheduler throughput');
    scheduler = { ...(await runScheduler()), environment };
    log(`results: ${writeResults('scheduler', scheduler)}`);
  }

  const figures = buildFigures(throughput, scale, scheduler, statistics);
  const table = figuresTable(figures);
  writeFileSync(path.join(RESULTS_DIR, 'latest-table.md'), `${table}\n`);
  writeResults('figures', { figures, environment });
  console.log(`\n${table}\n`);
  const missed = figures.filter((figure) => figure.met === false);
  console.log(missed.length === 0 ? 'Every target met.' : `Targets missed: ${missed.map((figure) => figure.label).join('; ')} (see docs/performance.md).`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
