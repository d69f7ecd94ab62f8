/**
 * Keeps a case's stored deadlines in step with its machine state, inside the
 * transition's transaction: new duties are opened, a duty whose step was taken
 * is done, a duty that no longer applies (or whose case ended) is cancelled.
 */
import { stockholmDate } from '../../machines/shared/dates';
import type { AnvisningSnapshot } from '../../machines/anvisning';
import { statePathOf } from '../../machines/anvisning';
import type { Prisma } from '../db/database';
import { COMPLETED_BY, computeDeadlines, type DeadlineKind, type DeadlinePeriods } from './deadline-policy';
import { firstNoticeDay } from './notice-days';

export const toDbDate = (date: string) => new Date(`${date}T00:00:00Z`);
export const fromDbDate = (date: Date) => date.toISOString().slice(0, 10);

/** The case as it is after the step: its open deadlines carry the fields the scheduler's sweep reads (caseFieldsOf). */
interface CaseForDeadlines {
  id: string;
  number: number;
  unit: string;
  responsibleUserId: string;
  kcConsultantId: string | null;
  client: { protectedIdentity: boolean };
}

/**
 * The case fields every open or overdue deadline carries, so the sweep reads "Deadline" alone (issue 19; a CHECK
 * constraint requires them there). Kept true in the transaction that changes them: here for the case's own steps
 * (a handover, a KC assignment, a protection marking, an upgrade), and by the client register for a client marked
 * protected (markClientDeadlinesProtected).
 */
export function caseFieldsOf(kase: CaseForDeadlines) {
  return {
    caseNumber: kase.number,
    caseUnit: kase.unit,
    caseResponsibleUserId: kase.responsibleUserId,
    caseKcConsultantId: kase.kcConsultantId,
    clientProtected: kase.client.protectedIdentity,
  };
}

type CaseFields = ReturnType<typeof caseFieldsOf>;

const sameCaseFields = (stored: Record<keyof CaseFields, unknown>, fields: CaseFields) =>
  stored.caseNumber === fields.caseNumber &&
  stored.caseUnit === fields.caseUnit &&
  stored.caseResponsibleUserId === fields.caseResponsibleUserId &&
  stored.caseKcConsultantId === fields.caseKcConsultantId &&
  stored.clientProtected === fields.clientProtected;

type DeadlineRow = Prisma.DeadlineGetPayload<object>;

/**
 * `loaded`: every deadline of the case, read in this transaction after the case was locked (the transition has them
 * already: no second read). Returns the case's deadlines after the sync, in the view's order (due date, id), when
 * `loaded` was given; the writes are one statement whatever they are (issue 19: a round trip per deadline before).
 */
