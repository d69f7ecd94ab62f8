/**
 * Model-based tests: paths generated from the anvisning machine (xstate/graph)
 * are driven through the real HTTP API and database. After every step the API
 * must report the model's state and the model's allowed events for the acting
 * user, and a version one higher (one more event in the history, which is counted
 * at the end of each path and around every refusal check). In every state reached, each
 * role's allowed events are the model's, and a sample of the events the model
 * refuses is sent through the API: for each role that sees the case, one the role
 * may never send (403) and one it may send but not now (409), taken in turn from
 * the refused events; for each role that does not see it yet, one (404). Each must
 * change nothing. The expected 403/409 comes from the hand-written table of
 * process.md (test/support/process-rules.ts). Every refusal of every model state
 * is checked in memory against the pure machine (anvisning.refusals.test.ts).
 * At the end: coverage of states and transitions, 100% or fail, and every role
 * refused over HTTP with each answer it can get.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ANVISNING_EVENT_TYPES,
  allowedEvents,
  statePathOf,
  type AnvisningEvent,
  type AnvisningSnapshot,
} from '../../machines/anvisning';
import { HUMAN_ROLES, type HumanRole } from '../../machines/shared/roles';
import { verifyAllCases } from '../../src/cases/verify-cases';
import { samplePayloads } from '../support/anvisning-payloads';
import { WHO_MAY_SEND_ANVISNING, processLetsSend } from '../support/process-rules';
import { personnummerFor, startTestApp, type TestApp, type UserSession } from '../support/test-app';
import { ALL_TRANSITIONS, MODEL_INPUTS, MODEL_USERS, activeStateIds, allStateNodes, randomSimplePaths, selectModelPaths, timeIn, transitionsTaken } from './anvisning-model';

const USER_FOR_ROLE: Record<HumanRole, string> = Object.fromEntries(
  Object.entries(MODEL_USERS).map(([role, user]) => [role, user.id]),
) as Record<HumanRole, string>;

/**
 * Shortest paths to every state and through every transition, plus random simple paths:
 * MODEL_SIMPLE_PATHS per input (default 4) of at most MODEL_SIMPLE_PATH_MAX_STEPS steps
 * (default 30), seeded by MODEL_SEED. `npm run test:model:long` runs many more.
 */
const simplePathOptions = {
  count: Number(process.env.MODEL_SIMPLE_PATHS ?? 4),
  maxSteps: Number(process.env.MODEL_SIMPLE_PATH_MAX_STEPS ?? 30),
  seed: Number(process.env.MODEL_SEED ?? 1),
};
/** A path checks every refusal of each state it reaches first (hundreds of requests): on a busy two-core machine that takes time. */
const MODEL_PATH_TIMEOUT_MS = 180_000;
const paths = [...selectModelPaths(), ...MODEL_INPUTS.flatMap((input) => randomSimplePaths(input, simplePathOptions))];
const statesReached = new Set<string>();
const transitionsCovered = new Set<string>();
const refusalsChecked = new Set<string>();
/** What the API was seen to answer, over HTTP: "role 403", "role 409", "role 404"; and the states where it refused. */
const answersSeen = new Set<string>();
const statesRefused = new Set<string>();
const eventsRefused = new Set<string>();
const turn = new Map<string, number>();
let app: TestApp;
let serial = 0;
let requestsSent = 0;

beforeAll(async () => {
  app = await startTestApp();
});

