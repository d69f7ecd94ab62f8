/**
 * `npm run migrate-cases [-- --dry-run]`: move every case and assessment below the current machine definitions up
 * (docs/architecture.md "Changing a machine"); the server does the same at start-up. With --dry-run
 * nothing is written: it prints what each case would become. Case references and states only, no personal data.
 */
import { ANVISNING_VERSION } from '../../machines/anvisning';
import { BEDOMNING_VERSION } from '../../machines/bedomning';
import { migrateRunningCases } from '../aggregates/upgrade-runner';
import { AdjustableClock } from '../clock';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { loadDeadlinePeriods } from '../deadlines/deadline-config';
import { migrationNoteText } from '../texts/process-messages';

const dryRun = process.argv.includes('--dry-run');
const database = await openDatabase(loadConfig().database);
try {
  const report = await migrateRunningCases({ prisma: database.prisma, clock: new AdjustableClock(), periods: loadDeadlinePeriods() }, { dryRun });
  for (const line of report.upgraded) {
    const notes = line.notes.map(migrationNoteText).join(' ');
    console.log(`${line.aggregate === 'case' ? line.reference : `assessment ${line.reference}`}: version ${line.from} → ${line.to}, ${line.stateBefore} → ${line.stateAfter}${notes ? ` (${notes})` : ''}`);
  }
  const verb = dryRun ? 'would move' : 'moved';
  const count = (aggregate: string) => report.upgraded.filter((line) => line.aggregate === aggregate).length;
  console.log(`migrate-cases: ${verb} ${count('case')} cases to version ${ANVISNING_VERSION} of the anvisning machine and ${count('assessment')} assessments to version ${BEDOMNING_VERSION} of the bedömning machine${report.skipped > 0 ? `, ${report.skipped} taken by another server` : ''}${dryRun ? ' (dry run: nothing written)' : ''}`);
} finally {
  await database.close();
}
