/**
 * `tsx bench/profile.ts`: where a Stegvis transition spends its CPU. Starts the
 * server on PostgreSQL with --cpu-prof, drives BENCH_PROFILE_REQUESTS transitions
 * of the flow at concurrency 16, stops it, and prints the self time by package
 * and the inclusive time of the functions named in PROFILE_FOCUS (the .cpuprofile
 * stays in bench/results/profile/ for Chrome DevTools or speedscope).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { benchConfig, RESULTS_DIR } from './lib/config';
import { measureFlow } from './http';
import { resetDatabase } from './lib/pg';
import { DEV_TOKEN_SECRET, freePort, startNode, waitForHttp } from './lib/processes';
import { log } from './lib/report';

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

async function main() {
  const dir = path.join(RESULTS_DIR, 'profile');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await resetDatabase(benchConfig.databaseUrl);
  const port = await freePort();
  const child = startNode(
    'src/main.ts',
    { PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: benchConfig.serverLogLevel, SCHEDULER_INTERVAL_SECONDS: '0', DEV_TOKEN_SECRET, DATABASE_URL: benchConfig.databaseUrl, SMTP_URL: '', API_RATE_LIMIT_PER_MINUTE: '0', LOOKUP_RATE_LIMIT_PER_MINUTE: '0' },
    { nodeArgs: ['--cpu-prof', '--cpu-prof-dir', dir] },
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHttp(`${baseUrl}/readyz`, child);
  const requests = Number(process.env.BENCH_PROFILE_REQUESTS ?? 2000);
  const [result] = await measureFlow({ ...child, baseUrl }, 'profile', [16], () => requests);
  await child.stop();
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error('no .cpuprofile written');
  const summary = summariseProfile(path.join(dir, file));
  log(`${result!.ok} transitions at ${result!.perSecond}/s; profile ${path.join(dir, file)}`);
  log(`busy ${summary.busyMs} ms of ${summary.seconds} s; per transition ≈ ${(summary.busyMs / (result!.ok + benchConfig.warmupRequests)).toFixed(2)} ms of CPU in the server`);
  console.log('\nself time by package (ms, % of busy):');
  for (const row of summary.selfByPackage) console.log(`  ${row.name.padEnd(40)} ${String(row.ms).padStart(7)}  ${row.shareOfBusy}%`);
  console.log('\ninclusive time of Stegvis functions (ms, % of busy):');
  for (const row of summary.inclusive) console.log(`  ${row.name.padEnd(40)} ${String(row.ms).padStart(7)}  ${row.shareOfBusy}%`);
}

if (process.argv[1]?.endsWith('profile.ts')) await main();
