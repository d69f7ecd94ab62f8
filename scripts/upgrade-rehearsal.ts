/**
 * An in-place upgrade rehearsal against running servers in dev auth mode (docs/architecture.md
 * "Changing a machine", "Rehearsing an upgrade"):
 *
 *   npx tsx scripts/upgrade-rehearsal.ts fill URL      on the release before: a referral in each stage of version 1
 *   npx tsx scripts/upgrade-rehearsal.ts continue URL  on the new release, same data: every case readable, the running insats goes on
 *
 * `fill` drives each referral through the API with the demo users, along the shortest path of the frozen
 * version 1 definition to each of its states (the paths that need the scheduler's DECISION_EXPIRED are left
 * out), and writes the case ids to upgrade-rehearsal.json. Nothing is personal: the clients are made up.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { statePathOf } from '../machines/anvisning';
import { v1ReferralPerState } from '../test/support/anvisning-v1-cases';
import { personnummerFor } from '../test/support/test-app';

const [command, base = 'http://127.0.0.1:3000'] = process.argv.slice(2);
const RECORD = 'upgrade-rehearsal.json';
const tokens = new Map<string, string>();

async function call(username: string, method: string, path: string, body?: object) {
  let token = tokens.get(username);
  if (!token) {
    const login = await fetch(`${base}/api/auth/dev-login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username }) });
    token = ((await login.json()) as { token: string }).token;
    tokens.set(username, token);
  }
  const response = await fetch(`${base}${path}`, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function expectOk(what: string, response: { status: number; body: unknown }) {
  if (response.status !== 200 && response.status !== 201) throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as Record<string, unknown>;
}

if (command === 'fill') {
  // The events of version 1 paths happen during the decision's year.
  expectOk('clock', await call('fatima', 'PUT', '/api/dev/clock', { now: '2026-06-01T09:00:00Z' }));
  const written: { id: string; state: string }[] = [];
  let serial = 500;
  for (const referral of v1ReferralPerState()) {
    if (referral.events.some((event) => event.meta.role === 'system')) continue;
    serial += 1;
    const client = { personnummer: personnummerFor('1985-03-03', serial), name: `Rehearsal ${serial}`, protectedIdentity: referral.input.protectedIdentity };
    const id = expectOk('create', await call('anna', 'POST', '/api/cases', { client })).id as string;
    for (const event of referral.events) {
      const { meta, ...payload } = event;
      expectOk(`${event.type} on ${id}`, await call(meta.actorId, 'POST', `/api/cases/${id}/events`, payload));
    }
    written.push({ id, state: statePathOf(referral.snapshot as never) });
  }
  writeFileSync(RECORD, JSON.stringify(written, null, 2));
  console.log(`fill: ${written.length} referrals, states: ${[...new Set(written.map((entry) => entry.state))].sort().join(', ')}`);
} else if (command === 'continue') {
  const written = JSON.parse(readFileSync(RECORD, 'utf8')) as { id: string; state: string }[];
  const versions = new Map<number, number>();
  for (const { id, state } of written) {
    const view = expectOk(`read ${id}`, await call('anna', 'GET', `/api/cases/${id}`));
    versions.set(view.machineVersion as number, (versions.get(view.machineVersion as number) ?? 0) + 1);
    const history = expectOk(`history ${id}`, await call('anna', 'GET', `/api/cases/${id}/events`)).events as { type: string; title?: string }[];
    const upgrade = history.find((entry) => entry.type === 'MACHINE_UPGRADED');
    if (!upgrade) throw new Error(`${id} (${state}): no MACHINE_UPGRADED in its history`);
    if (view.status === 'active' && (view.nextSteps as unknown[]).length === 0 && state !== 'inskrivning.bokad') console.log(`note: ${id} (${state}) has no step for anna`);
  }
  console.log(`continue: ${written.length} referrals read; by machine version: ${JSON.stringify(Object.fromEntries(versions))}; each history shows the upgrade`);
  const running = written.find((entry) => entry.state === 'pagaende.aktiv');
  if (!running) throw new Error('no running insats was written');
  expectOk('clock', await call('fatima', 'PUT', '/api/dev/clock', { now: '2026-06-02T09:00:00Z' }));
  expectOk('follow-up booked', await call('anna', 'POST', `/api/cases/${running.id}/events`, { type: 'FOLLOW_UP_BOOKED', at: '2026-09-01T10:00:00+02:00' }));
  const held = expectOk('follow-up held', await call('anna', 'POST', `/api/cases/${running.id}/events`, { type: 'FOLLOW_UP_HELD', on: '2026-06-02', clientView: 'Trivs.', progression: 'Går framåt.' }));
  console.log(`continue: the running insats ${running.id} took two steps on the new release, now ${held.state} at version ${held.version}`);
  // A referral in förberedelse follows the new definition: a planned AF activity makes it wait (version 2) instead of ending it.
  const preparing = written.find((entry) => entry.state === 'forberedelse.samrad_af_planering');
  if (preparing) {
    const waiting = expectOk('AF plan checked', await call('anna', 'POST', `/api/cases/${preparing.id}/events`, { type: 'AF_PLAN_CHECKED', afActivity: 'planerad' }));
    console.log(`continue: the referral ${preparing.id} in förberedelse now follows version ${waiting.machineVersion}: ${waiting.state}, ${waiting.status}`);
  }
} else {
  console.error('usage: npx tsx scripts/upgrade-rehearsal.ts fill|continue [URL]');
  process.exit(2);
}
