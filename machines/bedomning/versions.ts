/**
 * Every definition of the bedömning machine this release can replay, and the migrations between
 * them (docs/architecture.md "Changing a machine"). Only version 1 so far: snapshots stored before
 * the indication's reasons were codes are read through `upcastBedomningSnapshot` in its restore.
 */
import { initialTransition, transition } from 'xstate';
import type { DefinitionVersion, MachineVersions } from '../shared/versions';
import type { BedomningEvent } from './events';
import { upcastBedomningSnapshot } from './indication';
import { bedomningMachine } from './machine';

/** Raised by any change to states, context or events (and the previous definition frozen in ./vN/). */
export const BEDOMNING_VERSION = 1;

type AnySnapshot = Parameters<typeof bedomningMachine.getPersistedSnapshot>[0];

const version1: DefinitionVersion<undefined, BedomningEvent> = {
  version: 1,
  start: () => initialTransition(bedomningMachine)[0],
  restore: (persisted) => bedomningMachine.resolveState(upcastBedomningSnapshot(persisted) as Parameters<typeof bedomningMachine.resolveState>[0]),
  apply: (snapshot, event) => transition(bedomningMachine, snapshot as AnySnapshot, event)[0],
  persist: (snapshot) => bedomningMachine.getPersistedSnapshot(snapshot as AnySnapshot),
};

export const bedomningVersions: MachineVersions<undefined, BedomningEvent> = {
  machine: 'bedomning',
  current: BEDOMNING_VERSION,
  definitions: new Map([[1, version1]]),
  migrations: [],
};
