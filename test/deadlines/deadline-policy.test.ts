import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ANVISNING_EVENT_TYPES,
  decideAnvisning,
  startAnvisning,
  statePathOf,
  type AnvisningEvent,
  type AnvisningEventType,
  type AnvisningPayload,
  type AnvisningSnapshot,
} from '../../machines/anvisning';
import type { Role } from '../../machines/shared/roles';
import { loadDeadlinePeriods } from '../../src/deadlines/deadline-config';
import {
  COMPLETED_BY,
  DEADLINE_ASSUMPTIONS,
  DEADLINE_KINDS,
  DEADLINE_LABELS,
  DEFAULT_PERIODS,
  computeDeadlines,
  deadlineSchedule,
  RENEWAL_WINDOW_ASSUMPTION,
  type DeadlinePeriods,
  type DesiredDeadline,
} from '../../src/deadlines/deadline-policy';
import { STEPS_TO_PAGAENDE, samplePayloads, sampleRole } from '../support/anvisning-payloads';

// The sample referral: decision valid 2026-02-01 – 2027-01-31; inskrivningsmöte Tuesday 3 February 2026, 09:00.
const AT = '2026-01-15T10:00:00Z';

interface Step {
  type: AnvisningEventType;
  overrides: object;
  at: string;
}
const step = <T extends AnvisningEventType>(type: T, overrides: Partial<AnvisningPayload<T>> = {}, at = AT): Step => ({ type, overrides, at });

/** Drive the real machine from a new case; a refused event fails the test with the machine's explanation. */
function drive(steps: readonly (AnvisningEventType | Step)[]): AnvisningSnapshot {
  let snapshot = startAnvisning({ protectedIdentity: false });
  for (const item of steps) {
    const { type, overrides, at } = typeof item === 'string' ? step(item) : item;
    const role: Role = sampleRole[type] ?? 'socialsekreterare';
    const event = { type, ...samplePayloads[type], ...overrides, meta: { actorId: 't', role, at } } as AnvisningEvent;
    const decision = decideAnvisning(snapshot, event);
    if (!decision.ok) throw new Error(`${type} refused in ${statePathOf(snapshot)}: ${JSON.stringify(decision.explanation)}`);
    snapshot = decision.snapshot;
  }
  return snapshot;
}

/** The deadlines after these steps, checking first that the case is where the test means it to be. */
function deadlinesIn(state: string, steps: readonly (AnvisningEventType | Step)[], periods: DeadlinePeriods = DEFAULT_PERIODS): DesiredDeadline[] {
  const snapshot = drive(steps);
  expect(statePathOf(snapshot)).toBe(state);
  return computeDeadlines({ statePath: state, context: snapshot.context }, periods);
}

/** Samråd med AF again before a renewal, at a time inside its window. */
const renewalSamrad = (at: string): Step[] => [step('SSBTEK_INFO_RECORDED', {}, at), step('AF_PLAN_CHECKED', { afActivity: 'ingen' }, at), step('AF_NOTIFIED', {}, at)];

const BOOKED = STEPS_TO_PAGAENDE.slice(0, -1);
const UNBOOKED = STEPS_TO_PAGAENDE.slice(0, -2);
const STARTED = STEPS_TO_PAGAENDE;

/** The three deadlines that open when the sample insats starts on 2026-02-03. */
const AT_START: DesiredDeadline[] = [
  { kind: 'genomforandeplan_upprattad', basis: '2026-02-03', dueDate: '2026-02-17', responsibleRole: 'arbetsmarknadskonsulent' },
  // 2026-05-03 is a Sunday and 1 May a holiday: Thursday 30 April (valborgsmässoafton is a working day).
  { kind: 'uppfoljning', basis: '2026-02-03', dueDate: '2026-04-30', responsibleRole: 'socialsekreterare' },
  // validUntil − 30 days = nyårsdagen; nyårsafton is not a working day either.
  { kind: 'ny_bedomning', basis: '2027-01-31', dueDate: '2026-12-30', responsibleRole: 'socialsekreterare' },
];

