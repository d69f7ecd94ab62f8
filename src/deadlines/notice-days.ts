/**
 * The days a deadline's e-mails are due (process.md "Deadlines and reminders"): a reminder a few working days before
 * the due date (a meeting: the working day before), "forfallen" on it, the escalation some days after it. One place for
 * both the scheduler's sweep, which decides what to queue on a day, and the day stored on the deadline
 * ("nextNoticeOn", migration deadline_next_notice_on), from which the sweep reads only the deadlines it has something
 * to send for (issue 19).
 */
import type { DeadlinePeriods } from './deadline-policy';
import { addDays, workingDaysBefore } from './working-days';

export type NoticeKind = 'paminnelse' | 'forfallen' | 'eskalering';

interface NoticeDeadline {
  kind: string;
  /** ISO date. */
  dueDate: string;
}

const isMeeting = (deadline: NoticeDeadline) => deadline.kind === 'inskrivningsmote';

/** The first day a reminder of the deadline is due. */
export function reminderDay(deadline: NoticeDeadline, periods: DeadlinePeriods): string {
  return workingDaysBefore(deadline.dueDate, isMeeting(deadline) ? 1 : periods.reminderWorkingDaysBefore);
}

/** The e-mails due on `today` for a deadline (an overdue one: the sweep marks it so the day after its due date). */
export function noticesDueOn(today: string, deadline: NoticeDeadline & { status: 'open' | 'overdue' }, periods: DeadlinePeriods): NoticeKind[] {
  const due = deadline.dueDate;
  const kinds: NoticeKind[] = [];
  if (today >= reminderDay(deadline, periods) && today < due) kinds.push('paminnelse');
  if (!isMeeting(deadline) && today >= due) kinds.push('forfallen');
  if (deadline.status === 'overdue' && today >= addDays(due, periods.escalationDays)) kinds.push('eskalering');
  return kinds;
}

/**
 * The first day after `after` on which noticesDueOn names an e-mail it did not name on `after`: the day the sweep
 * must read the deadline again once everything due by `after` is queued. Never later than that day; the day after
 * `after` when none is left to name (only the escalation, which takes the deadline out of the sweep, ends the reads).
 */
export function nextNoticeDay(deadline: NoticeDeadline, periods: DeadlinePeriods, after: string): string {
  const due = deadline.dueDate;
  // The escalation needs the deadline overdue, which it is from the day after its due date.
  const days = [reminderDay(deadline, periods), ...(isMeeting(deadline) ? [] : [due]), addDays(due, Math.max(periods.escalationDays, 1))];
  return days.filter((day) => day > after).sort()[0] ?? addDays(after, 1);
}

/** The first day any e-mail of the deadline is due: what the deadline sync stores when it writes a deadline. */
export function firstNoticeDay(deadline: NoticeDeadline, periods: DeadlinePeriods): string {
  return reminderDay(deadline, periods);
}
