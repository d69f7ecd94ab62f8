/**
 * Every definition of the bedömning machine this release can replay, and the migrations between
 * them (docs/architecture.md "Changing a machine"). A version-1 snapshot stored before the
 * indication's reasons were codes is read through the frozen definition's upcast in its restore.
 */
import { initialTransition, transition } from 'xstate';
import type { DefinitionVersion, MachineVersions } from '../shared/versions';
import type { BedomningEvent } from './events';
import { upcastBedomningSnapshot } from './indication';
import { bedomningMachine } from './machine';
import { bedomningV1toV2 } from './migrations';
import { applyBedomningV1, persistBedomningV1, restoreBedomningV1, startBedomningV1, type BedomningEventV1, type BedomningSnapshotV1 } from './v1';

/** Raised by any change to states, context or events (and the previous definition frozen in ./vN/). */
export const BEDOMNING_VERSION = 2;

type AnySnapshot = Parameters<typeof bedomningMachine.getPersistedSnapshot>[0];

const version1: DefinitionVersion<undefined, BedomningEvent> = {
  version: 1,
  start: () => startBedomningV1(),
  restore: (persisted) => restoreBedomningV1(persisted),
  apply: (snapshot, event) => applyBedomningV1(snapshot as BedomningSnapshotV1, event as unknown as BedomningEventV1),
  persist: (snapshot) => persistBedomningV1(snapshot as BedomningSnapshotV1),
};

const version2: DefinitionVersion<undefined, BedomningEvent> = {
  version: 2,
  start: () => initialTransition(bedomningMachine)[0],
  // As the service restores it (restoreBedomning): a snapshot with the indication's reasons as sentences is upcast.
  restore: (persisted) => bedomningMachine.resolveState(upcastBedomningSnapshot(persisted) as Parameters<typeof bedomningMachine.resolveState>[0]),
  apply: (snapshot, event) => transition(bedomningMachine, snapshot as AnySnapshot, event)[0],
  persist: (snapshot) => bedomningMachine.getPersistedSnapshot(snapshot as AnySnapshot),
};

export const bedomningVersions: MachineVersions<undefined, BedomningEvent> = {
  machine: 'bedomning',
  current: BEDOMNING_VERSION,
  definitions: new Map([
    [1, version1],
    [2, version2],
  ]),
  migrations: [bedomningV1toV2],
};
