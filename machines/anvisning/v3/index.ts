/**
 * Version 3 of the anvisning machine, frozen: the definition referrals ran on from version 3
 * (the routine as written, revision 2 of the process model) until version 4 (plausible dates,
 * issue 18). Nothing here changes any more (test/machines/frozen-definitions.test.ts holds the
 * files to their recorded hashes) and nothing outside this folder is imported, so the stored
 * histories of version 3 replay exactly as they were written, never checked by version 4's date
 * rules. The migration to version 4 is ../migrations.ts.
 */
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import type { AnvisningEvent } from './events';
import { anvisningMachine, type AnvisningContext, type AnvisningInput } from './machine';

export { ANVISNING_EVENT_TYPES as ANVISNING_EVENT_TYPES_V3, anvisningPayloadSchemas as anvisningPayloadSchemasV3, type AnvisningEventType as AnvisningEventTypeV3, type AnvisningPayload as AnvisningPayloadV3 } from './events';
export { ANVISNING_EVENT_ROLES as ANVISNING_EVENT_ROLES_V3 } from './permissions';

export const anvisningMachineV3 = anvisningMachine;
export type AnvisningContextV3 = AnvisningContext;
export type AnvisningInputV3 = AnvisningInput;
export type AnvisningEventV3 = AnvisningEvent;
export type AnvisningSnapshotV3 = SnapshotFrom<typeof anvisningMachine>;
export type PersistedAnvisningV3 = ReturnType<typeof anvisningMachine.getPersistedSnapshot>;

export function startAnvisningV3(input: AnvisningInput): AnvisningSnapshotV3 {
  return initialTransition(anvisningMachine, input)[0];
}

export function restoreAnvisningV3(persisted: unknown): AnvisningSnapshotV3 {
  return anvisningMachine.resolveState(persisted as Parameters<typeof anvisningMachine.resolveState>[0]);
}

/** One stored event applied under version 3 (verify replays with this; no role check: the history was accepted). */
export function applyAnvisningV3(snapshot: AnvisningSnapshotV3, event: AnvisningEvent): AnvisningSnapshotV3 {
  return transition(anvisningMachine, snapshot, event)[0];
}

export function persistAnvisningV3(snapshot: AnvisningSnapshotV3): PersistedAnvisningV3 {
  return anvisningMachine.getPersistedSnapshot(snapshot);
}