describe('deadline policy: before the insats', () => {
  it('has none in förberedelse, beslut (though a decision exists) nor before the meeting is booked', () => {
    const states: string[] = [];
    for (let n = 1; n <= UNBOOKED.length; n += 1) {
      const snapshot = drive(UNBOOKED.slice(0, n));
      states.push(statePathOf(snapshot));
      expect(computeDeadlines({ statePath: statePathOf(snapshot), context: snapshot.context }, DEFAULT_PERIODS)).toEqual([]);
    }
    expect(states).toEqual(expect.arrayContaining(['forberedelse.samrad_klart', 'beslut.fattat', 'beslut.kommunicerat', 'inskrivning.ej_bokad']));
  });

  it('has the booked inskrivningsmöte, due on its own date', () => {
    expect(deadlinesIn('inskrivning.bokad', BOOKED)).toEqual([
      { kind: 'inskrivningsmote', basis: '2026-02-03T09:00:00+01:00', dueDate: '2026-02-03', responsibleRole: 'socialsekreterare' },
    ]);
  });

  it('takes the Swedish date of the meeting and does not move it off a non-working day', () => {
    // 22:30 UTC on 18 June is 00:30 on midsommarafton in Göteborg.
    const steps = [...UNBOOKED, step('INSKRIVNING_BOOKED', { at: '2026-06-18T22:30:00Z' })];
    expect(deadlinesIn('inskrivning.bokad', steps)).toEqual([
      { kind: 'inskrivningsmote', basis: '2026-06-18T22:30:00Z', dueDate: '2026-06-19', responsibleRole: 'socialsekreterare' },
    ]);
  });

  it('drops the meeting when missed, gives a rebooked one a new basis, and has none once cancelled', () => {
    const missed = [...BOOKED, 'INSKRIVNING_MISSED'] as const;
    expect(deadlinesIn('inskrivning.missad', missed)).toEqual([]);
    expect(deadlinesIn('inskrivning.bokad', [...missed, 'INSKRIVNING_NEW_TIME_REQUESTED', 'INSKRIVNING_REBOOKED'])).toEqual([
      { kind: 'inskrivningsmote', basis: '2026-02-10T09:00:00+01:00', dueDate: '2026-02-10', responsibleRole: 'socialsekreterare' },
    ]);
    expect(deadlinesIn('avbruten', [...missed, 'UPPDRAG_WITHDRAWN', 'INSKRIVNING_CANCELLED_IN_GWA'])).toEqual([]);
  });

  it('[inskrivning.rescheduled-not-missed] follows a moved meeting to its new day', () => {
    expect(deadlinesIn('inskrivning.bokad', [...BOOKED, step('INSKRIVNING_RESCHEDULED', { at: '2026-02-12T10:00:00+01:00' })])).toEqual([
      { kind: 'inskrivningsmote', basis: '2026-02-12T10:00:00+01:00', dueDate: '2026-02-12', responsibleRole: 'socialsekreterare' },
    ]);
  });
});

