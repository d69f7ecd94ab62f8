/**
 * `WORKERS=N`: N server processes on one port (node:cluster; the primary hands out connections in turn). The
 * primary serves nothing: it starts the workers, starts one again when it dies, and stops them all on SIGTERM/SIGINT.
 * What must agree across processes is decided here, once: the dev token secret (a generated one would differ per
 * process, and a token from one would be refused by the others), the scheduler in worker 0 only (a second one would
 * be safe, the ledger is claimed row by row, but is work for nothing), and the per-user rate limits, which each
 * process counts in its own memory: each gets its share (the limit ÷ N, rounded up), so a user is held to about the
 * configured limit in all. Migrations take an advisory lock and the start-up upgrade claims each case with
 * SKIP LOCKED, so workers starting together are safe.
 */
import cluster, { type Worker } from 'node:cluster';
import type { Config } from './config';
import type { Logger } from './logger';

/** A worker that dies sooner than this after its start is not started again: the next would fail the same way. */
const MIN_LIFETIME_MS = 10_000;

export function workerEnv(config: Config, index: number): Record<string, string> {
  const share = (perMinute: number) => String(perMinute === 0 ? 0 : Math.ceil(perMinute / config.workers));
  return {
    STEGVIS_WORKER_INDEX: String(index),
    ...(index > 0 ? { SCHEDULER_INTERVAL_SECONDS: '0' } : {}),
    ...(config.auth.mode === 'dev' ? { DEV_TOKEN_SECRET: config.auth.devTokenSecret } : {}),
    API_RATE_LIMIT_PER_MINUTE: share(config.rateLimits.apiPerMinute),
    LOOKUP_RATE_LIMIT_PER_MINUTE: share(config.rateLimits.lookupPerMinute),
    STATISTICS_RATE_LIMIT_PER_MINUTE: share(config.rateLimits.statisticsPerMinute),
  };
}

export function runPrimary(config: Config, logger: Logger): void {
  const indexOf = new Map<number, { index: number; startedAt: number }>();
  let stopping = false;
  let exitCodeAtEnd = 0;
  const start = (index: number) => {
    const worker: Worker = cluster.fork(workerEnv(config, index));
    indexOf.set(worker.id, { index, startedAt: Date.now() });
  };
  cluster.on('exit', (worker, code, signal) => {
    const started = indexOf.get(worker.id);
    indexOf.delete(worker.id);
    if (stopping) {
      if (indexOf.size === 0) process.exit(exitCodeAtEnd);
      return;
    }
    if (!started || Date.now() - started.startedAt < MIN_LIFETIME_MS) {
      logger.fatal({ worker: started?.index, code, signal }, 'A worker stopped right after its start: stopping Stegvis');
      stop('SIGTERM', 1);
      return;
    }
    logger.error({ worker: started.index, code, signal }, 'A worker stopped; starting another in its place');
    start(started.index);
  });
  function stop(signal: NodeJS.Signals, exitCode = 0) {
    if (stopping) return;
    stopping = true;
    exitCodeAtEnd = exitCode;
    logger.info({ signal }, 'Stopping the workers');
    if (indexOf.size === 0) process.exit(exitCode);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  }
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  logger.info({ workers: config.workers }, `Starting ${config.workers} worker processes; the scheduler runs in the first`);
  for (let index = 0; index < config.workers; index += 1) start(index);
}
