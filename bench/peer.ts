/**
 * Part 3: the peer (bench/peers/bpmn): the same 16 steps in BPMN on bpmn-engine,
 * state persisted to the same PostgreSQL after every step, driven by the same
 * load generator at the same concurrency levels.
 */
import { benchConfig } from './lib/config';
import { throughputFlow, THROUGHPUT_STEPS } from './lib/flow';
import { runFlowLoad, type LoadResult } from './lib/load';
import { resetDatabase } from './lib/pg';
import { freePort, startNode, waitForHttp } from './lib/processes';
import { log } from './lib/report';
import { requestsFor } from './http';

async function createInstances(baseUrl: string, count: number, parallel = 8): Promise<string[]> {
  const ids: string[] = [];
  let remaining = count;
  async function worker() {
    while (remaining > 0) {
      remaining -= 1;
      const response = await fetch(`${baseUrl}/cases`, { method: 'POST' });
      if (response.status !== 201) throw new Error(`peer POST /cases answered ${response.status}: ${await response.text()}`);
      ids.push(((await response.json()) as { id: string }).id);
    }
  }
  await Promise.all(Array.from({ length: parallel }, worker));
  return ids;
}

export async function runPeer(): Promise<{ levels: LoadResult[]; stateBytes: number }> {
  await resetDatabase(benchConfig.peerDatabaseUrl);
  const port = await freePort();
  const child = startNode('bench/peers/bpmn/server.ts', { PORT: String(port), PEER_DATABASE_URL: benchConfig.peerDatabaseUrl });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${baseUrl}/healthz`, child);
    const steps = throughputFlow(new Date());
    const target = (pool: string[]) => ({ baseUrl, eventPath: (id: string) => `/cases/${id}/events`, headers: () => ({}), pool });
    const poolSize = (connections: number, amount: number) => Math.ceil(amount / THROUGHPUT_STEPS) + 2 * connections + 4;
    if (benchConfig.warmupRequests > 0) {
      const warm = Math.min(8, Math.max(...benchConfig.concurrency));
      await runFlowLoad(target(await createInstances(baseUrl, poolSize(warm, benchConfig.warmupRequests))), steps, warm, benchConfig.warmupRequests);
    }
    const levels: LoadResult[] = [];
    for (const connections of benchConfig.concurrency) {
      const amount = requestsFor(connections);
      const pool = await createInstances(baseUrl, poolSize(connections, amount));
      log(`  peer: ${amount} steps at concurrency ${connections}…`);
      const result = await runFlowLoad(target(pool), steps, connections, amount);
      log(`  peer c=${connections}: ${result.perSecond}/s, p50 ${result.p50} ms, p95 ${result.p95} ms, p99 ${result.p99} ms, failed ${result.failed + result.errors}`);
      if (result.firstFailure) log(`    first failure: ${result.firstFailure}`);
      levels.push(result);
    }
    const { withClient } = await import('./lib/pg');
    const stateBytes = await withClient(benchConfig.peerDatabaseUrl, async (client) =>
      Number((await client.query<{ n: string }>('SELECT avg(pg_column_size(state))::int AS n FROM peer_instance')).rows[0]?.n ?? 0),
    );
    return { levels, stateBytes };
  } finally {
    await child.stop();
  }
}
