/**
 * The statistics' pure parts (src/statistics) on crafted histories: kön and age from the
 * personnummer, the histories of machine versions 1 and 2, and small-cell suppression with the
 * derivation attack (a public total minus the visible cells must never give a suppressed cell).
 */
import fc from 'fast-check';
import Personnummer from 'personnummer';
import { describe, expect, it } from 'vitest';
import { ageBandOf, ageOn, birthDateOf, computeRows, konOf, median, percentile, type GroupDimension, type ReferralHistory } from '../../src/statistics/measures';
import { DEFAULT_AGE_BANDS, loadStatisticsConfig, parseAgeBands } from '../../src/statistics/statistics-config';
import { csvField, statisticsOf, toCsv, ZStatisticsQuery } from '../../src/statistics/statistics-service';
import type { StatisticsRow } from '../../src/statistics/suppression';

const BANDS = parseAgeBands(DEFAULT_AGE_BANDS);
const ev = (type: string, at: string, payload: object = {}) => ({ type, payload, occurredAt: new Date(at) });
/** A valid personnummer born on `birth` whose ninth digit (of the ten-digit form) is `konDigit`. */
const pnr = (birth: string, konDigit: number) => {
  const base = `${birth.replaceAll('-', '')}01${konDigit}`;
  return base + [...'0123456789'].find((check) => Personnummer.valid(base + check))!;
};
const referral = (personnummer: string, createdAt: string, events: ReturnType<typeof ev>[] = [], status: ReferralHistory['status'] = 'active'): ReferralHistory => ({
  personnummer,
  createdAt: new Date(createdAt),
  status,
  events: [ev('CASE_CREATED', createdAt), ...events],
});
const options = (groupBy: GroupDimension[] = [], period: 'month' | 'quarter' | 'year' = 'month') => ({ from: '2026-01-01', to: '2026-12-31', period, groupBy, ageBands: BANDS });
const valueIn = (rows: readonly { period: string; cells: Map<string, unknown> }[], period: string, measure: string) => rows.find((row) => row.period === period)!.cells.get(measure as never);

describe('kön and age from the personnummer', () => {
  it('reads kön from the ninth digit of the ten-digit form (even: kvinna), the birth date also from a samordningsnummer', () => {
    expect(konOf(pnr('1990-05-05', 2))).toBe('kvinna');
    expect(konOf(pnr('1990-05-05', 7))).toBe('man');
    expect(birthDateOf('199005650024')).toBe('1990-05-05');
    expect(ageOn('1990-05-05', '2026-05-04')).toBe(35);
    expect(ageOn('1990-05-05', '2026-05-05')).toBe(36);
    expect(ageBandOf(17, BANDS)).toBe('0-17');
    expect(ageBandOf(24, BANDS)).toBe('18-24');
    expect(ageBandOf(25, BANDS)).toBe('25-29');
    expect(ageBandOf(90, BANDS)).toBe('50-');
  });

  it('takes the bands and the threshold from configuration, and refuses bands with gaps or without an open end', () => {
    expect(loadStatisticsConfig({ STATISTICS_AGE_BANDS: '16-29,30-', STATISTICS_SUPPRESSION_THRESHOLD: '10' })).toEqual({
      suppressionThreshold: 10,
      ageBands: [
        { label: '16-29', min: 16, max: 29 },
        { label: '30-', min: 30, max: null },
      ],
    });
    expect(loadStatisticsConfig({ STATISTICS_SUPPRESSION_THRESHOLD: '' }).suppressionThreshold).toBe(5);
    for (const bands of ['18-24,26-', '18-24,25-29', '18-,25-', 'x', '24-18,25-']) expect(() => parseAgeBands(bands), bands).toThrow(/STATISTICS_AGE_BANDS/);
    for (const threshold of ['0', '-1', '2.5', '1e3', 'fem']) expect(() => loadStatisticsConfig({ STATISTICS_SUPPRESSION_THRESHOLD: threshold }), threshold).toThrow(/STATISTICS_SUPPRESSION_THRESHOLD/);
  });
});

