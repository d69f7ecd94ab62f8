/**
 * The migration of an anvisning from version 2 to 3, for förberedelse, inskrivning and avslut
 * (machines/anvisning/migrations.ts, migrateAnvisningV2toV3), held against every state node of the FROZEN
 * version 2 (machines/anvisning/v2/) reached by the shortest path to each of its model states: each snapshot
 * is stored as JSON, migrated, and must restore under the current definition in the state version 3 gives
 * it, with the same status, stable when persisted again, with what version 3 adds empty, and (when active)
 * with a step of the process for some role. Then each state that changed meaning, one by one.
 */
import { describe, expect, it } from 'vitest';
import {
  anvisningMachine,
  nextAnvisningSteps,
  persistAnvisning,
  restoreAnvisning,
  startAnvisning,
  statePathOf,
  statusOf,
  type AnvisningSnapshot,
} from '../../machines/anvisning';
import { anvisningV2toV3, migrateAnvisningV2toV3, type AnvisningMigrationNote } from '../../machines/anvisning/migrations';
import { anvisningMachineV2, persistAnvisningV2, startAnvisningV2, applyAnvisningV2, type AnvisningSnapshotV2 } from '../../machines/anvisning/v2';
import { ROLES, type Role } from '../../machines/shared/roles';
import { definitionCoverage } from '../model/definition-coverage';
import { AFTER_EXPIRY, DURING_DECISION, USERS_V2 as USERS, eventsV2, v2Referrals } from '../support/anvisning-v2-cases';

const statePathOfV2 = (snapshot: AnvisningSnapshotV2) => statePathOf(snapshot as unknown as AnvisningSnapshot);

/** A model state of version 2: the state, and what the guards of förberedelse, inskrivning and avslut read. */
function keyV2(snapshot: AnvisningSnapshotV2): string {
  const c = snapshot.context;
  const closing = c.closing ? [c.closing.selfSufficient, c.closing.closingDocumentCreatedOn !== null, c.closing.insatsClosedAt !== null, c.closing.gwaClosedAt !== null] : null;
  return JSON.stringify([
    statePathOfV2(snapshot),
    c.endReason,
    c.protectedIdentity,
    c.disagreement.open !== null,
    c.criteria !== null,
    c.consentRecordedAt !== null,
    c.arbetsplanUpdatedAt !== null,
    c.samordnareConsultedAt !== null,
    c.kcConsultantId != null,
    c.decisionExpired,
    c.threePartyMeeting.bookedAt !== null,
    c.threePartyMeeting.heldOn !== null,
    closing,
  ]);
}

// KC's steps whenever the machine takes them, so the closing's substates are reached with and without a consultant.
const enumerated: AnvisningSnapshotV2[] = v2Referrals(keyV2, { consultantAssignedFirst: false }).map((referral) => referral.snapshot);

/** As the database keeps it: JSON. */
const stored = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function migrated(snapshot: AnvisningSnapshotV2) {
  const persisted = stored(persistAnvisningV2(snapshot)) as ReturnType<typeof persistAnvisningV2> & { value: unknown };
  const before = JSON.stringify(persisted);
  const result = anvisningV2toV3.migrate(persisted) as ReturnType<typeof migrateAnvisningV2toV3>;
  // Pure: the stored snapshot is not touched.
  expect(JSON.stringify(persisted)).toBe(before);
  return { result, restored: restoreAnvisning(result.persisted) };
}

const statePathsOf = (machine: typeof anvisningMachine | typeof anvisningMachineV2) =>
  new Set(
    definitionCoverage(machine)
      .allStateNodes()
      .map((node) => node.path.join('.'))
      .filter((path) => path !== ''),
  );

/** Steps anywhere while active (the AF answer, assignment, handovers, a protection marked): not the process moving on. */
const EVERYWHERE = new Set(anvisningMachine.root.transitions.keys());

/** The first snapshot of version 2 reached in this state, matching the test's condition. */
function reachedIn(path: string, where: (snapshot: AnvisningSnapshotV2) => boolean = () => true): AnvisningSnapshotV2[] {
  const found = enumerated.filter((snapshot) => statePathOfV2(snapshot) === path && where(snapshot));
  expect(found.length, path).toBeGreaterThan(0);
  return found;
}

const stepsFor = (snapshot: AnvisningSnapshot, role: Role) => nextAnvisningSteps(snapshot, role, DURING_DECISION, USERS[role]).map((step) => step.type);

