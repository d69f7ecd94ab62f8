/**
 * Preloaded into the server under test (`node --import ./bench/lib/server-counters.ts`), never by Stegvis itself:
 * counts every SQL statement the `pg` driver sends (Prisma's PostgreSQL adapter goes through `pg.Client#query`,
 * BEGIN and COMMIT included) and, on SIGUSR2, writes the count, the statements by shape and the process's CPU time
 * (user + system, `process.cpuUsage`) to BENCH_COUNTERS_FILE. The benchmark reads it before and after a measured
 * run: statements and CPU milliseconds per transition, robust to a machine shared with other work (unlike throughput).
 */
import { writeFileSync } from 'node:fs';
import pg from 'pg';

const file = process.env.BENCH_COUNTERS_FILE;
let statements = 0;
const byShape = new Map<string, number>();

function shapeOf(query: unknown): string {
  const text = typeof query === 'string' ? query : typeof query === 'object' && query && 'text' in query ? String((query as { text: unknown }).text) : '?';
  return text.replace(/\s+/g, ' ').trim().slice(0, 90);
}

const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function counted(this: pg.Client, ...args: unknown[]) {
  statements += 1;
  const shape = shapeOf(args[0]);
  byShape.set(shape, (byShape.get(shape) ?? 0) + 1);
  return original.apply(this, args);
} as typeof pg.Client.prototype.query;

if (file) {
  process.on('SIGUSR2', () => {
    const cpu = process.cpuUsage();
    writeFileSync(file, JSON.stringify({ statements, cpuMs: (cpu.user + cpu.system) / 1000, byShape: Object.fromEntries(byShape) }));
  });
}
