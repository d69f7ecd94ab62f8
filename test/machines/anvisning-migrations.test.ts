/**
 * The migration of the anvisning machine from version 1 to 2 (machines/anvisning/migrations.ts), held
 * against every state node of the FROZEN version 1 (machines/anvisning/v1/) and a variety of its context
 * shapes: the shortest path to every model state of version 1 (xstate/graph, a rich state key), plus seeded
 * random simple walks on the machine itself (counters, handovers, timestamps vary). Each snapshot is stored
 * as JSON, migrated, and must restore under version 2 in the same state, with the same status, stable when
 * persisted again, and (when active) with a step of the process for some role.
 */
import { getShortestPaths } from 'xstate/graph';
import { describe, expect, it } from 'vitest';
import {
  ANVISNING_EVENT_ROLES,
  anvisningMachine,
  anvisningPayloadSchemas,
  decideAnvisning,
  nextAnvisningSteps,
  persistAnvisning,
  restoreAnvisning,
  startAnvisning,
  statePathOf,
  statusOf,
  type AnvisningEvent,
  type AnvisningSnapshot,
} from '../../machines/anvisning';
import { anvisningV1toV2, anvisningV2toV3, migrateAnvisningV1toV2 } from '../../machines/anvisning/migrations';
import { anvisningVersions } from '../../machines/anvisning/versions';
import { anvisningMachineV1, applyAnvisningV1, persistAnvisningV1, restoreAnvisningV1, startAnvisningV1, type AnvisningEventV1, type AnvisningSnapshotV1 } from '../../machines/anvisning/v1';
import { ANVISNING_EVENT_TYPES as EVENT_TYPES_V1, type AnvisningEventType as EventTypeV1 } from '../../machines/anvisning/v1/events';
import { ROLES, type Role } from '../../machines/shared/roles';
import { upgradePersisted } from '../../machines/shared/versions';
import { definitionCoverage } from '../model/definition-coverage';
import { samplePayloadsV1 } from '../support/anvisning-payloads-v1';

const DURING_DECISION = '2026-06-01T09:00:00.000Z';
const AFTER_EXPIRY = '2027-02-02T09:00:00.000Z';
const INPUTS = [{ protectedIdentity: false }, { protectedIdentity: true }];

/** Who sends each kind of event: the first role that may, as one user with her unit; a transfer is accepted by the receiving unit. */
const USERS: Record<Role, { id: string; unit: string }> = {
  socialsekreterare: { id: 'anna', unit: 'SF Nordost' },
  arbetsmarknadskonsulent: { id: 'kalle', unit: 'KC' },
  forste_socialsekreterare: { id: 'fatima', unit: 'SF Nordost' },
  kc_samordnare: { id: 'sven', unit: 'KC' },
  system: { id: 'system', unit: 'Stegvis' },
};
const RECEIVING_UNIT_FORSTE = { id: 'gustav', unit: 'SF Hisingen' };

/** Version 1's payload variants that take different transitions (version 1's AF check had a yes/no). */
function payloadVariantsV1(type: EventTypeV1): object[] {
  switch (type) {
    case 'AF_PLAN_CHECKED':
      return [{ plannedAfActivity: false }, { plannedAfActivity: true, note: 'AF planerar en insats.' }];
    case 'CLOSING_ANNOUNCED':
      return [
        { reason: 'arbete', selfSufficient: true },
        { reason: 'ohalsa', selfSufficient: false },
      ];
    case 'KC_CRITERIA_ASSESSED':
      return [samplePayloadsV1.KC_CRITERIA_ASSESSED, { unemployment: 'deltid', needsJobOrSkillsActivities: true, expectedWorkOrStudiesWithin3Years: false, deviationReason: 'Individuell bedömning.' }];
    default:
      return [samplePayloadsV1[type]];
  }
}

