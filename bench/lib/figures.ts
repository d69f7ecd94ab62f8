/** Every figure of issue 7 with its target and ratio, from the parts' results. */
import type { runCeiling } from '../ceiling';
import type { HttpRun } from '../http';
import type { runPeer } from '../peer';
import type { runScale } from '../scale';
import type { runScheduler } from '../scheduler';
import type { runStatistics } from '../statistics';
import type { Figure } from './report';

export interface ThroughputResults {
  startedAt?: string;
  environment?: unknown;
  httpPostgres?: HttpRun;
  httpPglite?: HttpRun;
  ceiling?: Awaited<ReturnType<typeof runCeiling>>;
  peer?: Awaited<ReturnType<typeof runPeer>>;
}

type Scale = Awaited<ReturnType<typeof runScale>>;
type Scheduler = Awaited<ReturnType<typeof runScheduler>>;
type Statistics = Awaited<ReturnType<typeof runStatistics>>;

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const peak = (values: number[]) => (values.length > 0 ? Math.max(...values) : Number.NaN);

export function buildFigures(throughput?: ThroughputResults, scale?: Scale, scheduler?: Scheduler, statistics?: Statistics): Figure[] {
  const figures: Figure[] = [];
  const http = throughput?.httpPostgres;
  for (const run of [http, throughput?.httpPglite]) {
    if (!run) continue;
    const on = run.database === 'postgresql' ? 'PostgreSQL' : 'PGlite';
    for (const level of run.levels) {
      figures.push({ part: 1, label: `Stegvis HTTP on ${on}, c=${level.connections}: transitions/s`, value: level.perSecond, unit: '/s' });
      figures.push({ part: 1, label: `  latency p50 / p95 / p99 (c=${level.connections}, ${on})`, value: level.p95, unit: `ms p95 (p50 ${level.p50}, p99 ${level.p99})` });
      if (level.failed + level.errors > 0) figures.push({ part: 1, label: `  failed requests (c=${level.connections}, ${on})`, value: level.failed + level.errors, unit: '', target: '0', met: false });
    }
  }
  const ceiling = throughput?.ceiling;
  if (ceiling) {
    for (const level of ceiling.levels) {
      figures.push({ part: 2, label: `Ceiling (pgbench, same transaction shape), ${level.clients} clients`, value: level.tps, unit: 'tx/s' });
      const stegvis = http?.levels.find((l) => l.connections === level.requestedClients);
      if (stegvis) {
        const ratio = round(stegvis.perSecond / level.tps, 3);
        figures.push({ part: 2, label: `  Stegvis ÷ ceiling at c=${level.requestedClients}`, value: ratio, unit: '', target: '≥ 0.5', ratio, met: ratio >= 0.5 });
      }
    }
    for (const loop of ceiling.nodeLoop ?? []) {
      figures.push({ part: 2, label: `  (for reference) the same transaction from Node.js + pg, no HTTP/ORM, ${loop.workers} workers`, value: loop.tps, unit: 'tx/s' });
    }
    if (http) {
      const ratio = round(peak(http.levels.map((l) => l.perSecond)) / peak(ceiling.levels.map((l) => l.tps)), 3);
      figures.push({ part: 2, label: 'Stegvis ÷ ceiling, peak ÷ peak', value: ratio, unit: '', target: '≥ 0.5', ratio, met: ratio >= 0.5 });
    }
  }
  const peer = throughput?.peer;
  if (peer) {
    for (const level of peer.levels) {
      figures.push({ part: 3, label: `Peer (bpmn-engine + PostgreSQL), c=${level.connections}: steps/s`, value: level.perSecond, unit: '/s' });
      const stegvis = http?.levels.find((l) => l.connections === level.connections);
      if (stegvis) {
        const ratio = round(stegvis.perSecond / level.perSecond);
        figures.push({ part: 3, label: `  Stegvis ÷ peer at c=${level.connections}`, value: ratio, unit: '×', target: '≥ 3×', ratio, met: ratio >= 3 });
      }
    }
    if (http) {
      const ratio = round(peak(http.levels.map((l) => l.perSecond)) / peak(peer.levels.map((l) => l.perSecond)));
      figures.push({ part: 3, label: 'Stegvis ÷ peer, peak ÷ peak', value: ratio, unit: '×', target: '≥ 3×', ratio, met: ratio >= 3 });
    }
  }
  if (scale) {
    const { baseline, full } = scale;
    const n = full.cases.toLocaleString('en-US');
    figures.push({ part: 4, label: `Seeded referrals (events, deadlines)`, value: full.counts.cases, unit: `(${full.counts.events.toLocaleString('en-US')} events, ${full.counts.deadlines.toLocaleString('en-US')} deadlines, ${full.counts.databaseMiB} MiB)` });
    if (full.seed.seededSeconds !== null) figures.push({ part: 4, label: 'Seeding time', value: full.seed.seededSeconds, unit: 's' });
    figures.push({ part: 4, label: `Due-deadline query at ${n}, as the scheduler runs it: p95 (${full.dueQuery.rows} rows)`, value: full.dueQuery.p95, unit: 'ms', target: '< 20 ms', ratio: round(full.dueQuery.p95 / 20), met: full.dueQuery.p95 < 20 });
    const execution = Number(/Execution Time: ([\d.]+) ms/.exec(full.dueQuery.plan.join('\n'))?.[1]);
    figures.push({ part: 4, label: `  of which PostgreSQL's execution (EXPLAIN ANALYZE; the rest is fetching and parsing the rows)`, value: execution, unit: 'ms' });
    figures.push({ part: 4, label: `  the ORM call with includes it replaced (issue 19), for comparison: p95`, value: full.dueQueryPrisma.p95, unit: 'ms' });
    figures.push({ part: 4, label: `GET /api/deadlines?mine=true at ${n}, user with 200 cases: p95`, value: full.deadlinesMine.p95, unit: 'ms', target: '< 50 ms', ratio: round(full.deadlinesMine.p95 / 50), met: full.deadlinesMine.p95 < 50 });
    figures.push({ part: 4, label: `GET /api/cases at ${n}, user with 200 cases: p95`, value: full.casesList.p95, unit: 'ms', target: '< 50 ms', ratio: round(full.casesList.p95 / 50), met: full.casesList.p95 < 50 });
    figures.push({ part: 4, label: `  (at ${baseline.cases.toLocaleString('en-US')}: deadlines p95 / cases p95)`, value: baseline.deadlinesMine.p95, unit: `ms / ${baseline.casesList.p95} ms` });
    const transitionRatio = round(full.transition.p95 / baseline.transition.p95);
    figures.push({ part: 4, label: `Transition p95 at ${baseline.cases.toLocaleString('en-US')}`, value: baseline.transition.p95, unit: 'ms' });
    figures.push({ part: 4, label: `Transition p95 at ${n}`, value: full.transition.p95, unit: 'ms', target: '≤ 1.2 × baseline', ratio: transitionRatio, met: transitionRatio <= 1.2 });
    const rssRatio = round(full.rssMiB.end / baseline.rssMiB.end);
    figures.push({ part: 4, label: `Server RSS after the run at ${baseline.cases.toLocaleString('en-US')} / at ${n}`, value: full.rssMiB.end, unit: `MiB (baseline ${baseline.rssMiB.end} MiB)`, target: 'flat (≤ 1.2 ×)', ratio: rssRatio, met: rssRatio <= 1.2 });
    figures.push({ part: 4, label: `  (not targets) GET /api/cases p95 for a 1:e socialsekreterare / a KC consultant at ${n}`, value: full.others.casesForste.p95, unit: `ms / ${full.others.casesKc.p95} ms` });
  }
  if (statistics) {
    const { baseline, full } = statistics;
    const n = full.cases.toLocaleString('en-US');
    const seconds = (ms: number) => round(ms / 1000);
    figures.push({ part: 4, label: `Statistics of a unit's year at ${n} (1:e socialsekreterare; month, kön × åldersgrupp): p95`, value: seconds(full.unitYear.p95), unit: `s (p50 ${seconds(full.unitYear.p50)} s, ${full.unitYear.runs} requests)`, target: '< 2 s', ratio: round(full.unitYear.p95 / 2000), met: full.unitYear.p95 < 2000 });
    // Older result files (before the read model) have neither.
    if (full.cold !== undefined && full.dayAfter !== undefined) {
      figures.push({ part: 4, label: `  (not a target) the unit's year at ${n}: the first read after the read model was emptied / with 1 % of referrals changed`, value: seconds(full.cold), unit: `s / ${seconds(full.dayAfter)} s` });
    }
    figures.push({ part: 4, label: `  (not a target) the same year for KC's samordnare, every unit, at ${n}: p95`, value: seconds(full.kcYear.p95), unit: `s (p50 ${seconds(full.kcYear.p50)} s, ${full.kcYear.runs} requests)` });
    figures.push({ part: 4, label: `  (at ${baseline.cases.toLocaleString('en-US')}: the unit's year p95 / KC's year p95)`, value: seconds(baseline.unitYear.p95), unit: `s / ${seconds(baseline.kcYear.p95)} s` });
  }
  if (scheduler) {
    figures.push({ part: 5, label: `Reminders per minute, ${scheduler.processes} scheduler processes (${scheduler.received} e-mails)`, value: scheduler.perMinute, unit: '/min' });
    figures.push({ part: 5, label: '  duplicates (same e-mail twice, or received ≠ ledger)', value: scheduler.duplicates + Math.abs(scheduler.receivedMinusLedger), unit: '', target: '0', met: scheduler.duplicates === 0 && scheduler.receivedMinusLedger === 0 });
  }
  return figures;
}