describe('deadline policy: pågående insats', () => {
  it('[deadlines.genomforandeplan-skyndsamt] opens the genomförandeplan, the follow-up and the new assessment when the insats starts', () => {
    expect(deadlinesIn('pagaende.aktiv', STARTED)).toEqual(AT_START);
  });

  it('[deadlines.working-day-before] moves due dates on non-working days to the working day before', () => {
    const steps = [...UNBOOKED, step('INSKRIVNING_BOOKED', { at: '2026-06-05T09:00:00+02:00' }), 'INSKRIVNING_HELD'] as const;
    expect(deadlinesIn('pagaende.aktiv', steps).slice(0, 2)).toEqual([
      // 2026-06-19 is midsommarafton: Thursday 18 June.
      { kind: 'genomforandeplan_upprattad', basis: '2026-06-05', dueDate: '2026-06-18', responsibleRole: 'arbetsmarknadskonsulent' },
      // 2026-09-05 is a Saturday.
      { kind: 'uppfoljning', basis: '2026-06-05', dueDate: '2026-09-04', responsibleRole: 'socialsekreterare' },
    ]);
  });

  it('[deadlines.genomforandeplan-every-6-months] asks for the six-monthly update once the plan exists, counted from the last update', () => {
    const established = [...STARTED, step('GENOMFORANDEPLAN_ESTABLISHED', {}, '2026-02-20T09:00:00Z')];
    expect(deadlinesIn('pagaende.aktiv', established)[0]).toEqual({
      kind: 'genomforandeplan_uppdaterad',
      basis: '2026-02-20',
      dueDate: '2026-08-20',
      responsibleRole: 'arbetsmarknadskonsulent',
    });
    const updated = [...established, step('GENOMFORANDEPLAN_UPDATED', {}, '2026-07-01T08:00:00Z')];
    expect(deadlinesIn('pagaende.aktiv', updated).filter((d) => d.kind.startsWith('genomforandeplan'))).toEqual([
      // 2027-01-01 is nyårsdagen and nyårsafton is off: Wednesday 30 December.
      { kind: 'genomforandeplan_uppdaterad', basis: '2026-07-01', dueDate: '2026-12-30', responsibleRole: 'arbetsmarknadskonsulent' },
    ]);
  });

  it('[deadlines.follow-up-every-3-months] counts the follow-up from the last one held: each held follow-up gives a new basis', () => {
    const first = [...STARTED, step('FOLLOW_UP_HELD', { on: '2026-04-28' })];
    const second = [...first, 'FOLLOW_UP_BOOKED', step('FOLLOW_UP_HELD', { on: '2026-07-20' })] as const;
    const followUp = (deadlines: DesiredDeadline[]) => deadlines.find((d) => d.kind === 'uppfoljning');
    expect(followUp(deadlinesIn('pagaende.aktiv', first))).toEqual({
      kind: 'uppfoljning',
      basis: '2026-04-28',
      dueDate: '2026-07-28',
      responsibleRole: 'socialsekreterare',
    });
    expect(followUp(deadlinesIn('pagaende.aktiv', second))).toMatchObject({ basis: '2026-07-20', dueDate: '2026-10-20' });
  });

  it('[deadlines.follow-up-before-expiry] holds the last follow-up before the decision ends: validUntil − 14 days', () => {
    const followUp = (steps: readonly (AnvisningEventType | Step)[]) => deadlinesIn('pagaende.aktiv', steps).find((d) => d.kind === 'uppfoljning');
    // From a held follow-up: 2027-02-10 is after the decision; 2027-01-17 is a Sunday → Friday 15 January.
    expect(followUp([...STARTED, step('FOLLOW_UP_HELD', { on: '2026-11-10' })])).toEqual({
      kind: 'uppfoljning',
      basis: '2026-11-10',
      dueDate: '2027-01-15',
      responsibleRole: 'socialsekreterare',
    });
    // From a late start: 2027-02-20 is capped the same way.
    const lateStart = [...UNBOOKED, step('INSKRIVNING_BOOKED', { at: '2026-11-20T09:00:00+01:00' }), 'INSKRIVNING_HELD'] as const;
    expect(followUp(lateStart)).toMatchObject({ basis: '2026-11-20', dueDate: '2027-01-15' });
    // A follow-up held inside those last 14 days has met the cap: the next is 3 months on, not already overdue.
    expect(followUp([...STARTED, step('FOLLOW_UP_HELD', { on: '2027-01-20' })])).toMatchObject({ basis: '2027-01-20', dueDate: '2027-04-20' });
  });

  it('[deadlines.new-assessment-before-expiry] keeps only the new assessment once the decision has expired, and a renewal gives it a new basis', () => {
    const expired = [...STARTED, step('DECISION_EXPIRED', {}, '2027-02-01T08:00:00Z')];
    expect(deadlinesIn('pagaende.beslut_utgatt', expired)).toEqual([
      { kind: 'ny_bedomning', basis: '2027-01-31', dueDate: '2026-12-30', responsibleRole: 'socialsekreterare' },
    ]);
    const after = '2027-02-02T09:00:00Z';
    const renewed = deadlinesIn('pagaende.aktiv', [...expired, ...renewalSamrad(after), step('DECISION_RENEWED', { decisionDate: '2027-02-03', validFrom: '2027-02-01' }, after)]);
    // New validUntil 2028-01-31; − 30 days = nyårsdagen 2028 (Saturday), past nyårsafton: Thursday 30 December 2027.
    expect(renewed.find((d) => d.kind === 'ny_bedomning')).toEqual({
      kind: 'ny_bedomning',
      basis: '2028-01-31',
      dueDate: '2027-12-30',
      responsibleRole: 'socialsekreterare',
    });
  });

  it('renews ahead of time without leaving pågående: same new basis', () => {
    // Inside the renewal window (from 2026-12-02), after samråd med AF again (process.md §4).
    const inWindow = '2026-12-10T09:00:00Z';
    const renewed = deadlinesIn('pagaende.aktiv', [...STARTED, ...renewalSamrad(inWindow), step('DECISION_RENEWED', {}, inWindow)]);
    expect(renewed.find((d) => d.kind === 'ny_bedomning')).toMatchObject({ basis: '2028-01-31', dueDate: '2027-12-30' });
  });
});