/** Every event version 1 takes now, in each variant (the role table did not change for version 1's events). */
function eventsV1(snapshot: AnvisningSnapshotV1, at?: string): AnvisningEventV1[] {
  if (snapshot.status !== 'active') return [];
  return EVENT_TYPES_V1.flatMap((type) => {
    const role = ANVISNING_EVENT_ROLES[type][0]!;
    const user = type === 'TRANSFER_ACCEPTED' ? RECEIVING_UNIT_FORSTE : USERS[role];
    const when = at ?? (type === 'DECISION_EXPIRED' || snapshot.context.decisionExpired ? AFTER_EXPIRY : DURING_DECISION);
    return payloadVariantsV1(type)
      .map((payload) => ({ type, ...payload, meta: { actorId: user.id, role, at: when, unit: user.unit } }) as AnvisningEventV1)
      .filter((event) => snapshot.can(event));
  });
}

/** Whether each part of a value is given (null, a list's emptiness, a flag as it is), counters left out: a context's shape. */
function given(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value !== 'object') return true;
  return Object.fromEntries(Object.entries(value).filter(([, part]) => typeof part !== 'number').map(([name, part]) => [name, given(part)]));
}

/** The parts of version 1's context whose shape makes a model state (not: counters, dates that follow the state, the decision). */
const SHAPED_V1 = ['protectedIdentity', 'criteria', 'samrad', 'consentRecordedAt', 'arbetsplanUpdatedAt', 'samordnareConsultedAt', 'externalConsents', 'kcConsultantId', 'responsible', 'transfer', 'decisionExpired'] as const;

/** A model state of version 1: the state, the end, the shape of most of the context, and what the other guards read. */
function keyV1(snapshot: AnvisningSnapshotV1): string {
  const c = snapshot.context;
  const closedIn = c.closing ? [c.closing.insatsClosedAt !== null, c.closing.gwaClosedAt !== null] : null;
  return JSON.stringify([statePathOfV1(snapshot), c.endReason, c.disagreement.open !== null, c.followUp.bookedAt !== null, c.genomforandeplan.establishedOn !== null, c.decisionCount > 1, closedIn, ...SHAPED_V1.map((name) => given(c[name]))]);
}

const statePathOfV1 = (snapshot: AnvisningSnapshotV1) => statePathOf(snapshot as unknown as AnvisningSnapshot);
const serializeEvent = (event: AnvisningEventV1) => {
  const { meta: _meta, ...rest } = event;
  return JSON.stringify(rest);
};

/** Seeded random walks on the frozen machine: no model state twice, each step a real transition (counters and times vary). */
function randomWalks(input: { protectedIdentity: boolean }, count: number, maxSteps: number, seed: number): AnvisningSnapshotV1[] {
  let random = seed;
  const next = () => (random = (Math.imul(random, 1_103_515_245) + 12_345) >>> 0);
  const reached: AnvisningSnapshotV1[] = [];
  for (let walk = 0; walk < count; walk += 1) {
    let snapshot = startAnvisningV1(input);
    const visited = new Set([keyV1(snapshot)]);
    for (let step = 0; step < maxSteps; step += 1) {
      // Days pass between steps, so the recorded times differ from walk to walk.
      const day = 1 + (next() % 28);
      const at = snapshot.context.decisionExpired ? AFTER_EXPIRY : `2026-0${1 + (step % 5)}-${String(day).padStart(2, '0')}T09:00:00.000Z`;
      // The decision runs out only after its year (DECISION_EXPIRED at its own time).
      const choices = [...eventsV1(snapshot, at).filter((event) => event.type !== 'DECISION_EXPIRED'), ...eventsV1(snapshot).filter((event) => event.type === 'DECISION_EXPIRED')]
        .map((event) => ({ event, state: applyAnvisningV1(snapshot, event) }))
        .filter(({ state }) => !visited.has(keyV1(state)));
      if (choices.length === 0) break;
      snapshot = choices[next() % choices.length]!.state;
      visited.add(keyV1(snapshot));
      reached.push(snapshot);
    }
  }
  return reached;
}