afterAll(async () => {
  const report = {
    paths: paths.length,
    steps: paths.reduce((sum, path) => sum + path.steps.length - 1, 0),
    requests: requestsSent,
    refusals: { statesOverHttp: statesRefused.size, eventTypesOverHttp: eventsRefused.size, answers: [...answersSeen].sort() },
    states: { reached: statesReached.size, total: allStateNodes().length, missing: allStateNodes().map((n) => n.id).filter((id) => !statesReached.has(id)) },
    transitions: { taken: transitionsCovered.size, total: ALL_TRANSITIONS.length, missing: ALL_TRANSITIONS.filter((id) => !transitionsCovered.has(id)) },
  };
  mkdirSync('test-results', { recursive: true });
  writeFileSync('test-results/model-coverage-anvisning.json', `${JSON.stringify(report, null, 2)}\n`);
  console.log(
    `Model coverage (anvisning): states ${report.states.reached}/${report.states.total}, transitions ${report.transitions.taken}/${report.transitions.total}, ` +
      `${report.paths} paths, ${report.steps} steps, ${report.requests} requests`,
  );
  expect((await verifyAllCases(app.database.prisma)).mismatches).toEqual([]);
  await app.close();
  // Below 100% the build fails: a new unreachable state or untested transition must be noticed.
  expect(report.states.missing).toEqual([]);
  expect(report.transitions.missing).toEqual([]);
  // The API's refusal path is proven for every role with each answer it can get, and in every state reached.
  const expectedAnswers = HUMAN_ROLES.flatMap((role) => [`${role} 403`, `${role} 409`]).concat('arbetsmarknadskonsulent 404', 'kc_samordnare 404');
  expect([...answersSeen].sort()).toEqual(expect.arrayContaining(expectedAnswers.sort()));
  expect([...refusalsChecked].filter((key) => !statesRefused.has(key))).toEqual([]);
});

async function session(role: HumanRole): Promise<UserSession> {
  return app.as(USER_FOR_ROLE[role]);
}

async function caseSnapshot(caseId: string) {
  const anna = await session('socialsekreterare');
  const [view, history] = await Promise.all([anna.get(`/api/cases/${caseId}`), anna.get(`/api/cases/${caseId}/events`)]);
  requestsSent += 2;
  return { version: view.body.version as number, state: view.body.state as string, events: (history.body.events as unknown[]).length };
}

/** The next of `candidates` for this kind of refusal: taken in turn, so the sample walks through the vocabulary. */
function inTurn<T>(kind: string, candidates: readonly T[]): T | undefined {
  if (candidates.length === 0) return undefined;
  const index = turn.get(kind) ?? 0;
  turn.set(kind, index + 1);
  return candidates[index % candidates.length];
}

/**
 * In a state reached: each role sees the model's allowed events; a sample of the refused ones is sent, a
 * 403 and a 409 for each role that sees the case (a 404 for one that does not), and nothing changes.
 */
async function checkRefusals(caseId: string, snapshot: AnvisningSnapshot, key: string) {
  if (refusalsChecked.has(key)) return;
  refusalsChecked.add(key);
  const before = await caseSnapshot(caseId);
  const refuse = async (user: UserSession, role: HumanRole, type: (typeof ANVISNING_EVENT_TYPES)[number], expected: number) => {
    const response = await user.post(`/api/cases/${caseId}/events`, { type, ...samplePayloads[type] });
    requestsSent += 1;
    expect(response.status, `${role} sending ${type} in ${statePathOf(snapshot)}: ${JSON.stringify(response.body)}`).toBe(expected);
    answersSeen.add(`${role} ${expected}`);
    statesRefused.add(key);
    eventsRefused.add(type);
  };
  for (const role of HUMAN_ROLES) {
    const user = await session(role);
    const view = await user.get(`/api/cases/${caseId}`);
    requestsSent += 1;
    if (view.status === 404) {
      // Not visible to this role yet: any event is 404 (but a consultant may take a referral from KC's queue unseen).
      const type = inTurn(`${role} 404`, ANVISNING_EVENT_TYPES.filter((t) => t !== 'KC_CONSULTANT_ASSIGNED'))!;
      await refuse(user, role, type, 404);
      continue;
    }
    expect(view.status).toBe(200);
    const at = timeIn(snapshot, 'AF_RESPONSE_RECORDED');
    const allowed = allowedEvents(snapshot, role, at, MODEL_USERS[role]);
    expect(view.body.allowedEvents, `allowedEvents for ${role} in ${statePathOf(snapshot)}`).toEqual(allowed);
    const refused = ANVISNING_EVENT_TYPES.filter((type) => !allowed.includes(type));
    const never = inTurn(`${role} 403`, refused.filter((type) => !processLetsSend(WHO_MAY_SEND_ANVISNING, role, type)));
    const notNow = inTurn(`${role} 409`, refused.filter((type) => processLetsSend(WHO_MAY_SEND_ANVISNING, role, type)));
    if (never) await refuse(user, role, never, 403);
    if (notNow) await refuse(user, role, notNow, 409);
  }
  expect(await caseSnapshot(caseId)).toEqual(before);
}