describe('the measures of stored histories of every machine version', () => {
  it('reads version 1 and 2: INSKRIVNING_CANCELLED ends without inskrivning, an AF check with plannedAfActivity counts as an AF activity', () => {
    const v2 = referral(pnr('1990-01-01', 2), '2026-01-10T09:00:00Z', [
      ev('DECISION_MADE', '2026-01-12T09:00:00Z', { decisionDate: '2026-01-12', validFrom: '2026-02-01' }),
      ev('UPPDRAG_SENT', '2026-01-14T09:00:00Z'),
      ev('INSKRIVNING_MISSED', '2026-02-02T09:00:00Z'),
      ev('INSKRIVNING_CANCELLED', '2026-02-03T09:00:00Z', { reason: 'x' }),
    ], 'avbruten');
    const v1 = referral(pnr('1990-01-01', 4), '2026-01-10T09:00:00Z', [ev('AF_PLAN_CHECKED', '2026-01-11T09:00:00Z', { plannedAfActivity: true })], 'avbruten');
    const rows = computeRows([v1, v2], options());
    expect(valueIn(rows, '2026-01', 'waitingOnAfActivity')).toEqual({ kind: 'count', value: 1, people: 1 });
    expect(valueIn(rows, '2026-02', 'endedWithoutInskrivning')).toEqual({ kind: 'count', value: 1, people: 1 });
    expect(valueIn(rows, '2026-02', 'shareEndedWithoutInskrivning')).toEqual({ kind: 'share', hits: 1, items: 1, people: 1 });
    expect(valueIn(rows, '2026-01', 'daysCreatedToDecision')).toEqual({ kind: 'duration', values: [2] });
  });

  it('closes with the reason of the closing that stood (one withdrawn before it does not count), in the month of the last closing step', () => {
    const closed = referral(pnr('1980-03-03', 1), '2026-01-10T09:00:00Z', [
      ev('CLOSING_ANNOUNCED', '2026-05-01T09:00:00Z', { reason: 'flytt', selfSufficient: false }),
      ev('CLOSING_WITHDRAWN', '2026-05-02T09:00:00Z', { reason: 'x' }),
      ev('CLOSING_ANNOUNCED', '2026-05-30T09:00:00Z', { reason: 'studier', selfSufficient: true }),
      ev('CLOSING_DOCUMENT_CREATED', '2026-05-31T09:00:00Z'),
      ev('INSATS_CLOSED', '2026-06-01T09:00:00Z'),
      ev('GWA_CLOSED', '2026-06-02T09:00:00Z'),
    ], 'avslutad');
    const rows = computeRows([closed], options());
    expect(valueIn(rows, '2026-06', 'closings')).toMatchObject({ value: 1 });
    expect(valueIn(rows, '2026-06', 'closingsByReason.studier')).toMatchObject({ value: 1 });
    expect(valueIn(rows, '2026-06', 'closingsByReason.flytt')).toMatchObject({ value: 0 });
    expect(valueIn(rows, '2026-05', 'closings')).toMatchObject({ value: 0 });
    expect(valueIn(rows, '2026-06', 'shareClosedSelfSufficient')).toEqual({ kind: 'share', hits: 1, items: 1, people: 1 });
  });

  it('counts a person once per cell, events where the measure is of events (two missed inskrivningar)', () => {
    const twice = referral(pnr('1980-03-03', 1), '2026-01-10T09:00:00Z', [ev('INSKRIVNING_MISSED', '2026-02-02T09:00:00Z'), ev('INSKRIVNING_MISSED', '2026-02-20T09:00:00Z'), ev('KC_CONSENT_DECLINED', '2026-02-03T09:00:00Z'), ev('KC_CONSENT_DECLINED', '2026-02-04T09:00:00Z')]);
    const rows = computeRows([twice], options());
    expect(valueIn(rows, '2026-02', 'inskrivningarMissed')).toEqual({ kind: 'count', value: 2, people: 1 });
    expect(valueIn(rows, '2026-02', 'consentsDeclined')).toEqual({ kind: 'count', value: 1, people: 1 });
  });

  it('reads the stored deadlines: done on time, done late, cancelled before or after the due day, not yet due, escalated', () => {
    const deadline = (kind: string, dueDate: string, status: 'open' | 'done' | 'overdue' | 'cancelled', closedAt: string | null, escalatedAt: string | null = null) => ({
      kind,
      dueDate,
      status,
      closedAt: closedAt ? new Date(closedAt) : null,
      escalatedAt: escalatedAt ? new Date(escalatedAt) : null,
    });
    const withDeadlines: ReferralHistory = {
      ...referral(pnr('1980-03-03', 1), '2026-01-10T09:00:00Z'),
      deadlines: [
        deadline('uppfoljning', '2026-04-10', 'done', '2026-04-10T15:00:00Z'), // on time
        deadline('uppfoljning', '2026-04-20', 'done', '2026-04-22T09:00:00Z'), // late
        deadline('genomforandeplan_upprattad', '2026-04-05', 'cancelled', '2026-04-01T09:00:00Z'), // no longer needed
        deadline('genomforandeplan_uppdaterad', '2026-04-07', 'cancelled', '2026-04-30T09:00:00Z'), // missed, then cancelled
        deadline('genomforandeplan_uppdaterad', '2026-04-28', 'overdue', null, '2026-05-06T05:00:00Z'), // still not done, escalated
        deadline('uppfoljning', '2026-04-30', 'open', null), // not due yet on 30 April
      ],
    };
    const rows = computeRows([withDeadlines], { ...options(), today: '2026-04-30' });
    expect(valueIn(rows, '2026-04', 'shareFollowUpsOnTime')).toEqual({ kind: 'share', hits: 1, items: 2, people: 1 });
    expect(valueIn(rows, '2026-04', 'shareGenomforandeplanOnTime')).toEqual({ kind: 'share', hits: 0, items: 2, people: 1 });
    expect(valueIn(rows, '2026-04', 'overdueSteps')).toEqual({ kind: 'count', value: 3, people: 1 });
    expect(valueIn(rows, '2026-05', 'escalations')).toEqual({ kind: 'count', value: 1, people: 1 });
  });

  it('reads the bedömningsstöd: the track chosen, and whether it followed the indication of the last completed initial part', () => {
    const keyScores = (score: number) => ({ halsa: score, arbetsformaga: score, energiMotivation: score, kommunikation: score });
    const assessment = {
      personnummer: pnr('1990-01-01', 2),
      events: [
        ev('INLEDANDE_COMPLETED', '2026-02-01T09:00:00Z', { keyScores: keyScores(1) }),
        ev('INRIKTNING_CHOSEN', '2026-02-02T09:00:00Z', { tracks: ['rehab'] }), // follows: rehab indicated
        ev('INLEDANDE_COMPLETED', '2026-02-10T09:00:00Z', { keyScores: keyScores(5) }),
        ev('INRIKTNING_CHOSEN', '2026-02-11T09:00:00Z', { tracks: ['rehab', 'arbetsmarknad'], reasonAgainstIndication: 'x' }), // against: arbetsmarknad indicated
      ],
    };
    const rows = computeRows([], { ...options(), assessments: [assessment] });
    // Progression: 1 → 5 on every key question between the two initial parts, in February.
    expect(valueIn(rows, '2026-02', 'progression.halsa')).toEqual({ kind: 'average', values: [4], people: 1 });
    expect(valueIn(rows, '2026-02', 'progression.kommunikation')).toEqual({ kind: 'average', values: [4], people: 1 });
    expect(valueIn(rows, '2026-02', 'tracksChosen.rehab')).toEqual({ kind: 'count', value: 1, people: 1 });
    expect(valueIn(rows, '2026-02', 'tracksChosen.bada')).toEqual({ kind: 'count', value: 1, people: 1 });
    expect(valueIn(rows, '2026-02', 'shareChoicesFollowingIndication')).toEqual({ kind: 'share', hits: 1, items: 2, people: 1 });
  });

  it('puts a referral in the track standing when its uppdrag was sent, else at its first decision, else at its creation; a new cycle clears the choice', () => {
    const chose = (at: string, tracks: string[]) => ev('INRIKTNING_CHOSEN', at, { tracks });
    const withChoices = (r: ReferralHistory, choices: ReturnType<typeof ev>[]): ReferralHistory => ({ ...r, choices });
    const decided = ev('DECISION_MADE', '2026-03-05T09:00:00Z', { decisionDate: '2026-03-05', validFrom: '2026-04-01' });
    const sent = ev('UPPDRAG_SENT', '2026-03-10T09:00:00Z');
    const people = [
      // rehab chosen before the uppdrag: rehab.
      withChoices(referral(pnr('1990-01-01', 2), '2026-03-02T09:00:00Z', [decided, sent]), [chose('2026-02-01T09:00:00Z', ['rehab'])]),
      // rehab at the decision, both by the uppdrag: the uppdrag decides (bada).
      withChoices(referral(pnr('1990-01-01', 2), '2026-03-02T09:00:00Z', [decided, sent]), [chose('2026-02-01T09:00:00Z', ['rehab']), chose('2026-03-07T09:00:00Z', ['rehab', 'arbetsmarknad'])]),
      // arbetsmarknad chosen, then a new cycle started before the uppdrag: no choice standing (ingen).
      withChoices(referral(pnr('1990-01-01', 2), '2026-03-02T09:00:00Z', [decided, sent]), [chose('2026-02-01T09:00:00Z', ['arbetsmarknad']), ev('INLEDANDE_STARTED', '2026-03-08T09:00:00Z')]),
      // decided, never sent, the choice made after the decision: ingen.
      withChoices(referral(pnr('1990-01-01', 2), '2026-03-02T09:00:00Z', [decided]), [chose('2026-03-06T09:00:00Z', ['arbetsmarknad'])]),
      // never decided: the choice standing at its creation (arbetsmarknad).
      withChoices(referral(pnr('1990-01-01', 2), '2026-03-02T09:00:00Z'), [chose('2026-01-20T09:00:00Z', ['arbetsmarknad'])]),
      // no bedömningsstöd at all: ingen.
      referral(pnr('1990-01-01', 2), '2026-03-02T09:00:00Z', [decided, sent]),
    ];
    const rows = computeRows(people, options(['track']));
    const created = (track: string) => (rows.find((row) => row.period === '2026-03' && row.group.track === track)!.cells.get('referralsCreated') as { value: number }).value;
    expect(['arbetsmarknad', 'rehab', 'bada', 'ingen'].map(created)).toEqual([1, 1, 1, 3]);
    // With kön: every woman here, in the same tracks; the men's cells are empty.
    const byKonTrack = computeRows(people, options(['kon', 'track']));
    expect(byKonTrack.filter((row) => row.period === '2026-03').map((row) => [row.group.kon, row.group.track, (row.cells.get('decisions') as { value: number }).value])).toEqual([
      ['kvinna', 'arbetsmarknad', 0],
      ['kvinna', 'rehab', 1],
      ['kvinna', 'bada', 1],
      ['kvinna', 'ingen', 3],
      ['man', 'arbetsmarknad', 0],
      ['man', 'rehab', 0],
      ['man', 'bada', 0],
      ['man', 'ingen', 0],
    ]);
  });

  it('counts a bedömningsstöd’s choice in its own track, and its progression in the track chosen between the two initial parts', () => {
    const keyScores = (score: number) => ({ halsa: score, arbetsformaga: score, energiMotivation: score, kommunikation: score });
    const assessment = {
      personnummer: pnr('1990-01-01', 2),
      events: [
        ev('INLEDANDE_COMPLETED', '2026-02-01T09:00:00Z', { keyScores: keyScores(2) }),
        ev('INRIKTNING_CHOSEN', '2026-02-02T09:00:00Z', { tracks: ['rehab'] }),
        ev('INLEDANDE_COMPLETED', '2026-02-20T09:00:00Z', { keyScores: keyScores(4) }),
        ev('INRIKTNING_CHOSEN', '2026-02-21T09:00:00Z', { tracks: ['arbetsmarknad'] }),
      ],
    };
    const rows = computeRows([], { ...options(['track']), assessments: [assessment] });
    const at = (track: string, measure: string) => rows.find((row) => row.period === '2026-02' && row.group.track === track)!.cells.get(measure as never);
    expect(at('rehab', 'tracksChosen.rehab')).toEqual({ kind: 'count', value: 1, people: 1 });
    expect(at('arbetsmarknad', 'tracksChosen.arbetsmarknad')).toEqual({ kind: 'count', value: 1, people: 1 });
    expect(at('rehab', 'progression.halsa')).toEqual({ kind: 'average', values: [2], people: 1 });
    expect(at('arbetsmarknad', 'progression.halsa')).toEqual({ kind: 'average', values: [], people: 0 });
    expect(at('ingen', 'tracksChosen.rehab')).toEqual({ kind: 'count', value: 0, people: 0 });
  });

  it('takes a Swedish calendar day: an event at 23:30 UTC on 31 January is in February', () => {
    const late = referral(pnr('1980-03-03', 1), '2026-01-31T23:30:00Z');
    expect(valueIn(computeRows([late], options()), '2026-02', 'referralsCreated')).toMatchObject({ value: 1 });
  });

  it('computes the median and the 90th percentile (nearest rank)', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([1, 2, 3, 10])).toBe(2.5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(percentile([7], 0.9)).toBe(7);
  });
});

