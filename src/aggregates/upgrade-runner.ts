/**
 * Moving every running case and assessment up to the current machine definitions: at start-up (createStegvis)
 * and with `npm run migrate-cases [--dry-run]`. In batches, one transaction per case; a case
 * another server holds is skipped and taken by that server (the claim is FOR UPDATE SKIP LOCKED
 * and the version is checked again inside the claim), so two servers starting together migrate
 * each case once. A dry run computes every migration in memory and writes nothing.
 */
import type { UpgradeStep } from '../../machines/shared/versions';
import type { Clock } from '../clock';
import type { PrismaClient } from '../db/database';
import type { DeadlinePeriods } from '../deadlines/deadline-policy';
import { casesBelowCurrentVersion, planCaseUpgrade, upgradeCaseInTx } from '../cases/case-upgrade';
import { caseReference } from '../cases/case-view';
import { assessmentsBelowCurrentVersion, planAssessmentUpgrade, upgradeAssessmentInTx } from '../assessments/assessment-upgrade';

export interface UpgradeLine {
  aggregate: 'case' | 'assessment';
  /** The case reference ("KC-000123"), or the assessment's id. */
  reference: string;
  from: number;
  to: number;
  stateBefore: string;
  stateAfter: string;
  notes: UpgradeStep['notes'];
}

export interface UpgradeReport {
  dryRun: boolean;
  /** Cases moved up (or, in a dry run, that would be). */
  upgraded: UpgradeLine[];
  /** Cases below the current version that another server held while this one ran. */
  skipped: number;
}

export async function migrateRunningCases(
  deps: { prisma: PrismaClient; clock: Clock; periods: DeadlinePeriods },
  options: { dryRun?: boolean; batchSize?: number } = {},
): Promise<UpgradeReport> {
  const { prisma, clock, periods } = deps;
  const batchSize = options.batchSize ?? 200;
  const report: UpgradeReport = { dryRun: options.dryRun === true, upgraded: [], skipped: 0 };
  let after = 0;
  for (;;) {
    const batch = await casesBelowCurrentVersion(prisma, after, batchSize);
    if (batch.length === 0) break;
    for (const { id } of batch) {
      if (options.dryRun) {
        const row = await prisma.case.findUniqueOrThrow({ where: { id }, select: { id: true, number: true, state: true, snapshot: true, machineVersion: true } });
        report.upgraded.push(lineOf('case', caseReference(row.number), planCaseUpgrade(row).upgrade));
        continue;
      }
      const upgrade = await prisma.$transaction((tx) => upgradeCaseInTx(tx, id, clock.now(), periods));
      if (upgrade) report.upgraded.push(lineOf('case', caseReference(upgrade.number), upgrade));
      else report.skipped += 1;
    }
    after = batch.at(-1)!.number;
  }
  let afterId: string | null = null;
  for (;;) {
    const batch = await assessmentsBelowCurrentVersion(prisma, afterId, batchSize);
    if (batch.length === 0) return report;
    for (const { id } of batch) {
      if (options.dryRun) {
        const row = await prisma.assessment.findUniqueOrThrow({ where: { id }, select: { id: true, state: true, snapshot: true, machineVersion: true } });
        report.upgraded.push(lineOf('assessment', id, planAssessmentUpgrade(row).upgrade));
        continue;
      }
      const upgrade = await prisma.$transaction((tx) => upgradeAssessmentInTx(tx, id, clock.now()));
      if (upgrade) report.upgraded.push(lineOf('assessment', id, upgrade));
      else report.skipped += 1;
    }
    afterId = batch.at(-1)!.id;
  }
}

function lineOf(aggregate: UpgradeLine['aggregate'], reference: string, upgrade: { from: number; to: number; stateBefore: string; stateAfter: string; steps: UpgradeStep[] }): UpgradeLine {
  return {
    aggregate,
    reference,
    from: upgrade.from,
    to: upgrade.to,
    stateBefore: upgrade.stateBefore,
    stateAfter: upgrade.stateAfter,
    notes: upgrade.steps.flatMap((step) => step.notes),
  };
}
