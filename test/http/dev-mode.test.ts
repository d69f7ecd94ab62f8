/**
 * Dev mode (no AUTH_JWKS_URL): refused in production, the clock only for the
 * 1:e socialsekreterare, and the access log on the real wall clock whatever the
 * dev clock says.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personnummerFor, startTestApp, type TestApp } from '../support/test-app';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ now: '2026-01-15T09:00:00Z' });
});
afterAll(async () => {
  await app?.close();
});

describe('the dev clock', () => {
  it('is moved only by a 1:e socialsekreterare; anyone else gets 403 and time stays', async () => {
    for (const username of ['anna', 'kalle', 'sven']) {
      const user = await app.as(username);
      const refused = await app.http.put('/api/dev/clock').set('Authorization', `Bearer ${user.token}`).send({ now: '2030-01-01T08:00:00+01:00' });
      expect(refused.status, username).toBe(403);
      expect(refused.body.error).toMatchObject({ reason: 'dev_clock_not_allowed', message: expect.stringMatching(/Bara en 1:e socialsekreterare får flytta utvecklingsklockan/) });
    }
    expect(app.clock.now().toISOString()).toBe('2026-01-15T09:00:00.000Z');
    const fatima = await app.as('fatima');
    const moved = await app.http.put('/api/dev/clock').set('Authorization', `Bearer ${fatima.token}`).send({ now: '2026-03-01T12:00:00+01:00' });
    expect(moved.status).toBe(200);
    expect(moved.body).toEqual({ now: '2026-03-01T11:00:00.000Z' });
  });
});

describe('the access log in dev mode', () => {
  it('keeps the real time of each read, not the moved dev clock', async () => {
    app.clock.set('2031-06-01T08:00:00Z');
    const anna = await app.as('anna');
    const caseId = (await anna.createCase({ personnummer: personnummerFor('1977-07-07', 1), name: 'Klock Klocksson' })).body.id as string;
    const before = Date.now();
    expect((await anna.get(`/api/cases/${caseId}`)).status).toBe(200);
    const fatima = await app.as('fatima');
    let entries: { at: string; resource: string }[] = [];
    await expect
      .poll(async () => {
        entries = (await fatima.get(`/api/audit?caseId=${caseId}`)).body.entries ?? [];
        return entries.length;
      })
      .toBeGreaterThanOrEqual(2);
    const read = entries.find((entry) => entry.resource === 'case' && new Date(entry.at).getTime() >= before - 60_000);
    expect(read, JSON.stringify(entries)).toBeDefined();
    for (const entry of entries) expect(Math.abs(new Date(entry.at).getTime() - Date.now())).toBeLessThan(5 * 60_000);
  });
});

describe('starting the server', () => {
  it('refuses dev mode when NODE_ENV=production, naming AUTH_JWKS_URL, without a stack trace', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'stegvis-devmode-'));
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', PORT: '0', STEGVIS_DATA_DIR: dataDir, LOG_LEVEL: 'error', SCHEDULER_INTERVAL_SECONDS: '0' };
    // The build (dist/, made by the tests' global setup), as `npm start` runs it.
    const child = spawn(process.execPath, ['--enable-source-maps', 'dist/main.js'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exitCode = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve(null);
      }, 60_000);
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
    rmSync(dataDir, { recursive: true, force: true });
    expect(exitCode, output).toBe(1);
    expect(output).toMatch(/AUTH_JWKS_URL: required when NODE_ENV=production/);
    expect(output).not.toMatch(/^\s+at /m);
  }, 90_000);
});
