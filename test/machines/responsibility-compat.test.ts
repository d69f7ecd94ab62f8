/**
 * Referrals and assessments that were running before assignments and handovers
 * existed: their stored snapshots have no `kcConsultantId`, `responsible` or
 * `transfer`. They must restore, decide and replay as before, and take the new
 * events from where they stand.
 */
import { describe, expect, it } from 'vitest';
import { allowedEvents, decideAnvisning, persistAnvisning, replayAnvisning, restoreAnvisning, type AnvisningEvent } from '../../machines/anvisning';
import { allowedBedomningEvents, decideBedomning, persistBedomning, restoreBedomning, startBedomning, type BedomningEvent } from '../../machines/bedomning';
import { samplePayloads } from '../support/anvisning-payloads';

const AT = '2026-03-01T09:00:00.000Z';
const STEPS = ['SSBTEK_INFO_RECORDED', 'AF_PLAN_CHECKED', 'AF_NOTIFIED', 'KC_CRITERIA_ASSESSED', 'KC_CONSENT_RECORDED', 'ARBETSPLAN_UPDATED', 'DECISION_MADE', 'DECISION_COMMUNICATED', 'UPPDRAG_SENT'] as const;

const ev = (type: string, payload: object, role: string, meta: object = {}) => ({ type, ...payload, meta: { actorId: 'anna', role, at: AT, ...meta } }) as unknown as AnvisningEvent;

/** A snapshot as the previous release stored it: the new optional fields are simply absent. */
function asStoredBefore(persisted: unknown) {
  const copy = JSON.parse(JSON.stringify(persisted)) as { context: Record<string, unknown> };
  for (const key of ['kcConsultantId', 'responsible', 'transfer']) delete copy.context[key];
  return copy;
}

describe('a referral stored before assignments and handovers', () => {
  const events = STEPS.map((type) => ev(type, samplePayloads[type], 'socialsekreterare'));
  const current = replayAnvisning({ protectedIdentity: false }, events);
  const old = restoreAnvisning(asStoredBefore(persistAnvisning(current)));

  it('has none of the new fields until they are used, so a replay matches what was stored', () => {
    expect(Object.keys(current.context)).not.toContain('kcConsultantId');
    expect(Object.keys(current.context)).not.toContain('responsible');
    expect(persistAnvisning(current)).toEqual(asStoredBefore(persistAnvisning(current)));
  });

  it('offers the same steps as before, plus the new ones to those who may take them', () => {
    expect(allowedEvents(old, 'socialsekreterare', AT)).toEqual(allowedEvents(current, 'socialsekreterare', AT));
    expect(allowedEvents(old, 'kc_samordnare', AT)).toContain('KC_CONSULTANT_ASSIGNED');
    expect(allowedEvents(old, 'arbetsmarknadskonsulent', AT, { id: 'kalle', unit: 'KC' })).toContain('KC_CONSULTANT_ASSIGNED');
    expect(allowedEvents(old, 'forste_socialsekreterare', AT, { id: 'fatima', unit: 'SF Nordost' })).toEqual(['RESPONSIBLE_CHANGED', 'TRANSFER_REQUESTED']);
  });

  it('takes an assignment and a handover, and the history replays to the same snapshot', () => {
    const assign = ev('KC_CONSULTANT_ASSIGNED', { consultantId: 'kalle' }, 'kc_samordnare');
    const handOver = ev('RESPONSIBLE_CHANGED', { toUserId: 'maja', reason: 'Ledighet.' }, 'forste_socialsekreterare', { unit: 'SF Nordost' });
    let snapshot = old;
    for (const event of [assign, handOver]) {
      const decision = decideAnvisning(snapshot, event);
      expect(decision.ok).toBe(true);
      if (decision.ok) snapshot = decision.snapshot;
    }
    expect(snapshot.context.kcConsultantId).toBe('kalle');
    expect(snapshot.context.responsible).toEqual({ userId: 'maja', unit: 'SF Nordost', since: AT });
    expect(persistAnvisning(replayAnvisning({ protectedIdentity: false }, [...events, assign, handOver]))).toEqual(persistAnvisning(snapshot));
  });

  it('refuses a transfer decided without knowing the actor’s unit (an event stored without it cannot be replayed into a transfer)', () => {
    const request = ev('TRANSFER_REQUESTED', { toUnit: 'SF Hisingen', reason: 'Flytt.' }, 'forste_socialsekreterare');
    expect(decideAnvisning(old, request).ok).toBe(false);
  });
});

describe('an assessment stored before handovers', () => {
  it('restores, offers the 1:e socialsekreterare the handover, and takes it', () => {
    const start = { type: 'INLEDANDE_STARTED', householdRole: 'sokande', questionnaireId: 'q1', meta: { actorId: 'anna', role: 'socialsekreterare', at: AT } } as unknown as BedomningEvent;
    const decided = decideBedomning(startBedomning(), start);
    if (!decided.ok) throw new Error('INLEDANDE_STARTED refused');
    const old = restoreBedomning(asStoredBefore(persistBedomning(decided.snapshot)));
    expect(allowedBedomningEvents(old, 'socialsekreterare', AT)).toEqual(allowedBedomningEvents(decided.snapshot, 'socialsekreterare', AT));
    expect(allowedBedomningEvents(old, 'forste_socialsekreterare', AT, { id: 'fatima', unit: 'SF Nordost' })).toEqual(['RESPONSIBLE_CHANGED', 'TRANSFER_REQUESTED']);
    const handOver = { type: 'RESPONSIBLE_CHANGED', toUserId: 'maja', reason: 'Byte.', meta: { actorId: 'fatima', role: 'forste_socialsekreterare', at: AT, unit: 'SF Nordost' } } as unknown as BedomningEvent;
    const after = decideBedomning(old, handOver);
    expect(after.ok && after.snapshot.context.responsible?.userId).toBe('maja');
  });
});
