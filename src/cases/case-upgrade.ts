/**
 * Moving one case up to the current anvisning definition, in the caller's transaction: the row is
 * claimed (FOR UPDATE SKIP LOCKED, so two servers migrating together take each case once), each
 * migration step is appended to the history as MACHINE_UPGRADED { from, to, notes } by `system`,
 * the row takes the migrated snapshot and the columns that follow from it, and the deadlines are
 * recomputed by the current policy. The row's `updatedAt` stays: an upgrade is not a change of the case.
 */
import { ANVISNING_VERSION, restoreAnvisning, statePathOf } from '../../machines/anvisning';
import type { UpgradeStep } from '../../machines/shared/versions';
import { MACHINE_UPGRADED } from '../aggregates/creation-events';
import { currentSnapshotOf, upgradeEventRows } from '../aggregates/machine-versions';
import type { Prisma } from '../db/database';
import type { DeadlinePeriods } from '../deadlines/deadline-policy';
import { syncDeadlines } from '../deadlines/deadline-sync';
import { caseColumnsOf, caseVersions } from './case-snapshot';

export interface CaseUpgrade {
  caseId: string;
  number: number;
  from: number;
  to: number;
  stateBefore: string;
  stateAfter: string;
  steps: UpgradeStep[];
}

type Tx = Prisma.TransactionClient;

/** The cases below the current version, in case-number order after `afterNumber`. */
export async function casesBelowCurrentVersion(db: Tx, afterNumber: number, take: number) {
  return db.case.findMany({
    where: { machineVersion: { lt: ANVISNING_VERSION }, number: { gt: afterNumber } },
    select: { id: true, number: true },
    orderBy: { number: 'asc' },
    take,
  });
}

/** What an upgrade of this case would do, computed in memory (for --dry-run and the in-memory read path). */
export function planCaseUpgrade(row: { id: string; number: number; state: string; snapshot: unknown; machineVersion: number }) {
  const { persisted, steps } = currentSnapshotOf(caseVersions, 'case', row);
  const next = restoreAnvisning(persisted);
  const upgrade: CaseUpgrade = { caseId: row.id, number: row.number, from: row.machineVersion, to: ANVISNING_VERSION, stateBefore: row.state, stateAfter: statePathOf(next), steps };
  return { upgrade, next };
}

/** Move the case up if it is below the current version and no one else holds it; null when there was nothing to do. */
export async function upgradeCaseInTx(tx: Tx, caseId: string, at: Date, periods: DeadlinePeriods): Promise<CaseUpgrade | null> {
  const claimed = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Case" WHERE id = ${caseId}::uuid AND "machineVersion" < ${ANVISNING_VERSION} FOR UPDATE SKIP LOCKED`;
  if (claimed.length === 0) return null;
  const row = await tx.case.findUniqueOrThrow({ where: { id: caseId }, include: { client: { select: { protectedIdentity: true } } } });
  const { upgrade, next } = planCaseUpgrade(row);
  const version = row.version + upgrade.steps.length;
  await tx.caseEvent.createMany({ data: upgradeEventRows(upgrade.steps, row.version, at).map((event) => ({ ...event, caseId })) });
  const columns = caseColumnsOf(next, row);
  await tx.case.update({ where: { id: caseId, version: row.version }, data: { ...columns, version } });
  // The deadlines carry the case's fields as they are after the upgrade (an upgrade may set the responsible person or the consultant).
  const kase = { id: caseId, number: row.number, unit: columns.unit, responsibleUserId: columns.responsibleUserId, kcConsultantId: columns.kcConsultantId, client: row.client };
  await syncDeadlines(tx, kase, next, MACHINE_UPGRADED, at, periods);
  return upgrade;
}
