/**
 * A stored snapshot, read by this release: a snapshot of an older definition version is migrated
 * up in memory (the row itself is moved up by the case migration, src/aggregates/upgrade-runner.ts,
 * or by the next transition); one of a newer version than this release knows is refused with a
 * 409 and never read or written (an older server beside a newer one during an upgrade).
 */
import { NewerMachineVersionError, upgradeToCurrent, type MachineVersions, type UpgradeStep } from '../../machines/shared/versions';
import type { Prisma } from '../db/database';
import { SYSTEM_USER } from '../db/demo-users';
import { MACHINE_UPGRADED } from './creation-events';
import { AppError } from '../errors';

export function currentSnapshotOf(
  versions: MachineVersions<unknown, unknown>,
  noun: 'case' | 'assessment',
  row: { snapshot: unknown; machineVersion: number },
): { persisted: unknown; steps: UpgradeStep[] } {
  try {
    return upgradeToCurrent(versions, row.snapshot, row.machineVersion);
  } catch (error) {
    if (error instanceof NewerMachineVersionError) {
      throw new AppError('CONFLICT', 'machine_version_newer', { aggregate: noun, stored: error.stored, current: error.current });
    }
    throw error;
  }
}

/** The history rows of an upgrade: one MACHINE_UPGRADED { from, to, notes } by `system` per migration step, numbered after `lastSeq`. */
export function upgradeEventRows(steps: UpgradeStep[], lastSeq: number, at: Date) {
  return steps.map((step, index) => ({
    seq: lastSeq + index + 1,
    type: MACHINE_UPGRADED,
    payload: { from: step.from, to: step.to, notes: step.notes } as Prisma.InputJsonValue,
    actorId: SYSTEM_USER.id,
    actorRole: SYSTEM_USER.role,
    actorUnit: SYSTEM_USER.unit,
    occurredAt: at,
    machineVersion: step.to,
  }));
}
