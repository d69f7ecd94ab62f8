/**
 * The user directory's part of a handover or a KC assignment: the machine
 * decides whether the step may happen now and by whom; whether the person or
 * unit it names exists in the right role is answered here, before the step is
 * stored (400 naming the field). Used by the referral and the assessment alike.
 */
import type { Prisma } from '../db/database';
import { AppError } from '../errors';

type Tx = Prisma.TransactionClient;

interface Holder {
  unit: string;
  responsibleUserId: string;
  kcConsultantId?: string | null;
  /** The unit a pending transfer goes to. */
  transferToUnit: string | null;
}

type TargetEvent = { type: string } & Record<string, unknown>;

function invalid(path: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `Invalid request: ${path}: ${message}`, [{ path, message }]);
}

async function socialsekreterareOf(tx: Tx, userId: unknown, unit: string) {
  if (typeof userId !== 'string') return null;
  return tx.user.findFirst({ where: { id: userId, role: 'socialsekreterare', unit }, select: { id: true } });
}

export async function checkHandoverTarget(tx: Tx, event: TargetEvent, holder: Holder): Promise<void> {
  switch (event.type) {
    case 'KC_CONSULTANT_ASSIGNED': {
      const consultant = typeof event.consultantId === 'string'
        ? await tx.user.findFirst({ where: { id: event.consultantId, role: 'arbetsmarknadskonsulent' }, select: { id: true } })
        : null;
      if (!consultant) throw invalid('consultantId', 'is not an arbetsmarknadskonsulent known to Stegvis (give the user id)');
      return;
    }
    case 'RESPONSIBLE_CHANGED':
      if (event.toUserId === holder.responsibleUserId) throw invalid('toUserId', 'is already responsible');
      if (!(await socialsekreterareOf(tx, event.toUserId, holder.unit))) {
        throw invalid('toUserId', `is not a socialsekreterare at ${holder.unit} (to another unit, request a transfer instead)`);
      }
      return;
    case 'TRANSFER_REQUESTED': {
      const toUnit = String(event.toUnit).trim();
      const receiving = await tx.user.findFirst({ where: { role: 'forste_socialsekreterare', unit: toUnit }, select: { id: true } });
      if (!receiving) throw invalid('toUnit', `has no 1:e socialsekreterare known to Stegvis, so no one there could accept (check the unit's name)`);
      return;
    }
    case 'TRANSFER_ACCEPTED':
      if (holder.transferToUnit && !(await socialsekreterareOf(tx, event.toUserId, holder.transferToUnit))) {
        throw invalid('toUserId', `is not a socialsekreterare at ${holder.transferToUnit}`);
      }
      return;
  }
}

/**
 * Reminders follow the new owner: e-mails queued for someone who no longer has the
 * case are cancelled (the deadlines themselves move in the deadline sync, and the
 * next sweep queues the new owner's reminders).
 */
export async function followNewOwner(tx: Tx, target: { caseId: string }, before: (string | null)[], after: (string | null)[]): Promise<void> {
  const gone = before.filter((id): id is string => id !== null && !after.includes(id));
  if (gone.length === 0) return;
  await tx.notification.updateMany({
    where: { caseId: target.caseId, recipientUserId: { in: gone }, status: 'pending' },
    data: { status: 'cancelled' },
  });
}
