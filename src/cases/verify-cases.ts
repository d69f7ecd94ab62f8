/**
 * Replays every case's history through the machine and compares the result with
 * the stored snapshot, state, status and version. Used by `npm run verify`.
 */
import { isDeepStrictEqual } from 'node:util';
import {
  persistAnvisning,
  replayAnvisning,
  statePathOf,
  statusOf,
  type AnvisningEvent,
  type AnvisningInput,
} from '../../machines/anvisning';
import type { Prisma, PrismaClient } from '../db/database';
import type { Unparsed } from '../db/row-types';
import { CASE_CREATED } from './case-service';

export interface VerifyReport {
  casesChecked: number;
  eventsReplayed: number;
  mismatches: { caseId: string; problem: string }[];
}

/** The payload is parsed as the machine's input or event. */
type StoredEvent = Unparsed<Prisma.CaseEventGetPayload<object>, 'payload'>;

/** Rebuild the machine's events from stored rows: the payload plus who, in which role, when. */
export function toMachineEvents(events: StoredEvent[]): { input: AnvisningInput; events: AnvisningEvent[] } {
  const [created, ...rest] = events;
  if (!created || created.type !== CASE_CREATED) throw new Error('history does not start with CASE_CREATED');
  return {
    input: created.payload as AnvisningInput,
    events: rest.map(
      (event) =>
        ({
          type: event.type,
          ...(event.payload as object),
          meta: { actorId: event.actorId, role: event.actorRole, at: event.occurredAt.toISOString(), ...(event.actorUnit ? { unit: event.actorUnit } : {}) },
        }) as AnvisningEvent,
    ),
  };
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
    const { input, events } = toMachineEvents(kase.events);
    replayed = replayAnvisning(input, events);
  } catch (error) {
    return `replay failed: ${(error as Error).message}`;
  }
  if (statePathOf(replayed) !== kase.state) return `state column ${kase.state}, replay gives ${statePathOf(replayed)}`;
  if (statusOf(replayed) !== kase.status) return `status column ${kase.status}, replay gives ${statusOf(replayed)}`;
  if (!isDeepStrictEqual(asJson(persistAnvisning(replayed)), asJson(kase.snapshot))) return 'stored snapshot differs from the replayed one';
  return null;
}
