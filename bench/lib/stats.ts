/** Percentiles over recorded latencies (milliseconds). */
export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

const round = (value: number) => Math.round(value * 100) / 100;

export function summarise(values: readonly number[]): LatencySummary {
  const sorted = [...values].sort((a, b) => a - b);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    mean: round(sum / Math.max(1, sorted.length)),
    max: round(sorted.at(-1) ?? Number.NaN),
  };
}

/** Times `work` `times` times (after `warmup` untimed runs); milliseconds. */
/** `prepare`, if given, runs before each timed run, outside its time. */
export async function timeRepeated(times: number, work: () => Promise<unknown>, warmup = 3, prepare?: () => Promise<unknown>): Promise<LatencySummary & { runs: number }> {
  for (let i = 0; i < warmup; i += 1) await work();
  const values: number[] = [];
  for (let i = 0; i < times; i += 1) {
    if (prepare) await prepare();
    const started = process.hrtime.bigint();
    await work();
    values.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return { runs: times, ...summarise(values) };
}
