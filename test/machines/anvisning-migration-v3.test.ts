/**
 * The migration of the anvisning machine from version 3 to 4 (machines/anvisning/migrations.ts), held against
 * the model states of the FROZEN version 3 (machines/anvisning/v3/), reached with version 3's own payloads
 * (test/support/anvisning-payloads-v3.ts, dates version 4 refuses under the test clock included). Version 4
 * adds date rules that judge a request (machines/anvisning/plausibility.ts), not the machine's transitions:
 * every case moves up unchanged, and from each state version 4 takes the same events to the same states.
 */
import { describe, expect, it } from 'vitest';
import { getShortestPaths } from 'xstate/graph';
import { ANVISNING_VERSION, restoreAnvisning, statePathOf, statusOf, nextAnvisningSteps, type AnvisningEvent, type AnvisningSnapshot } from '../../machines/anvisning';
import { anvisningV3toV4, migrateAnvisningV3toV4 } from '../../machines/anvisning/migrations';
import { anvisningVersions } from '../../machines/anvisning/versions';
import {
  ANVISNING_EVENT_ROLES_V3,
  ANVISNING_EVENT_TYPES_V3,
  anvisningMachineV3,
  applyAnvisningV3,
  persistAnvisningV3,
  startAnvisningV3,
  type AnvisningEventTypeV3,
  type AnvisningEventV3,
  type AnvisningSnapshotV3,
} from '../../machines/anvisning/v3';
import { replayHistory } from '../../machines/shared/versions';
import { ROLES, type Role } from '../../machines/shared/roles';
import { samplePayloadsV3 } from '../support/anvisning-payloads-v3';

const DURING_DECISION = '2026-06-01T09:00:00.000Z';
const AFTER_EXPIRY = '2027-02-02T09:00:00.000Z';
const USERS: Record<Role, { id: string; unit: string }> = {
  socialsekreterare: { id: 'anna', unit: 'SF Nordost' },
  arbetsmarknadskonsulent: { id: 'kalle', unit: 'KC' },
  forste_socialsekreterare: { id: 'fatima', unit: 'SF Nordost' },
  kc_samordnare: { id: 'sven', unit: 'KC' },
  system: { id: 'system', unit: 'Stegvis' },
};
const HANDOVERS = new Set(['RESPONSIBLE_CHANGED', 'TRANSFER_REQUESTED', 'TRANSFER_ACCEPTED', 'TRANSFER_CANCELLED']);

function variants(type: AnvisningEventTypeV3): object[] {
  switch (type) {
    case 'AF_PLAN_CHECKED':
      return [{ afActivity: 'ingen' }, { afActivity: 'planerad' }];
    case 'CLOSING_ANNOUNCED':
      return [
        { reason: 'arbete', selfSufficient: true },
        { reason: 'ohalsa', selfSufficient: false },
      ];
    case 'KC_CRITERIA_ASSESSED':
      return [samplePayloadsV3.KC_CRITERIA_ASSESSED, { unemployment: 'ingen', needsJobOrSkillsActivities: true, expectedWorkOrStudiesWithin3Years: true }];
    default:
      return [samplePayloadsV3[type]];
  }
}

/** Every event version 3 takes now (handovers left out), each by the first role its table names. */
function eventsV3(snapshot: AnvisningSnapshotV3): AnvisningEventV3[] {
  if (snapshot.status !== 'active') return [];
  return ANVISNING_EVENT_TYPES_V3.filter((type) => !HANDOVERS.has(type)).flatMap((type) => {
    const role = ANVISNING_EVENT_ROLES_V3[type][0]!;
    const at = type === 'DECISION_EXPIRED' || snapshot.context.decisionExpired ? AFTER_EXPIRY : DURING_DECISION;
    const user = USERS[role];
    return variants(type)
      .map((payload) => ({ type, ...payload, meta: { actorId: user.id, role, at, unit: user.unit } }) as AnvisningEventV3)
      .filter((event) => snapshot.can(event));
  });
}

/** A model state of version 3: the state and what its guards read (counters and times left out). */
function keyV3(snapshot: AnvisningSnapshotV3): string {
  const c = snapshot.context;
  return JSON.stringify([
    statePathOf(snapshot as never),
    c.criteria?.allMet ?? null,
    c.criteria?.deviationReason != null,
    c.consentRecordedAt !== null,
    c.consentDeclined !== null,
    c.arbetsplanUpdatedAt !== null,
    c.samordnareConsultedAt !== null,
    c.samrad.afActivity,
    c.endReason,
    // Whether one is open, not how many: more can be raised without end.
    c.disagreements.some((d) => d.resolved === null),
    c.externalConsents.length > 0,
    c.decisionExpired,
    c.decisionCount > 1,
    c.kcConsultantId != null,
    c.closing ? [c.closing.selfSufficient, c.closing.insatsClosedAt !== null, c.closing.gwaClosedAt !== null, c.closing.closingDocumentCreatedOn !== null, c.closing.meetingHeldOn !== null] : null,
    c.genomforandeplan.establishedOn !== null,
    c.followUp.bookedAt !== null,
    c.threePartyMeeting.bookedAt !== null,
    c.avvikelser.count > c.avvikelser.acknowledgedCount,
    c.renewal.communicationPending,
    c.renewal.samrad.afNotifiedOn !== null,
    c.missedInskrivning,
    c.protectedIdentity,
  ]);
}

