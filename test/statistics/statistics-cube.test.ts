/**
 * The one-pass cube (`computeCube`, what the API reads since issue 16's speed target) gives exactly what
 * the readable definition (`computeRows`, one period length and grouping at a time) gives, over varied
 * random histories: every event type the facts read, choices in several tracks, deadlines of every
 * status, people of every age band and both kön, facts on both sides of the years asked about. And the
 * suppressed answer through it is the answer through the old computation.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeCube, computeRows, factSources, PERIODS, periodsBetween, type AssessmentHistory, type ReferralHistory } from '../../src/statistics/measures';
import { DEFAULT_AGE_BANDS, parseAgeBands } from '../../src/statistics/statistics-config';
import { statisticsOf } from '../../src/statistics/statistics-service';
import { groupingsOf, suppressYears } from '../../src/statistics/suppression';
import { population } from '../support/statistics-population';

const BANDS = parseAgeBands(DEFAULT_AGE_BANDS);
const CONFIG = { suppressionThreshold: 3, ageBands: BANDS };
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
        // The 1:e socialsekreterare's dimensions and the samordnare's (no track), and some groupings without the finest (nothing summed up then).
        for (const groupings of [groupingsOf(['kon', 'aldersgrupp', 'track']), groupingsOf(['kon', 'aldersgrupp']), [['kon'], ['track']] as const]) {
          const cube = computeCube(sources, { ...range, ageBands: BANDS, groupings });
          for (const period of PERIODS) {
            for (const groupBy of groupings) {
              expect(cube(period, groupBy), `${period} ${groupBy.join(',')}`).toEqual(computeRows([], { ...range, period, groupBy, ageBands: BANDS, sources }));
            }
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
