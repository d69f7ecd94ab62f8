/**
 * `tsx bench/profile.ts`: where a Stegvis transition spends its CPU, and how many SQL
 * statements it sends. Starts the server on PostgreSQL with --cpu-prof and the
 * statement counter, drives BENCH_PROFILE_REQUESTS transitions of the flow at
 * concurrency 16, stops it, and prints CPU ms and statements per transition, the self time by package
 * and the inclusive time of the functions named in PROFILE_FOCUS (the .cpuprofile
 * stays in bench/results/profile/ for Chrome DevTools or speedscope).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { benchConfig, RESULTS_DIR } from './lib/config';
import { THROUGHPUT_STEPS, throughputFlow, type FlowRole } from './lib/flow';
import { runFlowLoad } from './lib/load';
import { resetDatabase } from './lib/pg';
import { DEV_TOKEN_SECRET, freePort, startNode, waitForHttp } from './lib/processes';
import { log } from './lib/report';
import { createCases, demoHeaders } from './lib/stegvis-client';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

const FOCUS = [
  'sendEvent',
  'allowedEvents',
  'buildCaseView',
  'decideAnvisning',
  'restoreAnvisning',
  'syncDeadlines',
  'parseEvent',
  'jwtVerify',
  'findByUsername',
  'pinoHttp',
  'compile',
];

function packageOf(url: string): string {
  if (!url) return '(native/idle)';
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1]!;
  if (url.startsWith('node:')) return 'node:internal';
  const project = /\/work\/[^/]+\/(src|machines|bench)\/([^/]+)/.exec(url);
  return project ? `${project[1]}/${project[2]}` : url.replace(/^file:\/\//, '').split('/').slice(-2).join('/');
}

export function summariseProfile(file: string) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[] };
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totalSamples = profile.samples.length;
  const msPerSample = (profile.endTime - profile.startTime) / 1000 / totalSamples;
  const selfByPackage = new Map<string, number>();
  for (const node of profile.nodes) {
    const name = node.callFrame.functionName === '(idle)' ? '(idle)' : packageOf(node.callFrame.url);
    selfByPackage.set(name, (selfByPackage.get(name) ?? 0) + (node.hitCount ?? 0));
  }
  // Inclusive samples of focus functions (outermost frame only, so recursion is not counted twice).
  const inclusive = new Map<string, number>();
  const walk = (id: number, active: Set<string>): number => {
    const node = byId.get(id)!;
    const name = node.callFrame.functionName;
    const focus = FOCUS.includes(name) && !active.has(name) ? name : undefined;
    if (focus) active.add(focus);
    let total = node.hitCount ?? 0;
    for (const child of node.children ?? []) total += walk(child, active);
    if (focus) {
      active.delete(focus);
      inclusive.set(focus, (inclusive.get(focus) ?? 0) + total);
    }
    return total;
  };
  walk(profile.nodes[0]!.id, new Set());
  const busy = totalSamples - (selfByPackage.get('(idle)') ?? 0);
  const rows = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([name, samples]) => ({ name, ms: Math.round(samples * msPerSample), shareOfBusy: Math.round((samples / busy) * 1000) / 10 }));
  return { seconds: Math.round(totalSamples * msPerSample) / 1000, busyMs: Math.round(busy * msPerSample), selfByPackage: rows(selfByPackage).slice(0, 25), inclusive: rows(inclusive) };
}

/** What the server's preloaded counters say now (bench/lib/server-counters.ts): statements sent and CPU used so far. */
async function readCounters(pid: number, file: string): Promise<{ statements: number; cpuMs: number; byShape: Record<string, number> }> {
  rmSync(file, { force: true });
  process.kill(pid, 'SIGUSR2');
  for (let tries = 0; tries < 100; tries += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (existsSync(file)) {
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as { statements: number; cpuMs: number; byShape: Record<string, number> };
      } catch {
        // written half: read again
      }
    }
  }
  throw new Error('the server did not write its counters');
}

/**
 * CPU milliseconds and SQL statements per transition in the server, over BENCH_PROFILE_REQUESTS transitions at
 * BENCH_PROFILE_CONCURRENCY (16) after a warm-up; with BENCH_PROFILE_CPUPROF=0 without the profiler (its sampling
 * costs CPU itself), otherwise the .cpuprofile summarised by package.
 */