/** Every snapshot the enumeration reaches, for both inputs. */
const enumerated: AnvisningSnapshotV1[] = INPUTS.flatMap((input) => [
  ...getShortestPaths(anvisningMachineV1, { input, events: (snapshot) => eventsV1(snapshot), serializeState: keyV1, serializeEvent }).map((path) => path.state),
  ...randomWalks(input, 60, 45, input.protectedIdentity ? 20_261_124 : 20_261_123),
]);

/** As the database keeps it: JSON. */
const stored = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function migrated(snapshot: AnvisningSnapshotV1) {
  const persisted = stored(persistAnvisningV1(snapshot)) as ReturnType<typeof persistAnvisningV1> & { value: unknown };
  const before = JSON.stringify(persisted);
  const result = anvisningV1toV2.migrate(persisted);
  // Pure: the stored snapshot is not touched.
  expect(JSON.stringify(persisted)).toBe(before);
  return { persisted, result: result as ReturnType<typeof migrateAnvisningV1toV2> };
}

/** The state nodes of a definition by path ("forberedelse.samrad_af_planering"). */
const statePathsOf = (machine: typeof anvisningMachine | typeof anvisningMachineV1) =>
  new Set(
    definitionCoverage(machine)
      .allStateNodes()
      .map((node) => node.path.join('.'))
      .filter((path) => path !== ''),
  );

/** Steps anywhere while active (the AF answer, assignment, handovers): not the process moving on. */
const EVERYWHERE = new Set(anvisningMachine.root.transitions.keys());

