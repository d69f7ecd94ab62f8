/**
 * Replays every assessment's history through the bedömning machine and compares
 * the result with the stored snapshot, state and version (`npm run verify`).
 */
import { isDeepStrictEqual } from 'node:util';
import { bedomningStateOf, type BedomningEvent, type BedomningSnapshot } from '../../machines/bedomning';
import { replayHistory } from '../../machines/shared/versions';
import { ASSESSMENT_CREATED } from '../aggregates/creation-events';
import { historyOfRows } from '../aggregates/stored-history';
import type { Prisma, PrismaClient } from '../db/database';
import { assessmentVersions } from './assessment-snapshot';

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
  let replayed;
  try {
    // The creation event carries no step (assessments stored before it existed start without one).
    replayed = replayHistory(assessmentVersions, historyOfRows<unknown, BedomningEvent>(row.events, { type: ASSESSMENT_CREATED, input: () => undefined }));
  } catch (error) {
    return `replay failed: ${(error as Error).message}`;
  }
  if (replayed.version !== row.machineVersion) return `machine version column ${row.machineVersion}, replay gives ${replayed.version}`;
  const definition = assessmentVersions.definitions.get(replayed.version)!;
  const snapshot = replayed.snapshot as BedomningSnapshot;
  if (bedomningStateOf(snapshot) !== row.state) return `state column ${row.state}, replay gives ${bedomningStateOf(snapshot)}`;
  // Read as it is restored: a snapshot stored before the indication's reasons were codes is upcast (upcastBedomningSnapshot).
  if (!isDeepStrictEqual(asJson(replayed.persisted), asJson(definition.persist(definition.restore(row.snapshot))))) return 'stored snapshot differs from the replayed one';
  return null;
}