/**
 * One step of the path through the API. The case's version is the sequence number of its newest event, so a
 * version one higher is one more event in the history; the history itself is counted at the end of the path
 * and around every refusal check.
 */
async function takeStep(caseId: string, before: AnvisningSnapshot, event: AnvisningEvent, after: AnvisningSnapshot, historyLength: number) {
  const { type, meta, ...payload } = event;
  app.clock.set(meta.at);
  let view: { state: string; version: number };
  if (meta.role === 'system') {
    // Passing time reaches a case only through the scheduler.
    const report = await app.stegvis.scheduler.sweepOnce();
    expect(report.decisionsExpired).toBeGreaterThanOrEqual(1);
    view = (await (await session('socialsekreterare')).get(`/api/cases/${caseId}`)).body;
    requestsSent += 1;
  } else {
    const user = await session(meta.role as HumanRole);
    const response = await user.post(`/api/cases/${caseId}/events`, { type, ...payload });
    requestsSent += 1;
    expect(response.status, `${type} in ${statePathOf(before)}: ${JSON.stringify(response.body)}`).toBe(200);
    expect(response.body.allowedEvents).toEqual(allowedEvents(after, meta.role, meta.at, MODEL_USERS[meta.role as HumanRole]));
    view = response.body;
  }
  expect(view.state, `state after ${type}`).toBe(statePathOf(after));
  expect(view.version, `one more event in the history after ${type}`).toBe(historyLength + 1);
  for (const id of transitionsTaken(before, event)) transitionsCovered.add(id);
  for (const id of activeStateIds(after)) statesReached.add(id);
}

describe('the anvisning machine, driven through the API', () => {
  it.each(paths.map((path) => [path.name, path] as const))('%s', async (_name, path) => {
    app.clock.set('2026-01-15T09:00:00Z');
    const anna = await session('socialsekreterare');
    const created = await anna.createCase({
      personnummer: personnummerFor('1970-01-01', (serial += 1)),
      name: 'Modell Testsson',
      protectedIdentity: path.input.protectedIdentity,
    });
    requestsSent += 1;
    expect(created.status).toBe(201);
    const caseId = created.body.id as string;
    const [initial, ...steps] = path.steps;
    expect(created.body.state).toBe(statePathOf(initial!.state));
    for (const id of activeStateIds(initial!.state)) statesReached.add(id);

    let previous = initial!.state;
    let historyLength = 1;
    await checkRefusals(caseId, previous, `${path.input.protectedIdentity}|${statePathOf(previous)}`);
    for (const step of steps) {
      await takeStep(caseId, previous, step.event, step.state, historyLength);
      historyLength += 1;
      previous = step.state;
      app.clock.set(timeIn(previous, 'AF_RESPONSE_RECORDED'));
      await checkRefusals(caseId, previous, `${path.input.protectedIdentity}|${statePathOf(previous)}`);
    }
    expect(await caseSnapshot(caseId)).toEqual({ version: historyLength, state: statePathOf(previous), events: historyLength });
  }, MODEL_PATH_TIMEOUT_MS);
});
