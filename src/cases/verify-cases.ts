/**
 * Replays every case's history through the machine and compares the result with the stored
 * snapshot, state, status, version and definition version. Used by `npm run verify`. Each part of
 * a history replays under the definition it was written under (the event's machineVersion, from the
 * frozen copies in machines/anvisning/vN/), and each recorded MACHINE_UPGRADED through its migration.
 */
import { isDeepStrictEqual } from 'node:util';
import { statePathOf, statusOf, type AnvisningEvent, type AnvisningInput, type AnvisningSnapshot } from '../../machines/anvisning';
import { replayHistory, type HistoryEntry } from '../../machines/shared/versions';
import { historyOfRows } from '../aggregates/stored-history';
import type { Prisma, PrismaClient } from '../db/database';
import type { Unparsed } from '../db/row-types';
import { CASE_CREATED } from './case-service';
import { caseVersions } from './case-snapshot';

export interface VerifyReport {
  casesChecked: number;
  eventsReplayed: number;
  mismatches: { caseId: string; problem: string }[];
}

/** The payload is parsed as the machine's input or event. */
type StoredEvent = Unparsed<Prisma.CaseEventGetPayload<object>, 'payload'>;

/** Rebuild the history from stored rows: the input of CASE_CREATED, each event with who, in which role, when, and each upgrade. */
export function historyOf(events: StoredEvent[]): HistoryEntry<AnvisningInput, AnvisningEvent>[] {
  if (events[0]?.type !== CASE_CREATED) throw new Error('history does not start with CASE_CREATED');
  return historyOfRows(events, { type: CASE_CREATED, input: (payload) => payload as AnvisningInput });
}

const asJson = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

export async function verifyAllCases(prisma: PrismaClient, batchSize = 500): Promise<VerifyReport> {
  const report: VerifyReport = { casesChecked: 0, eventsReplayed: 0, mismatches: [] };
  let cursor: number | undefined;
  for (;;) {
    const cases = await prisma.case.findMany({
      orderBy: { number: 'asc' },
      take: batchSize,
      ...(cursor === undefined ? {} : { cursor: { number: cursor }, skip: 1 }),
      include: { events: { orderBy: { seq: 'asc' } } },
    });
    if (cases.length === 0) return report;
    for (const kase of cases) {
      report.casesChecked += 1;
      report.eventsReplayed += kase.events.length;
      const problem = checkCase(kase);
      if (problem) report.mismatches.push({ caseId: kase.id, problem });
    }
    cursor = cases.at(-1)?.number;
  }
}

function checkCase(kase: Prisma.CaseGetPayload<{ include: { events: true } }>): string | null {
  const seqs = kase.events.map((event) => event.seq);
  if (!seqs.every((seq, index) => seq === index + 1)) return `event sequence has gaps: ${seqs.join(',')}`;
  if (kase.version !== kase.events.length) return `version ${kase.version} but ${kase.events.length} events`;
  let replayed;
  try {
    replayed = replayHistory(caseVersions, historyOf(kase.events));
  } catch (error) {
    return `replay failed: ${(error as Error).message}`;
  }
  if (replayed.version !== kase.machineVersion) return `machine version column ${kase.machineVersion}, replay gives ${replayed.version}`;
  // State and status read the snapshot's value, the same in every version's snapshot.
  const snapshot = replayed.snapshot as AnvisningSnapshot;
  if (statePathOf(snapshot) !== kase.state) return `state column ${kase.state}, replay gives ${statePathOf(snapshot)}`;
  if (statusOf(snapshot) !== kase.status) return `status column ${kase.status}, replay gives ${statusOf(snapshot)}`;
  if (!isDeepStrictEqual(asJson(replayed.persisted), asJson(kase.snapshot))) return 'stored snapshot differs from the replayed one';
  return null;
}