/** n referrals created on `day` by people of the given kön digit and birth date. */
const many = (n: number, day: string, konDigit: number, birth: string) => Array.from({ length: n }, () => referral(pnr(birth, konDigit), `${day}T09:00:00Z`));
type Range = { from: string; to: string; period: 'month' | 'quarter' | 'year' };
const measured = (referrals: ReferralHistory[], groupBy: GroupDimension[], threshold = 5, range: Range = { from: '2026-03-01', to: '2026-03-31', period: 'month' }) =>
  statisticsOf(referrals, {}, { ...range, groupBy }, { suppressionThreshold: threshold, ageBands: BANDS });
const created = (row: StatisticsRow) => row.measures.referralsCreated;

describe('small cells', () => {
  it('suppresses a count below the threshold, and a median from fewer people', () => {
    const people = [...many(4, '2026-03-02', 2, '1990-01-01'), ...many(6, '2026-03-02', 1, '1990-01-01')];
    const { rows, totals } = measured(people, []);
    expect(created(totals[0]!)).toEqual({ value: 10, suppressed: false });
    expect(created(rows[0]!)).toEqual({ value: 10, suppressed: false });
    const few = measured(many(4, '2026-03-02', 2, '1990-01-01'), []);
    expect(created(few.totals[0]!)).toEqual({ value: null, suppressed: true });
    expect(few.totals[0]!.measures['daysCreatedToDecision.median']).toEqual({ value: null, suppressed: true });
  });

  it('resists the derivation attack by kön: total 10 minus the visible 6 would give the 4, so the 6 is hidden too', () => {
    const { rows, totals } = measured([...many(4, '2026-03-02', 2, '1990-01-01'), ...many(6, '2026-03-02', 1, '1990-01-01')], ['kon']);
    expect(created(totals[0]!)).toEqual({ value: 10, suppressed: false });
    expect(rows.map(created)).toEqual([
      { value: null, suppressed: true },
      { value: null, suppressed: true },
    ]);
  });

  it('resists it by åldersgrupp: the next smallest band is hidden, the large ones stay', () => {
    // 18-24: 3 (small), 25-29: 6, 30-49: 20, 50-: 9; 0-17: 0 (hidden as below the threshold).
    const people = [...many(3, '2026-03-02', 2, '2005-01-01'), ...many(6, '2026-03-02', 2, '1999-01-01'), ...many(20, '2026-03-02', 2, '1985-01-01'), ...many(9, '2026-03-02', 2, '1960-01-01')];
    const { rows } = measured(people, ['aldersgrupp']);
    expect(rows.map((row) => [row.group.aldersgrupp, created(row).value])).toEqual([
      ['0-17', null],
      ['18-24', null],
      ['25-29', null],
      ['30-49', 20],
      ['50-', 9],
    ]);
    // 0-17 is no cover: anyone knows nobody under 18 is referred, so 38 − 29 would be the 3. With 25-29 hidden it is 3 + 6, not either one.
  });

  it('never lets one query’s cell minus another’s visible cells give a hidden cell: groupings with kön, åldersgrupp and track, margins, a quarter and its months, for random crafted data', () => {
    const TRACK_CHOICES = [['arbetsmarknad'], ['rehab'], ['arbetsmarknad', 'rehab'], null] as const;
    const person = fc.record({
      konDigit: fc.integer({ min: 0, max: 9 }),
      birthYear: fc.integer({ min: 1950, max: 2010 }),
      month: fc.integer({ min: 1, max: 3 }),
      day: fc.integer({ min: 1, max: 28 }),
      choice: fc.integer({ min: 0, max: 3 }),
    });
    fc.assert(
      fc.property(fc.array(fc.tuple(person, fc.integer({ min: 1, max: 8 })), { maxLength: 14 }), fc.integer({ min: 2, max: 6 }), (groups, threshold) => {
        const people = groups.flatMap(([p, n]) => {
          const tracks = TRACK_CHOICES[p.choice];
          // The choice (if any) made before the referral: it stands when the referral is created.
          const choices = tracks ? [ev('INRIKTNING_CHOSEN', '2025-12-01T09:00:00Z', { tracks })] : [];
          return many(n, `2026-0${p.month}-${String(p.day).padStart(2, '0')}`, p.konDigit, `${p.birthYear}-06-15`).map((r) => ({ ...r, choices }));
        });
        const months = { from: '2026-01-01', to: '2026-03-31', period: 'month' as const };
        const quarter = { from: '2026-01-01', to: '2026-03-31', period: 'quarter' as const };
        // Each query separately, as an attacker asks them.
        const dimensions = ['kon', 'aldersgrupp', 'track'] as const;
        const groupings = dimensions.reduce<GroupDimension[][]>((subsets, dimension) => [...subsets, ...subsets.map((subset) => [...subset, dimension])], [[]]);
        const cells = new Map<string, StatisticsRow>();
        const keyOf = (period: string, group: Partial<Record<GroupDimension, string>>) => `${period}|${dimensions.map((dimension) => group[dimension] ?? '*').join('|')}`;
        for (const range of [months, quarter]) {
          for (const groupBy of groupings) {
            const result = measured(people, groupBy, threshold, range);
            for (const row of [...result.rows, ...result.totals]) cells.set(keyOf(row.period, row.group), row);
          }
        }
        const values: Record<GroupDimension, string[]> = { kon: ['kvinna', 'man'], aldersgrupp: ['0-17', '18-24', '25-29', '30-49', '50-'], track: ['arbetsmarknad', 'rehab', 'bada', 'ingen'] };
        const cross = (dims: readonly GroupDimension[]) => dims.reduce<Partial<Record<GroupDimension, string>>[]>((acc, dimension) => acc.flatMap((group) => values[dimension].map((value) => ({ ...group, [dimension]: value }))), [{}]);
        const lines: StatisticsRow[][] = [];
        // Every cell and its split by any further dimensions: a total and its track cells, a track and its kön × band cells, …
        for (const period of ['2026-01', '2026-02', '2026-03', '2026-Q1']) {
          for (const grouping of groupings) {
            for (const group of cross(grouping)) {
              for (const further of groupings.filter((g) => g.length > 0 && g.every((dimension) => !grouping.includes(dimension)))) {
                lines.push([cells.get(keyOf(period, group))!, ...cross(further).map((part) => cells.get(keyOf(period, { ...group, ...part }))!)]);
              }
            }
          }
        }
        for (const group of groupings.flatMap(cross)) lines.push(['2026-Q1', '2026-01', '2026-02', '2026-03'].map((period) => cells.get(keyOf(period, group))!));
        expect(lines.length).toBeGreaterThan(300);
        // A reader knows some cells are empty without the data: nobody under 18 is referred, and a period with nobody in it (one not begun yet).
        const raw = new Map<string, number>();
        for (const range of [months, quarter]) {
          for (const groupBy of groupings) {
            for (const row of computeRows(people, { ...range, groupBy, ageBands: BANDS })) raw.set(keyOf(row.period, row.group), (row.cells.get('referralsCreated') as { value: number }).value);
          }
        }
        const rawOf = (row: StatisticsRow) => raw.get(keyOf(row.period, row.group))!;
        const knownEmpty = (row: StatisticsRow) => rawOf(row) === 0 && (row.group.aldersgrupp === '0-17' || raw.get(keyOf(row.period, {})) === 0);
        for (const line of lines) {
          const hidden = line.filter((row) => row.measures.referralsCreated.suppressed);
          const cover = hidden.filter((row) => !knownEmpty(row));
          // Never one hidden cell alone, nor one with people in it beside only known empty ones.
          expect(cover.length === 1 && (hidden.length === 1 || rawOf(cover[0]!) > 0)).toBe(false);
        }
        for (const row of cells.values()) if (!created(row).suppressed) expect(created(row).value!).toBeGreaterThanOrEqual(threshold);
      }),
      { numRuns: 12, seed: 16 },
    );
  }, 240_000);

  it('answers a cell the same whatever query reads it (the same month alone, in a quarter’s range, in the year)', () => {
    const people = [...many(3, '2026-02-02', 2, '1990-01-01'), ...many(7, '2026-02-03', 1, '1990-01-01'), ...many(9, '2026-03-03', 2, '1970-01-01')];
    const alone = measured(people, ['kon'], 5, { from: '2026-02-01', to: '2026-02-28', period: 'month' }).rows;
    const year = measured(people, ['kon'], 5, { from: '2026-01-01', to: '2026-12-31', period: 'month' }).rows.filter((row) => row.period === '2026-02');
    expect(alone).toEqual(year);
  });

  it('hides a second closing reason when one is small, since the row’s closings are their sum', () => {
    const close = (reason: string) =>
      referral(pnr('1980-01-01', 2), '2026-01-02T09:00:00Z', [ev('CLOSING_ANNOUNCED', '2026-03-02T09:00:00Z', { reason, selfSufficient: true }), ev('INSATS_CLOSED', '2026-03-03T09:00:00Z')], 'avslutad');
    const people = [...Array.from({ length: 7 }, () => close('arbete')), ...Array.from({ length: 2 }, () => close('studier')), ...Array.from({ length: 6 }, () => close('flytt'))];
    const { totals } = measured(people, []);
    const m = totals[0]!.measures;
    expect(m.closings).toEqual({ value: 15, suppressed: false });
    expect(m['closingsByReason.studier'].suppressed).toBe(true);
    // Every other reason is 0 and hidden too, so 15 − 7 − 6 is the sum of several hidden cells, never one.
    expect(m['closingsByReason.arbete']).toEqual({ value: 7, suppressed: false });
    expect(Object.entries(m).filter(([key, cell]) => key.startsWith('closingsByReason.') && cell.suppressed).length).toBeGreaterThanOrEqual(2);
  });
});

