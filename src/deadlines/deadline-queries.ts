/** A user's to-do list: the deadlines they own (or, for the escalation points, the overdue ones on their side). */
import { z } from 'zod';
import type { AuthUser } from '../auth/types';
import { visibleCasesWhere } from '../cases/case-access';
import { caseReference, clientFor, deadlineView } from '../cases/case-view';
import type { Prisma, PrismaClient } from '../db/database';

export const ZListDeadlinesQuery = z.strictObject({
  mine: z.enum(['true', 'false']).default('true').transform((value) => value === 'true'),
  status: z.enum(['open', 'overdue', 'done', 'cancelled']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(100),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type TListDeadlinesQuery = z.infer<typeof ZListDeadlinesQuery>;

function mineWhere(user: AuthUser): Prisma.DeadlineWhereInput {
  switch (user.role) {
    case 'socialsekreterare':
      return { responsibleUserId: user.id };
    case 'arbetsmarknadskonsulent':
      // A consultant's duties are those of the referrals assigned to her (the unassigned are in KC's queue).
      return { responsibleRole: 'arbetsmarknadskonsulent', responsibleUserId: user.id };
    case 'forste_socialsekreterare':
      return { responsibleRole: 'socialsekreterare', status: 'overdue' };
    case 'kc_samordnare':
      // KC's overdue steps, and the steps of referrals no consultant is assigned to yet.
      return { responsibleRole: 'arbetsmarknadskonsulent', OR: [{ status: 'overdue' }, { responsibleUserId: null }] };
    case 'system':
      return {};
  }
}

export async function listDeadlines(prisma: PrismaClient, user: AuthUser, query: TListDeadlinesQuery) {
  const deadlines = await prisma.deadline.findMany({
    where: {
      AND: [
        { case: visibleCasesWhere(user) },
        query.mine ? mineWhere(user) : {},
        query.status ? { status: query.status } : { status: { in: ['open', 'overdue'] } },
      ],
    },
    include: { case: { include: { client: true } } },
    orderBy: [{ dueDate: 'asc' }, { id: 'asc' }],
    take: query.limit,
    skip: query.offset,
  });
  // Whose step it is, by name: an escalation point's list holds other people's overdue steps.
  const ownerIds = [...new Set(deadlines.map((deadline) => deadline.responsibleUserId).filter((id): id is string => id !== null))];
  const owners = new Map((await prisma.user.findMany({ where: { id: { in: ownerIds } }, select: { id: true, displayName: true } })).map((owner) => [owner.id, owner.displayName]));
  return deadlines.map((deadline) => ({
    ...deadlineView(deadline),
    responsibleName: deadline.responsibleUserId ? (owners.get(deadline.responsibleUserId) ?? null) : null,
    case: {
      id: deadline.case.id,
      reference: caseReference(deadline.case.number),
      state: deadline.case.state,
      client: clientFor(user, deadline.case, 'list'),
    },
  }));
}