describe('the migration of an anvisning from version 1 to 2', () => {
  it('reaches every state node of the frozen version 1, with many context shapes', () => {
    const reached = new Set(enumerated.flatMap((snapshot) => statePathOfV1(snapshot).split('.').map((_, index, parts) => parts.slice(0, index + 1).join('.'))));
    expect([...statePathsOf(anvisningMachineV1)].filter((path) => !reached.has(path))).toEqual([]);
    expect(new Set(enumerated.map(keyV1)).size).toBeGreaterThan(2000);
    // Both answers of version 1's AF check, and both outcomes in the history of a referral.
    expect(enumerated.some((snapshot) => snapshot.context.endReason === 'af_insats')).toBe(true);
    expect(enumerated.some((snapshot) => snapshot.context.samrad.afPlanCheckedAt !== null && snapshot.context.endReason !== 'af_insats')).toBe(true);
    expect(enumerated.some((snapshot) => snapshot.context.transfer != null)).toBe(true);
  });

  it('restores every migrated snapshot under version 2, in the same state, with the same status, stable when persisted again', () => {
    const v2States = statePathsOf(anvisningMachine);
    for (const snapshot of enumerated) {
      const { persisted, result } = migrated(snapshot);
      const restored = restoreAnvisning(result.persisted);
      const where = keyV1(snapshot);
      expect(restored.value, where).toEqual(persisted.value);
      expect(v2States.has(statePathOf(restored)), where).toBe(true);
      expect(statusOf(restored), where).toBe(statusOf(restoreAnvisningV1(persisted) as unknown as AnvisningSnapshot));
      expect(restored.status, where).toBe(snapshot.status);
      expect(stored(persistAnvisning(restored)), where).toEqual(stored(result.persisted));
      expect(stored(persistAnvisning(restoreAnvisning(stored(persistAnvisning(restored))))), where).toEqual(stored(result.persisted));
      // The context has version 2's shape: the AF check as version 2 records it.
      expect(Object.keys(restored.context.samrad).sort(), where).toEqual(Object.keys(startAnvisning({ protectedIdentity: false }).context.samrad).sort());
    }
  });

  it('maps version 1’s AF check: past it means no AF activity; an end for an AF activity becomes planerad, noted, and the end stands', () => {
    let chosen = 0;
    for (const snapshot of enumerated) {
      const { result } = migrated(snapshot);
      const { samrad, endReason } = result.persisted.context;
      expect(samrad.afPlanCheckedAt).toBe(snapshot.context.samrad.afPlanCheckedAt);
      expect(samrad.afPlanNote).toBeNull();
      expect(samrad.afActivityUnsuitable).toBeNull();
      expect(endReason).toBe(snapshot.context.endReason);
      if (snapshot.context.samrad.afPlanCheckedAt === null) {
        expect(samrad.afActivity).toBeNull();
        expect(result.notes).toEqual([]);
      } else if (snapshot.context.endReason === 'af_insats') {
        chosen += 1;
        expect(statePathOfV1(snapshot)).toBe('avbruten');
        expect(samrad.afActivity).toBe('planerad');
        expect(result.notes).toEqual([{ code: 'af_activity_chosen', afActivity: 'planerad' }, { code: 'ended_for_af_activity_under_v1' }]);
      } else {
        expect(samrad.afActivity).toBe('ingen');
        expect(result.notes).toEqual([]);
      }
    }
    expect(chosen).toBeGreaterThan(0);
  });

  it('leaves every active referral with a step of the process for some role', () => {
    let active = 0;
    for (const snapshot of enumerated) {
      // Asked of the current definition: moved on to it (version 2 → 3 carries every state).
      const restored = restoreAnvisning(anvisningV2toV3.migrate(migrated(snapshot).result.persisted).persisted);
      if (statusOf(restored) !== 'active') continue;
      active += 1;
      const at = restored.context.decisionExpired ? AFTER_EXPIRY : DURING_DECISION;
      const steps = ROLES.flatMap((role) => nextAnvisningSteps(restored, role, at, USERS[role]).map((step) => `${role}:${step.type}`));
      expect(
        steps.filter((step) => !EVERYWHERE.has(step.split(':')[1]!)),
        `${statePathOf(restored)} ${keyV1(snapshot)}`,
      ).not.toEqual([]);
    }
    expect(active).toBeGreaterThan(1000);
  });

  it('is the step from 1 to 2 of the anvisning machine’s upgrade chain', () => {
    const snapshot = applyAnvisningV1(startAnvisningV1({ protectedIdentity: false }), eventsV1(startAnvisningV1({ protectedIdentity: false })).find((event) => event.type === 'SSBTEK_INFO_RECORDED')!);
    const upgraded = upgradePersisted(anvisningVersions, stored(persistAnvisningV1(snapshot)), 1);
    expect(upgraded.steps[0]).toEqual({ from: 1, to: 2, notes: [] });
    expect(statePathOf(restoreAnvisning(upgraded.persisted))).toBe('forberedelse.samrad_af_planering');
  });

  it('lets a version 1 referral waiting at the AF check go on under version 2: a planned AF activity makes it wait', () => {
    const start = startAnvisningV1({ protectedIdentity: false });
    const atAfCheck = applyAnvisningV1(start, eventsV1(start).find((event) => event.type === 'SSBTEK_INFO_RECORDED')!);
    expect(statePathOfV1(atAfCheck)).toBe('forberedelse.samrad_af_planering');
    const restored = restoreAnvisning(anvisningV2toV3.migrate(migrated(atAfCheck).result.persisted).persisted);
    expect(nextAnvisningSteps(restored, 'socialsekreterare', DURING_DECISION).map((step) => step.type)).toContain('AF_PLAN_CHECKED');
    const meta = { actorId: 'anna', role: 'socialsekreterare', at: DURING_DECISION, unit: 'SF Nordost' } as const;
    const decision = decideAnvisning(restored, { type: 'AF_PLAN_CHECKED', afActivity: 'planerad', meta } as AnvisningEvent);
    expect(decision.ok).toBe(true);
    if (!decision.ok) return;
    expect(statePathOf(decision.snapshot)).toBe('forberedelse.vilande_af_aktivitet');
    expect(statusOf(decision.snapshot)).toBe('active');
    expect(decision.snapshot.context.samrad.afActivity).toBe('planerad');
    // And a version 1 payload is no longer one the API takes.
    expect(anvisningPayloadSchemas.AF_PLAN_CHECKED.safeParse({ plannedAfActivity: true }).success).toBe(false);
  });
});
