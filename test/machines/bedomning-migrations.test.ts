/**
 * The migration of the bedömning machine from version 1 to 2 (machines/bedomning/migrations.ts), held against
 * every model state of the FROZEN version 1 (machines/bedomning/v1/, xstate/graph: test/support/bedomning-v1-cases.ts).
 * Each snapshot is stored as JSON, migrated, and must restore under version 2 in the same state with the same
 * context, stable when persisted again, with a next step for the socialsekreterare, and with a note exactly where
 * the migration kept something version 2 would not make (an uppdragsbeskrivning made before a decision).
 */
import { describe, expect, it } from 'vitest';
import {
  allowedBedomningEvents,
  bedomningStateOf,
  bedomningVersions,
  decideBedomning,
  persistBedomning,
  restoreBedomning,
  type BedomningEvent,
} from '../../machines/bedomning';
import { bedomningV1toV2, migrateBedomningV1toV2 } from '../../machines/bedomning/migrations';
import { bedomningMachineV1, persistBedomningV1, type BedomningContextV1 } from '../../machines/bedomning/v1';
import { replayHistory, upgradePersisted, type HistoryEntry } from '../../machines/shared/versions';
import { definitionCoverage } from '../model/definition-coverage';
import { v1Assessments } from '../support/bedomning-v1-cases';

const AT = '2026-03-01T09:00:00.000Z';
const asJson = <T>(value: T) => JSON.parse(JSON.stringify(value)) as T;
const stored = v1Assessments().map((assessment) => ({ ...assessment, persisted: asJson(persistBedomningV1(assessment.snapshot)) }));
const unsentUppdrag = (context: BedomningContextV1) => context.documents.filter((d) => d.kind === 'uppdragsbeskrivning' && d.sentAt === null).length;

describe('bedömning version 1 → 2, every model state of the frozen version 1', () => {
  it('reaches every state of version 1, with and without an insats, with unsent and sent uppdragsbeskrivningar', () => {
    const states = new Set(stored.map(({ snapshot }) => String(snapshot.value)));
    expect([...states].sort()).toEqual(definitionCoverage(bedomningMachineV1).allStateNodes().slice(1).map((node) => node.key).sort());
    expect(stored.some(({ snapshot }) => unsentUppdrag(snapshot.context) > 0)).toBe(true);
    expect(stored.some(({ snapshot }) => snapshot.context.documents.some((d) => d.sentAt !== null))).toBe(true);
    expect(stored.length).toBeGreaterThan(20);
  });

  it('maps every state to the same state and context of version 2, restorable and stable', () => {
    for (const { snapshot, persisted } of stored) {
      const { persisted: migrated } = migrateBedomningV1toV2(persisted as never);
      const restored = restoreBedomning(asJson(migrated));
      expect(bedomningStateOf(restored), String(snapshot.value)).toBe(String(snapshot.value));
      expect(asJson(restored.context)).toEqual(asJson(snapshot.context));
      expect(asJson(persistBedomning(restored))).toEqual(asJson(migrated));
    }
  });

  it('leaves the socialsekreterare a next step in every state, and a new initial part during an insats (version 2)', () => {
    for (const { snapshot, persisted } of stored) {
      const restored = restoreBedomning(migrateBedomningV1toV2(persisted as never).persisted);
      const allowed = allowedBedomningEvents(restored, 'socialsekreterare', AT);
      expect(allowed.length, String(snapshot.value)).toBeGreaterThan(0);
      if (snapshot.value === 'i_insats') expect(allowed).toContain('INLEDANDE_STARTED');
    }
  });

  it('notes, as a code with its count, the uppdragsbeskrivningar made before version 2 checked for a decision, and nothing else', () => {
    for (const { snapshot, persisted } of stored) {
      const { notes } = migrateBedomningV1toV2(persisted as never);
      const count = unsentUppdrag(snapshot.context);
      expect(notes).toEqual(count > 0 ? [{ code: 'uppdragsbeskrivning_kept_without_decision_check', count }] : []);
    }
  });

  it('is the registered step 1 → 2 of the bedömning versions', () => {
    const { persisted } = stored.find(({ snapshot }) => unsentUppdrag(snapshot.context) > 0)!;
    const upgraded = upgradePersisted(bedomningVersions, persisted, 1);
    expect(upgraded.steps).toEqual([{ from: 1, to: 2, notes: [expect.objectContaining({ code: 'uppdragsbeskrivning_kept_without_decision_check' })] }]);
    expect(bedomningV1toV2.migrate(persisted)).toEqual(migrateBedomningV1toV2(persisted as never));
  });

  it('turns an indication stored with its reasons as sentences into codes, from the key scores stored beside it', () => {
    const { persisted } = stored.find(({ snapshot }) => snapshot.context.indication !== null && snapshot.context.keyScores?.halsa === 2)!;
    const legacy = asJson(persisted) as unknown as { context: { indication: { reasons: unknown[] } } };
    legacy.context.indication.reasons = ['Hälsa skattad 2 av 5: hälsan kan behöva stärkas innan arbete (rehabinriktning).'];
    const { persisted: migrated } = migrateBedomningV1toV2(legacy as never);
    expect(migrated.context.indication?.reasons).toEqual([
      { code: 'halsa_lag', question: 'halsa', score: 2 },
      { code: 'sprakinsatser', score: 2 },
    ]);
  });

  it('replays a history of version 1, its move and a step only version 2 allows (a new initial part while the insats runs)', () => {
    const inInsats = stored.find(({ snapshot }) => snapshot.value === 'i_insats' && snapshot.context.cycle === 1)!;
    const restart = { type: 'INLEDANDE_STARTED', householdRole: 'sokande', reason: 'Omprövning inför förnyat beslut.', questionnaireId: 'q-new', meta: { actorId: 'anna', role: 'socialsekreterare', at: AT } } as BedomningEvent;
    const entries: HistoryEntry<undefined, BedomningEvent>[] = [
      { kind: 'start', version: 1, input: undefined },
      ...inInsats.events.map((event) => ({ kind: 'event' as const, version: 1, event: event as unknown as BedomningEvent })),
      { kind: 'upgrade', from: 1, to: 2 },
      { kind: 'event', version: 2, event: restart },
    ];
    const replayed = replayHistory(bedomningVersions, entries);
    expect(replayed.version).toBe(2);
    const decided = decideBedomning(restoreBedomning(migrateBedomningV1toV2(inInsats.persisted as never).persisted), restart);
    expect(decided.ok).toBe(true);
    if (decided.ok) expect(asJson(replayed.persisted)).toEqual(asJson(persistBedomning(decided.snapshot)));
    expect(bedomningStateOf(replayed.snapshot as never)).toBe('inledande');
    expect((replayed.snapshot as { context: { insats: unknown } }).context.insats).toEqual(inInsats.snapshot.context.insats);
  });
});
