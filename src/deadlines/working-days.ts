/**
 * Swedish working days for the authority's own deadlines (process.md "Deadlines and
 * reminders"): not Saturdays, Sundays, the public holidays of lag 1989:253, nor
 * midsommarafton, julafton and nyårsafton. Dates are 'YYYY-MM-DD' calendar dates.
 */
import { addDays as addDaysToDate, addMonths as addMonthsToDate, format, getDay, isValid, parseISO } from 'date-fns';
import Holidays from 'date-holidays';
import type { Enforcement } from '../../machines/shared/traceability';

const swedishHolidays = new Holidays('SE');
const nonWorkingByYear = new Map<number, ReadonlySet<string>>();

/** date-holidays: type `public` = lag 1989:253; type `bank` = midsommarafton, julafton, nyårsafton. Built once per year. */
function holidaysOf(year: number): ReadonlySet<string> {
  let dates = nonWorkingByYear.get(year);
  if (!dates) {
    dates = new Set(
      swedishHolidays
        .getHolidays(year)
        .filter((holiday) => holiday.type === 'public' || holiday.type === 'bank')
        .map((holiday) => holiday.date.slice(0, 10)),
    );
    nonWorkingByYear.set(year, dates);
  }
  return dates;
}

/** Strict: an instant or an impossible date (2026-02-30) would otherwise slip past the holiday lookup. */
function toDate(date: string): Date {
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(date) ? parseISO(date) : new Date(NaN);
  if (!isValid(parsed)) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return parsed;
}
const toIso = (date: Date) => format(date, 'yyyy-MM-dd');

export function isWorkingDay(date: string): boolean {
  const weekday = getDay(toDate(date));
  if (weekday === 0 || weekday === 6) return false;
  return !holidaysOf(Number(date.slice(0, 4))).has(date);
}

export function addDays(date: string, days: number): string {
  return toIso(addDaysToDate(toDate(date), days));
}

export function subtractDays(date: string, days: number): string {
  return addDays(date, -days);
}

/** Same day of the month, or the month's last day when it does not exist (lag 1930:173, 1 §): 2026-11-30 + 3 = 2027-02-28. */
export function addMonths(date: string, months: number): string {
  return toIso(addMonthsToDate(toDate(date), months));
}

export function minDate(first: string, second: string): string {
  return first <= second ? first : second;
}

/** The authority's deadlines move earlier, to be met in time (process.md): the date itself, or the working day before it. */
export function onOrBeforeWorkingDay(date: string): string {
  let day = date;
  while (!isWorkingDay(day)) day = subtractDays(day, 1);
  return day;
}

/** The n-th working day strictly before `date` (n ≥ 1). */
export function workingDaysBefore(date: string, n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a whole number ≥ 1, got ${n}`);
  let day = date;
  for (let found = 0; found < n; ) {
    day = subtractDays(day, 1);
    if (isWorkingDay(day)) found += 1;
  }
  return day;
}

/**
 * The latest due date whose reminder, `workingDays` working days before it, falls on or
 * before `today`: the scheduler reads no deadline due later (workingDaysBefore only grows
 * with the date, so the first date past it ends the search).
 */
export function latestDueDateRemindedBy(today: string, workingDays: number): string {
  let latest = today;
  for (let candidate = addDays(today, 1); workingDaysBefore(candidate, workingDays) <= today; candidate = addDays(candidate, 1)) latest = candidate;
  return latest;
}

/** The process rules of the calendar (docs/process.md "Deadlines and reminders"; docs/traceability.md). */
export const ENFORCES: Enforcement[] = [
  { rule: 'deadlines.working-day-before', by: 'onOrBeforeWorkingDay' },
  { rule: 'deadlines.months-end-on-same-day', by: 'addMonths' },
];
