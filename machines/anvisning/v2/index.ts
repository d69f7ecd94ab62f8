/**
 * Version 2 of the anvisning machine, frozen: the definition referrals ran on from version 2
 * (an AF activity makes a referral wait) until version 3 (the routine as written, revision 2 of
 * the process model). Nothing here changes any more (test/machines/frozen-definitions.test.ts
 * holds the files to their recorded hashes) and nothing outside this folder is imported, so the
 * stored histories of version 2 replay exactly as they were written. The migration to version 3
 * is ../migrations.ts.
 */
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import type { AnvisningEvent } from './events';
import { anvisningMachine, type AnvisningContext, type AnvisningInput } from './machine';

export { ANVISNING_EVENT_TYPES as ANVISNING_EVENT_TYPES_V2, anvisningPayloadSchemas as anvisningPayloadSchemasV2, type AnvisningEventType as AnvisningEventTypeV2, type AnvisningPayload as AnvisningPayloadV2 } from './events';
export { ANVISNING_EVENT_ROLES as ANVISNING_EVENT_ROLES_V2 } from './permissions';

export const anvisningMachineV2 = anvisningMachine;
export type AnvisningContextV2 = AnvisningContext;
export type AnvisningInputV2 = AnvisningInput;
export type AnvisningEventV2 = AnvisningEvent;
export type AnvisningSnapshotV2 = SnapshotFrom<typeof anvisningMachine>;
export type PersistedAnvisningV2 = ReturnType<typeof anvisningMachine.getPersistedSnapshot>;

export function startAnvisningV2(input: AnvisningInput): AnvisningSnapshotV2 {
  return initialTransition(anvisningMachine, input)[0];
}

export function restoreAnvisningV2(persisted: unknown): AnvisningSnapshotV2 {
  return anvisningMachine.resolveState(persisted as Parameters<typeof anvisningMachine.resolveState>[0]);
}

/** One stored event applied under version 2 (verify replays with this; no role check: the history was accepted). */
export function applyAnvisningV2(snapshot: AnvisningSnapshotV2, event: AnvisningEvent): AnvisningSnapshotV2 {
  return transition(anvisningMachine, snapshot, event)[0];
}

export function persistAnvisningV2(snapshot: AnvisningSnapshotV2): PersistedAnvisningV2 {
  return anvisningMachine.getPersistedSnapshot(snapshot);
}
