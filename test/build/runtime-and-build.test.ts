/**
 * The runtime and the build: `npm test` and `npm start` run on Node.js 24 (the
 * `node` dev dependency puts it first on the PATH of every npm script, whatever
 * Node.js ran npm), and the build in dist/ (made by the global setup, as
 * `npm start` makes it) runs on its own: the server finds its migrations, its
 * questionnaires and the web interface from dist/, and `npm run verify` and
 * `npm run scheduler -- --once` run from dist/ too.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/project-root';
import { personnummerFor } from '../support/test-app';

describe('the runtime', () => {
  it('is Node.js 24, as package.json engines says', () => {
    console.log(`Node.js ${process.version} (${process.execPath})`);
    expect(process.versions.node).toMatch(/^24\./);
    const { engines } = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
    expect(engines.node).toMatch(/^>=24\.\d+ <25$/);
  });
});

type Run = { code: number | null; output: string };

function run(script: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 80_000): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--enable-source-maps', script, ...args], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('the build in dist/', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'stegvis-build-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: '0',
    STEGVIS_DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    SCHEDULER_INTERVAL_SECONDS: '0',
  };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts the server: migrations applied, questionnaires loaded, the web interface served', async () => {
    const child = spawn(process.execPath, ['--enable-source-maps', 'dist/main.js'], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const listening = await new Promise<{ port: number; node: string }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`not listening after 120 s:\n${output}`)), 120_000);
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          for (const line of output.split('\n')) {
            if (!line.includes('Stegvis is listening')) continue;
            clearTimeout(timer);
            resolve(JSON.parse(line) as { port: number; node: string });
          }
        });
        void exited.then((code) => reject(new Error(`exited with ${code}:\n${output}`)));
      });
      expect(listening.node).toMatch(/^v24\./);
      const base = `http://127.0.0.1:${listening.port}`;
      expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      const page = await fetch(`${base}/arenden`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<html lang="sv">');
      expect((await fetch(`${base}/js/app.js`)).status).toBe(200);
      // The chart library of the Uppföljning page, from node_modules as the bundle resolves it.
      const chartLibrary = await fetch(`${base}/vendor/chart.umd.min.js`);
      expect(chartLibrary.status).toBe(200);
      expect(await chartLibrary.text()).toContain('Chart.js');

      const login = await fetch(`${base}/api/auth/dev-login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'anna' }) });
      const { token } = (await login.json()) as { token: string };
      const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
      const created = await fetch(`${base}/api/cases`, { method: 'POST', headers, body: JSON.stringify({ client: { personnummer: personnummerFor('1980-02-02', 7), name: 'Bygg Byggsson' } }) });
      expect(created.status).toBe(201);
      // The questionnaires from content/bedomningsstod, stored at start-up.
      const client = await fetch(`${base}/api/clients`, { method: 'POST', headers, body: JSON.stringify({ personnummer: personnummerFor('1981-03-03', 8), name: 'Form Formsson' }) });
      const { client: { id: clientId } } = (await client.json()) as { client: { id: string } };
      const started = await fetch(`${base}/api/clients/${clientId}/assessment/events`, { method: 'POST', headers, body: JSON.stringify({ type: 'INLEDANDE_STARTED', householdRole: 'sokande' }) });
      expect(started.status, await started.clone().text()).toBe(200);
      const { questionnaires } = (await started.json()) as { questionnaires: { id: string; kind: string }[] };
      const inledande = questionnaires.find((questionnaire) => questionnaire.kind === 'inledande');
      const questionnaire = await fetch(`${base}/api/clients/${clientId}/questionnaires/${inledande?.id}`, { headers });
      expect(questionnaire.status).toBe(200);
      expect(JSON.stringify(await questionnaire.json())).toContain('halsa');
    } finally {
      if (child.exitCode === null) child.kill('SIGTERM');
    }
    expect(await exited, output).toBe(0);
    // The one plain line for the person who started it, with the address and (dev mode) who can log in; the rest stays JSON.
    const plainLines = output.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('{'));
    expect(plainLines[0]).toMatch(/^Stegvis: öppna http:\/\/localhost:\d+\/$/);
    expect(plainLines[1]).toContain('anna (socialsekreterare)');
    expect(plainLines[1]).toContain('fatima (1:e socialsekreterare)');
    expect(plainLines.filter((line) => line.startsWith('Stegvis: öppna'))).toHaveLength(1);
  }, 180_000);

  it('runs `npm run verify` and `npm run scheduler -- --once` on the same data', async () => {
    const verify = await run('dist/verify.js', [], env);
    expect(verify.code, verify.output).toBe(0);
    expect(verify.output).toMatch(/verify: 1 cases, 1 events replayed, 0 mismatches/);
    // Its statistics were never read: its facts are stale, nothing stored to compare.
    expect(verify.output).toMatch(/verify: 0 referrals' stored statistics facts compared with their histories, 0 mismatches \(1 stale/);
    const scheduler = await run('dist/scheduler.js', ['--once'], env);
    expect(scheduler.code, scheduler.output).toBe(0);
  }, 180_000);
});
