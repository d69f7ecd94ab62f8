/**
 * Version 1 of the anvisning machine, frozen: the definition every referral ran on until
 * version 2 (docs/architecture.md "Changing a machine"). Nothing here changes any more
 * (test/machines/frozen-definitions.test.ts holds the files to their recorded hashes) and
 * nothing outside this folder is imported, so the stored histories of version 1 replay
 * exactly as they were written. The migration to version 2 is ../migrations.ts.
 */
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import type { AnvisningEvent } from './events';
import { anvisningMachine, type AnvisningContext, type AnvisningInput } from './machine';

export { ANVISNING_EVENT_TYPES as ANVISNING_EVENT_TYPES_V1, type AnvisningEventType as AnvisningEventTypeV1, type AnvisningPayload as AnvisningPayloadV1 } from './events';
export { ANVISNING_EVENT_ROLES as ANVISNING_EVENT_ROLES_V1 } from './permissions';

export const anvisningMachineV1 = anvisningMachine;
export type AnvisningContextV1 = AnvisningContext;
export type AnvisningInputV1 = AnvisningInput;
export type AnvisningEventV1 = AnvisningEvent;
export type AnvisningSnapshotV1 = SnapshotFrom<typeof anvisningMachine>;
export type PersistedAnvisningV1 = ReturnType<typeof anvisningMachine.getPersistedSnapshot>;

export function startAnvisningV1(input: AnvisningInput): AnvisningSnapshotV1 {
  return initialTransition(anvisningMachine, input)[0];
}

export function restoreAnvisningV1(persisted: unknown): AnvisningSnapshotV1 {
  return anvisningMachine.resolveState(persisted as Parameters<typeof anvisningMachine.resolveState>[0]);
}

/** One stored event applied under version 1 (verify replays with this; no role check: the history was accepted). */
export function applyAnvisningV1(snapshot: AnvisningSnapshotV1, event: AnvisningEvent): AnvisningSnapshotV1 {
  return transition(anvisningMachine, snapshot, event)[0];
}

export function persistAnvisningV1(snapshot: AnvisningSnapshotV1): PersistedAnvisningV1 {
  return anvisningMachine.getPersistedSnapshot(snapshot);
}
