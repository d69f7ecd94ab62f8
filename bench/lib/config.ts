/**
 * Benchmark settings, all from the environment (see docs/performance.md).
 * Every size and duration can be lowered for a quick run and raised for the full one.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const ROOT_DIR = path.dirname(BENCH_DIR);
export const RESULTS_DIR = path.join(BENCH_DIR, 'results');

function int(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return Math.round(value);
}

function list(name: string, fallback: number[]): number[] {
  const raw = process.env[name];
  if (!raw) return fallback;
  return raw.split(',').map((part) => {
    const value = Number(part.trim());
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a comma-separated list of positive integers, got "${raw}"`);
    return value;
  });
}

/** postgresql://…/stegvis_bench → postgresql://…/stegvis_bench_<suffix> */
export function siblingDatabaseUrl(url: string, suffix: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${parsed.pathname.replace(/^\//, '')}_${suffix}`;
  return parsed.toString();
}

const databaseUrl = process.env.BENCH_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/stegvis_bench';

export const benchConfig = {
  /** The PostgreSQL server to measure on. Its database (and siblings with suffixes) are created if missing and reset by the benchmark. */
  databaseUrl,
  peerDatabaseUrl: process.env.BENCH_PEER_DATABASE_URL || siblingDatabaseUrl(databaseUrl, 'peer'),
  scaleDatabaseUrl: process.env.BENCH_SCALE_DATABASE_URL || siblingDatabaseUrl(databaseUrl, 'scale'),
  schedulerDatabaseUrl: process.env.BENCH_SCHEDULER_DATABASE_URL || siblingDatabaseUrl(databaseUrl, 'sched'),
  /** HTTP concurrency levels (connections of the load generator). */
  concurrency: list('BENCH_CONCURRENCY', [1, 16, 64]),
  /** Requests (transitions) per concurrency level; concurrency 1 gets BENCH_REQUESTS_C1. */
  requests: int('BENCH_REQUESTS', 6000),
  requestsAtConcurrency1: int('BENCH_REQUESTS_C1', 1500),
  /** Warm-up requests before each target (not measured). */
  warmupRequests: int('BENCH_WARMUP_REQUESTS', 600),
  /** Seconds per pgbench run of the ceiling. */
  ceilingSeconds: int('BENCH_CEILING_SECONDS', 15),
  /** pgbench client counts; defaults to the HTTP concurrency levels. */
  ceilingClients: list('BENCH_CEILING_CLIENTS', list('BENCH_CONCURRENCY', [1, 16, 64])),
  /** Referrals seeded for the scale run, and the small baseline it is compared with. */
  scaleCases: int('BENCH_SCALE_CASES', 1_000_000),
  scaleBaselineCases: int('BENCH_SCALE_BASELINE_CASES', 1_000),
  /** Cases per seeding batch (one transaction each). */
  seedBatch: int('BENCH_SEED_BATCH', 50_000),
  /** Share of seeded referrals still active, in per mille (default 20 = 2 %). */
  activePerMille: int('BENCH_ACTIVE_PER_MILLE', 20),
  /** 1 = drop and reseed the scale database even if it already holds the requested size. */
  reseed: process.env.BENCH_RESEED === '1',
  /** Requests of the statistics' unit-year at scale (issue 16; the samordnare's year gets a quarter of them, at least 1). */
  statisticsRequests: int('BENCH_STATISTICS_REQUESTS', 20),
  /** Requests per measured read/transition at scale (concurrency 1). */
  scaleRequests: int('BENCH_SCALE_REQUESTS', 1000),
  /** Active referrals seeded for the scheduler throughput run; every one has deadlines near today. */
  schedulerCases: int('BENCH_SCHEDULER_CASES', 5000),
  schedulerProcesses: int('BENCH_SCHEDULER_PROCESSES', 2),
  /** LOG_LEVEL of the Stegvis server under test (its output is discarded). `info` logs every request, as deployed. */
  serverLogLevel: process.env.BENCH_SERVER_LOG_LEVEL || 'info',
  /** Niceness of every process the benchmark starts (the load generator itself is started by npm under nice). */
  nice: int('BENCH_NICE', 10),
};

export type BenchConfig = typeof benchConfig;

export function machineDescription() {
  const cpus = os.cpus();
  return {
    host: os.hostname(),
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
  };
}