describe('deadline policy: avslut', () => {
  it('[deadlines.closing-document-skyndsamt] asks for the closing document within 7 days of the announcement, and nothing else', () => {
    expect(deadlinesIn('avslut', [...STARTED, step('CLOSING_ANNOUNCED', {}, '2026-09-10T10:00:00Z')])).toEqual([
      { kind: 'avslutsdokument', basis: '2026-09-10', dueDate: '2026-09-17', responsibleRole: 'arbetsmarknadskonsulent' },
    ]);
  });

  it('[avslut.closing-steps-any-order] runs the closing document from the announcement whatever order the other closing steps come in, and ends it when the document is made', () => {
    const announced = [...STARTED, step('CLOSING_ANNOUNCED', { selfSufficient: false, reason: 'flytt' }, '2026-12-17T10:00:00Z')];
    // 2026-12-24 is julafton: Wednesday 23 December.
    const closingDocument = [{ kind: 'avslutsdokument', basis: '2026-12-17', dueDate: '2026-12-23', responsibleRole: 'arbetsmarknadskonsulent' }];
    expect(deadlinesIn('avslut', announced)).toEqual(closingDocument);
    // The closings in Treserva and GWA and the meeting's reason first: the document is still due, from the announcement.
    const othersFirst = [...announced, 'INSATS_CLOSED', 'GWA_CLOSED', 'THREE_PARTY_MEETING_NOT_HELD'] as const;
    expect(deadlinesIn('avslut', othersFirst)).toEqual(closingDocument);
    expect(deadlinesIn('avslutad', [...othersFirst, 'CLOSING_DOCUMENT_CREATED'])).toEqual([]);
    // The document first: nothing more is due while the meeting and the closings follow.
    const documented = [...announced, 'CLOSING_DOCUMENT_CREATED'] as const;
    expect(deadlinesIn('avslut', documented)).toEqual([]);
    expect(deadlinesIn('avslutad', [...documented, 'THREE_PARTY_MEETING_HELD', 'GWA_CLOSED', 'INSATS_CLOSED'])).toEqual([]);
  });

  it('gives the insats its deadlines back, with the same bases, when the closing is withdrawn', () => {
    expect(deadlinesIn('pagaende.aktiv', [...STARTED, 'CLOSING_ANNOUNCED', 'CLOSING_WITHDRAWN'])).toEqual(AT_START);
  });
});

