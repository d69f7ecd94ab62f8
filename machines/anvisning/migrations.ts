/**
 * Migrations of the anvisning machine's persisted snapshots, each from one version to the next
 * (machines/shared/versions.ts). Pure and total over the states and context shapes of the version
 * they start from (test/machines/anvisning-migrations.test.ts enumerates them from the frozen definition).
 * Notes are codes with parameters; their words are src/texts/process-messages.ts (`migrationNote`).
 */
import type { Migration } from '../shared/versions';
import type { AnvisningContext } from './machine';
import type { AfActivity } from './v2/machine';
import type { AnvisningContextV1 } from './v1';
import type { AnvisningContextV2 } from './v2';

/** What a migration of the anvisning machine notes for the history. */
export type AnvisningMigrationNote =
  /** Version 1 recorded only "an AF activity is planned or going on" (`plannedAfActivity: true`): version 2's `afActivity` was chosen. */
  | { code: 'af_activity_chosen'; afActivity: AfActivity }
  /** The referral ended under version 1 because of an AF activity (`af_insats`), which version 2 no longer does: the end stands. */
  | { code: 'ended_for_af_activity_under_v1' };
export type AnvisningMigrationNoteCode = AnvisningMigrationNote['code'];

/** A persisted snapshot as far as a migration reads it: the context typed, the rest (state value, status, …) carried over as it is. */
interface PersistedWithContext<C> {
  context: C;
  [key: string]: unknown;
}

/**
 * Version 1 → 2 (docs/process.md "1. Förberedelse"): an AF activity no longer ends the referral,
 * and the AF check records what it found (`afActivity`, its note) and any judgement that the activity is not
 * suitable. Every state of version 1 is a state of version 2 and stays as it is. Version 1 kept only the time
 * of the check: a referral that got past it had `plannedAfActivity: false` (→ `ingen`); `true` ended the
 * referral (`af_insats`), so it occurs only in ended referrals, where version 2 cannot tell planned from
 * ongoing: `planerad` is chosen, and noted.
 */
export function migrateAnvisningV1toV2(persisted: PersistedWithContext<AnvisningContextV1>): { persisted: PersistedWithContext<AnvisningContextV2>; notes: AnvisningMigrationNote[] } {
  const { samrad, ...rest } = persisted.context;
  const endedForAfActivity = rest.endReason === 'af_insats';
  const afActivity: AfActivity | null = samrad.afPlanCheckedAt === null ? null : endedForAfActivity ? 'planerad' : 'ingen';
  const context: AnvisningContextV2 = {
    ...rest,
    samrad: {
      ssbtekRecordedAt: samrad.ssbtekRecordedAt,
      afPlanCheckedAt: samrad.afPlanCheckedAt,
      afActivity,
      // Version 1 kept the note only in the stored event (the history still shows it).
      afPlanNote: null,
      afActivityUnsuitable: null,
      afNotifiedOn: samrad.afNotifiedOn,
    },
  };
  const notes: AnvisningMigrationNote[] = endedForAfActivity ? [{ code: 'af_activity_chosen', afActivity: 'planerad' }, { code: 'ended_for_af_activity_under_v1' }] : [];
  return { persisted: { ...persisted, context }, notes };
}

export const anvisningV1toV2: Migration = {
  from: 1,
  to: 2,
  migrate: (persisted) => migrateAnvisningV1toV2(persisted as PersistedWithContext<AnvisningContextV1>),
};

/**
 * Version 2 → 3 (the routine as written, docs/process.md). Every state and
 * context field of version 2 is carried over; what version 3 adds starts empty.
 */
export function migrateAnvisningV2toV3(persisted: PersistedWithContext<AnvisningContextV2>): { persisted: PersistedWithContext<AnvisningContext>; notes: AnvisningMigrationNote[] } {
  const context: AnvisningContext = { ...persisted.context };
  return { persisted: { ...persisted, context }, notes: [] };
}

export const anvisningV2toV3: Migration = {
  from: 2,
  to: 3,
  migrate: (persisted) => migrateAnvisningV2toV3(persisted as PersistedWithContext<AnvisningContextV2>),
};
