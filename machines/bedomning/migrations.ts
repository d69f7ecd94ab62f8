/**
 * Migrations of the bedömning machine's persisted snapshots, each from one version to the next
 * (machines/shared/versions.ts). Pure and total over the states and context shapes of the version
 * they start from (test/machines/bedomning-migrations.test.ts enumerates them from the frozen definition).
 * Notes are codes with parameters; their words are src/texts/process-messages.ts (`migrationNoteText`).
 */
import type { Migration } from '../shared/versions';
import { upcastBedomningSnapshot } from './indication';
import type { BedomningContext } from './machine';
import type { BedomningContextV1 } from './v1';

/** What a migration of the bedömning machine notes for the history. */
export type BedomningMigrationNote =
  /**
   * Version 1 let an uppdragsbeskrivning be made for a referral before its decision; version 2 does not. The unsent
   * ones are kept as they are (nothing is deleted; the uppdrag itself still waits for a decision in the referral).
   */
  { code: 'uppdragsbeskrivning_kept_without_decision_check'; count: number };
export type BedomningMigrationNoteCode = BedomningMigrationNote['code'];

/** A persisted snapshot as far as a migration reads it: the context typed, the rest carried over as it is. */
interface PersistedWithContext<C> {
  context: C;
  [key: string]: unknown;
}

/**
 * Version 1 → 2 (the routine as written, docs/process.md). Every state of version 1 is a state of
 * version 2 and stays as it is; the context keeps its shape. What changed is what may happen next: a key scale answer
 * may be left out (version 1's key scores are all given, so its indications stand), a new initial part may start
 * while an insats runs (`i_insats` keeps its insats and referral), and an uppdragsbeskrivning needs a decision on
 * its referral (one already made for a referral is kept, and noted). An indication stored with its reasons as
 * sentences is recomputed from the key scores stored beside it, as reading it always did.
 */
export function migrateBedomningV1toV2(persisted: PersistedWithContext<BedomningContextV1>): { persisted: PersistedWithContext<BedomningContext>; notes: BedomningMigrationNote[] } {
  const upcast = upcastBedomningSnapshot(persisted);
  const context: BedomningContext = { ...upcast.context };
  const unsent = context.documents.filter((document) => document.kind === 'uppdragsbeskrivning' && document.sentAt === null).length;
  const notes: BedomningMigrationNote[] = unsent > 0 ? [{ code: 'uppdragsbeskrivning_kept_without_decision_check', count: unsent }] : [];
  return { persisted: { ...upcast, context }, notes };
}

export const bedomningV1toV2: Migration = {
  from: 1,
  to: 2,
  migrate: (persisted) => migrateBedomningV1toV2(persisted as PersistedWithContext<BedomningContextV1>),
};
