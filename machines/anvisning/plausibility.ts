/**
 * Dates that cannot be right (issue 18; docs/process.md "Plausible dates", each rule an assumption of ours):
 * a date of something done is not in the future, a meeting is not booked in the past, a decision is not
 * communicated before it was made, a held meeting is not before the day it was booked for unless it was moved.
 * Such a date would make deadlines that are born overdue.
 *
 * These rules judge a payload's dates against the step's time (`meta.at`, the service's clock) and the case's own
 * dates, so they run once the machine has taken the step (`decideAnvisning`) and before it is stored: the answer
 * is a 400 at the field, not a refusal of the step. They never run on a stored history (replay applies what was
 * accepted), so a date stored under version 3 still replays and moves up. The pure payload rule (a decision in
 * force before it was made needs `retroactiveReason`) is the schema's (./events.ts).
 *
 * Each rule is a default with a tolerance, never a gate that makes anyone record what did not happen: a date of
 * something done may be tomorrow's (a day's slack for time zones and late evenings), a meeting may be booked for
 * any time of the current day, a meeting held early says why (`rescheduledReason`).
 */
import { addDays, format, parseISO } from 'date-fns';
import { stockholmDate } from '../shared/dates';
import type { Enforcement } from '../shared/traceability';
import type { AnvisningEvent } from './events';
import type { AnvisningContext } from './machine';

/** One implausible date: the payload field, a reason code (worded in src/texts/error-messages.ts) and the day it names. */
export type DateIssue =
  | { path: string; reason: 'date_in_future'; params: { latest: string } }
  | { path: string; reason: 'meeting_in_past'; params: { earliest: string } }
  | { path: string; reason: 'communicated_before_decision'; params: { decisionDate: string } }
  | { path: string; reason: 'held_before_booked_day'; params: { bookedOn: string } };

/** Days of things done may be at most this many days after the step's own day. */
export const DONE_DATE_TOLERANCE_DAYS = 1;

const dayAfter = (day: string, days: number) => format(addDays(parseISO(day), days), 'yyyy-MM-dd');

/** A date of something done (an ISO day) is at most a day after the step's own Swedish day. */
function notInFuture(path: string, day: string, today: string): DateIssue[] {
  const latest = dayAfter(today, DONE_DATE_TOLERANCE_DAYS);
  return day > latest ? [{ path, reason: 'date_in_future', params: { latest } }] : [];
}

/** A meeting's time (an ISO instant) falls on the step's own Swedish day or later: "now" is never seconds too late. */
function bookedAhead(path: string, at: string, today: string): DateIssue[] {
  return stockholmDate(at) < today ? [{ path, reason: 'meeting_in_past', params: { earliest: today } }] : [];
}

/** A held meeting's day is not before the day it was booked for, unless it was moved (the reason written). */
function notBeforeBookedDay(path: string, heldOn: string, bookedAt: string | null, rescheduledReason: string | undefined): DateIssue[] {
  if (bookedAt === null || rescheduledReason !== undefined) return [];
  const bookedOn = stockholmDate(bookedAt);
  return heldOn < bookedOn ? [{ path, reason: 'held_before_booked_day', params: { bookedOn } }] : [];
}

/**
 * The implausible dates of an event the machine has taken in this context; empty when all are plausible.
 * `context` is the case before the step (the booking a held meeting is compared with).
 */
export function anvisningDateIssues(context: AnvisningContext, event: AnvisningEvent): DateIssue[] {
  const today = stockholmDate(event.meta.at);
  switch (event.type) {
    case 'AF_NOTIFIED':
      return notInFuture('sentOn', event.sentOn, today);
    case 'DECISION_MADE':
    case 'DECISION_RENEWED':
      return notInFuture('decisionDate', event.decisionDate, today);
    case 'DECISION_COMMUNICATED': {
      const decisionDate = context.decision?.decisionDate;
      const before = decisionDate !== undefined && event.on < decisionDate ? [{ path: 'on', reason: 'communicated_before_decision' as const, params: { decisionDate } }] : [];
      return [...before, ...notInFuture('on', event.on, today)];
    }
    case 'INSKRIVNING_BOOKED':
    case 'INSKRIVNING_RESCHEDULED':
    case 'INSKRIVNING_REBOOKED':
    case 'FOLLOW_UP_BOOKED':
    case 'THREE_PARTY_MEETING_BOOKED':
      return bookedAhead('at', event.at, today);
    case 'INSKRIVNING_HELD':
      return bookedAhead('firstFollowUpAt', event.firstFollowUpAt, today);
    case 'FOLLOW_UP_HELD':
      return [...notBeforeBookedDay('on', event.on, context.followUp.bookedAt, event.rescheduledReason), ...notInFuture('on', event.on, today)];
    case 'THREE_PARTY_MEETING_HELD':
      return [...notBeforeBookedDay('on', event.on, context.threePartyMeeting.bookedAt, event.rescheduledReason), ...notInFuture('on', event.on, today)];
    case 'AVVIKELSE_REPORTED':
      return notInFuture('on', event.on, today);
    default:
      return [];
  }
}

export const ENFORCES: Enforcement[] = [
  { rule: 'forberedelse.af-notified-not-in-future', by: 'anvisningDateIssues' },
  { rule: 'beslut.decision-date-not-in-future', by: 'anvisningDateIssues' },
  { rule: 'beslut.communicated-not-before-decision', by: 'anvisningDateIssues' },
  { rule: 'inskrivning.booked-ahead', by: 'anvisningDateIssues' },
  { rule: 'insats.meetings-booked-ahead', by: 'anvisningDateIssues' },
  { rule: 'insats.done-dates-not-in-future', by: 'anvisningDateIssues' },
  { rule: 'insats.held-not-before-booked-day', by: 'anvisningDateIssues' },
];
