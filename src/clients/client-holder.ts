/**
 * Whose client is this? A client is held by the socialsekreterare responsible
 * for their active referral, or else for their bedömningsstöd. Knowing a
 * personnummer is not access: someone else's client is refused, naming the
 * unit to contact (never a person, a reference or whether the client is
 * protected), and the attempt reaches the access log with the client's id.
 */
import type { AuthUser } from '../auth/types';
import type { Prisma, PrismaClient } from '../db/database';
import { AppError } from '../errors';

type Db = Prisma.TransactionClient | PrismaClient;

export interface ClientHolder {
  userId: string;
  unit: string;
}

export async function holderOf(db: Db, clientId: string): Promise<ClientHolder | null> {
  const active = await db.case.findFirst({ where: { clientId, status: 'active' }, select: { responsibleUserId: true, unit: true } });
  if (active) return { userId: active.responsibleUserId, unit: active.unit };
  const assessment = await db.assessment.findUnique({ where: { clientId }, select: { responsibleUserId: true, unit: true } });
  return assessment ? { userId: assessment.responsibleUserId, unit: assessment.unit } : null;
}

/** Refuses (403) a socialsekreterare who would take up a client someone else holds. */
export async function assertClientNotHeldByOthers(db: Db, user: AuthUser, clientId: string): Promise<void> {
  const holder = await holderOf(db, clientId);
  if (holder && holder.userId !== user.id) throw clientHeldElsewhere(holder.unit, clientId);
}

export function clientHeldElsewhere(unit: string, clientId: string): AppError {
  return new AppError(
    'FORBIDDEN',
    `This client is already handled by a socialsekreterare at ${unit}. Contact the 1:e socialsekreterare at ${unit}: they can hand the client over to you.`,
    { heldBy: { unit } },
    { auditClientIds: [clientId] },
  );
}
