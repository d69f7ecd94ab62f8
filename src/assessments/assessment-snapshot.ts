/** An assessment row's snapshot as this release reads it (as src/cases/case-snapshot.ts for a case). */
import { bedomningVersions, restoreBedomning, type BedomningSnapshot } from '../../machines/bedomning';
import type { MachineVersions } from '../../machines/shared/versions';
import { currentSnapshotOf } from '../aggregates/machine-versions';

export const assessmentVersions = bedomningVersions as MachineVersions<unknown, unknown>;

export function restoreAssessment(row: { snapshot: unknown; machineVersion: number }): BedomningSnapshot {
  return restoreBedomning(currentSnapshotOf(assessmentVersions, 'assessment', row).persisted);
}
