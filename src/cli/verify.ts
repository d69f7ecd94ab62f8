/** `npm run verify`: replay every case's and every assessment's events and compare with the stored snapshots. Exit 1 on any mismatch. */
import { verifyAllAssessments } from '../assessments/verify-assessments';
import { verifyAllCases } from '../cases/verify-cases';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';

const database = await openDatabase(loadConfig().database);
try {
  const cases = await verifyAllCases(database.prisma);
  for (const mismatch of cases.mismatches) console.error(`MISMATCH case ${mismatch.caseId}: ${mismatch.problem}`);
  console.log(`verify: ${cases.casesChecked} cases, ${cases.eventsReplayed} events replayed, ${cases.mismatches.length} mismatches`);
  const assessments = await verifyAllAssessments(database.prisma);
  for (const mismatch of assessments.mismatches) console.error(`MISMATCH assessment ${mismatch.assessmentId}: ${mismatch.problem}`);
  console.log(`verify: ${assessments.assessmentsChecked} assessments, ${assessments.eventsReplayed} events replayed, ${assessments.mismatches.length} mismatches`);
  process.exitCode = cases.mismatches.length + assessments.mismatches.length === 0 ? 0 : 1;
} finally {
  await database.close();
}
