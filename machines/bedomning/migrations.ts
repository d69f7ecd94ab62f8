/**
 * Migrations of the bedömning machine's persisted snapshots, each from one version to the next
 * (machines/shared/versions.ts). Pure and total over the states and context shapes of the version
 * they start from. Notes are codes with parameters; their words are src/texts/process-messages.ts.
 */
import type { Migration } from '../shared/versions';
import type { BedomningContext } from './machine';
import type { BedomningContextV1 } from './v1';

/** What a migration of the bedömning machine notes for the history. */
export type BedomningMigrationNote = never;

/** A persisted snapshot as far as a migration reads it: the context typed, the rest carried over as it is. */
interface PersistedWithContext<C> {
  context: C;
  [key: string]: unknown;
}

/**
 * Version 1 → 2 (the routine as written, docs/process.md). Every state and
 * context field of version 1 is carried over; what version 2 adds starts empty.
 */
export function migrateBedomningV1toV2(persisted: PersistedWithContext<BedomningContextV1>): { persisted: PersistedWithContext<BedomningContext>; notes: BedomningMigrationNote[] } {
  const context: BedomningContext = { ...persisted.context };
  return { persisted: { ...persisted, context }, notes: [] };
}

export const bedomningV1toV2: Migration = {
  from: 1,
  to: 2,
  migrate: (persisted) => migrateBedomningV1toV2(persisted as PersistedWithContext<BedomningContextV1>),
};
