/**
 * Assessments stored before the indication's reasons were codes hold them as
 * Swedish sentences. Restoring upcasts them (`upcastBedomningSnapshot`: the
 * indication is recomputed from the stored key scores), so such a snapshot
 * restores, decides and equals its replay, as `npm run verify` compares.
 */
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  allowedBedomningEvents,
  decideBedomning,
  persistBedomning,
  replayBedomning,
  restoreBedomning,
  upcastBedomningSnapshot,
  type BedomningEvent,
} from '../../machines/bedomning';

const AT = '2026-03-01T09:00:00.000Z';
const meta = { actorId: 'anna', role: 'socialsekreterare', at: AT, unit: 'SF Nordost' };
const ev = (body: Record<string, unknown>) => ({ ...body, meta }) as unknown as BedomningEvent;
const HISTORY = [
  ev({ type: 'INLEDANDE_STARTED', householdRole: 'sokande', questionnaireId: 'q-1' }),
  ev({ type: 'INLEDANDE_COMPLETED', questionnaireId: 'q-1', keyScores: { halsa: 2, arbetsformaga: 3, energiMotivation: 3, kommunikation: 2 } }),
];

/** The snapshot as the previous release stored it: the same, with the reasons as sentences. */
function storedBefore(persisted: unknown) {
  const copy = JSON.parse(JSON.stringify(persisted)) as { context: { indication: { reasons: unknown[] } } };
  copy.context.indication.reasons = [
    'Hälsa skattad 2 av 5: hälsan kan behöva stärkas innan arbete (rehabinriktning).',
    'Kommunikationsförmåga skattad 2 av 5: behov av språkinsatser kan finnas.',
  ];
  return copy;
}

const asJson = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe('an assessment stored with the indication’s reasons as sentences', () => {
  const replayed = replayBedomning(HISTORY);
  const legacy = storedBefore(persistBedomning(replayed));

  it('restores with the reasons as codes, recomputed from the stored key scores', () => {
    const restored = restoreBedomning(legacy);
    expect(restored.context.indication).toEqual({
      tracks: ['rehab'],
      reasons: [
        { code: 'halsa_lag', question: 'halsa', score: 2 },
        { code: 'sprakinsatser', score: 2 },
      ],
    });
    expect(allowedBedomningEvents(restored, 'socialsekreterare', AT)).toEqual(allowedBedomningEvents(replayed, 'socialsekreterare', AT));
  });

  it('decides the next step as a current snapshot does', () => {
    const chosen = ev({ type: 'INRIKTNING_CHOSEN', tracks: ['rehab'], questionnaires: [{ track: 'rehab', questionnaireId: 'q-2' }] });
    const fromLegacy = decideBedomning(restoreBedomning(legacy), chosen);
    const fromCurrent = decideBedomning(replayed, chosen);
    expect(fromLegacy.ok && fromCurrent.ok).toBe(true);
    if (fromLegacy.ok && fromCurrent.ok) expect(asJson(persistBedomning(fromLegacy.snapshot))).toEqual(asJson(persistBedomning(fromCurrent.snapshot)));
  });

  it('verifies: the replay equals the stored snapshot read as it is restored', () => {
    expect(isDeepStrictEqual(asJson(persistBedomning(replayed)), asJson(legacy))).toBe(false);
    expect(asJson(persistBedomning(replayed))).toEqual(asJson(upcastBedomningSnapshot(legacy)));
  });

  it('leaves a current snapshot as it is', () => {
    const current = persistBedomning(replayed);
    expect(upcastBedomningSnapshot(current)).toBe(current);
  });
});
