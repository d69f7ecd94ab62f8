import { addYears, format, parseISO, subDays } from 'date-fns';

/** Calendar date (YYYY-MM-DD) in Sweden of an ISO instant; the machine never reads a clock. */
const stockholmDateFormat = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export function stockholmDate(instant: string): string {
  return stockholmDateFormat.format(new Date(instant));
}

/**
 * Last day of a one-year decision starting on validFrom: validFrom + 1 year − 1 day
 * (process.md §2). A year from 29 February ends on 28 February (the month's last
 * day, lag 1930:173, 1 §), so a decision from 2024-02-29 lasts until 2025-02-27.
 */
export function oneYearValidUntil(validFrom: string): string {
  return format(subDays(addYears(parseISO(validFrom), 1), 1), 'yyyy-MM-dd');
}
