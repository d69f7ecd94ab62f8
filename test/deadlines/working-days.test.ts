import Holidays from 'date-holidays';
import { describe, expect, it, vi } from 'vitest';
import { addDays, addMonths, isWorkingDay, latestDueDateRemindedBy, minDate, onOrBeforeWorkingDay, subtractDays, workingDaysBefore } from '../../src/deadlines/working-days';

describe('Swedish working days (process.md "Deadlines and reminders")', () => {
  it('has weekends off', () => {
    expect(isWorkingDay('2026-11-20')).toBe(true); // Friday
    expect(isWorkingDay('2026-11-21')).toBe(false); // Saturday
    expect(isWorkingDay('2026-11-22')).toBe(false); // Sunday
    expect(isWorkingDay('2026-11-23')).toBe(true); // Monday
  });

  it('has the public holidays of lag 1989:253 off, Easter moving from year to year', () => {
    expect(isWorkingDay('2026-01-06')).toBe(false); // trettondedag jul (Tuesday)
    expect(isWorkingDay('2026-04-03')).toBe(false); // långfredagen 2026
    expect(isWorkingDay('2026-04-06')).toBe(false); // annandag påsk 2026
    expect(isWorkingDay('2027-03-26')).toBe(false); // långfredagen 2027
    expect(isWorkingDay('2027-03-29')).toBe(false); // annandag påsk 2027
    expect(isWorkingDay('2027-04-02')).toBe(true); // a plain Friday: Easter has moved
    expect(isWorkingDay('2026-05-01')).toBe(false); // första maj
    expect(isWorkingDay('2026-05-14')).toBe(false); // Kristi himmelsfärdsdag (Thursday)
    expect(isWorkingDay('2028-06-06')).toBe(false); // nationaldagen (Tuesday)
    expect(isWorkingDay('2026-12-25')).toBe(false); // juldagen
    expect(isWorkingDay('2027-12-27')).toBe(true); // Monday after a weekend Christmas: no substitute day in Sweden
  });

  it('has midsommarafton, julafton and nyårsafton off', () => {
    expect(isWorkingDay('2026-06-19')).toBe(false); // midsommarafton, a Friday
    expect(isWorkingDay('2026-06-18')).toBe(true);
    expect(isWorkingDay('2027-06-25')).toBe(false); // midsommarafton 2027
    expect(isWorkingDay('2026-12-24')).toBe(false); // julafton (Thursday)
    expect(isWorkingDay('2026-12-31')).toBe(false); // nyårsafton (Thursday)
    expect(isWorkingDay('2027-12-31')).toBe(false); // nyårsafton (Friday)
  });

  it('works on observance and half days (date-holidays types observance, optional)', () => {
    expect(isWorkingDay('2026-01-05')).toBe(true); // trettondagsafton
    expect(isWorkingDay('2026-04-02')).toBe(true); // skärtorsdagen
    expect(isWorkingDay('2026-04-30')).toBe(true); // valborgsmässoafton
    expect(isWorkingDay('2026-05-25')).toBe(true); // annandag pingst, no longer a holiday since 2005
    expect(isWorkingDay('2026-10-30')).toBe(true); // allhelgonaafton
  });

  it('builds each year’s holiday lookup once', () => {
    const getHolidays = vi.spyOn(Holidays.prototype, 'getHolidays');
    try {
      for (const date of ['2041-01-01', '2041-06-21', '2041-12-24', '2041-12-27']) isWorkingDay(date);
      expect(getHolidays).toHaveBeenCalledTimes(1);
      expect(getHolidays).toHaveBeenCalledWith(2041);
    } finally {
      getHolidays.mockRestore();
    }
  });

  it('refuses what is not a calendar date rather than treating it as a working day', () => {
    expect(() => isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(() => isWorkingDay('2026-06-19T10:00:00Z')).toThrow(RangeError);
    expect(() => onOrBeforeWorkingDay('midsommar')).toThrow(RangeError);
    expect(() => workingDaysBefore('2026-06-22', 0)).toThrow(RangeError);
  });
});

describe('onOrBeforeWorkingDay: the authority’s own deadlines move earlier', () => {
  it('keeps a working day', () => {
    expect(onOrBeforeWorkingDay('2026-11-23')).toBe('2026-11-23');
    expect(onOrBeforeWorkingDay('2026-04-02')).toBe('2026-04-02'); // skärtorsdagen
  });

  it('moves a weekend to the Friday', () => {
    expect(onOrBeforeWorkingDay('2026-11-21')).toBe('2026-11-20');
    expect(onOrBeforeWorkingDay('2026-11-22')).toBe('2026-11-20');
  });

  it('moves midsommar to the Thursday', () => {
    expect(onOrBeforeWorkingDay('2026-06-19')).toBe('2026-06-18'); // midsommarafton
    expect(onOrBeforeWorkingDay('2026-06-20')).toBe('2026-06-18'); // midsommardagen
  });

  it('moves Christmas and the new year past the aftnar', () => {
    expect(onOrBeforeWorkingDay('2026-12-24')).toBe('2026-12-23'); // julafton
    expect(onOrBeforeWorkingDay('2026-12-25')).toBe('2026-12-23'); // juldagen, past julafton
    expect(onOrBeforeWorkingDay('2026-12-26')).toBe('2026-12-23'); // annandag jul
    expect(onOrBeforeWorkingDay('2026-12-31')).toBe('2026-12-30'); // nyårsafton
    expect(onOrBeforeWorkingDay('2027-01-01')).toBe('2026-12-30'); // nyårsdagen, past nyårsafton
  });

  it('moves Easter to skärtorsdagen, in 2026 and 2027', () => {
    expect(onOrBeforeWorkingDay('2026-04-03')).toBe('2026-04-02');
    expect(onOrBeforeWorkingDay('2026-04-06')).toBe('2026-04-02');
    expect(onOrBeforeWorkingDay('2027-03-26')).toBe('2027-03-25');
    expect(onOrBeforeWorkingDay('2027-03-29')).toBe('2027-03-25');
  });
});

describe('workingDaysBefore', () => {
  it('counts strictly before the date, over a weekend', () => {
    expect(workingDaysBefore('2026-11-24', 1)).toBe('2026-11-23');
    expect(workingDaysBefore('2026-11-23', 1)).toBe('2026-11-20'); // Monday → Friday
    expect(workingDaysBefore('2026-11-25', 3)).toBe('2026-11-20');
    expect(workingDaysBefore('2026-11-22', 1)).toBe('2026-11-20'); // from a Sunday
  });

  it('counts over Easter', () => {
    expect(workingDaysBefore('2026-04-07', 1)).toBe('2026-04-02');
    expect(workingDaysBefore('2026-04-08', 3)).toBe('2026-04-01');
    expect(workingDaysBefore('2027-03-30', 2)).toBe('2027-03-24');
  });

  it('counts over Christmas and the new year', () => {
    expect(workingDaysBefore('2027-01-04', 1)).toBe('2026-12-30');
    expect(workingDaysBefore('2027-01-04', 3)).toBe('2026-12-28');
  });
});

describe('latestDueDateRemindedBy: how far ahead the scheduler reads', () => {
  it('reaches the last due date whose reminder day has come, and not one day further', () => {
    // Monday 23 November: three working days before Thursday 26 is the Monday itself.
    expect(latestDueDateRemindedBy('2026-11-23', 3)).toBe('2026-11-26');
    expect(workingDaysBefore('2026-11-27', 3)).toBe('2026-11-24');
  });

  it('looks past the Christmas holidays: on Monday 21 December the reminder for Monday 28 is due', () => {
    expect(latestDueDateRemindedBy('2026-12-21', 3)).toBe('2026-12-28');
    expect(latestDueDateRemindedBy('2026-12-21', 1)).toBe('2026-12-22');
  });
});

describe('calendar arithmetic', () => {
  it('[deadlines.months-end-on-same-day] adds months to the same day, or to the last day of a shorter month (lag 1930:173, 1 §)', () => {
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2027-11-30', 3)).toBe('2028-02-29'); // leap year
    expect(addMonths('2026-08-31', 1)).toBe('2026-09-30');
    expect(addMonths('2026-02-03', 3)).toBe('2026-05-03');
    expect(addMonths('2026-07-01', 6)).toBe('2027-01-01');
  });

  it('adds and subtracts calendar days across months, years and the change to summer time', () => {
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2026-12-17', 14)).toBe('2026-12-31');
    expect(subtractDays('2027-01-31', 30)).toBe('2027-01-01');
    expect(subtractDays('2027-03-01', 1)).toBe('2027-02-28');
  });

  it('takes the earlier of two dates', () => {
    expect(minDate('2027-01-17', '2027-02-10')).toBe('2027-01-17');
    expect(minDate('2027-02-10', '2027-01-17')).toBe('2027-01-17');
  });
});
