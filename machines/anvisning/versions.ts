/**
 * Every definition of the anvisning machine this release can replay, and the migrations between
 * them (docs/architecture.md "Changing a machine"). A case row and each of its events record the
 * version they were written under; a case below ANVISNING_VERSION is moved up by the migrations.
 */
import { initialTransition, transition } from 'xstate';
import type { DefinitionVersion, MachineVersions } from '../shared/versions';
import type { AnvisningEvent } from './events';
import { anvisningMachine, type AnvisningInput } from './machine';
import { anvisningV1toV2, anvisningV2toV3, anvisningV3toV4 } from './migrations';
import { applyAnvisningV3, persistAnvisningV3, restoreAnvisningV3, startAnvisningV3, type AnvisningEventV3, type AnvisningSnapshotV3 } from './v3';
import { applyAnvisningV2, persistAnvisningV2, restoreAnvisningV2, startAnvisningV2, type AnvisningEventV2, type AnvisningSnapshotV2 } from './v2';
import { applyAnvisningV1, persistAnvisningV1, restoreAnvisningV1, startAnvisningV1, type AnvisningEventV1, type AnvisningSnapshotV1 } from './v1';

/** Raised by any change to states, context or events (and the previous definition frozen in ./vN/). */
export const ANVISNING_VERSION = 4;

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
  start: (input) => startAnvisningV2(input),
  restore: (persisted) => restoreAnvisningV2(persisted),
  apply: (snapshot, event) => applyAnvisningV2(snapshot as AnvisningSnapshotV2, event as unknown as AnvisningEventV2),
  persist: (snapshot) => persistAnvisningV2(snapshot as AnvisningSnapshotV2),
};

const version3: DefinitionVersion<AnvisningInput, AnvisningEvent> = {
  version: 3,
  start: (input) => startAnvisningV3(input),
  restore: (persisted) => restoreAnvisningV3(persisted),
  apply: (snapshot, event) => applyAnvisningV3(snapshot as AnvisningSnapshotV3, event as unknown as AnvisningEventV3),
  persist: (snapshot) => persistAnvisningV3(snapshot as AnvisningSnapshotV3),
};

// Replay applies a stored event as it was accepted: the date rules of version 4 (./plausibility.ts) judge a request, never a history.
const version4: DefinitionVersion<AnvisningInput, AnvisningEvent> = {
  version: 4,
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
    [3, version3],
    [4, version4],
  ]),
  migrations: [anvisningV1toV2, anvisningV2toV3, anvisningV3toV4],
};
