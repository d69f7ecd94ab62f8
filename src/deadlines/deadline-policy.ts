/**
 * Which deadlines a case has now, and when each is due: a pure function of the
 * machine's state and context (process.md "Deadlines and reminders"; 004 "Vid
 * pågående insats", "Avslut av insats"). `basis` is what a deadline counts from:
 * when it changes (a follow-up was held, the plan updated, the decision renewed)
 * the old deadline ends and a new one begins.
 */
import { DEFAULT_RENEWAL_WINDOW_DAYS, type AnvisningContext } from '../../machines/anvisning';
import { stockholmDate } from '../../machines/shared/dates';
import { addDays, addMonths, minDate, onOrBeforeWorkingDay, subtractDays } from './working-days';

export const DEADLINE_KINDS = [
  'inskrivningsmote',
  'genomforandeplan_upprattad',
  'genomforandeplan_uppdaterad',
  'uppfoljning',
  'ny_bedomning',
  'avslutsdokument',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export interface DeadlinePeriods {
  genomforandeplanDays: number;
  genomforandeplanUpdateMonths: number;
  followUpMonths: number;
  followUpBeforeExpiryDays: number;
  newAssessmentBeforeExpiryDays: number;
  closingDocumentDays: number;
  escalationDays: number;
  reminderWorkingDaysBefore: number;
  /**
   * How many days before validUntil a renewal opens (process.md §4, an assumption). Given to each case as it is
   * created (the machine's input), so the machine stays pure and a replay decides as the step was decided.
   */
  renewalWindowDays: number;
}

export const DEFAULT_PERIODS: DeadlinePeriods = Object.freeze({
  genomforandeplanDays: 14,
  genomforandeplanUpdateMonths: 6,
  followUpMonths: 3,
  followUpBeforeExpiryDays: 14,
  newAssessmentBeforeExpiryDays: 30,
  closingDocumentDays: 7,
  escalationDays: 7,
  reminderWorkingDaysBefore: 3,
  renewalWindowDays: DEFAULT_RENEWAL_WINDOW_DAYS,
});

export interface DesiredDeadline {
  kind: DeadlineKind;
  basis: string;
  dueDate: string;
  responsibleRole: 'socialsekreterare' | 'arbetsmarknadskonsulent';
}

/** The events that complete a deadline of each kind; any other reason it disappears cancels it. */
export const COMPLETED_BY: Readonly<Record<DeadlineKind, readonly string[]>> = {
  inskrivningsmote: ['INSKRIVNING_HELD', 'INSKRIVNING_MISSED'],
  genomforandeplan_upprattad: ['GENOMFORANDEPLAN_ESTABLISHED'],
  genomforandeplan_uppdaterad: ['GENOMFORANDEPLAN_UPDATED'],
  uppfoljning: ['FOLLOW_UP_HELD'],
  ny_bedomning: ['DECISION_RENEWED', 'CLOSING_ANNOUNCED'],
  avslutsdokument: ['CLOSING_DOCUMENT_CREATED'],
};

export const DEADLINE_LABELS: Readonly<Record<DeadlineKind, string>> = {
  inskrivningsmote: 'Inskrivningsmöte',
  genomforandeplan_upprattad: 'Genomförandeplan ska upprättas',
  genomforandeplan_uppdaterad: 'Genomförandeplan ska uppdateras',
  uppfoljning: 'Uppföljning ska hållas',
  ny_bedomning: 'Ny bedömning innan beslutet upphör',
  avslutsdokument: 'Avslutsdokument ska upprättas',
};

export function computeDeadlines(caseState: { statePath: string; context: AnvisningContext }, periods: DeadlinePeriods): DesiredDeadline[] {
  const { statePath, context } = caseState;
  const deadlines: DesiredDeadline[] = [];
  const add = (kind: DeadlineKind, basis: string, due: string, responsibleRole: DesiredDeadline['responsibleRole']) =>
    deadlines.push({ kind, basis, dueDate: onOrBeforeWorkingDay(due), responsibleRole });

  // A meeting is due on its own date, working day or not; it is reminded the working day before.
  if (statePath === 'inskrivning.bokad' && context.inskrivning) {
    deadlines.push({ kind: 'inskrivningsmote', basis: context.inskrivning.at, dueDate: stockholmDate(context.inskrivning.at), responsibleRole: 'socialsekreterare' });
  }

  if (statePath === 'pagaende.aktiv' && context.insatsStart) {
    const { establishedOn, lastUpdatedOn } = context.genomforandeplan;
    // 004: "upprättar en genomförandeplan skyndsamt" — default 14 days.
    if (!establishedOn) add('genomforandeplan_upprattad', context.insatsStart, addDays(context.insatsStart, periods.genomforandeplanDays), 'arbetsmarknadskonsulent');
    // 004: "Genomförandeplanen ska uppdateras var 6:e månad".
    else if (lastUpdatedOn) add('genomforandeplan_uppdaterad', lastUpdatedOn, addMonths(lastUpdatedOn, periods.genomforandeplanUpdateMonths), 'arbetsmarknadskonsulent');

    // 004: "kallar till uppföljning var 3:e månad dock alltid senast innan beslutet om insats upphör".
    // A follow-up already held inside that last window has met the cap: it would otherwise be due before it was held.
    const since = context.followUp.lastHeldOn ?? context.insatsStart;
    const cap = context.decision ? subtractDays(context.decision.validUntil, periods.followUpBeforeExpiryDays) : null;
    const every = addMonths(since, periods.followUpMonths);
    add('uppfoljning', since, cap && since < cap ? minDate(every, cap) : every, 'socialsekreterare');
  }

  // 004: the decision lasts a year; a new assessment is made before it ends (also once it has run out).
  if (statePath.startsWith('pagaende.') && context.decision) {
    add('ny_bedomning', context.decision.validUntil, subtractDays(context.decision.validUntil, periods.newAssessmentBeforeExpiryDays), 'socialsekreterare');
  }

  // 004: "Arbetsmarknadskonsulenten upprättar skyndsamt avslutsdokument" — default 7 days.
  if (statePath.startsWith('avslut.') && context.closing && !context.closing.closingDocumentCreatedOn) {
    add('avslutsdokument', context.closing.announcedOn, addDays(context.closing.announcedOn, periods.closingDocumentDays), 'arbetsmarknadskonsulent');
  }
  return deadlines;
}
