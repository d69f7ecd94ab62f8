/**
 * The one-pass cube (`computeCube`, what the API reads since issue 16's speed target) gives exactly what
 * the readable definition (`computeRows`, one period length and grouping at a time) gives, over varied
 * random histories: every event type the facts read, choices in several tracks, deadlines of every
 * status, people of every age band and both kön, facts on both sides of the years asked about. And the
 * suppressed answer through it is the answer through the old computation.
 */
import fc from 'fast-check';
import Personnummer from 'personnummer';
import { describe, expect, it } from 'vitest';
import { computeCube, computeRows, factSources, PERIODS, periodsBetween, type AssessmentHistory, type ReferralHistory, type StoredDeadline } from '../../src/statistics/measures';
import { DEFAULT_AGE_BANDS, parseAgeBands } from '../../src/statistics/statistics-config';
import { statisticsOf } from '../../src/statistics/statistics-service';
import { groupingsOf, suppressYears } from '../../src/statistics/suppression';

const BANDS = parseAgeBands(DEFAULT_AGE_BANDS);
const CONFIG = { suppressionThreshold: 3, ageBands: BANDS };
const pnr = (birthYear: number, konDigit: number) => {
  const base = `${birthYear}0505${'01'}${konDigit}`;
  return base + [...'0123456789'].find((check) => Personnummer.valid(base + check))!;
};
const REFERRAL_TYPES = [
  'DECISION_MADE', 'DECISION_RENEWED', 'REFERRAL_WITHDRAWN', 'KC_CONSENT_DECLINED', 'AF_PLAN_CHECKED', 'UPPDRAG_SENT', 'INSKRIVNING_HELD',
  'INSKRIVNING_MISSED', 'AVVIKELSE_REPORTED', 'INSKRIVNING_CANCELLED', 'UPPDRAG_WITHDRAWN', 'INSKRIVNING_CANCELLED_IN_GWA',
  'CLOSING_ANNOUNCED', 'CLOSING_WITHDRAWN', 'THREE_PARTY_MEETING_HELD', 'CLOSING_DOCUMENT_CREATED', 'INSATS_CLOSED', 'GWA_CLOSED',
];
const TRACKS = [['arbetsmarknad'], ['rehab'], ['arbetsmarknad', 'rehab']];
const REASONS = ['arbete', 'studier', 'flytt', 'ohalsa', 'annat'];

/** A small deterministic random source, so a failing seed can be replayed. */
function random(seed: number) {
  let state = seed >>> 0 || 1;
  const next = () => ((state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32);
  return { int: (n: number) => Math.floor(next() * n), pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]! };
}

function population(seed: number, people: number): { referrals: ReferralHistory[]; assessments: AssessmentHistory[] } {
  const r = random(seed);
  // Instants from mid-2024 to early 2027, some at 23:30 UTC (the next Swedish day).
  const instant = () => new Date(Date.UTC(2024, 6, 1) + r.int(930) * 86_400_000 + (r.int(4) === 0 ? 84_600_000 : 32_400_000));
  const referrals: ReferralHistory[] = [];
  const assessments: AssessmentHistory[] = [];
  for (let i = 0; i < people; i += 1) {
    const personnummer = pnr(r.pick([1950, 1975, 1995, 2000, 2003, 2010]), r.int(10));
    const createdAt = instant();
    let at = createdAt.getTime();
    const later = () => new Date((at += r.int(60) * 86_400_000 + r.int(3) * 3_600_000));
    const events = [{ type: 'CASE_CREATED', occurredAt: createdAt, payload: {} }];
    for (let n = r.int(12); n > 0; n -= 1) {
      const type = r.pick(REFERRAL_TYPES);
      const occurredAt = later();
      const payload =
        type === 'DECISION_MADE' ? { decisionDate: r.int(3) === 0 ? 'inte ett datum' : occurredAt.toISOString().slice(0, 10) }
        : type === 'AF_PLAN_CHECKED' ? (r.int(4) === 0 ? { plannedAfActivity: true } : { afActivity: r.pick(['planerad', 'pagaende', 'ingen']) })
        : type === 'CLOSING_ANNOUNCED' ? { reason: r.pick(REASONS), selfSufficient: r.int(2) === 0 }
        : {};
      events.push({ type, occurredAt, payload });
    }
    const deadlines: StoredDeadline[] = Array.from({ length: r.int(5) }, () => {
      const due = instant();
      const status = r.pick(['open', 'done', 'overdue', 'cancelled'] as const);
      return {
        kind: r.pick(['uppfoljning', 'genomforandeplan_upprattad', 'genomforandeplan_uppdaterad', 'beslut']),
        dueDate: due.toISOString().slice(0, 10),
        status,
        closedAt: status === 'done' || status === 'cancelled' ? new Date(due.getTime() + (r.int(20) - 10) * 86_400_000) : null,
        escalatedAt: r.int(4) === 0 ? new Date(due.getTime() + 3 * 86_400_000) : null,
      };
    });
    const choices = Array.from({ length: r.int(4) }, () => (r.int(4) === 0 ? { type: 'INLEDANDE_STARTED', occurredAt: instant(), payload: {} } : { type: 'INRIKTNING_CHOSEN', occurredAt: instant(), payload: { tracks: r.pick(TRACKS) } })).sort(
      (a, b) => a.occurredAt.getTime() - b.occurredAt.getTime(),
    );
    referrals.push({ personnummer, createdAt, status: r.pick(['active', 'avslutad', 'avbruten'] as const), events, deadlines, choices, initialPartsCompleted: r.int(2) === 0 ? [instant()] : [] });
    if (r.int(3) === 0) {
      // A bedömningsstöd with choices in several tracks in the same months: its facts carry their own track.
      const score = () => ({ halsa: 1 + r.int(5), arbetsformaga: 1 + r.int(5), energiMotivation: 1 + r.int(5), kommunikation: 1 + r.int(5) });
      const steps = Array.from({ length: 1 + r.int(6) }, () =>
        r.int(2) === 0 ? { type: 'INLEDANDE_COMPLETED', occurredAt: instant(), payload: { keyScores: score() } } : { type: 'INRIKTNING_CHOSEN', occurredAt: instant(), payload: { tracks: r.pick(TRACKS) } },
      ).sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
      assessments.push({ personnummer, events: steps });
    }
  }
  return { referrals, assessments };
}

