/** The deadline periods, configurable through the environment, with process.md's defaults. */
import { z } from 'zod';
import { DEFAULT_PERIODS, type DeadlinePeriods } from './deadline-policy';

// Digits only: z.coerce would also take '1e2', '0x10' or '7.0' for a number of days.
const period = (fallback: number) =>
  z.string().trim().regex(/^[1-9]\d*$/, 'must be a positive whole number').transform(Number).default(fallback);

const ZPeriodsEnv = z.object({
  DEADLINE_GENOMFORANDEPLAN_DAYS: period(DEFAULT_PERIODS.genomforandeplanDays),
  DEADLINE_GENOMFORANDEPLAN_UPDATE_MONTHS: period(DEFAULT_PERIODS.genomforandeplanUpdateMonths),
  DEADLINE_FOLLOW_UP_MONTHS: period(DEFAULT_PERIODS.followUpMonths),
  DEADLINE_FOLLOW_UP_BEFORE_EXPIRY_DAYS: period(DEFAULT_PERIODS.followUpBeforeExpiryDays),
  DEADLINE_NEW_ASSESSMENT_BEFORE_EXPIRY_DAYS: period(DEFAULT_PERIODS.newAssessmentBeforeExpiryDays),
  DEADLINE_CLOSING_DOCUMENT_DAYS: period(DEFAULT_PERIODS.closingDocumentDays),
  DEADLINE_ESCALATION_DAYS: period(DEFAULT_PERIODS.escalationDays),
  REMINDER_WORKING_DAYS_BEFORE: period(DEFAULT_PERIODS.reminderWorkingDaysBefore),
  RENEWAL_WINDOW_DAYS: period(DEFAULT_PERIODS.renewalWindowDays),
});

export function loadDeadlinePeriods(env: Record<string, string | undefined> = process.env): DeadlinePeriods {
  // An empty variable (VAR= in an env file) means "use the default", as if unset.
  const raw = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const parsed = ZPeriodsEnv.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`Invalid deadline configuration:\n${parsed.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`).join('\n')}`);
  }
  const e = parsed.data;
  return Object.freeze({
    genomforandeplanDays: e.DEADLINE_GENOMFORANDEPLAN_DAYS,
    genomforandeplanUpdateMonths: e.DEADLINE_GENOMFORANDEPLAN_UPDATE_MONTHS,
    followUpMonths: e.DEADLINE_FOLLOW_UP_MONTHS,
    followUpBeforeExpiryDays: e.DEADLINE_FOLLOW_UP_BEFORE_EXPIRY_DAYS,
    newAssessmentBeforeExpiryDays: e.DEADLINE_NEW_ASSESSMENT_BEFORE_EXPIRY_DAYS,
    closingDocumentDays: e.DEADLINE_CLOSING_DOCUMENT_DAYS,
    escalationDays: e.DEADLINE_ESCALATION_DAYS,
    reminderWorkingDaysBefore: e.REMINDER_WORKING_DAYS_BEFORE,
    renewalWindowDays: e.RENEWAL_WINDOW_DAYS,
  });
}
