/**
 * Part 1: transition throughput and latency through HTTP. The Stegvis server runs
 * as its own process (src/main.ts) on PostgreSQL or on embedded PGlite; autocannon
 * in this process drives POST /api/cases/:id/events through the referral flow.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchConfig } from './lib/config';
import { THROUGHPUT_STEPS, throughputFlow, type FlowRole } from './lib/flow';
import { runFlowLoad, type LoadResult } from './lib/load';
import { resetDatabase } from './lib/pg';
import { startStegvis, type StegvisServer } from './lib/processes';
import { log } from './lib/report';
import { createCases, demoHeaders } from './lib/stegvis-client';

export interface HttpRun {
  database: 'postgresql' | 'pglite';
  levels: LoadResult[];
  rssMiB: { start: number; end: number };
}

export function requestsFor(connections: number): number {
  return connections === 1 ? benchConfig.requestsAtConcurrency1 : benchConfig.requests;
}

/** Drives the flow at every concurrency level against a running server. */
export async function measureFlow(server: StegvisServer, label: string, levels: number[], amountFor: (connections: number) => number): Promise<LoadResult[]> {
  const headers = await demoHeaders();
  const steps = throughputFlow(new Date());
  const target = (pool: string[]) => ({ baseUrl: server.baseUrl, eventPath: (id: string) => `/api/cases/${id}/events`, headers, pool });
  const ssHeaders = headers('socialsekreterare' as FlowRole);
  const poolSize = (connections: number, amount: number) => Math.ceil(amount / THROUGHPUT_STEPS) + 2 * connections + 4;

  if (benchConfig.warmupRequests > 0) {
    const warmConnections = Math.min(8, Math.max(...levels));
    const pool = await createCases(server.baseUrl, ssHeaders, poolSize(warmConnections, benchConfig.warmupRequests));
    await runFlowLoad(target(pool), steps, warmConnections, benchConfig.warmupRequests);
  }
  const results: LoadResult[] = [];
  for (const connections of levels) {
    const amount = amountFor(connections);
    log(`  ${label}: creating ${poolSize(connections, amount)} referrals for concurrency ${connections}…`);
    const pool = await createCases(server.baseUrl, ssHeaders, poolSize(connections, amount));
    log(`  ${label}: ${amount} transitions at concurrency ${connections}…`);
    const result = await runFlowLoad(target(pool), steps, connections, amount);
    log(`  ${label} c=${connections}: ${result.perSecond}/s, p50 ${result.p50} ms, p95 ${result.p95} ms, p99 ${result.p99} ms, failed ${result.failed + result.errors}`);
    if (result.firstFailure) log(`    first failure: ${result.firstFailure}`);
    results.push(result);
  }
  return results;
}

export async function runHttp(database: 'postgresql' | 'pglite'): Promise<HttpRun> {
  let dataDir: string | undefined;
  let server: StegvisServer;
  if (database === 'postgresql') {
    await resetDatabase(benchConfig.databaseUrl);
    server = await startStegvis({ databaseUrl: benchConfig.databaseUrl });
  } else {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'stegvis-bench-pglite-'));
    server = await startStegvis({ dataDir });
  }
  try {
    const start = server.rssMiB();
    const levels = await measureFlow(server, database, benchConfig.concurrency, requestsFor);
    return { database, levels, rssMiB: { start, end: server.rssMiB() } };
  } finally {
    await server.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}
