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

/** Refuses (403) a socialsekreterare who would take up a client someone else holds; returns her own hold, or null for a client no one holds. */
export async function assertClientNotHeldByOthers(db: Db, user: AuthUser, clientId: string): Promise<ClientHolder | null> {
  // Inside a transaction, two users taking up one client (a referral here, an assessment there) wait for each
  // other, so the second sees the first one's hold. FOR NO KEY UPDATE: a new case's or assessment's foreign key
  // (FOR KEY SHARE) is not held up by it.
  await db.$queryRaw`SELECT id FROM "Client" WHERE id = ${clientId}::uuid FOR NO KEY UPDATE`;
  const holder = await holderOf(db, clientId);
  if (holder && holder.userId !== user.id) throw clientHeldElsewhere(holder.unit, clientId);
  return holder;
}

export function clientHeldElsewhere(unit: string, clientId: string): AppError {
  return new AppError('FORBIDDEN', 'client_held_elsewhere', { unit }, { heldBy: { unit } }, { auditClientIds: [clientId] });
}
