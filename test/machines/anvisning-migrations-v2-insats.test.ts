/**
 * The migration of the anvisning machine from version 2 to 3, its part about the running insats, the renewal
 * and the oenighet (machines/anvisning/migrations.ts, migrateInsatsRenewalDisagreementV2toV3), held against the
 * FROZEN version 2 (machines/anvisning/v2/): the shortest path to every model state of version 2 (with an open
 * disagreement, consents, an expired decision in it), each stored as JSON, migrated, and restored under the
 * current definition in the same state, with what the migration chose noted.
 */
import { describe, expect, it } from 'vitest';
import { allowedEvents, decideAnvisning, nextAnvisningSteps, persistAnvisning, restoreAnvisning, statePathOf, statusOf, type AnvisningEvent, type AnvisningSnapshot } from '../../machines/anvisning';
import { anvisningV2toV3, migrateInsatsRenewalDisagreementV2toV3 } from '../../machines/anvisning/migrations';
import { ANVISNING_EVENT_TYPES_V2, anvisningPayloadSchemasV2, persistAnvisningV2, type AnvisningSnapshotV2 } from '../../machines/anvisning/v2';
import { samplePayloads } from '../support/anvisning-payloads';
import { AFTER_EXPIRY, DURING_DECISION, USERS_V2 as USERS, keyV2, payloadVariantsV2, v2ReferralPerState, v2Referrals } from '../support/anvisning-v2-cases';

const enumerated: AnvisningSnapshotV2[] = v2Referrals(keyV2).map((referral) => referral.snapshot);

const stored = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function migrated(snapshot: AnvisningSnapshotV2) {
  const persisted = stored(persistAnvisningV2(snapshot)) as ReturnType<typeof persistAnvisningV2> & { value: unknown };
  const before = JSON.stringify(persisted);
  const result = anvisningV2toV3.migrate(persisted) as ReturnType<typeof anvisningV2toV3.migrate> & { persisted: { context: AnvisningSnapshot['context'] } };
  // Pure: the stored snapshot is not touched.
  expect(JSON.stringify(persisted)).toBe(before);
  return { persisted, result, restored: restoreAnvisning(result.persisted) };
}

const atOf = (snapshot: AnvisningSnapshot) => (snapshot.context.decisionExpired ? AFTER_EXPIRY : DURING_DECISION);

