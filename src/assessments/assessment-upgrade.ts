/**
 * Moving one assessment up to the current bedömning definition, in the caller's transaction, as
 * src/cases/case-upgrade.ts does for a case: claimed with FOR UPDATE SKIP LOCKED, each migration step
 * appended as MACHINE_UPGRADED { from, to, notes } by `system`, the row given the migrated snapshot.
 * The questionnaire and document tables are untouched: a migration changes the machine's snapshot only.
 */
import { bedomningStateOf, persistBedomning, restoreBedomning } from '../../machines/bedomning';
import type { MachineVersions, UpgradeStep } from '../../machines/shared/versions';
import { currentSnapshotOf, upgradeEventRows } from '../aggregates/machine-versions';
import type { Prisma } from '../db/database';
import { assessmentVersions } from './assessment-snapshot';

type Tx = Prisma.TransactionClient;

export interface AssessmentUpgrade {
  assessmentId: string;
  from: number;
  to: number;
  stateBefore: string;
  stateAfter: string;
  steps: UpgradeStep[];
}

/** The assessments below the current version, in id order after `afterId`. */
export async function assessmentsBelowCurrentVersion(db: Tx, afterId: string | null, take: number, versions: MachineVersions<unknown, unknown> = assessmentVersions) {
  return db.assessment.findMany({
    where: { machineVersion: { lt: versions.current }, ...(afterId ? { id: { gt: afterId } } : {}) },
    select: { id: true },
    orderBy: { id: 'asc' },
    take,
  });
}

export function planAssessmentUpgrade(row: { id: string; state: string; snapshot: unknown; machineVersion: number }, versions: MachineVersions<unknown, unknown> = assessmentVersions) {
  const { persisted, steps } = currentSnapshotOf(versions, 'assessment', row);
  const next = restoreBedomning(persisted);
  const upgrade: AssessmentUpgrade = { assessmentId: row.id, from: row.machineVersion, to: versions.current, stateBefore: row.state, stateAfter: bedomningStateOf(next), steps };
  return { upgrade, next };
}

/** Move the assessment up if it is below the current version and no one else holds it; null when there was nothing to do. */
export async function upgradeAssessmentInTx(tx: Tx, assessmentId: string, at: Date, versions: MachineVersions<unknown, unknown> = assessmentVersions): Promise<AssessmentUpgrade | null> {
  const claimed = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Assessment" WHERE id = ${assessmentId}::uuid AND "machineVersion" < ${versions.current} FOR UPDATE SKIP LOCKED`;
  if (claimed.length === 0) return null;
  const row = await tx.assessment.findUniqueOrThrow({ where: { id: assessmentId } });
  const { upgrade, next } = planAssessmentUpgrade(row, versions);
  const version = row.version + upgrade.steps.length;
  await tx.assessmentEvent.createMany({ data: upgradeEventRows(upgrade.steps, row.version, at).map((event) => ({ ...event, assessmentId })) });
  const handedOver = next.context.responsible;
  await tx.assessment.update({
    where: { id: assessmentId, version: row.version },
    data: {
      snapshot: persistBedomning(next) as Prisma.InputJsonValue,
      machineVersion: versions.current,
      state: bedomningStateOf(next),
      version,
      pendingTransferUnit: next.context.transfer?.toUnit ?? null,
      ...(handedOver ? { responsibleUserId: handedOver.userId, unit: handedOver.unit } : {}),
    },
  });
  return upgrade;
}
