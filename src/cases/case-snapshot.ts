/**
 * A case row's snapshot as this release reads it (moved up from an older definition version in
 * memory, a newer one refused: src/aggregates/machine-versions.ts), and the row's columns that
 * follow from a snapshot, written by every step and every upgrade alike.
 */
import { ANVISNING_VERSION, anvisningVersions, persistAnvisning, restoreAnvisning, statePathOf, statusOf, type AnvisningSnapshot } from '../../machines/anvisning';
import type { MachineVersions } from '../../machines/shared/versions';
import { currentSnapshotOf } from '../aggregates/machine-versions';
import type { Prisma } from '../db/database';
import { toDbDate } from '../deadlines/deadline-sync';

export const caseVersions = anvisningVersions as MachineVersions<unknown, unknown>;

export function restoreCase(row: { snapshot: unknown; machineVersion: number }): AnvisningSnapshot {
  return restoreAnvisning(currentSnapshotOf(caseVersions, 'case', row).persisted);
}

export type CaseColumns = ReturnType<typeof caseColumnsOf>;

/** What the row says about the referral, from the snapshot (the row's own values where the context has none). */
export function caseColumnsOf(next: AnvisningSnapshot, row: { responsibleUserId: string; unit: string; kcConsultantId: string | null }) {
  const status = statusOf(next);
  return {
    snapshot: persistAnvisning(next) as Prisma.InputJsonValue,
    machineVersion: ANVISNING_VERSION,
    state: statePathOf(next),
    status,
    sentToKc: next.context.uppdrag !== null,
    samordnareConsulted: next.context.samordnareConsultedAt !== null,
    // Responsibility follows the machine's context; cases from before assignments keep the consultant stored on the row.
    responsibleUserId: next.context.responsible?.userId ?? row.responsibleUserId,
    unit: next.context.responsible?.unit ?? row.unit,
    kcConsultantId: next.context.kcConsultantId ?? row.kcConsultantId,
    // A referral that ends with a transfer still pending stays with the sending unit (no one can accept it now).
    pendingTransferUnit: status === 'active' ? (next.context.transfer?.toUnit ?? null) : null,
    decisionValidUntil: next.context.decision ? toDbDate(next.context.decision.validUntil) : null,
  };
}