describe('the migration of an anvisning from version 2 to 3: insats, renewal, oenighet', () => {
  it('reaches every state of version 2 with and without an open disagreement and consents', () => {
    expect(enumerated.length).toBeGreaterThan(200);
    const open = enumerated.filter((snapshot) => snapshot.context.disagreement.open !== null).map((snapshot) => statePathOf(snapshot as unknown as AnvisningSnapshot));
    expect(new Set(open)).toEqual(new Set(['inskrivning.ej_bokad', 'inskrivning.bokad', 'inskrivning.missad', 'pagaende.aktiv', 'pagaende.beslut_utgatt', 'avslut.trepartsmote', 'avslut.avslutsdokument', 'avslut.avslutas', 'avbruten']));
    expect(enumerated.some((snapshot) => snapshot.context.externalConsents.length > 0)).toBe(true);
  });

  it('restores every migrated snapshot under version 3 in the same state and status, stable when persisted again', () => {
    for (const snapshot of enumerated) {
      const { persisted, restored, result } = migrated(snapshot);
      const where = keyV2(snapshot);
      // The closing's substates of version 2 are one state in version 3 (the förberedelse, inskrivning and avslut part).
      expect(restored.value, where).toEqual(statePathOf(snapshot as unknown as AnvisningSnapshot).startsWith('avslut.') ? 'avslut' : persisted.value);
      expect(statusOf(restored), where).toBe(statusOf(snapshot as unknown as AnvisningSnapshot));
      expect(stored(persistAnvisning(restored)), where).toEqual(stored(result.persisted));
      // Version 3's shape: nothing of version 2's disagreement is left.
      expect('disagreement' in restored.context, where).toBe(false);
    }
  });

  it('[oenighet.blocks-closing] turns an open disagreement of version 2 into one about the closing, so a referral in the closing stays held back, and notes it', () => {
    let inClosing = 0;
    for (const snapshot of enumerated) {
      const { restored, result } = migrated(snapshot);
      const open = snapshot.context.disagreement.open;
      const where = keyV2(snapshot);
      if (!open) {
        expect(restored.context.disagreements, where).toEqual([]);
        expect(result.notes.filter((note) => note.code === 'disagreement_topic_chosen'), where).toEqual([]);
        continue;
      }
      const id = String(snapshot.context.disagreement.raisedCount);
      expect(restored.context.disagreements, where).toEqual([
        { id, topic: 'avslut', description: null, raisedBy: open.raisedBy, raisedAt: open.raisedAt, samverkansfraga: false, positions: { forste_socialsekreterare: null, kc_samordnare: null }, resolved: null },
      ]);
      expect(result.notes, where).toContainEqual({ code: 'disagreement_topic_chosen', disagreementId: id, topic: 'avslut' });
      const state = statePathOf(restored);
      if (state === 'avslut') {
        inClosing += 1;
        // What version 2 refused stays refused: no closing step while it is open.
        const closing = allowedEvents(restored, 'arbetsmarknadskonsulent', atOf(restored), USERS.arbetsmarknadskonsulent).concat(allowedEvents(restored, 'socialsekreterare', atOf(restored)));
        expect(closing.filter((type) => ['THREE_PARTY_MEETING_HELD', 'THREE_PARTY_MEETING_NOT_HELD', 'CLOSING_DOCUMENT_CREATED', 'INSATS_CLOSED', 'GWA_CLOSED'].includes(type)), where).toEqual([]);
      }
      // And in a running referral it can be taken to its end under version 3: both positions, then the 1:e socialsekreterare resolves.
      if (statusOf(restored) !== 'active') continue;
      expect(allowedEvents(restored, 'forste_socialsekreterare', atOf(restored), USERS.forste_socialsekreterare), where).toContain('DISAGREEMENT_POSITION_RECORDED');
      expect(allowedEvents(restored, 'kc_samordnare', atOf(restored), USERS.kc_samordnare), where).toContain('DISAGREEMENT_POSITION_RECORDED');
    }
    expect(inClosing).toBeGreaterThan(0);
  });

  it('keeps each external consent of version 2 for both areas, so neither side loses a contact it could record, and notes it', () => {
    let withConsent = 0;
    for (const snapshot of enumerated) {
      const { restored, result } = migrated(snapshot);
      if (snapshot.context.externalConsents.length === 0) {
        expect(restored.context.externalConsents).toEqual([]);
        continue;
      }
      withConsent += 1;
      expect(restored.context.externalConsents).toEqual([
        { party: 'vårdcentralen', area: 'socialt_halsa' },
        { party: 'vårdcentralen', area: 'kompetens_jobb' },
      ]);
      expect(result.notes).toContainEqual({ code: 'external_consents_both_areas', parties: 1 });
      if (statePathOf(restored) === 'pagaende.aktiv') {
        for (const role of ['socialsekreterare', 'arbetsmarknadskonsulent'] as const) {
          expect(nextAnvisningSteps(restored, role, DURING_DECISION, USERS[role]).find((step) => step.type === 'EXTERNAL_CONTACT_RECORDED')?.parties).toEqual(['vårdcentralen']);
        }
      }
    }
    expect(withConsent).toBeGreaterThan(0);
  });

  it('[beslut.renewal-window] gives a running referral the default renewal window (noted), nothing recorded for a renewal yet, and no avvikelse', () => {
    for (const snapshot of enumerated) {
      const { restored, result } = migrated(snapshot);
      const active = statusOf(restored) === 'active';
      expect(restored.context.renewal).toEqual({
        windowDays: 60,
        samrad: { ssbtekRecordedAt: null, afPlanCheckedAt: null, afActivity: null, afActivityUnsuitable: null, afNotifiedOn: null },
        communicationPending: false,
      });
      expect(restored.context.avvikelser).toEqual({ count: 0, acknowledgedCount: 0, latest: null });
      expect(result.notes.some((note) => note.code === 'renewal_window_default'), keyV2(snapshot)).toBe(active);
    }
  });

  it('lets an expired referral of version 2 be renewed under version 3 after samråd again', () => {
    const expired = enumerated.find((snapshot) => statePathOf(snapshot as unknown as AnvisningSnapshot) === 'pagaende.beslut_utgatt' && !snapshot.context.disagreement.open)!;
    let restored = migrated(expired).restored;
    const meta = { actorId: 'anna', role: 'socialsekreterare', at: AFTER_EXPIRY, unit: 'SF Nordost' } as const;
    expect(allowedEvents(restored, 'socialsekreterare', AFTER_EXPIRY)).not.toContain('DECISION_RENEWED');
    for (const event of [
      { type: 'SSBTEK_INFO_RECORDED', ...samplePayloads.SSBTEK_INFO_RECORDED },
      { type: 'AF_PLAN_CHECKED', afActivity: 'ingen' },
      { type: 'AF_NOTIFIED', sentOn: '2027-02-02' },
      { type: 'DECISION_RENEWED', decisionDate: '2027-02-02', validFrom: '2027-02-02' },
    ]) {
      const decision = decideAnvisning(restored, { ...event, meta } as AnvisningEvent);
      expect(decision.ok, event.type).toBe(true);
      if (decision.ok) restored = decision.snapshot;
    }
    expect(statePathOf(restored)).toBe('pagaende.aktiv');
  });

  it('drives version 2 only with what a version 2 release accepts: every frozen payload parses under version 2’s own schemas', () => {
    // scripts/upgrade-rehearsal.ts sends these to a running release of version 2 (docs/architecture.md "Changing a machine", step 6).
    for (const type of ANVISNING_EVENT_TYPES_V2) {
      for (const payload of payloadVariantsV2(type)) {
        const parsed = anvisningPayloadSchemasV2[type].safeParse(payload);
        expect(parsed.success, `${type} ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      }
    }
  });

  it('gives the upgrade rehearsal a referral in every state of version 2, ordinary and protected, with and without an open disagreement, the system’s only step an expiry', () => {
    const rehearsed = v2ReferralPerState();
    const states = (referrals: { snapshot: AnvisningSnapshotV2 }[]) => new Set(referrals.map((referral) => statePathOf(referral.snapshot as unknown as AnvisningSnapshot)));
    expect(states(rehearsed)).toEqual(states(v2Referrals(keyV2)));
    expect(new Set(rehearsed.map((referral) => referral.input.protectedIdentity))).toEqual(new Set([false, true]));
    expect(states(rehearsed.filter((referral) => referral.snapshot.context.disagreement.open !== null)).size).toBeGreaterThan(5);
    // The rehearsal has the release's scheduler send DECISION_EXPIRED (one sweep); the system sends nothing else.
    for (const referral of rehearsed) expect(referral.events.filter((event) => event.meta.role === 'system').map((event) => event.type)).toEqual(referral.snapshot.context.decisionExpired ? ['DECISION_EXPIRED'] : []);
    // A closing with and without self-sufficiency, so the client's assessment is in an uppföljning or ready again.
    expect(new Set(rehearsed.filter((referral) => statusOf(referral.snapshot as unknown as AnvisningSnapshot) === 'avslutad').map((referral) => referral.snapshot.context.closing?.selfSufficient))).toEqual(new Set([false, true]));
  });

  it('is a pure function of the context alone', () => {
    const open = enumerated.find((snapshot) => snapshot.context.disagreement.open !== null)!;
    const context = stored(open.context);
    const first = migrateInsatsRenewalDisagreementV2toV3(context, true);
    expect(migrateInsatsRenewalDisagreementV2toV3(context, true)).toEqual(first);
    expect(context).toEqual(stored(open.context));
  });
});
