/**
 * Which deadlines a case has now, and when each is due: a pure function of the
 * machine's state and context (process.md "Deadlines and reminders"; Rutin, "Vid
 * pågående insats", "Avslut av insats"). `basis` is what a deadline counts from:
 * when it changes (a follow-up was held, the plan updated, the decision renewed)
 * the old deadline ends and a new one begins.
 */
import { DEFAULT_RENEWAL_WINDOW_DAYS, type AnvisningContext } from '../../machines/anvisning';
import { stockholmDate } from '../../machines/shared/dates';
import { addDays, addMonths, minDate, onOrBeforeWorkingDay, subtractDays } from './working-days';
import type { Enforcement } from '../../machines/shared/traceability';

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

/**
 * Whose period a deadline has (process.md "Deadlines and reminders"): null where Rutin gives it, else a label saying
 * that Stegvis assumes it (Rutin says "skyndsamt" or "senast innan beslutet upphör", never a number of days).
 */
export const DEADLINE_ASSUMPTIONS: Readonly<Record<DeadlineKind, string | null>> = {
  inskrivningsmote: null,
  genomforandeplan_upprattad: 'Antagande: rutinen säger "skyndsamt". Antalet dagar är en inställning i Stegvis.',
  genomforandeplan_uppdaterad: null,
  uppfoljning: 'Delvis antagande: var 3:e månad står i rutinen, men hur många dagar före beslutets slut den sista ska hållas är en inställning i Stegvis.',
  ny_bedomning: 'Antagande: rutinen säger att en ny bedömning ska göras, inte hur långt före beslutets slut. Antalet dagar är en inställning i Stegvis.',
  avslutsdokument: 'Antagande: rutinen säger "skyndsamt". Antalet dagar är en inställning i Stegvis.',
};

export const RENEWAL_WINDOW_ASSUMPTION = 'Antagande: rutinen kräver ett nytt beslut men säger inte hur långt före. Antalet dagar är en inställning i Stegvis, och varje anvisning behåller värdet den skapades med.';
export const ESCALATION_ASSUMPTION = 'Antagande: rutinen har ingen eskalering. Den är Stegvis skyddsnät, inte ett krav i rutinen, och antalet dagar är en inställning.';

/** One line of the process map's deadlines: what is due, when (with the configured periods), and whether that is an assumption. */
export interface ScheduledDeadline {
  kind: DeadlineKind | 'fornyat_beslut' | 'eskalering';
  /** The phase (top-level state) it belongs to; null for the escalation, which follows every deadline. */
  phase: 'inskrivning' | 'pagaende' | 'avslut' | null;
  label: string;
  when: string;
  assumption: string | null;
}

const days = (n: number) => `${n} ${n === 1 ? 'dag' : 'dagar'}`;
const months = (n: number) => `${n} ${n === 1 ? 'månad' : 'månader'}`;

/** The deadlines of the routine as Stegvis is configured, in Swedish, for the process map. */
export function deadlineSchedule(periods: DeadlinePeriods): ScheduledDeadline[] {
  const entry = (kind: DeadlineKind, phase: ScheduledDeadline['phase'], when: string): ScheduledDeadline => ({ kind, phase, label: DEADLINE_LABELS[kind], when, assumption: DEADLINE_ASSUMPTIONS[kind] });
  return [
    entry('inskrivningsmote', 'inskrivning', 'på mötets dag'),
    entry('genomforandeplan_upprattad', 'pagaende', `${days(periods.genomforandeplanDays)} efter insatsens start`),
    entry('genomforandeplan_uppdaterad', 'pagaende', `${months(periods.genomforandeplanUpdateMonths)} efter den senaste planen`),
    entry('uppfoljning', 'pagaende', `${months(periods.followUpMonths)} efter den senaste uppföljningen, och den sista ${days(periods.followUpBeforeExpiryDays)} innan beslutet upphör`),
    entry('ny_bedomning', 'pagaende', `${days(periods.newAssessmentBeforeExpiryDays)} innan beslutet upphör`),
    entry('avslutsdokument', 'avslut', `${days(periods.closingDocumentDays)} efter att avslutet meddelats`),
    // Not a deadline but a period of the same kind: when a renewal (and its samråd med AF) opens.
    {
      kind: 'fornyat_beslut',
      phase: 'pagaende',
      label: 'Förnyat beslut möjligt',
      when: `från ${days(periods.renewalWindowDays)} före beslutets sista dag`,
      assumption: RENEWAL_WINDOW_ASSUMPTION,
    },
    {
      kind: 'eskalering',
      phase: null,
      label: 'Eskalering av försenade steg',
      when: `${days(periods.escalationDays)} efter sista dagen, till 1:e socialsekreteraren eller KC:s samordnare`,
      assumption: ESCALATION_ASSUMPTION,
    },
  ];
}

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
    // Rutin, "Vid pågående insats": "upprättar en genomförandeplan skyndsamt"; the default 14 days are an assumption.
    if (!establishedOn) add('genomforandeplan_upprattad', context.insatsStart, addDays(context.insatsStart, periods.genomforandeplanDays), 'arbetsmarknadskonsulent');
    // Rutin, "Vid pågående insats": "Genomförandeplanen ska uppdateras var 6:e månad".
    else if (lastUpdatedOn) add('genomforandeplan_uppdaterad', lastUpdatedOn, addMonths(lastUpdatedOn, periods.genomforandeplanUpdateMonths), 'arbetsmarknadskonsulent');

    // Rutin, "Vid pågående insats": "kallar till uppföljning var 3:e månad dock alltid senast innan beslutet om insats upphör".
    // A follow-up already held inside that last window has met the cap: it would otherwise be due before it was held.
    const since = context.followUp.lastHeldOn ?? context.insatsStart;
    const cap = context.decision ? subtractDays(context.decision.validUntil, periods.followUpBeforeExpiryDays) : null;
    const every = addMonths(since, periods.followUpMonths);
    add('uppfoljning', since, cap && since < cap ? minDate(every, cap) : every, 'socialsekreterare');
  }

  // Rutin, "Vid pågående insats": the decision lasts a year; a new assessment is made before it ends (also once it has run out).
  if (statePath.startsWith('pagaende.') && context.decision) {
    add('ny_bedomning', context.decision.validUntil, subtractDays(context.decision.validUntil, periods.newAssessmentBeforeExpiryDays), 'socialsekreterare');
  }

  // Rutin, "Avslut av insats": "Arbetsmarknadskonsulenten upprättar skyndsamt avslutsdokument"; the default 7 days are an assumption.
  // The closing steps come in any order: due while the referral is in its closing and the document is missing.
  if (statePath === 'avslut' && context.closing && !context.closing.closingDocumentCreatedOn) {
    add('avslutsdokument', context.closing.announcedOn, addDays(context.closing.announcedOn, periods.closingDocumentDays), 'arbetsmarknadskonsulent');
  }
  return deadlines;
}

/** The process rules this policy enforces (docs/process.md "Deadlines and reminders"; docs/traceability.md). */
export const ENFORCES: Enforcement[] = [
  { rule: 'deadlines.genomforandeplan-skyndsamt', by: 'computeDeadlines' },
  { rule: 'deadlines.genomforandeplan-every-6-months', by: 'computeDeadlines' },
  { rule: 'deadlines.follow-up-every-3-months', by: 'computeDeadlines' },
  { rule: 'deadlines.follow-up-before-expiry', by: 'computeDeadlines' },
  { rule: 'deadlines.new-assessment-before-expiry', by: 'computeDeadlines' },
  { rule: 'deadlines.closing-document-skyndsamt', by: 'computeDeadlines' },
];