describe('deadline policy: configured periods', () => {
  const custom: DeadlinePeriods = {
    genomforandeplanDays: 10,
    genomforandeplanUpdateMonths: 3,
    followUpMonths: 2,
    followUpBeforeExpiryDays: 20,
    newAssessmentBeforeExpiryDays: 60,
    closingDocumentDays: 3,
    escalationDays: 1,
    reminderWorkingDaysBefore: 1,
    renewalWindowDays: 45,
  };

  it('uses every period it is given', () => {
    expect(deadlinesIn('pagaende.aktiv', STARTED, custom).map((d) => [d.kind, d.dueDate])).toEqual([
      ['genomforandeplan_upprattad', '2026-02-13'],
      ['uppfoljning', '2026-04-02'], // 2026-04-03 is långfredagen
      ['ny_bedomning', '2026-12-02'],
    ]);
    const later = [...STARTED, step('GENOMFORANDEPLAN_ESTABLISHED', {}, '2026-02-20T09:00:00Z'), step('FOLLOW_UP_HELD', { on: '2026-11-20' })];
    expect(deadlinesIn('pagaende.aktiv', later, custom).map((d) => [d.kind, d.dueDate])).toEqual([
      ['genomforandeplan_uppdaterad', '2026-05-20'],
      ['uppfoljning', '2027-01-11'], // capped at validUntil − 20 days
      ['ny_bedomning', '2026-12-02'],
    ]);
    const closing = [...STARTED, step('CLOSING_ANNOUNCED', {}, '2026-09-10T10:00:00Z')];
    expect(deadlinesIn('avslut', closing, custom).map((d) => d.dueDate)).toEqual(['2026-09-11']); // 13th is a Sunday
  });

  it('takes periods from the environment', () => {
    const periods = loadDeadlinePeriods({ DEADLINE_GENOMFORANDEPLAN_DAYS: '7', DEADLINE_FOLLOW_UP_MONTHS: '1' });
    expect(deadlinesIn('pagaende.aktiv', STARTED, periods).slice(0, 2).map((d) => d.dueDate)).toEqual(['2026-02-10', '2026-03-03']);
  });
});

describe('loadDeadlinePeriods', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('defaults to process.md’s periods, frozen', () => {
    const periods = loadDeadlinePeriods({});
    expect(periods).toEqual({
      genomforandeplanDays: 14,
      genomforandeplanUpdateMonths: 6,
      followUpMonths: 3,
      followUpBeforeExpiryDays: 14,
      newAssessmentBeforeExpiryDays: 30,
      closingDocumentDays: 7,
      escalationDays: 7,
      reminderWorkingDaysBefore: 3,
      renewalWindowDays: 60,
    });
    expect(DEFAULT_PERIODS).toEqual(periods);
    expect(Object.isFrozen(periods)).toBe(true);
  });

  it('reads each variable into its own period; empty means the default', () => {
    expect(
      loadDeadlinePeriods({
        DEADLINE_GENOMFORANDEPLAN_DAYS: '21',
        DEADLINE_GENOMFORANDEPLAN_UPDATE_MONTHS: '4',
        DEADLINE_FOLLOW_UP_MONTHS: '2',
        DEADLINE_FOLLOW_UP_BEFORE_EXPIRY_DAYS: '10',
        DEADLINE_NEW_ASSESSMENT_BEFORE_EXPIRY_DAYS: '45',
        DEADLINE_CLOSING_DOCUMENT_DAYS: ' 5 ',
        DEADLINE_ESCALATION_DAYS: '',
        REMINDER_WORKING_DAYS_BEFORE: '1',
        RENEWAL_WINDOW_DAYS: '90',
      }),
    ).toEqual({
      genomforandeplanDays: 21,
      genomforandeplanUpdateMonths: 4,
      followUpMonths: 2,
      followUpBeforeExpiryDays: 10,
      newAssessmentBeforeExpiryDays: 45,
      closingDocumentDays: 5,
      escalationDays: 7,
      reminderWorkingDaysBefore: 1,
      renewalWindowDays: 90,
    });
  });

  it('reads process.env by default', () => {
    vi.stubEnv('DEADLINE_FOLLOW_UP_MONTHS', '2');
    expect(loadDeadlinePeriods().followUpMonths).toBe(2);
  });

  it('refuses anything but a positive whole number, naming every bad variable at once', () => {
    const bad = {
      DEADLINE_GENOMFORANDEPLAN_DAYS: '-3',
      DEADLINE_FOLLOW_UP_MONTHS: '0',
      DEADLINE_CLOSING_DOCUMENT_DAYS: '7.5',
      DEADLINE_ESCALATION_DAYS: 'soon',
      REMINDER_WORKING_DAYS_BEFORE: '1e2',
    };
    let message = '';
    try {
      loadDeadlinePeriods({ ...bad, DEADLINE_NEW_ASSESSMENT_BEFORE_EXPIRY_DAYS: '30' });
    } catch (error) {
      message = (error as Error).message;
    }
    for (const name of Object.keys(bad)) expect(message).toContain(name);
    expect(message).not.toContain('DEADLINE_NEW_ASSESSMENT_BEFORE_EXPIRY_DAYS');
  });
});

