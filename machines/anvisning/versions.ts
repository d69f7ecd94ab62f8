/**
 * Every definition of the anvisning machine this release can replay, and the migrations between
 * them (docs/architecture.md "Changing a machine"). A case row and each of its events record the
 * version they were written under; a case below ANVISNING_VERSION is moved up by the migrations.
 */
import { initialTransition, transition } from 'xstate';
import type { DefinitionVersion, MachineVersions } from '../shared/versions';
import type { AnvisningEvent } from './events';
import { anvisningMachine, type AnvisningInput } from './machine';
import { anvisningV1toV2 } from './migrations';
import { applyAnvisningV1, persistAnvisningV1, restoreAnvisningV1, startAnvisningV1, type AnvisningEventV1, type AnvisningSnapshotV1 } from './v1';

/** Raised by any change to states, context or events (and the previous definition frozen in ./vN/). */
export const ANVISNING_VERSION = 2;

type AnySnapshot = Parameters<typeof anvisningMachine.getPersistedSnapshot>[0];

const version1: DefinitionVersion<AnvisningInput, AnvisningEvent> = {
  version: 1,
  start: (input) => startAnvisningV1(input),
  restore: (persisted) => restoreAnvisningV1(persisted),
  apply: (snapshot, event) => applyAnvisningV1(snapshot as AnvisningSnapshotV1, event as unknown as AnvisningEventV1),
  persist: (snapshot) => persistAnvisningV1(snapshot as AnvisningSnapshotV1),
};

const version2: DefinitionVersion<AnvisningInput, AnvisningEvent> = {
  version: 2,
  start: (input) => initialTransition(anvisningMachine, input)[0],
  restore: (persisted) => anvisningMachine.resolveState(persisted as Parameters<typeof anvisningMachine.resolveState>[0]),
  apply: (snapshot, event) => transition(anvisningMachine, snapshot as AnySnapshot, event)[0],
  persist: (snapshot) => anvisningMachine.getPersistedSnapshot(snapshot as AnySnapshot),
};

export const anvisningVersions: MachineVersions<AnvisningInput, AnvisningEvent> = {
  machine: 'anvisning',
  current: ANVISNING_VERSION,
  definitions: new Map([
    [1, version1],
    [2, version2],
  ]),
  migrations: [anvisningV1toV2],
};