const referrals = [{ protectedIdentity: false }, { protectedIdentity: true }].flatMap((input) =>
  getShortestPaths(anvisningMachineV3, {
    input,
    events: eventsV3,
    serializeState: keyV3,
    serializeEvent: (event) => JSON.stringify({ ...event, meta: undefined }),
  }).map((path) => {
    const events = path.steps.slice(1).map((step) => step.event);
    return { input, events, snapshot: events.reduce(applyAnvisningV3, startAnvisningV3(input)) };
  }),
);

/** One referral per state (ordinary and protected, with and without a closing's self-sufficiency or an open disagreement): the steps from each are compared. */
const referralPerState = [
  ...new Map(
    referrals.map((referral) => {
      const c = referral.snapshot.context;
      return [JSON.stringify([statePathOf(referral.snapshot as never), c.protectedIdentity, c.closing?.selfSufficient, c.disagreements.some((d) => d.resolved === null), c.decisionExpired]), referral] as const;
    }),
  ).values(),
];

describe('the migration of an anvisning from version 3 to 4', () => {
  it('reaches every state of version 3', () => {
    const states = new Set(referrals.map(({ snapshot }) => statePathOf(snapshot as never)));
    for (const state of ['forberedelse.samrad_ssbtek', 'forberedelse.vilande_af_aktivitet', 'beslut.kommunicerat', 'inskrivning.bokad', 'inskrivning.missad', 'pagaende.aktiv', 'pagaende.beslut_utgatt', 'avslut', 'avslutad', 'avbruten']) {
      expect(states).toContain(state);
    }
    expect(referrals.length).toBeGreaterThan(100);
  });

  it('moves every model state of version 3 up unchanged: the same state, status and context, nothing to note', () => {
    for (const { snapshot } of referrals) {
      const persisted = persistAnvisningV3(snapshot);
      const { persisted: moved, notes } = migrateAnvisningV3toV4(persisted as never);
      expect(notes).toEqual([]);
      const restored = restoreAnvisning(moved);
      expect(statePathOf(restored)).toBe(statePathOf(snapshot as never));
      expect(statusOf(restored)).toBe(statusOf(snapshot as never));
      expect(restored.context).toEqual(snapshot.context);
    }
  });

  it('takes in version 4 the events version 3 took from each state, to the same state, and offers a next step while it runs', () => {
    expect(referralPerState.length).toBeGreaterThan(20);
    for (const { snapshot } of referralPerState) {
      const moved = restoreAnvisning(migrateAnvisningV3toV4(persistAnvisningV3(snapshot) as never).persisted);
      for (const event of eventsV3(snapshot)) {
        const v4 = moved as AnvisningSnapshot;
        expect(v4.can(event as AnvisningEvent), `${keyV3(snapshot)} ${event.type}`).toBe(true);
        const next = applyAnvisningV3(snapshot, event);
        const nextV4 = anvisningVersions.definitions.get(4)!.apply(v4, event as AnvisningEvent) as AnvisningSnapshot;
        expect(statePathOf(nextV4)).toBe(statePathOf(next as never));
      }
      if (statusOf(moved) === 'active') {
        const steps = ROLES.flatMap((role) => nextAnvisningSteps(moved, role, DURING_DECISION, USERS[role]));
        expect(steps, keyV3(snapshot)).not.toEqual([]);
      }
    }
  });

  it('replays a history of version 3 with a date version 4 refuses under version 3, then moves it up as it was', () => {
    const { input, events } = referrals.find(({ snapshot }) => statePathOf(snapshot as never) === 'pagaende.aktiv' && snapshot.context.followUp.bookedAt !== null && !snapshot.context.protectedIdentity)!;
    // A follow-up held half a year after the step's day: version 3 took it, and a replay never judges it again.
    const held = { type: 'FOLLOW_UP_HELD', on: '2026-12-01', clientView: 'Trivs.', progression: 'Går framåt.', meta: { actorId: 'anna', role: 'socialsekreterare', at: DURING_DECISION, unit: 'SF Nordost' } } as AnvisningEventV3;
    const replayed = replayHistory(anvisningVersions, [
      { kind: 'start', version: 3, input },
      ...[...events, held].map((event) => ({ kind: 'event' as const, version: 3, event: event as never as AnvisningEvent })),
      { kind: 'upgrade', from: 3, to: 4 },
    ]);
    expect(replayed.version).toBe(4);
    expect((replayed.snapshot as AnvisningSnapshot).context.followUp.lastHeldOn).toBe('2026-12-01');
    expect(statePathOf(replayed.snapshot as AnvisningSnapshot)).toBe('pagaende.aktiv');
  });

  it('is the step from 3 to 4 of the anvisning machine’s upgrade chain', () => {
    expect(ANVISNING_VERSION).toBe(4);
    expect(anvisningVersions.migrations.at(-1)).toBe(anvisningV3toV4);
    expect(anvisningVersions.definitions.get(3)).toBeDefined();
  });
});
