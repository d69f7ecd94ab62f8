/**
 * Crashes: Stegvis runs as a child process on PostgreSQL, with its scheduler
 * sweeping every second, while clients drive transitions on many cases at once.
 * It is killed with SIGKILL mid-load several times and restarted. Afterwards every
 * acknowledged event is present exactly once, no half-transition exists (every
 * history replays to its snapshot), and no e-mail was sent twice. Clients retry
 * what was cut off with the same Idempotency-Key, as a real client would.
 * Runs when TEST_DATABASE_URL is set (CI does); PGlite lives inside one process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyAllCases } from '../../src/cases/verify-cases';
import { stockholmDate } from '../../machines/shared/dates';
import { STEPS_TO_PAGAENDE, samplePayloads } from '../support/anvisning-payloads';
import { startSmtpSink } from '../support/smtp-sink';
import { personnummerFor } from '../support/test-app';
import { createTestDatabase } from '../support/test-database';

const CASES = 12;
const KILLS = 4;
const ROOT = path.resolve(import.meta.dirname, '../..');
// Once the uppdrag is sent, KC's samordnare assigns kalle (sample payload), who may then act on the referral.
const uppdragSent = STEPS_TO_PAGAENDE.indexOf('UPPDRAG_SENT') + 1;
const STEPS = [
  ...STEPS_TO_PAGAENDE.slice(0, uppdragSent),
  'KC_CONSULTANT_ASSIGNED',
  ...STEPS_TO_PAGAENDE.slice(uppdragSent),
  'GENOMFORANDEPLAN_ESTABLISHED',
  'SIGNIFICANT_EVENT_REPORTED',
  'FOLLOW_UP_HELD',
  'FOLLOW_UP_BOOKED',
] as const;
/**
 * The child runs on the wall clock: its meetings are booked for today (the same day counts as ahead) and held today,
 * so the dates stay plausible whenever the test runs (docs/process.md "Plausible dates"). The second follow-up is
 * booked an hour after the first: two meetings at one time would give two invitations with one subject, which the
 * check for e-mails sent twice could not tell from a doubled one.
 */