describe('the query and the CSV', () => {
  it('keeps a spreadsheet from reading a field as a formula, and quotes what needs it', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('+1')).toBe(`"'+1"`);
    expect(csvField('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('2026-Q1')).toBe('2026-Q1');
    expect(csvField('..')).toBe('..');
  });

  it('writes one line per group and period and the totals, with the measures as columns', () => {
    const result = { from: '2026-03-01', to: '2026-03-31', unit: 'X', period: 'month' as const, groupBy: ['kon' as const], dimensions: [], suppressionThreshold: 5, ...measured([...many(7, '2026-03-02', 2, '1990-01-01'), ...many(5, '2026-03-02', 3, '1990-01-01')], ['kon']) };
    const lines = toCsv(result).trimEnd().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^period,kon,aldersgrupp,track,referralsCreated,/);
    expect(lines[1]).toMatch(/^2026-03,kvinna,alla,alla,7,/);
    expect(lines[2]).toMatch(/^2026-03,man,alla,alla,5,/);
    expect(lines[3]).toMatch(/^2026-03,totalt,totalt,totalt,12,/);
  });

  it('accepts a range of up to five years on period boundaries', () => {
    expect(ZStatisticsQuery.safeParse({ from: '2022-01-01', to: '2026-12-31', period: 'year' }).success).toBe(true);
    expect(ZStatisticsQuery.safeParse({ from: '2022-01-01', to: '2027-01-31' }).success).toBe(false);
    expect(ZStatisticsQuery.safeParse({ from: '2024-02-01', to: '2024-02-29' }).success).toBe(true);
    expect(ZStatisticsQuery.safeParse({ from: '2025-02-01', to: '2025-02-29' }).success).toBe(false);
    expect(ZStatisticsQuery.safeParse({ from: '2026-04-01', to: '2026-06-30', period: 'quarter', groupBy: 'aldersgrupp, kon' }).data?.groupBy).toEqual(['aldersgrupp', 'kon']);
  });
});
