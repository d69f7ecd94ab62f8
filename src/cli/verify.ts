/** `npm run verify`: replay every case's events and compare with its stored snapshot. Exit 1 on any mismatch. */
import { verifyAllCases } from '../cases/verify-cases';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';

const database = await openDatabase(loadConfig().database);
try {
  const report = await verifyAllCases(database.prisma);
  for (const mismatch of report.mismatches) console.error(`MISMATCH case ${mismatch.caseId}: ${mismatch.problem}`);
  console.log(`verify: ${report.casesChecked} cases, ${report.eventsReplayed} events replayed, ${report.mismatches.length} mismatches`);
  process.exitCode = report.mismatches.length === 0 ? 0 : 1;
} finally {
  await database.close();
}