export async function syncDeadlines(
  tx: Prisma.TransactionClient,
  kase: CaseForDeadlines,
  snapshot: AnvisningSnapshot,
  eventType: string,
  now: Date,
  periods: DeadlinePeriods,
  loaded?: DeadlineRow[],
): Promise<DeadlineRow[] | null> {
  const today = stockholmDate(now.toISOString());
  const desired = snapshot.status === 'active' ? computeDeadlines({ statePath: statePathOf(snapshot), context: snapshot.context }, periods) : [];
  const existing = loaded
    ? loaded.filter((deadline) => deadline.status === 'open' || deadline.status === 'overdue')
    : await tx.deadline.findMany({ where: { caseId: kase.id, status: { in: ['open', 'overdue'] } } });
  const key = (kind: string, basis: string) => `${kind}|${basis}`;
  const wanted = new Map(desired.map((deadline) => [key(deadline.kind, deadline.basis), deadline]));

  const closed: { id: string; status: 'done' | 'cancelled' }[] = [];
  for (const deadline of existing) {
    if (wanted.has(key(deadline.kind, deadline.basis))) continue;
    const done = COMPLETED_BY[deadline.kind as DeadlineKind]?.includes(eventType) ?? false;
    closed.push({ id: String(deadline.id), status: done ? 'done' : 'cancelled' });
  }

  const existingByKey = new Map(existing.map((deadline) => [key(deadline.kind, deadline.basis), deadline]));
  const fields = caseFieldsOf(kase);
  const upserts: { kind: string; basis: string; dueDate: string; responsibleRole: string; responsibleUserId: string | null; status: 'open' | 'overdue'; nextNoticeOn: string }[] = [];
  for (const deadline of desired) {
    const responsibleUserId = deadline.responsibleRole === 'socialsekreterare' ? kase.responsibleUserId : kase.kcConsultantId;
    const status = deadline.dueDate < today ? 'overdue' : 'open';
    // Most steps leave most duties as they were: no write for those. A duty whose case fields changed (a handover,
    // an assignment, a protection marking) is written again: every open duty of a case is a desired one, so this
    // keeps all of them true.
    const stored = existingByKey.get(key(deadline.kind, deadline.basis));
    if (
      stored &&
      fromDbDate(stored.dueDate) === deadline.dueDate &&
      stored.responsibleUserId === responsibleUserId &&
      stored.status === status &&
      sameCaseFields(stored, fields)
    ) {
      continue;
    }
    // A deadline written anew is read by the scheduler's sweep from its first reminder day (its e-mails already queued
    // are not queued twice): a new owner or due date gets what is due from then on (issue 19, notice-days.ts).
    const nextNoticeOn = firstNoticeDay({ kind: deadline.kind, dueDate: deadline.dueDate }, periods);
    upserts.push({ kind: deadline.kind, basis: deadline.basis, dueDate: deadline.dueDate, responsibleRole: deadline.responsibleRole, responsibleUserId, status, nextNoticeOn });
  }
  if (closed.length === 0 && upserts.length === 0) return loaded ? sortDeadlines(loaded) : null;

  // A duty that is over is done or cancelled, and its reminders not yet sent are not sent at all; a duty that
  // applies is opened, or moved (a new due date, owner or status), by its key (caseId, kind, basis).
  const changed = await tx.$queryRaw<DeadlineRow[]>`
    WITH closing AS (
      SELECT * FROM unnest(${closed.map((c) => c.id)}::text[], ${closed.map((c) => c.status)}::text[]) AS x(id, status)
    ), closed AS (
      UPDATE "Deadline" d SET status = closing.status::"DeadlineStatus", "closedAt" = ${now}
      FROM closing WHERE d.id = closing.id::bigint AND d."caseId" = ${kase.id}::uuid
      RETURNING d.*
    ), reminders_cancelled AS (
      UPDATE "Notification" n SET status = 'cancelled'
      FROM closing WHERE n."deadlineId" = closing.id::bigint AND n.status = 'pending'
    ), opened AS (
      INSERT INTO "Deadline" ("caseId", kind, basis, "dueDate", "responsibleRole", "responsibleUserId", status,
                              "caseNumber", "caseUnit", "caseResponsibleUserId", "caseKcConsultantId", "clientProtected", "nextNoticeOn")
      SELECT ${kase.id}::uuid, x.kind, x.basis, x.due::date, x.role::"Role", x.owner, x.status::"DeadlineStatus",
             ${fields.caseNumber}::int, ${fields.caseUnit}::text, ${fields.caseResponsibleUserId}::text, ${fields.caseKcConsultantId}::text,
             ${fields.clientProtected}::boolean, x.next_notice::date
      FROM unnest(${upserts.map((u) => u.kind)}::text[], ${upserts.map((u) => u.basis)}::text[], ${upserts.map((u) => u.dueDate)}::text[],
                  ${upserts.map((u) => u.responsibleRole)}::text[], ${upserts.map((u) => u.responsibleUserId)}::text[],
                  ${upserts.map((u) => u.status)}::text[], ${upserts.map((u) => u.nextNoticeOn)}::text[]) AS x(kind, basis, due, role, owner, status, next_notice)
      ON CONFLICT ("caseId", kind, basis) DO UPDATE
        SET "dueDate" = EXCLUDED."dueDate", "responsibleUserId" = EXCLUDED."responsibleUserId", status = EXCLUDED.status, "closedAt" = NULL,
            "caseNumber" = EXCLUDED."caseNumber", "caseUnit" = EXCLUDED."caseUnit", "caseResponsibleUserId" = EXCLUDED."caseResponsibleUserId",
            "caseKcConsultantId" = EXCLUDED."caseKcConsultantId", "clientProtected" = EXCLUDED."clientProtected",
            "nextNoticeOn" = EXCLUDED."nextNoticeOn"
      RETURNING *
    )
    SELECT id, "caseId", kind, basis, "dueDate", "responsibleRole"::text AS "responsibleRole", "responsibleUserId", status::text AS status,
           "escalatedAt", "createdAt", "closedAt", "caseNumber", "caseUnit", "caseResponsibleUserId", "caseKcConsultantId", "clientProtected", "nextNoticeOn"
    FROM (SELECT * FROM closed UNION ALL SELECT * FROM opened) AS changed`;
  if (!loaded) return null;
  const byId = new Map(loaded.map((deadline) => [deadline.id, deadline]));
  for (const deadline of changed) byId.set(BigInt(deadline.id), { ...deadline, id: BigInt(deadline.id) });
  return sortDeadlines([...byId.values()]);
}

function sortDeadlines(deadlines: DeadlineRow[]): DeadlineRow[] {
  return [...deadlines].sort((a, b) => a.dueDate.getTime() - b.dueDate.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