/** The answer as it was computed before the cube: computeRows once per period length and grouping. */
function statisticsTheOldWay(referrals: ReferralHistory[], assessments: AssessmentHistory[], query: { from: string; to: string; period: 'month' | 'quarter' | 'year'; groupBy: ('kon' | 'aldersgrupp' | 'track')[] }) {
  const years = { from: `${query.from.slice(0, 4)}-01-01`, to: `${query.to.slice(0, 4)}-12-31` };
  const sources = factSources(referrals, { today: '2026-06-15', assessments });
  const read = suppressYears((period, groupBy) => computeRows([], { ...years, period, groupBy, ageBands: BANDS, sources }), {
    threshold: CONFIG.suppressionThreshold,
    ageBands: BANDS,
    dimensions: ['kon', 'aldersgrupp', 'track'],
  });
  const periods = new Set(periodsBetween(query.from, query.to, query.period));
  const wanted = (row: { period: string }) => periods.has(row.period);
  return { rows: read(query.period, query.groupBy).filter(wanted), totals: read(query.period, []).filter(wanted) };
}

describe('the one-pass cube', () => {
  it('gives every period length and grouping exactly the rows computeRows gives', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 120 }), (seed, people) => {
        const { referrals, assessments } = population(seed, people);
        const range = { from: '2025-01-01', to: '2026-12-31' };
        const sources = factSources(referrals, { today: '2026-06-15', assessments });
        const groupings = groupingsOf(['kon', 'aldersgrupp', 'track']);
        const cube = computeCube(sources, { ...range, ageBands: BANDS, groupings });
        for (const period of PERIODS) {
          for (const groupBy of groupings) {
            expect(cube(period, groupBy), `${period} ${groupBy.join(',')}`).toEqual(computeRows([], { ...range, period, groupBy, ageBands: BANDS, sources }));
          }
        }
      }),
      { numRuns: 15, seed: 1616 },
    );
  });

  it('answers through the suppressed cube exactly what the old computation answered', () => {
    for (const seed of [3, 17, 2026]) {
      const { referrals, assessments } = population(seed, 400);
      for (const query of [
        { from: '2025-01-01', to: '2025-12-31', period: 'month' as const, groupBy: ['kon' as const, 'aldersgrupp' as const] },
        { from: '2025-04-01', to: '2026-09-30', period: 'quarter' as const, groupBy: ['track' as const] },
        { from: '2025-01-01', to: '2026-12-31', period: 'year' as const, groupBy: ['kon' as const, 'aldersgrupp' as const, 'track' as const] },
      ]) {
        const now = statisticsOf(referrals, { today: '2026-06-15', assessments }, query, CONFIG);
        const before = statisticsTheOldWay(referrals, assessments, query);
        // Some cells shown and some hidden, so the comparison is about something.
        const cells = now.rows.flatMap((row) => Object.values(row.measures));
        expect(cells.some((cell) => cell.suppressed) && cells.some((cell) => !cell.suppressed && (cell.value ?? 0) > 0)).toBe(true);
        expect(now).toEqual(before);
      }
    }
  }, 120_000);
});