function payloadOf(type: (typeof STEPS)[number]): object {
  const today = stockholmDate(new Date().toISOString());
  const noon = `${today}T12:00:00Z`;
  if (type === 'INSKRIVNING_BOOKED') return { ...samplePayloads[type], at: noon };
  if (type === 'FOLLOW_UP_BOOKED') return { ...samplePayloads[type], at: `${today}T13:00:00Z` };
  if (type === 'INSKRIVNING_HELD') return { firstFollowUpAt: noon };
  if (type === 'FOLLOW_UP_HELD') return { ...samplePayloads[type], on: today };
  return samplePayloads[type];
}
const ROLE_USER: Record<string, string> = { KC_CONSULTANT_ASSIGNED: 'sven', GENOMFORANDEPLAN_ESTABLISHED: 'kalle', INSKRIVNING_HELD: 'kalle' };

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.runIf(process.env.TEST_DATABASE_URL)('Stegvis killed with SIGKILL under load', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('loses no acknowledged event, doubles none, leaves no half-transition and sends no e-mail twice', async () => {
    const database = await createTestDatabase();
    cleanups.push(() => database.close());
    const smtp = await startSmtpSink();
    cleanups.push(() => smtp.close());
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = {
      ...process.env,
      DATABASE_URL: database.url!,
      PORT: String(port),
      HOST: '127.0.0.1',
      DEV_TOKEN_SECRET: 'crash-test-secret-crash-test-secret-crash',
      SMTP_URL: smtp.url,
      SCHEDULER_INTERVAL_SECONDS: '1',
      LOG_LEVEL: 'error',
      // Load from three users in seconds: not what the per-user rate limits are about.
      API_RATE_LIMIT_PER_MINUTE: '0',
    };

    let child: ChildProcess | undefined;
    const start = async () => {
      // The build (dist/, made by the tests' global setup), as `npm start` runs it.
      child = spawn(process.execPath, ['--enable-source-maps', 'dist/main.js'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
      for (let attempt = 0; attempt < 600; attempt += 1) {
        try {
          if ((await fetch(`${base}/readyz`)).ok) return;
        } catch {
          // not listening yet
        }
        await sleep(100);
      }
      throw new Error('Stegvis did not become ready');
    };
    const kill = async () => {
      const dying = child!;
      const exited = new Promise((resolve) => dying.once('exit', resolve));
      dying.kill('SIGKILL');
      await exited;
    };
    cleanups.push(async () => {
      if (child && child.exitCode === null && child.signalCode === null) await kill();
    });

    await start();
    const tokens: Record<string, string> = {};
    for (const username of ['anna', 'kalle', 'sven']) {
      const login = await fetch(`${base}/api/auth/dev-login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username }) });
      tokens[username] = ((await login.json()) as { token: string }).token;
    }
    const call = async (username: string, url: string, body: object, idempotencyKey?: string) => {
      const headers: Record<string, string> = { 'Content-Type': 'application/json', Authorization: `Bearer ${tokens[username]}` };
      if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
      return fetch(`${base}${url}`, { method: 'POST', headers, body: JSON.stringify(body) });
    };

    const caseIds: string[] = [];
    for (let index = 0; index < CASES; index += 1) {
      const response = await call('anna', '/api/cases', { client: { personnummer: personnummerFor('1955-05-05', index + 1), name: 'Krasch Testsson' } });
      expect(response.status).toBe(201);
      caseIds.push(((await response.json()) as { id: string }).id);
    }

    let acknowledged = 0;
    let retries = 0;
    /** One client per case: each step is retried with the same key until the server acknowledges it. */
    const drive = async (caseId: string) => {
      for (const type of STEPS) {
        const key = `${caseId}-${type}`;
        for (;;) {
          let response: Response;
          try {
            response = await call(ROLE_USER[type] ?? 'anna', `/api/cases/${caseId}/events`, { type, ...payloadOf(type) }, key);
          } catch {
            retries += 1; // the server went down under this request: retry once it is back
            await sleep(150);
            continue;
          }
          expect(response.status, `${type}: ${await response.text()}`).toBe(200);
          acknowledged += 1;
          break;
        }
      }
    };

    const killer = (async () => {
      for (let round = 0; round < KILLS; round += 1) {
        await sleep(250 + round * 150);
        await kill();
        await start();
      }
    })();
    await Promise.all([...caseIds.map(drive), killer]);
    await sleep(2500); // let the last sweeps send the invitations
    await kill();

    // Every acknowledged event exactly once, in order, with nothing half-done.
    expect(acknowledged).toBe(CASES * STEPS.length);
    const events = await database.prisma.caseEvent.findMany({ orderBy: [{ caseId: 'asc' }, { seq: 'asc' }] });
    for (const caseId of caseIds) {
      expect(events.filter((event) => event.caseId === caseId).map((event) => event.type)).toEqual(['CASE_CREATED', ...STEPS]);
    }
    const report = await verifyAllCases(database.prisma);
    expect(report).toMatchObject({ casesChecked: CASES, mismatches: [] });
    // No e-mail twice: each (recipient, subject) arrived at most once, and the ledger agrees.
    const keys = smtp.messages.map((mail) => `${mail.to.join(',')}|${mail.parsed.subject}`);
    expect(new Set(keys).size).toBe(keys.length);
    const sent = await database.prisma.notification.count({ where: { status: 'sent' } });
    expect(smtp.messages.length).toBeLessThanOrEqual(sent + (await database.prisma.notification.count({ where: { status: 'sending' } })));
    console.log(
      `Crash test: ${KILLS} SIGKILLs survived, ${acknowledged} acknowledged events checked (${retries} requests retried after a crash), ` +
        `${report.eventsReplayed} events replayed, ${smtp.messages.length} e-mails, none twice`,
    );
  }, 240_000);
});
