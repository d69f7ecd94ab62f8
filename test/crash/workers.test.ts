/**
 * WORKERS=2 (src/cluster.ts): two server processes on one port, on a PostgreSQL server (PostgreSQL runs only).
 * A user logged in once is served by both (one dev secret for all, though none was configured), the scheduler runs
 * in one of them, and SIGTERM stops them all.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/test-database';

const ROOT = path.resolve(import.meta.dirname, '../..');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe.runIf(process.env.TEST_DATABASE_URL)('WORKERS=2', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('serves one user from both processes, runs the scheduler in one and stops them all on SIGTERM', async () => {
    const database = await createTestDatabase();
    cleanups.push(() => database.close());
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const { DEV_TOKEN_SECRET: _secret, ...inherited } = process.env;
    const env = { ...inherited, WORKERS: '2', DATABASE_URL: database.url!, PORT: String(port), HOST: '127.0.0.1', SMTP_URL: '', SCHEDULER_INTERVAL_SECONDS: '60', LOG_LEVEL: 'info' };
    const child = spawn(process.execPath, ['--enable-source-maps', 'dist/main.js'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'ignore'] });
    const lines: { msg?: string; pid?: number }[] = [];
    let partial = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const parts = (partial + chunk.toString('utf8')).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) lines.push(JSON.parse(line) as { msg?: string; pid?: number });
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    cleanups.push(async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    const listening = () => lines.filter((line) => line.msg === 'Stegvis is listening');
    for (let attempt = 0; attempt < 600 && listening().length < 2; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(new Set(listening().map((line) => line.pid)).size).toBe(2);

    const login = await fetch(`${base}/api/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'anna' }) });
    const { token } = (await login.json()) as { token: string };
    const statuses = await Promise.all(
      Array.from({ length: 30 }, async () => (await fetch(`${base}/api/cases`, { headers: { authorization: `Bearer ${token}` } })).status),
    );
    expect(statuses.every((status) => status === 200)).toBe(true);
    // Both processes answered (the request log names the process), and each accepted the other's token.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const served = lines.filter((line) => typeof line.msg === 'string' && line.msg.startsWith('GET /api/cases 200'));
    expect(new Set(served.map((line) => line.pid)).size).toBe(2);
    expect(lines.filter((line) => line.msg === 'Scheduler runs in this process')).toHaveLength(1);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 120_000);
});
