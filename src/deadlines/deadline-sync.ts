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

export const toDbDate = (date: string) => new Date(`${date}T00:00:00Z`);
export const fromDbDate = (date: Date) => date.toISOString().slice(0, 10);

interface CaseForDeadlines {
  id: string;
  responsibleUserId: string;
  kcConsultantId: string | null;
}

export async function syncDeadlines(
  tx: Prisma.TransactionClient,
  kase: CaseForDeadlines,
  snapshot: AnvisningSnapshot,
  eventType: string,
  now: Date,
  periods: DeadlinePeriods,
): Promise<void> {
  const today = stockholmDate(now.toISOString());
  const desired = snapshot.status === 'active' ? computeDeadlines({ statePath: statePathOf(snapshot), context: snapshot.context }, periods) : [];
  const existing = await tx.deadline.findMany({ where: { caseId: kase.id, status: { in: ['open', 'overdue'] } } });
  const key = (kind: string, basis: string) => `${kind}|${basis}`;
  const wanted = new Map(desired.map((deadline) => [key(deadline.kind, deadline.basis), deadline]));

  for (const deadline of existing) {
    if (wanted.has(key(deadline.kind, deadline.basis))) continue;
    const done = COMPLETED_BY[deadline.kind as DeadlineKind]?.includes(eventType) ?? false;
    await tx.deadline.update({ where: { id: deadline.id }, data: { status: done ? 'done' : 'cancelled', closedAt: now } });
    // Reminders not yet sent for a duty that is over are not sent at all.
    await tx.notification.updateMany({ where: { deadlineId: deadline.id, status: 'pending' }, data: { status: 'cancelled' } });
  }

  const existingByKey = new Map(existing.map((deadline) => [key(deadline.kind, deadline.basis), deadline]));
  for (const deadline of desired) {
    const responsibleUserId = deadline.responsibleRole === 'socialsekreterare' ? kase.responsibleUserId : kase.kcConsultantId;
    const status = deadline.dueDate < today ? 'overdue' : 'open';
    // Most steps leave most duties as they were: no write for those.
    const stored = existingByKey.get(key(deadline.kind, deadline.basis));
    if (stored && fromDbDate(stored.dueDate) === deadline.dueDate && stored.responsibleUserId === responsibleUserId && stored.status === status) continue;
    await tx.deadline.upsert({
      where: { caseId_kind_basis: { caseId: kase.id, kind: deadline.kind, basis: deadline.basis } },
      create: {
        caseId: kase.id,
        kind: deadline.kind,
        basis: deadline.basis,
        dueDate: toDbDate(deadline.dueDate),
        responsibleRole: deadline.responsibleRole,
        responsibleUserId,
        status,
      },
      update: { dueDate: toDbDate(deadline.dueDate), responsibleUserId, status, closedAt: null },
    });
  }
}
