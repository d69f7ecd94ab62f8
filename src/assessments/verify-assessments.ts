/**
 * Replays every assessment's history through the bedömning machine and compares
 * the result with the stored snapshot, state and version (`npm run verify`).
 */
import { isDeepStrictEqual } from 'node:util';
import { bedomningStateOf, persistBedomning, replayBedomning, upcastBedomningSnapshot, type BedomningEvent } from '../../machines/bedomning';
import { ASSESSMENT_CREATED } from '../aggregates/creation-events';
import type { Prisma, PrismaClient } from '../db/database';

export interface AssessmentVerifyReport {
  assessmentsChecked: number;
  eventsReplayed: number;
  mismatches: { assessmentId: string; problem: string }[];
}

const asJson = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

export async function verifyAllAssessments(prisma: PrismaClient, batchSize = 500): Promise<AssessmentVerifyReport> {
  const report: AssessmentVerifyReport = { assessmentsChecked: 0, eventsReplayed: 0, mismatches: [] };
  let cursor: string | undefined;
  for (;;) {
    const rows = await prisma.assessment.findMany({
      orderBy: { id: 'asc' },
      take: batchSize,
      ...(cursor === undefined ? {} : { cursor: { id: cursor }, skip: 1 }),
      include: { events: { orderBy: { seq: 'asc' } } },
    });
    if (rows.length === 0) return report;
    for (const row of rows) {
      report.assessmentsChecked += 1;
      report.eventsReplayed += row.events.length;
      const problem = check(row);
      if (problem) report.mismatches.push({ assessmentId: row.id, problem });
    }
    cursor = rows.at(-1)?.id;
  }
}

function check(row: Prisma.AssessmentGetPayload<{ include: { events: true } }>): string | null {
  if (!row.events.every((event, index) => event.seq === index + 1)) return 'event sequence has gaps';
  if (row.version !== row.events.length) return `version ${row.version} but ${row.events.length} events`;
  const events = row.events.map(
    (event) =>
      ({ type: event.type, ...(event.payload as object), meta: { actorId: event.actorId, role: event.actorRole, at: event.occurredAt.toISOString(), ...(event.actorUnit ? { unit: event.actorUnit } : {}) } }) as BedomningEvent,
  );
  // The creation event carries no step of the machine (assessments stored before it existed start without one).
  const replayed = replayBedomning(events.filter((event) => (event.type as string) !== ASSESSMENT_CREATED));
  if (bedomningStateOf(replayed) !== row.state) return `state column ${row.state}, replay gives ${bedomningStateOf(replayed)}`;
  // A snapshot stored before the indication's reasons were codes is read as it is restored (upcastBedomningSnapshot).
  if (!isDeepStrictEqual(asJson(persistBedomning(replayed)), asJson(upcastBedomningSnapshot(row.snapshot)))) return 'stored snapshot differs from the replayed one';
  return null;
}
