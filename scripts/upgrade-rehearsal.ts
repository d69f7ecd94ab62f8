/**
 * An in-place upgrade rehearsal against running servers in dev auth mode (docs/architecture.md
 * "Changing a machine", step 6):
 *
 *   npx tsx scripts/upgrade-rehearsal.ts fill URL      on the release before: a referral in each stage of anvisning version 2, assessments in stages of bedömning version 1
 *   npx tsx scripts/upgrade-rehearsal.ts continue URL  on the new release, same data: every case readable by its people, on the current version, a next step for someone while it runs, the running insats goes on
 *
 * `fill` talks HTTP only, so it runs from the new checkout against the old server: it drives each referral
 * through the API with the demo users, along the shortest path of the FROZEN version 2 definition to each of
 * its states (machines/anvisning/v2 with its frozen payloads, test/support/anvisning-v2-cases.ts: only events
 * and payloads version 2 accepts; an expired decision by the release's own scheduler, one sweep), registers
 * clients whose assessments stand in bedömning version 1's first stages (the referrals sent to KC add
 * assessments in an insats or after one), and writes what it made to upgrade-rehearsal.json. Nothing is
 * personal: the clients are made up. Each run makes new clients (a serial from the clock).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { anvisningMachine, statePathOf } from '../machines/anvisning';
import { ANVISNING_VERSION } from '../machines/anvisning/versions';
import { samplePayloads } from '../test/support/anvisning-payloads';
import { v2ReferralPerState } from '../test/support/anvisning-v2-cases';
import { personnummerFor } from '../test/support/test-app';

const [command, base = 'http://127.0.0.1:3000'] = process.argv.slice(2);
const RECORD = 'upgrade-rehearsal.json';
const tokens = new Map<string, string>();

type Body = Record<string, unknown>;

async function call(username: string, method: string, path: string, body?: object): Promise<{ status: number; body: Body }> {
  let token = tokens.get(username);
  if (!token) {
    const login = await fetch(`${base}/api/auth/dev-login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username }) });
    token = ((await login.json()) as { token: string }).token;
    tokens.set(username, token);
  }
  const response = await fetch(`${base}${path}`, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
  if (response.status === 429) {
    // The per-user rate limits of the release (API_RATE_LIMIT_PER_MINUTE, LOOKUP_RATE_LIMIT_PER_MINUTE): wait and ask again.
    await new Promise((resolve) => setTimeout(resolve, 1000 * Number(response.headers.get('retry-after') ?? 10)));
    return call(username, method, path, body);
  }
  return { status: response.status, body: (await response.json()) as Body };
}

function expectOk(what: string, response: { status: number; body: unknown }) {
  if (response.status !== 200 && response.status !== 201) throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as Body;
}

interface WrittenCase {
  id: string;
  clientId: string;
  /** The state under version 2, as the frozen definition says. */
  state: string;
  protectedIdentity: boolean;
  disagreementOpen: boolean;
  sentToKc: boolean;
  consultant: string | null;
}
interface WrittenAssessment {
  clientId: string;
  /** The state under bedömning version 1 when it was written. */
  state: string;
  from: 'client' | 'referral';
}
interface Record_ {
  cases: WrittenCase[];
  assessments: WrittenAssessment[];
}

function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return Object.fromEntries([...counts].sort());
}

/** Bedömning version 1's first stages, for a client registered without a referral. */
async function assessmentTo(state: 'inledande' | 'val_av_inriktning' | 'inriktning', personnummer: string, name: string): Promise<WrittenAssessment> {
  const clientId = (expectOk('client', await call('anna', 'POST', '/api/clients', { personnummer, name })).client as Body).id as string;
  const step = async (body: Body) => expectOk(`${body.type as string} on client ${clientId}`, await call('anna', 'POST', `/api/clients/${clientId}/assessment/events`, body));
  let view = await step({ type: 'INLEDANDE_STARTED', householdRole: 'sokande' });
  if (state !== 'inledande') {
    const questionnaireId = (view.questionnaires as { id: string; kind: string; status: string }[]).find((q) => q.kind === 'inledande' && q.status === 'pagaende')!.id;
    const scale = (value: number) => ({ value });
    await step({
      type: 'QUESTIONNAIRE_SAVED',
      questionnaireId,
      answers: {
        mal: { text: 'Arbete inom lager inom ett år.' },
        hinder: { text: 'Saknar truckkort.' },
        forvantningar: { text: 'Behöver en utbildning och stöd att söka.' },
        planering: { text: 'Anmälan till truckutbildning i vår.' },
        halsa: scale(3),
        arbetsformaga: scale(4),
        energiMotivation: scale(4),
        kommunikation: scale(2),
      },
    });
    view = await step({ type: 'INLEDANDE_COMPLETED', questionnaireId });
    if (state === 'inriktning') view = await step({ type: 'INRIKTNING_CHOSEN', tracks: (view.indication as { tracks: string[] }).tracks });
  }
  if (view.state !== state) throw new Error(`assessment of ${clientId}: ${view.state as string}, not ${state}`);
  return { clientId, state, from: 'client' };
}

