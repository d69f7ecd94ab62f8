/**
 * `npm run verify`: replay every case's and every assessment's events and compare with the stored snapshots, and
 * every referral's stored statistics facts with its history (src/statistics/read-model.ts). Exit 1 on any mismatch.
 */
import { verifyAllAssessments } from '../assessments/verify-assessments';
import { verifyAllCases } from '../cases/verify-cases';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { verifyReadModel } from '../statistics/read-model';

const database = await openDatabase(loadConfig().database);
try {
  const cases = await verifyAllCases(database.prisma);
  for (const mismatch of cases.mismatches) console.error(`MISMATCH case ${mismatch.caseId}: ${mismatch.problem}`);
  console.log(`verify: ${cases.casesChecked} cases, ${cases.eventsReplayed} events replayed, ${cases.mismatches.length} mismatches`);
  const assessments = await verifyAllAssessments(database.prisma);
  for (const mismatch of assessments.mismatches) console.error(`MISMATCH assessment ${mismatch.assessmentId}: ${mismatch.problem}`);
  console.log(`verify: ${assessments.assessmentsChecked} assessments, ${assessments.eventsReplayed} events replayed, ${assessments.mismatches.length} mismatches`);
  const statistics = await verifyReadModel(database.prisma);
  for (const caseId of statistics.mismatches) console.error(`MISMATCH statistics of case ${caseId}: the stored facts differ from its history's`);
  console.log(`verify: ${statistics.checked} referrals' stored statistics facts compared with their histories, ${statistics.mismatches.length} mismatches (${statistics.stale} stale, computed at their next read)`);
  process.exitCode = cases.mismatches.length + assessments.mismatches.length + statistics.mismatches.length === 0 ? 0 : 1;
} finally {
  await database.close();
}
