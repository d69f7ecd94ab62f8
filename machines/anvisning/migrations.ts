/**
 * Migrations of the anvisning machine's persisted snapshots, each from one version to the next
 * (machines/shared/versions.ts). Pure and total over the states and context shapes of the version
 * they start from (test/machines/anvisning-migrations.test.ts enumerates them from the frozen definition).
 */
import type { Migration } from '../shared/versions';

/** Version 1 → 2: placeholder until the version 2 definition lands (identity). */
export const anvisningV1toV2: Migration = {
  from: 1,
  to: 2,
  migrate: (persisted) => ({ persisted, notes: [] }),
};
