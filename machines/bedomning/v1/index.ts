/**
 * Version 1 of the bedömning machine, frozen: the definition every assessment ran on until
 * version 2 (the routine as written, revision 2 of the process model). Nothing here changes any
 * more (test/machines/frozen-definitions.test.ts holds the files to their recorded hashes) and
 * nothing outside this folder is imported, so the stored histories of version 1 replay exactly as
 * they were written. Snapshots stored before the indication's reasons were codes are upcast on
 * restore. The migration to version 2 is ../migrations.ts.
 */
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import type { BedomningEvent } from './events';
import { upcastBedomningSnapshot } from './indication';
import { bedomningMachine, type BedomningContext } from './machine';

export { BEDOMNING_EVENT_TYPES as BEDOMNING_EVENT_TYPES_V1 } from './events';
export { BEDOMNING_EVENT_ROLES as BEDOMNING_EVENT_ROLES_V1 } from './permissions';

export const bedomningMachineV1 = bedomningMachine;
export type BedomningContextV1 = BedomningContext;
export type BedomningEventV1 = BedomningEvent;
export type BedomningSnapshotV1 = SnapshotFrom<typeof bedomningMachine>;
export type PersistedBedomningV1 = ReturnType<typeof bedomningMachine.getPersistedSnapshot>;

export function startBedomningV1(): BedomningSnapshotV1 {
  return initialTransition(bedomningMachine)[0];
}

export function restoreBedomningV1(persisted: unknown): BedomningSnapshotV1 {
  return bedomningMachine.resolveState(upcastBedomningSnapshot(persisted) as Parameters<typeof bedomningMachine.resolveState>[0]);
}

/** One stored event applied under version 1 (verify replays with this; no role check: the history was accepted). */
export function applyBedomningV1(snapshot: BedomningSnapshotV1, event: BedomningEvent): BedomningSnapshotV1 {
  return transition(bedomningMachine, snapshot, event)[0];
}

export function persistBedomningV1(snapshot: BedomningSnapshotV1): PersistedBedomningV1 {
  return bedomningMachine.getPersistedSnapshot(snapshot);
}
