/**
 * `npm run gallring [-- --dry-run]`: delete the records of every person whose retention period has passed, and
 * access-log rows past theirs (src/gallring, docs/gallring.md). With --dry-run nothing is deleted: it lists who
 * would be, why and by when, and the rows per table. Clients are named by id only, never by name or personnummer.
 * Either way the run is recorded in the GallringRun table.
 */
import { AdjustableClock } from '../clock';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { runGallring } from '../gallring/gallring';
import { loadGallringConfig } from '../gallring/gallring-config';
import { gallringLines } from '../gallring/gallring-report';

const dryRun = process.argv.includes('--dry-run');
const gallring = loadGallringConfigOrExit();
const database = await openDatabase(loadConfig().database);
try {
  // Only the scheduler's runs are limited to one a day: a run from the command line always runs.
  const report = (await runGallring({ prisma: database.prisma, clock: new AdjustableClock(), config: gallring }, { dryRun, trigger: 'cli' }))!;
  for (const line of gallringLines(report, gallring)) console.log(line);
} finally {
  await database.close();
}

/** A bad setting stops the command with what to fix: a message for the operator, not a stack trace. */
function loadGallringConfigOrExit() {
  try {
    return loadGallringConfig();
  } catch (error) {
    console.error(`gallring cannot run. ${(error as Error).message}`);
    process.exit(1);
  }
}
