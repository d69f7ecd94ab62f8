/**
 * The facts the service builds straight from the query's arrays (`storedFactsOf`, then `sourceOfStored` for the
 * reader and the day, compact-facts.ts) are exactly the readable definition's (`factsOf` in measures.ts) of the
 * same referral's history, over random histories: every event type the facts read, choices in several tracks, deadlines of every status, a
 * referral without its CASE_CREATED line, missing arrays; and the answer through them is the same.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { historyOf, sourceOfStored, storedFactsOf, type CompactAssessmentEvent, type CompactReferral } from '../../src/statistics/compact-facts';
import { decodeStoredFacts, encodeStoredFacts } from '../../src/statistics/read-model';
import { factSources, factsOf, type ReferralHistory } from '../../src/statistics/measures';
import { DEFAULT_AGE_BANDS, parseAgeBands } from '../../src/statistics/statistics-config';
import { statisticsOf, statisticsOfSources } from '../../src/statistics/statistics-service';
import { population, random } from '../support/statistics-population';

const CONFIG = { suppressionThreshold: 3, ageBands: parseAgeBands(DEFAULT_AGE_BANDS) };

/** One referral's facts for a reader on a day, as the service makes them from the query's arrays. */
const compactFactsOf = (row: CompactReferral, readsAssessments: boolean, today: string) => sourceOfStored(storedFactsOf(row), row.personnummer, readsAssessments, today);

/** The referral as the statistics' query returns it (statistics-service.ts readReferrals), with some arrays missing or a payload null. */
function compactOf(referral: ReferralHistory, seed: number): CompactReferral {
  const r = random(seed);
  // The client's bedömningsstöd as the query reads it: its starts, choices and completed initial parts, in order.
  const assessment: CompactAssessmentEvent[] = [
    ...(referral.choices ?? []).map((event): CompactAssessmentEvent => [event.type, event.occurredAt.getTime(), event.type === 'INRIKTNING_CHOSEN' ? (event.payload as { tracks: unknown }).tracks : null]),
    ...(referral.initialPartsCompleted ?? []).map((at): CompactAssessmentEvent => ['INLEDANDE_COMPLETED', at.getTime(), null]),
  ].sort((a, b) => a[1] - b[1]);
  const events = referral.events
    .filter((event) => event.type !== 'CASE_CREATED' || r.int(5) !== 0)
    .map((event) => [event.type, event.occurredAt.getTime(), Object.keys(event.payload as object).length === 0 && r.int(2) === 0 ? null : (event.payload as Record<string, unknown>)] as const);
  return {
    createdAt: referral.createdAt.getTime(),
    status: referral.status,
    personnummer: referral.personnummer,
    events: events.length === 0 && r.int(2) === 0 ? null : events,
    deadlines: (referral.deadlines ?? []).length === 0 ? null : (referral.deadlines ?? []).map((d) => [d.kind, d.dueDate, d.status, d.closedAt?.getTime() ?? null, d.escalatedAt?.getTime() ?? null] as const),
    assessment: assessment.length === 0 && r.int(2) === 0 ? null : assessment,
  };
}

describe('the facts from the query arrays', () => {
  it('are the facts measures.ts reads from the same history, for the 1:e socialsekreterare and the samordnare', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.constantFrom('2025-03-31', '2026-06-15', '9999-12-31'), (seed, today) => {
        const { referrals } = population(seed, 40);
        referrals.forEach((referral, n) => {
          const compact = compactOf(referral, seed + n);
          for (const readsAssessments of [true, false]) {
            expect(compactFactsOf(compact, readsAssessments, today)).toEqual({ personnummer: compact.personnummer, ...factsOf(historyOf(compact, readsAssessments), today) });
          }
        });
      }),
      { numRuns: 60, seed: 1617 },
    );
  });

  it('give the answer the histories give, cells shown and hidden alike', () => {
    const { referrals, assessments } = population(2027, 500);
    const compact = referrals.map((referral, n) => compactOf(referral, n + 1));
    const query = { from: '2025-01-01', to: '2025-12-31', period: 'month' as const, groupBy: ['kon' as const, 'aldersgrupp' as const] };
    const fromArrays = statisticsOfSources(
      [...compact.map((row) => compactFactsOf(row, true, '2026-06-15')), ...factSources([], { assessments })],
      ['kon', 'aldersgrupp', 'track'],
      query,
      CONFIG,
    );
    const fromHistories = statisticsOf(compact.map((row) => historyOf(row, true)), { today: '2026-06-15', assessments }, query, CONFIG);
    const cells = fromArrays.rows.flatMap((row) => Object.values(row.measures));
    expect(cells.some((cell) => cell.suppressed) && cells.some((cell) => !cell.suppressed && (cell.value ?? 0) > 0)).toBe(true);
    expect(fromArrays).toEqual(fromHistories);
  });

  it('are the same when stored in the read model and read back on any later day, by either reader', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.constantFrom('2025-03-31', '2026-06-15', '9999-12-31'), (seed, today) => {
        const { referrals } = population(seed, 40);
        referrals.forEach((referral, n) => {
          const compact = compactOf(referral, seed + n);
          // Stored once, with no day and no reader in it: a duty still open becomes overdue on the day it is read.
          const text = encodeStoredFacts(storedFactsOf(compact));
          for (const readsAssessments of [true, false]) {
            const read = sourceOfStored(decodeStoredFacts(JSON.parse(text) as Parameters<typeof decodeStoredFacts>[0]), compact.personnummer, readsAssessments, today);
            expect(read).toEqual(compactFactsOf(compact, readsAssessments, today));
          }
        });
      }),
      { numRuns: 60, seed: 1618 },
    );
  });
});
