/**
 * What `npm run gallring` prints: one line per person (client id, never a name or personnummer), why and by when,
 * the rows per table, then the totals. For the operator, like the other command-line tools (English).
 */
import type { GallringConfig } from './gallring-config';
import { summaryOf, type GallringReport, type KeptReason } from './gallring';

const KEPT_WORDS: Record<KeptReason, string> = {
  active_referral: 'an active referral',
  active_assessment: 'an assessment in progress',
  exception_client: 'named in GALLRING_EXCEPTION_CLIENT_IDS',
  exception_birth_day: 'born on a day in GALLRING_EXCEPTION_BIRTH_DAYS',
};

export function gallringLines(report: GallringReport, config: GallringConfig): string[] {
  const verb = report.dryRun ? 'would delete' : 'deleted';
  const rule = `last entry more than ${config.retentionYears} years ago`;
  const lines = report.persons.map((person) => {
    const rows = Object.entries(person.rows ?? {})
      .filter(([, count]) => count > 0)
      .map(([table, count]) => `${table} ${count}`)
      .join(', ');
    const what = person.skipped ? 'kept: a step was taken while this run went on' : `${verb} ${rows}`;
    return `client ${person.clientId}: ${rule} (${person.lastEntry}; period ended ${person.periodEnded}, to be deleted by ${person.deadline}): ${what}`;
  });
  for (const kept of report.kept) lines.push(`client ${kept.clientId}: period passed (last entry ${kept.lastEntry}) but kept: ${KEPT_WORDS[kept.reason]}`);
  const summary = summaryOf(report);
  lines.push(
    `gallring: ${verb} ${summary.persons} persons and ${report.rows.AccessLog ?? 0} access-log rows older than ${config.accessLogRetentionMonths} months; ` +
      `${report.kept.length} past the period kept${report.dryRun ? ' (dry run: nothing deleted)' : ''}; recorded as run ${report.runId}`,
  );
  return lines;
}