async function main() {
  const dir = path.join(RESULTS_DIR, 'profile');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const withProfiler = process.env.BENCH_PROFILE_CPUPROF !== '0';
  const countersFile = path.join(dir, 'counters.json');
  await resetDatabase(benchConfig.databaseUrl);
  const port = await freePort();
  const child = startNode(
    'src/main.ts',
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: benchConfig.serverLogLevel,
      SCHEDULER_INTERVAL_SECONDS: '0',
      DEV_TOKEN_SECRET,
      DATABASE_URL: benchConfig.databaseUrl,
      SMTP_URL: '',
      API_RATE_LIMIT_PER_MINUTE: '0',
      LOOKUP_RATE_LIMIT_PER_MINUTE: '0',
      BENCH_COUNTERS_FILE: countersFile,
    },
    { nodeArgs: [...(withProfiler ? ['--cpu-prof', '--cpu-prof-dir', dir] : []), '--import', './bench/lib/server-counters.ts'] },
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHttp(`${baseUrl}/readyz`, child);
  const requests = Number(process.env.BENCH_PROFILE_REQUESTS ?? 2000);
  const connections = Number(process.env.BENCH_PROFILE_CONCURRENCY ?? 16);
  const headers = await demoHeaders();
  const steps = throughputFlow(new Date());
  const target = (pool: string[]) => ({ baseUrl, eventPath: (id: string) => `/api/cases/${id}/events`, headers, pool });
  const poolSize = (amount: number) => Math.ceil(amount / THROUGHPUT_STEPS) + 2 * connections + 4;
  const ss = headers('socialsekreterare' as FlowRole);
  await runFlowLoad(target(await createCases(baseUrl, ss, poolSize(benchConfig.warmupRequests))), steps, connections, benchConfig.warmupRequests);
  const pool = await createCases(baseUrl, ss, poolSize(requests));
  const before = await readCounters(child.pid, countersFile);
  const result = await runFlowLoad(target(pool), steps, connections, requests);
  const after = await readCounters(child.pid, countersFile);
  await child.stop();
  const perTransition = { cpuMs: (after.cpuMs - before.cpuMs) / result.ok, statements: (after.statements - before.statements) / result.ok };
  log(`${result.ok} transitions (${result.failed + result.errors} failed) at concurrency ${connections}, ${result.perSecond}/s${withProfiler ? ' under the profiler' : ''}`);
  log(`per transition: ${perTransition.cpuMs.toFixed(2)} ms of CPU in the server (user + system), ${perTransition.statements.toFixed(2)} SQL statements`);
  console.log('\nstatements per transition by shape:');
  const shapes = Object.entries(after.byShape)
    .map(([shape, count]) => [shape, (count - (before.byShape[shape] ?? 0)) / result.ok] as const)
    .filter(([, count]) => count > 0.005)
    .sort((a, b) => b[1] - a[1]);
  for (const [shape, count] of shapes) console.log(`  ${count.toFixed(2).padStart(6)}  ${shape}`);
  writeFileSync(path.join(dir, 'per-transition.json'), JSON.stringify({ at: new Date().toISOString(), connections, ok: result.ok, perSecond: result.perSecond, withProfiler, ...perTransition, shapes }, null, 2));
  if (!withProfiler) return;
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error('no .cpuprofile written');
  const summary = summariseProfile(path.join(dir, file));
  log(`profile ${path.join(dir, file)}: busy ${summary.busyMs} ms of ${summary.seconds} s (whole run, warm-up and set-up included)`);
  console.log('\nself time by package (ms, % of busy):');
  for (const row of summary.selfByPackage) console.log(`  ${row.name.padEnd(40)} ${String(row.ms).padStart(7)}  ${row.shareOfBusy}%`);
  console.log('\ninclusive time of Stegvis functions (ms, % of busy):');
  for (const row of summary.inclusive) console.log(`  ${row.name.padEnd(40)} ${String(row.ms).padStart(7)}  ${row.shareOfBusy}%`);
}

if (process.argv[1]?.endsWith('profile.ts')) await main();