describe('deadline vocabulary', () => {
  it('says which events complete each kind, all of them real event types', () => {
    expect(COMPLETED_BY).toEqual({
      inskrivningsmote: ['INSKRIVNING_HELD', 'INSKRIVNING_MISSED'],
      genomforandeplan_upprattad: ['GENOMFORANDEPLAN_ESTABLISHED'],
      genomforandeplan_uppdaterad: ['GENOMFORANDEPLAN_UPDATED'],
      uppfoljning: ['FOLLOW_UP_HELD'],
      ny_bedomning: ['DECISION_RENEWED', 'CLOSING_ANNOUNCED'],
      avslutsdokument: ['CLOSING_DOCUMENT_CREATED'],
    });
    for (const types of Object.values(COMPLETED_BY)) expect(ANVISNING_EVENT_TYPES).toEqual(expect.arrayContaining([...types]));
  });

  it('has a Swedish label for every kind', () => {
    expect(Object.keys(DEADLINE_LABELS).sort()).toEqual([...DEADLINE_KINDS].sort());
    expect(DEADLINE_LABELS.genomforandeplan_upprattad).toBe('Genomförandeplan ska upprättas');
    for (const kind of DEADLINE_KINDS) expect(DEADLINE_LABELS[kind].length).toBeGreaterThan(0);
  });

  it('labels as assumptions exactly the periods the routine does not give (it says "skyndsamt" or "senast innan beslutet upphör")', () => {
    const assumed = DEADLINE_KINDS.filter((kind) => DEADLINE_ASSUMPTIONS[kind] !== null);
    expect(assumed).toEqual(['genomforandeplan_upprattad', 'uppfoljning', 'ny_bedomning', 'avslutsdokument']);
    for (const kind of assumed) expect(DEADLINE_ASSUMPTIONS[kind]).toMatch(/^(Delvis a|A)ntagande: /);
  });

  it('[deadlines.overdue-escalation] shows the process map the configured periods, the escalation as Stegvis’s safety net', () => {
    const schedule = deadlineSchedule({ ...DEFAULT_PERIODS, genomforandeplanDays: 10, escalationDays: 1 });
    const byKind = Object.fromEntries(schedule.map((entry) => [entry.kind, entry]));
    expect(byKind.genomforandeplan_upprattad).toEqual({
      kind: 'genomforandeplan_upprattad',
      phase: 'pagaende',
      label: 'Genomförandeplan ska upprättas',
      when: '10 dagar efter insatsens start',
      assumption: DEADLINE_ASSUMPTIONS.genomforandeplan_upprattad,
    });
    expect(byKind.genomforandeplan_uppdaterad?.assumption).toBeNull();
    expect(byKind.eskalering?.when).toBe('1 dag efter sista dagen, till 1:e socialsekreteraren eller KC:s samordnare');
    expect(byKind.eskalering?.assumption).toContain('rutinen har ingen eskalering');
    expect(schedule.map((entry) => entry.kind)).toEqual([...DEADLINE_KINDS, 'fornyat_beslut', 'eskalering']);
  });

  it('[beslut.renewal-window] shows the process map when a renewal opens, with the configured days, as an assumption', () => {
    const renewal = deadlineSchedule({ ...DEFAULT_PERIODS, renewalWindowDays: 45 }).find((entry) => entry.kind === 'fornyat_beslut');
    expect(renewal).toEqual({ kind: 'fornyat_beslut', phase: 'pagaende', label: 'Förnyat beslut möjligt', when: 'från 45 dagar före beslutets sista dag', assumption: RENEWAL_WINDOW_ASSUMPTION });
    expect(RENEWAL_WINDOW_ASSUMPTION).toMatch(/^Antagande: /);
  });
});
