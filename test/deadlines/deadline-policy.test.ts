import { describe, expect, it } from 'vitest';
import { decideAnvisning, startAnvisning, statePathOf, type AnvisningEvent, type AnvisningEventType, type AnvisningPayload, type AnvisningSnapshot } from '../../machines/anvisning';
import type { Role } from '../../machines/shared/roles';
import { loadDeadlinePeriods } from '../../src/deadlines/deadline-config';
import { DEFAULT_PERIODS, computeDeadlines } from '../../src/deadlines/deadline-policy';
import { STEPS_TO_PAGAENDE, samplePayloads, sampleRole } from '../support/anvisning-payloads';

/** Drive the real machine; each step at the given instant. */
function drive(steps: [AnvisningEventType, Partial<AnvisningPayload<AnvisningEventType>>?, string?][]): AnvisningSnapshot {
  let snapshot = startAnvisning({ protectedIdentity: false });
  for (const [type, overrides = {}, at = '2026-01-15T10:00:00Z'] of steps) {
    const role: Role = sampleRole[type] ?? 'socialsekreterare';
    const event = { type, ...samplePayloads[type], ...overrides, meta: { actorId: 't', role, at } } as AnvisningEvent;
    const decision = decideAnvisning(snapshot, event);
    if (!decision.ok) throw new Error(`${type}: ${decision.explanation.join('; ')}`);
    snapshot = decision.snapshot;
  }
  return snapshot;
}

const deadlinesOf = (snapshot: AnvisningSnapshot, periods = DEFAULT_PERIODS) =>
  computeDeadlines({ statePath: statePathOf(snapshot), context: snapshot.context }, periods).map(({ kind, basis, dueDate, responsibleRole }) => ({ kind, basis, dueDate, responsibleRole }));

const toInsats = STEPS_TO_PAGAENDE.slice(0, -2).map((type) => [type] as [AnvisningEventType]);
// Decision valid 2026-02-01 – 2027-01-31; meeting Tuesday 3 February 2026, 09:00 Swedish time.

describe('the deadlines of a referral', () => {
  it('has none before the inskrivningsmöte is booked, then the meeting on its own date', () => {
    expect(deadlinesOf(drive(toInsats))).toEqual([]);
    expect(deadlinesOf(drive([...toInsats, ['INSKRIVNING_BOOKED']]))).toEqual([
      { kind: 'inskrivningsmote', basis: '2026-02-03T09:00:00+01:00', dueDate: '2026-02-03', responsibleRole: 'socialsekreterare' },
    ]);
  });

  it('opens the genomförandeplan, the follow-up and the new assessment when the insats starts', () => {
    expect(deadlinesOf(drive([...toInsats, ['INSKRIVNING_BOOKED'], ['INSKRIVNING_HELD']]))).toEqual([
      { kind: 'genomforandeplan_upprattad', basis: '2026-02-03', dueDate: '2026-02-17', responsibleRole: 'arbetsmarknadskonsulent' },
      // 3 May 2026 is a Sunday and 1 May a holiday: Thursday 30 April.
      { kind: 'uppfoljning', basis: '2026-02-03', dueDate: '2026-04-30', responsibleRole: 'socialsekreterare' },
      // validUntil 2027-01-31 − 30 days = nyårsdagen; nyårsafton is not a working day either.
      { kind: 'ny_bedomning', basis: '2027-01-31', dueDate: '2026-12-30', responsibleRole: 'socialsekreterare' },
    ]);
  });

  it('moves to the six-monthly update once the plan exists, and counts the follow-up from the last one held', () => {
    const snapshot = drive([
      ...toInsats,
      ['INSKRIVNING_BOOKED'],
      ['INSKRIVNING_HELD'],
      ['GENOMFORANDEPLAN_ESTABLISHED', {}, '2026-02-20T09:00:00Z'],
      ['FOLLOW_UP_HELD', { on: '2026-04-28' }],
    ]);
    expect(deadlinesOf(snapshot).slice(0, 2)).toEqual([
      { kind: 'genomforandeplan_uppdaterad', basis: '2026-02-20', dueDate: '2026-08-20', responsibleRole: 'arbetsmarknadskonsulent' },
      { kind: 'uppfoljning', basis: '2026-04-28', dueDate: '2026-07-28', responsibleRole: 'socialsekreterare' },
    ]);
  });

  it('holds the last follow-up before the decision ends (validUntil − 14 days)', () => {
    const snapshot = drive([...toInsats, ['INSKRIVNING_BOOKED'], ['INSKRIVNING_HELD'], ['FOLLOW_UP_BOOKED'], ['FOLLOW_UP_HELD', { on: '2026-11-10' }]]);
    // 2027-02-10 would be after the decision; 2027-01-17 is a Sunday → Friday 15 January.
    expect(deadlinesOf(snapshot).find((d) => d.kind === 'uppfoljning')?.dueDate).toBe('2027-01-15');
  });

  it('gives the new assessment a new basis when the decision is renewed', () => {
    const snapshot = drive([...toInsats, ['INSKRIVNING_BOOKED'], ['INSKRIVNING_HELD'], ['DECISION_RENEWED', { decisionDate: '2027-01-10', validFrom: '2027-02-01' }]]);
    expect(deadlinesOf(snapshot).find((d) => d.kind === 'ny_bedomning')).toEqual({
      kind: 'ny_bedomning',
      basis: '2028-01-31',
      dueDate: '2027-12-30', // 2028-01-31 − 30 days = nyårsdagen; nyårsafton is not a working day either
      responsibleRole: 'socialsekreterare',
    });
  });

  it('asks for the closing document within 7 days of the announcement, and has nothing once ended', () => {
    const announced = drive([...toInsats, ['INSKRIVNING_BOOKED'], ['INSKRIVNING_HELD'], ['CLOSING_ANNOUNCED', {}, '2026-09-10T10:00:00Z']]);
    expect(deadlinesOf(announced)).toEqual([
      { kind: 'avslutsdokument', basis: '2026-09-10', dueDate: '2026-09-17', responsibleRole: 'arbetsmarknadskonsulent' },
    ]);
    const ended = drive([...toInsats, ['INSKRIVNING_BOOKED'], ['INSKRIVNING_HELD'], ['CLOSING_ANNOUNCED'], ['CLOSING_DOCUMENT_CREATED'], ['INSATS_CLOSED'], ['GWA_CLOSED']]);
    expect(deadlinesOf(ended)).toEqual([]);
  });

  it('keeps only the new assessment once the decision has expired', () => {
    const expired = drive([...toInsats, ['INSKRIVNING_BOOKED'], ['INSKRIVNING_HELD'], ['DECISION_EXPIRED', {}, '2027-02-02T08:00:00Z']]);
    expect(deadlinesOf(expired).map((d) => d.kind)).toEqual(['ny_bedomning']);
  });

  it('honours configured periods', () => {
    const periods = loadDeadlinePeriods({ DEADLINE_GENOMFORANDEPLAN_DAYS: '7', DEADLINE_FOLLOW_UP_MONTHS: '1' });
    const started = drive([...toInsats, ['INSKRIVNING_BOOKED'], ['INSKRIVNING_HELD']]);
    expect(deadlinesOf(started, periods).slice(0, 2).map((d) => d.dueDate)).toEqual(['2026-02-10', '2026-03-03']);
    expect(() => loadDeadlinePeriods({ DEADLINE_ESCALATION_DAYS: 'soon' })).toThrow(/DEADLINE_ESCALATION_DAYS/);
  });
});
