/**
 * Swedish working days for the authority's own deadlines (process.md "Deadlines and
 * reminders"): not Saturdays, Sundays, the public holidays of lag 1989:253, nor
 * midsommarafton, julafton and nyårsafton. Dates are 'YYYY-MM-DD' calendar dates.
 */
import { addDays as addDaysToDate, addMonths as addMonthsToDate, format, getDay, parseISO } from 'date-fns';
import Holidays from 'date-holidays';

const swedishHolidays = new Holidays('SE');
const nonWorkingByYear = new Map<number, Set<string>>();

/** date-holidays: type `public` = lag 1989:253; type `bank` = midsommarafton, julafton, nyårsafton. */
function holidaysOf(year: number): Set<string> {
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

const toDate = (date: string) => parseISO(date);
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

/** Same day of the month, or the month's last day when it does not exist (lag 1930:173, 1 §). */
export function addMonths(date: string, months: number): string {
  return toIso(addMonthsToDate(toDate(date), months));
}

export function minDate(first: string, second: string): string {
  return first <= second ? first : second;
}

/** The authority's deadlines move earlier, to be met in time: the date itself, or the working day before it. */
export function onOrBeforeWorkingDay(date: string): string {
  let day = date;
  while (!isWorkingDay(day)) day = subtractDays(day, 1);
  return day;
}

/** The n-th working day strictly before `date` (n ≥ 1). */
export function workingDaysBefore(date: string, n: number): string {
  let day = date;
  for (let found = 0; found < n; ) {
    day = subtractDays(day, 1);
    if (isWorkingDay(day)) found += 1;
  }
  return day;
}