if (command === 'fill') {
  // The events of the version 2 paths happen during the decision's year.
  expectOk('clock', await call('fatima', 'PUT', '/api/dev/clock', { now: '2026-06-01T09:00:00Z' }));
  const record: Record_ = { cases: [], assessments: [] };
  // New made-up clients on each run.
  let serial = Math.floor(Date.now() / 1000) % 900;
  // A path through the decision's expiry has its decision a year earlier, so that the scheduler's sweep (the
  // only sender of DECISION_EXPIRED) expires it, and only it, at the clock above; its steps after the expiry
  // follow the sweep.
  const EARLY_DECISION = { decisionDate: '2025-04-22', validFrom: '2025-05-01' };
  const referrals = v2ReferralPerState();
  const afterSweep: { id: string; created: Body; referral: (typeof referrals)[number]; rest: (typeof referrals)[number]['events'] }[] = [];
  const send = async (id: string, events: (typeof referrals)[number]['events'], expires: boolean) => {
    for (const event of events) {
      const { meta, ...payload } = event;
      expectOk(`${event.type} on ${id}`, await call(meta.actorId, 'POST', `/api/cases/${id}/events`, expires && event.type === 'DECISION_MADE' ? { ...payload, ...EARLY_DECISION } : payload));
    }
  };
  const written = async (id: string, created: Body, referral: (typeof referrals)[number]) => {
    const c = referral.snapshot.context;
    const state = statePathOf(referral.snapshot as never);
    const view = expectOk(`read ${id}`, await call('anna', 'GET', `/api/cases/${id}`));
    if (view.state !== state) throw new Error(`${id}: the release says ${view.state as string}, version 2 says ${state}`);
    const clientId = (created.client as Body).id as string;
    record.cases.push({ id, clientId, state, protectedIdentity: c.protectedIdentity, disagreementOpen: c.disagreement.open !== null, sentToKc: c.uppdrag !== null, consultant: c.kcConsultantId ?? null });
    // The referral sent to KC gave its client an assessment (the service's INSATS_STARTED).
    const assessment = await call('anna', 'GET', `/api/clients/${clientId}/assessment`);
    if (assessment.status === 200) record.assessments.push({ clientId, state: assessment.body.state as string, from: 'referral' });
  };
  for (const referral of referrals) {
    const system = referral.events.filter((event) => event.meta.role === 'system').map((event) => event.type);
    if (system.some((type) => type !== 'DECISION_EXPIRED') || system.length > 1) throw new Error(`a step of the system other than one expiry: ${system.join(', ')}`);
    serial += 1;
    const client = { personnummer: personnummerFor('1985-03-03', serial), name: `Rehearsal ${serial}`, protectedIdentity: referral.input.protectedIdentity };
    const created = expectOk('create', await call('anna', 'POST', '/api/cases', { client }));
    const id = created.id as string;
    const expiry = referral.events.findIndex((event) => event.type === 'DECISION_EXPIRED');
    if (expiry < 0) {
      await send(id, referral.events, false);
      await written(id, created, referral);
    } else {
      await send(id, referral.events.slice(0, expiry), true);
      afterSweep.push({ id, created, referral, rest: referral.events.slice(expiry + 1) });
    }
  }
  if (afterSweep.length > 0) {
    const sweep = expectOk('sweep', await call('anna', 'POST', '/api/dev/scheduler/run'));
    const expired = (sweep.report as { decisionsExpired: number }).decisionsExpired;
    if (expired !== afterSweep.length) throw new Error(`the sweep expired ${expired} decisions, not ${afterSweep.length}`);
    for (const { id, created, referral, rest } of afterSweep) {
      await send(id, rest, true);
      await written(id, created, referral);
    }
  }
  for (const state of ['inledande', 'val_av_inriktning', 'inriktning'] as const) {
    serial += 1;
    record.assessments.push(await assessmentTo(state, personnummerFor('1986-04-04', serial), `Rehearsal ${serial}`));
  }
  writeFileSync(RECORD, JSON.stringify(record, null, 2));
  console.log(`fill: ${record.cases.length} referrals by state (version 2): ${JSON.stringify(countBy(record.cases, (entry) => entry.state))}`);
  console.log(`fill: of them protected ${record.cases.filter((entry) => entry.protectedIdentity).length}, with an open disagreement ${record.cases.filter((entry) => entry.disagreementOpen).length}`);
  console.log(`fill: ${record.assessments.length} assessments by state (bedömning version 1): ${JSON.stringify(countBy(record.assessments, (entry) => `${entry.state} (${entry.from})`))}`);
} else if (command === 'continue') {
  const record = JSON.parse(readFileSync(RECORD, 'utf8')) as Record_;
  const problems: string[] = [];
  const versions = new Map<number, number>();
  // Steps a running case always has (handovers, assignment, the AF answer, a protection marked): not the process going on.
  const everywhere = new Set<string>(anvisningMachine.root.transitions.keys());
  const stepsOf = (view: Body) => (view.nextSteps as { type: string }[]).map((step) => step.type).filter((type) => !everywhere.has(type));
  const byStateAfter = new Map<string, number>();
  for (const written of record.cases) {
    const { id, state } = written;
    // Its people: the responsible socialsekreterare, the unit's 1:e socialsekreterare, and KC once the uppdrag was sent.
    const people = ['anna', 'fatima', ...(written.sentToKc ? ['sven'] : []), ...(written.consultant ? [written.consultant] : [])];
    const views: Body[] = [];
    for (const person of people) {
      const response = await call(person, 'GET', `/api/cases/${id}`);
      if (response.status !== 200) problems.push(`${id} (${state}): ${person} reads ${response.status} ${JSON.stringify(response.body)}`);
      else views.push(response.body);
    }
    const view = views[0];
    if (!view) continue;
    versions.set(view.machineVersion as number, (versions.get(view.machineVersion as number) ?? 0) + 1);
    byStateAfter.set(`${state} → ${view.state as string}`, (byStateAfter.get(`${state} → ${view.state as string}`) ?? 0) + 1);
    if (view.machineVersion !== ANVISNING_VERSION) problems.push(`${id} (${state}): machineVersion ${view.machineVersion as number}`);
    for (const person of people) {
      const response = await call(person, 'GET', `/api/cases/${id}/events`);
      if (response.status !== 200) problems.push(`${id} (${state}): ${person} reads its history ${response.status} ${JSON.stringify(response.body)}`);
      else if (!(response.body.events as { type: string }[]).some((entry) => entry.type === 'MACHINE_UPGRADED')) problems.push(`${id} (${state}): no MACHINE_UPGRADED in its history for ${person}`);
    }
    if (view.status === 'active') {
      const steps = views.flatMap(stepsOf);
      if (steps.length === 0) problems.push(`${id} (${state} → ${view.state as string}): running, and no step of the process for ${people.join(', ')}`);
    }
  }
  console.log(`continue: ${record.cases.length} referrals read by their people; by machine version: ${JSON.stringify(Object.fromEntries(versions))}`);
  console.log(`continue: state before → after: ${JSON.stringify(Object.fromEntries([...byStateAfter].sort()))}`);
  const assessmentStates = new Map<string, number>();
  for (const { clientId, state } of record.assessments) {
    const response = await call('anna', 'GET', `/api/clients/${clientId}/assessment`);
    if (response.status !== 200) {
      problems.push(`assessment of ${clientId} (${state}): ${response.status} ${JSON.stringify(response.body)}`);
      continue;
    }
    assessmentStates.set(`${state} → ${response.body.state as string}`, (assessmentStates.get(`${state} → ${response.body.state as string}`) ?? 0) + 1);
    const history = expectOk(`assessment history ${clientId}`, await call('anna', 'GET', `/api/clients/${clientId}/assessment/events`)).events as { type: string }[];
    if (!history.some((entry) => entry.type === 'MACHINE_UPGRADED')) problems.push(`assessment of ${clientId} (${state}): no MACHINE_UPGRADED in its history`);
  }
  console.log(`continue: ${record.assessments.length} assessments read; state before → after: ${JSON.stringify(Object.fromEntries([...assessmentStates].sort()))}`);

  // The running insats goes on: one step of the process on the new release.
  const running = record.cases.find((entry) => entry.state === 'pagaende.aktiv' && !entry.protectedIdentity && !entry.disagreementOpen);
  if (!running) problems.push('no running insats was written');
  else {
    expectOk('clock', await call('fatima', 'PUT', '/api/dev/clock', { now: '2026-06-02T09:00:00Z' }));
    const before = expectOk(`read ${running.id}`, await call('anna', 'GET', `/api/cases/${running.id}`));
    const step = (before.allowedEvents as string[]).includes('FOLLOW_UP_HELD')
      ? { type: 'FOLLOW_UP_HELD', on: '2026-06-02', clientView: 'Trivs.', progression: 'Går framåt.' }
      : { type: 'FOLLOW_UP_BOOKED', at: '2026-09-01T10:00:00+02:00' };
    const after = await call('anna', 'POST', `/api/cases/${running.id}/events`, step);
    if (after.status !== 200) problems.push(`the running insats ${running.id}: ${step.type} ${after.status} ${JSON.stringify(after.body)}`);
    else console.log(`continue: the running insats ${running.id} took ${step.type} on the new release, now ${after.body.state as string} at version ${after.body.version as number}`);
  }

  // A decision version 2 let expire is renewed under version 3, after its samråd again.
  const expired = record.cases.find((entry) => entry.state === 'pagaende.beslut_utgatt' && !entry.protectedIdentity && !entry.disagreementOpen);
  if (expired) {
    const taken: string[] = [];
    let view: Body = {};
    for (const step of [
      { type: 'SSBTEK_INFO_RECORDED', ...samplePayloads.SSBTEK_INFO_RECORDED },
      { type: 'AF_PLAN_CHECKED', afActivity: 'ingen' },
      { type: 'AF_NOTIFIED', sentOn: '2026-06-02' },
      { type: 'DECISION_RENEWED', decisionDate: '2026-06-02', validFrom: '2026-06-02' },
    ]) {
      const response = await call('anna', 'POST', `/api/cases/${expired.id}/events`, step);
      if (response.status !== 200) {
        problems.push(`the expired decision ${expired.id}: ${step.type} ${response.status} ${JSON.stringify(response.body)}`);
        break;
      }
      taken.push(step.type);
      view = response.body;
    }
    console.log(`continue: the expired decision ${expired.id} took ${taken.join(', ')}: ${view.state as string}`);
    if (view.state !== 'pagaende.aktiv') problems.push(`the expired decision ${expired.id}: ${view.state as string} after ${taken.join(', ')}`);
  } else problems.push('no expired decision was written');

  // A closing of version 2 taken to its end under version 3 (the steps left, in any order), and the client's assessment told.
  const closing = record.cases.find((entry) => entry.state.startsWith('avslut.') && entry.consultant === 'kalle' && !entry.disagreementOpen && !entry.protectedIdentity);
  if (closing) {
    const taken: string[] = [];
    let view: Body = {};
    for (let round = 0; round < 6; round += 1) {
      let progressed = false;
      for (const user of ['anna', 'kalle']) {
        view = expectOk(`read ${closing.id}`, await call(user, 'GET', `/api/cases/${closing.id}`));
        if (view.status !== 'active') break;
        const type = (view.allowedEvents as string[]).find((allowed) => ['THREE_PARTY_MEETING_HELD', 'CLOSING_DOCUMENT_CREATED', 'INSATS_CLOSED', 'GWA_CLOSED'].includes(allowed));
        if (!type) continue;
        const response = await call(user, 'POST', `/api/cases/${closing.id}/events`, { type, ...(samplePayloads as Record<string, object>)[type] });
        if (response.status !== 200) problems.push(`the closing ${closing.id}: ${user} ${type} ${response.status} ${JSON.stringify(response.body)}`);
        else taken.push(`${user}:${type}`);
        view = response.body;
        progressed = true;
      }
      if (view.status !== 'active' || !progressed) break;
    }
    const assessment = expectOk(`assessment ${closing.clientId}`, await call('anna', 'GET', `/api/clients/${closing.clientId}/assessment`));
    if (view.status !== 'avslutad') problems.push(`the closing ${closing.id}: ${view.state as string} after ${taken.join(', ')}`);
    console.log(`continue: the closing ${closing.id} took ${taken.join(', ')}: ${view.state as string}; its client's assessment now ${assessment.state as string}`);
  } else problems.push('no closing with kalle was written');

  // The lists and the to-do lists of every demo user, and each case page's guide, read the moved cases.
  const lists: [string, string][] = [
    ...['anna', 'maja', 'bo', 'kalle', 'kim', 'fatima', 'gustav', 'sven'].flatMap((user): [string, string][] => [
      [user, '/api/cases?limit=100'],
      [user, '/api/cases?status=active&limit=100'],
      [user, '/api/deadlines?mine=true&status=open'],
      [user, '/api/deadlines?mine=true&status=overdue'],
    ]),
    ['fatima', '/api/deadlines?mine=false'],
    ['sven', '/api/deadlines?mine=false'],
    ['kalle', '/api/kc/queue'],
    ['sven', '/api/kc/queue'],
    ['fatima', '/api/samverkansfragor'],
    ['sven', '/api/samverkansfragor'],
    ['anna', '/api/ui/anvisning'],
    ['anna', '/api/ui/bedomning'],
  ];
  for (const [user, path] of lists) {
    const response = await call(user, 'GET', path);
    if (response.status !== 200) problems.push(`${user} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
  }
  const listed = new Set<string>();
  for (let offset = 0; ; offset += 100) {
    const page = expectOk('anna’s cases', await call('anna', 'GET', `/api/cases?limit=100&offset=${offset}`)).cases as { id: string }[];
    for (const entry of page) listed.add(entry.id);
    if (page.length < 100) break;
  }
  const unlisted = record.cases.filter((entry) => !listed.has(entry.id));
  if (unlisted.length > 0) problems.push(`not in anna’s list: ${unlisted.map((entry) => `${entry.id} (${entry.state})`).join(', ')}`);
  for (const { id, state } of record.cases) {
    const guide = await call('anna', 'GET', `/api/ui/cases/${id}/guide`);
    if (guide.status !== 200) problems.push(`${id} (${state}): guide ${guide.status} ${JSON.stringify(guide.body)}`);
  }
  const openDeadlines = expectOk('deadlines', await call('anna', 'GET', '/api/deadlines?mine=true&status=open'));
  const overdueDeadlines = expectOk('deadlines', await call('anna', 'GET', '/api/deadlines?mine=true&status=overdue'));
  console.log(`continue: ${lists.length} lists read; anna lists ${listed.size} cases; her deadlines: ${(openDeadlines.deadlines as unknown[]).length} open, ${(overdueDeadlines.deadlines as unknown[]).length} overdue`);

  // A sweep of the scheduler now, and after the decisions' year has run out: the moved cases expire under the new definition.
  const sweep = expectOk('sweep', await call('anna', 'POST', '/api/dev/scheduler/run'));
  console.log(`continue: a sweep on ${sweep.now as string}: ${JSON.stringify(sweep.report)}`);
  expectOk('clock', await call('fatima', 'PUT', '/api/dev/clock', { now: '2027-02-15T09:00:00Z' }));
  const expiry = expectOk('sweep after a year', await call('anna', 'POST', '/api/dev/scheduler/run'));
  console.log(`continue: a sweep on ${expiry.now as string}: ${JSON.stringify(expiry.report)}`);
  const afterYear = new Map<string, number>();
  for (const { id, state } of record.cases) {
    const response = await call('anna', 'GET', `/api/cases/${id}`);
    if (response.status !== 200) {
      problems.push(`${id} (${state}) after a year: ${response.status} ${JSON.stringify(response.body)}`);
      continue;
    }
    afterYear.set(response.body.state as string, (afterYear.get(response.body.state as string) ?? 0) + 1);
    if (response.body.status === 'active' && stepsOf(response.body).length === 0) {
      const others = await Promise.all(['fatima', 'sven'].map(async (person) => (await call(person, 'GET', `/api/cases/${id}`)).body));
      if (others.flatMap((view) => (view.nextSteps ? stepsOf(view) : [])).length === 0) problems.push(`${id} (${state} → ${response.body.state as string}) after a year: running, no step for anna, fatima or sven`);
    }
  }
  console.log(`continue: states after a year: ${JSON.stringify(Object.fromEntries([...afterYear].sort()))}`);

  if (problems.length > 0) {
    console.error(`continue: ${problems.length} problems:\n${problems.join('\n')}`);
    process.exit(1);
  }
  console.log('continue: no problems');
} else {
  console.error('usage: npx tsx scripts/upgrade-rehearsal.ts fill|continue [URL]');
  process.exit(2);
}
