import { describe, expect, it } from 'vitest';
import { addMonths, isWorkingDay, onOrBeforeWorkingDay, workingDaysBefore } from '../../src/deadlines/working-days';

describe('Swedish working days', () => {
  it('knows weekends, the public holidays of lag 1989:253 and the three aftnar', () => {
    expect(isWorkingDay('2026-11-23')).toBe(true); // a Monday
    expect(isWorkingDay('2026-11-21')).toBe(false); // Saturday
    expect(isWorkingDay('2026-11-22')).toBe(false); // Sunday
    expect(isWorkingDay('2026-06-19')).toBe(false); // midsommarafton (Friday)
    expect(isWorkingDay('2026-06-18')).toBe(true);
    expect(isWorkingDay('2026-12-24')).toBe(false); // julafton
    expect(isWorkingDay('2026-12-25')).toBe(false); // juldagen
    expect(isWorkingDay('2026-12-31')).toBe(false); // nyårsafton
    expect(isWorkingDay('2026-04-03')).toBe(false); // långfredagen
    expect(isWorkingDay('2026-04-06')).toBe(false); // annandag påsk
    expect(isWorkingDay('2027-03-26')).toBe(false); // långfredagen 2027: Easter moves
    expect(isWorkingDay('2027-03-29')).toBe(false); // annandag påsk 2027
    expect(isWorkingDay('2027-04-02')).toBe(true); // a plain Friday in 2027
    expect(isWorkingDay('2026-01-05')).toBe(true); // trettondagsafton is not a holiday
    expect(isWorkingDay('2026-10-31')).toBe(false); // alla helgons dag (a Saturday anyway)
  });

  it('moves the authority’s own deadlines to the working day before', () => {
    expect(onOrBeforeWorkingDay('2026-06-19')).toBe('2026-06-18'); // midsommarafton → Thursday
    expect(onOrBeforeWorkingDay('2026-06-20')).toBe('2026-06-18'); // midsommardagen
    expect(onOrBeforeWorkingDay('2026-12-25')).toBe('2026-12-23'); // juldagen → past julafton
    expect(onOrBeforeWorkingDay('2026-12-26')).toBe('2026-12-23');
    expect(onOrBeforeWorkingDay('2027-01-01')).toBe('2026-12-30'); // nyårsdagen → past nyårsafton
    expect(onOrBeforeWorkingDay('2026-04-06')).toBe('2026-04-02'); // annandag påsk → skärtorsdagen
    expect(onOrBeforeWorkingDay('2027-03-29')).toBe('2027-03-25');
    expect(onOrBeforeWorkingDay('2026-11-22')).toBe('2026-11-20'); // Sunday → Friday
    expect(onOrBeforeWorkingDay('2026-11-23')).toBe('2026-11-23');
  });

  it('counts working days back over weekends and Easter', () => {
    expect(workingDaysBefore('2026-11-23', 1)).toBe('2026-11-20');
    expect(workingDaysBefore('2026-11-25', 3)).toBe('2026-11-20');
    expect(workingDaysBefore('2026-04-07', 1)).toBe('2026-04-02');
    expect(workingDaysBefore('2026-04-08', 3)).toBe('2026-04-01');
  });

  it('adds months to the same day, or to the last day of a shorter month', () => {
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2027-11-30', 3)).toBe('2028-02-29');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-02-03', 3)).toBe('2026-05-03');
  });
});
