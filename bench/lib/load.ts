/**
 * The load generator: autocannon, in the benchmark's own process (the server
 * under test is a separate process). Each connection walks one referral through
 * the flow's steps in order, then takes the next fresh case from a pool, so
 * connections never share a case and every request is a real transition.
 */
import autocannon from 'autocannon';
import type { FlowRole, FlowStep } from './flow';
import { summarise, type LatencySummary } from './stats';

export interface FlowTarget {
  baseUrl: string;
  eventPath(caseId: string): string;
  headers(role: FlowRole): Record<string, string>;
  /** Pre-created cases, each used by one connection for one pass through the flow. */
  pool: string[];
}

export interface LoadResult extends LatencySummary {
  connections: number;
  requests: number;
  ok: number;
  failed: number;
  errors: number;
  timeouts: number;
  seconds: number;
  /** Successful transitions per second. */
  perSecond: number;
  casesUsed: number;
  /** p50/p95 per event type (timed from building the request to its response, so slightly above the latency). */
  bySteps: Record<string, { count: number; p50: number; p95: number }>;
  firstFailure?: string;
}

export async function runFlowLoad(target: FlowTarget, steps: FlowStep[], connections: number, amount: number): Promise<LoadResult> {
  let next = 0;
  const takeCase = () => {
    const id = target.pool[next];
    next += 1;
    if (id === undefined) throw new Error(`The pool of ${target.pool.length} pre-created cases ran out: make it larger`);
    return id;
  };
  const headersByRole = new Map<FlowRole, Record<string, string>>(
    (['socialsekreterare', 'arbetsmarknadskonsulent'] as const).map((role) => [role, { 'content-type': 'application/json', ...target.headers(role) }]),
  );
  let firstFailure: string | undefined;
  const stepTimes = new Map<string, number[]>();
  const requests = steps.map((step, index) => ({
    method: 'POST' as const,
    setupRequest: (request: Record<string, unknown>, context: Record<string, unknown>) => {
      if (index === 0 || typeof context.caseId !== 'string') context.caseId = takeCase();
      context.sentAt = performance.now();
      return {
        ...request,
        method: 'POST',
        path: target.eventPath(context.caseId as string),
        headers: headersByRole.get(step.role),
        body: JSON.stringify({ type: step.type, ...step.payload }),
      };
    },
    onResponse: (status: number, body: string, context: Record<string, unknown>) => {
      if (status >= 300 && firstFailure === undefined) firstFailure = `${step.type}: ${status} ${body.slice(0, 400)}`;
      if (typeof context.sentAt === 'number') {
        const times = stepTimes.get(step.type) ?? [];
        times.push(performance.now() - context.sentAt);
        stepTimes.set(step.type, times);
      }
    },
  }));

  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  const started = process.hrtime.bigint();
  // autocannon ends a run on its once-a-second tick, so its own duration is rounded up: time to the last response instead.
  let lastResponse = started;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url: target.baseUrl, connections, amount, pipelining: 1, timeout: 30, requests: requests as unknown as autocannon.Request[] },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      lastResponse = process.hrtime.bigint();
      latencies.push(responseTime);
      if (statusCode >= 200 && statusCode < 300) ok += 1;
      else failed += 1;
    });
  });
  const seconds = Number(lastResponse - started) / 1e9;
  return {
    connections,
    requests: latencies.length,
    ok,
    failed,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: Math.round(seconds * 100) / 100,
    perSecond: Math.round((ok / seconds) * 10) / 10,
    casesUsed: next,
    bySteps: Object.fromEntries([...stepTimes].map(([type, times]) => [type, { count: times.length, p50: summarise(times).p50, p95: summarise(times).p95 }])),
    ...summarise(latencies),
    ...(firstFailure ? { firstFailure } : {}),
  };
}

/** A simple GET load (work lists): one URL, the given headers, `amount` requests on `connections`. */
export async function runGetLoad(url: string, headers: Record<string, string>, connections: number, amount: number) {
  const latencies: number[] = [];
  let ok = 0;
  let bytes = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, connections, amount, headers, timeout: 30 }, (error, finished) => (error ? reject(error) : resolve(finished)));
    instance.on('response', (_client: unknown, statusCode: number, resBytes: number, responseTime: number) => {
      latencies.push(responseTime);
      bytes += resBytes;
      if (statusCode >= 200 && statusCode < 300) ok += 1;
    });
  });
  return { requests: latencies.length, ok, errors: result.errors, averageBytes: Math.round(bytes / Math.max(1, latencies.length)), ...summarise(latencies) };
}
