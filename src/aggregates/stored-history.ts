/**
 * A stored history (CaseEvent or AssessmentEvent rows, in sequence order) as `replayHistory` reads it
 * (machines/shared/versions.ts): the start under the version of the first row, each event with who sent
 * it, in which role, when and from which unit, under the version it was applied under, and each
 * MACHINE_UPGRADED as the upgrade it recorded. `npm run verify` replays both aggregates through this.
 */
import type { HistoryEntry } from '../../machines/shared/versions';
import { MACHINE_UPGRADED } from './creation-events';

interface StoredRow {
  type: string;
  payload: unknown;
  actorId: string;
  actorRole: string;
  actorUnit: string | null;
  occurredAt: Date;
  machineVersion: number;
}

/** `creation`: the creation event's type and what the machine starts from, read from its payload. */
export function historyOfRows<Input, Event>(rows: readonly StoredRow[], creation: { type: string; input(payload: unknown): Input }): HistoryEntry<Input, Event>[] {
  const [first] = rows;
  const created = first?.type === creation.type ? first : undefined;
  const entries: HistoryEntry<Input, Event>[] = [{ kind: 'start', version: first?.machineVersion ?? 1, input: creation.input(created?.payload) }];
  for (const row of rows) {
    if (row === created) continue;
    if (row.type === MACHINE_UPGRADED) {
      const { from, to } = row.payload as { from: number; to: number };
      entries.push({ kind: 'upgrade', from, to });
      continue;
    }
    const meta = { actorId: row.actorId, role: row.actorRole, at: row.occurredAt.toISOString(), ...(row.actorUnit ? { unit: row.actorUnit } : {}) };
    entries.push({ kind: 'event', version: row.machineVersion, event: { type: row.type, ...(row.payload as object), meta } as Event });
  }
  return entries;
}