/** The notes of this part of the migration (the insats, renewal and oenighet part notes its own: test/machines/anvisning-migrations-v2-insats.test.ts). */
const OWN_NOTE_CODES: ReadonlySet<string> = new Set(['missed_inskrivning_awaits_decision', 'closing_steps_any_order']);
const ownNotes = (notes: readonly AnvisningMigrationNote[]) => notes.filter((note) => OWN_NOTE_CODES.has(note.code));

describe('the migration of an anvisning from version 2 to 3: förberedelse, inskrivning, avslut', () => {
  it('reaches every state node of the frozen version 2', () => {
    const reached = new Set(enumerated.flatMap((snapshot) => statePathOfV2(snapshot).split('.').map((_, index, parts) => parts.slice(0, index + 1).join('.'))));
    expect([...statePathsOf(anvisningMachineV2)].filter((path) => !reached.has(path))).toEqual([]);
    expect(new Set(enumerated.map(keyV2)).size).toBeGreaterThan(300);
  });

  it('restores every migrated snapshot under version 3, avslut’s substates as the one avslut, every other state as it was, the status kept, stable when persisted again', () => {
    const v3States = statePathsOf(anvisningMachine);
    for (const snapshot of enumerated) {
      const { result, restored } = migrated(snapshot);
      const where = keyV2(snapshot);
      const before = statePathOfV2(snapshot);
      expect(statePathOf(restored), where).toBe(before.startsWith('avslut.') ? 'avslut' : before);
      expect(v3States.has(statePathOf(restored)), where).toBe(true);
      expect(statusOf(restored), where).toBe(statusOf(snapshot as unknown as AnvisningSnapshot));
      expect(stored(persistAnvisning(restored)), where).toEqual(stored(result.persisted));
      // What version 3 adds starts empty; the context has version 3's shape.
      expect(Object.keys(restored.context).filter((key) => !['kcConsultantId', 'responsible', 'transfer'].includes(key)).sort(), where).toEqual(
        Object.keys(startAnvisning({ protectedIdentity: false }).context).sort(),
      );
      expect(restored.context, where).toMatchObject({ consentDeclined: null, protectedIdentityMarkedAt: null, rescheduledInskrivningCount: 0, missedInskrivning: null });
      expect(restored.context.protectedIdentity, where).toBe(snapshot.context.protectedIdentity);
      expect(restored.context.missedInskrivningCount, where).toBe(snapshot.context.missedInskrivningCount);
    }
  });

  it('leaves every active referral with a step of the process for some role', () => {
    for (const snapshot of enumerated) {
      const { restored } = migrated(snapshot);
      if (statusOf(restored) !== 'active') continue;
      const at = restored.context.decisionExpired ? AFTER_EXPIRY : DURING_DECISION;
      const steps = ROLES.flatMap((role) => nextAnvisningSteps(restored, role, at, USERS[role]).map((step) => `${role}:${step.type}`));
      expect(
        steps.filter((step) => !EVERYWHERE.has(step.split(':')[1]!)),
        `${statePathOf(restored)} ${keyV2(snapshot)}`,
      ).not.toEqual([]);
    }
  });

  it('keeps a missed inskrivning missed and waits for the socialsekreterare’s decision, noted', () => {
    for (const snapshot of reachedIn('inskrivning.missad')) {
      const { result, restored } = migrated(snapshot);
      expect(statePathOf(restored)).toBe('inskrivning.missad');
      expect(ownNotes(result.notes)).toEqual([{ code: 'missed_inskrivning_awaits_decision' }] satisfies AnvisningMigrationNote[]);
      expect(stepsFor(restored, 'socialsekreterare')).toEqual(expect.arrayContaining(['INSKRIVNING_NEW_TIME_REQUESTED', 'UPPDRAG_WITHDRAWN']));
      expect(stepsFor(restored, 'arbetsmarknadskonsulent')).not.toContain('INSKRIVNING_REBOOKED');
    }
  });

  it('keeps a booked, unbooked or started referral as it was, with nothing noted', () => {
    for (const path of ['forberedelse.samrad_klart', 'inskrivning.ej_bokad', 'inskrivning.bokad', 'pagaende.aktiv', 'pagaende.beslut_utgatt']) {
      for (const snapshot of reachedIn(path)) {
        const { result, restored } = migrated(snapshot);
        expect(statePathOf(restored), path).toBe(path);
        expect(ownNotes(result.notes), path).toEqual([]);
      }
    }
    const booked = migrated(reachedIn('inskrivning.bokad', (s) => s.context.kcConsultantId != null)[0]!).restored;
    expect(stepsFor(booked, 'arbetsmarknadskonsulent')).toEqual(expect.arrayContaining(['INSKRIVNING_HELD', 'INSKRIVNING_RESCHEDULED']));
  });

  it('moves a closing waiting for its three-party meeting to avslut with the meeting still to hold (or say why not), and the other steps open', () => {
    for (const snapshot of reachedIn('avslut.trepartsmote', (s) => s.context.disagreement.open === null && s.context.kcConsultantId != null)) {
      const { result, restored } = migrated(snapshot);
      expect(statePathOf(restored)).toBe('avslut');
      expect(ownNotes(result.notes)).toEqual([]);
      expect(restored.context.closing).toMatchObject({ selfSufficient: false, meetingHeldOn: null, meetingNotHeld: null });
      expect(stepsFor(restored, 'arbetsmarknadskonsulent')).toEqual(
        expect.arrayContaining(['THREE_PARTY_MEETING_HELD', 'THREE_PARTY_MEETING_NOT_HELD', 'CLOSING_DOCUMENT_CREATED', 'GWA_CLOSED']),
      );
    }
  });

  it('counts the three-party meeting version 2 held as the closing’s meeting, noted, and asks only for what is left', () => {
    for (const path of ['avslut.avslutsdokument', 'avslut.avslutas']) {
      for (const snapshot of reachedIn(path, (s) => s.context.closing?.selfSufficient === false && s.context.disagreement.open === null && s.context.kcConsultantId != null)) {
        const { result, restored } = migrated(snapshot);
        const heldOn = snapshot.context.threePartyMeeting.heldOn;
        expect(heldOn, path).not.toBeNull();
        expect(restored.context.closing?.meetingHeldOn, path).toBe(heldOn);
        expect(ownNotes(result.notes), path).toEqual([{ code: 'closing_steps_any_order', meetingHeldOn: heldOn }] satisfies AnvisningMigrationNote[]);
        const kc = stepsFor(restored, 'arbetsmarknadskonsulent');
        expect(kc, path).not.toContain('THREE_PARTY_MEETING_HELD');
        expect(kc, path).not.toContain('THREE_PARTY_MEETING_NOT_HELD');
        expect(kc.includes('CLOSING_DOCUMENT_CREATED'), path).toBe(snapshot.context.closing?.closingDocumentCreatedOn === null);
      }
    }
    // Self-sufficient: no meeting, nothing to note.
    for (const snapshot of reachedIn('avslut.avslutsdokument', (s) => s.context.closing?.selfSufficient === true)) {
      expect(ownNotes(migrated(snapshot).result.notes)).toEqual([]);
    }
  });

  it('keeps what version 2 had closed and lets the other side close its part', () => {
    for (const snapshot of reachedIn('avslut.avslutas', (s) => s.context.disagreement.open === null && s.context.kcConsultantId != null)) {
      const { restored } = migrated(snapshot);
      const closing = snapshot.context.closing!;
      expect(restored.context.closing).toMatchObject({ insatsClosedAt: closing.insatsClosedAt, gwaClosedAt: closing.gwaClosedAt, closingDocumentCreatedOn: closing.closingDocumentCreatedOn });
      expect(stepsFor(restored, 'socialsekreterare').includes('INSATS_CLOSED')).toBe(closing.insatsClosedAt === null);
      expect(stepsFor(restored, 'arbetsmarknadskonsulent').includes('GWA_CLOSED')).toBe(closing.gwaClosedAt === null);
    }
  });

  it('leaves a referral version 2 ended for a missed inskrivning ended, for the same reason', () => {
    const ended = reachedIn('avbruten', (s) => s.context.endReason === 'ingen_inskrivning');
    for (const snapshot of ended) {
      const { result, restored } = migrated(snapshot);
      expect(statusOf(restored)).toBe('avbruten');
      expect(restored.context.endReason).toBe('ingen_inskrivning');
      expect(ownNotes(result.notes)).toEqual([]);
    }
  });

  it('is the step from 2 to 3 of the anvisning machine’s upgrade chain', () => {
    const start = startAnvisningV2({ protectedIdentity: false });
    const snapshot = applyAnvisningV2(start, eventsV2(start).find((event) => event.type === 'SSBTEK_INFO_RECORDED')!);
    expect(statePathOf(migrated(snapshot).restored)).toBe('forberedelse.samrad_af_planering');
  });
});
