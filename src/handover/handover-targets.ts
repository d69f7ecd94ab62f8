/**
 * The user directory's part of a handover or a KC assignment: the machine
 * decides whether the step may happen now and by whom; whether the person or
 * unit it names exists in the right role is answered here, before the step is
 * stored (400 naming the field). Used by the referral and the assessment alike.
 */
import type { Prisma } from '../db/database';
import { fieldIssue, validationFailed } from '../errors';

type Tx = Prisma.TransactionClient;

interface Holder {
  unit: string;
  responsibleUserId: string;
  kcConsultantId?: string | null;
  /** The unit a pending transfer goes to. */
  transferToUnit: string | null;
}

type TargetEvent = { type: string } & Record<string, unknown>;


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
      if (!consultant) throw validationFailed([fieldIssue('consultantId', 'consultant_unknown')]);
      return;
    }
    case 'RESPONSIBLE_CHANGED':
      if (event.toUserId === holder.responsibleUserId) throw validationFailed([fieldIssue('toUserId', 'already_responsible')]);
      if (!(await socialsekreterareOf(tx, event.toUserId, holder.unit))) {
        throw validationFailed([fieldIssue('toUserId', 'not_socialsekreterare_of_unit', { unit: holder.unit })]);
      }
      return;
    case 'TRANSFER_REQUESTED': {
      const toUnit = String(event.toUnit).trim();
      const receiving = await tx.user.findFirst({ where: { role: 'forste_socialsekreterare', unit: toUnit }, select: { id: true } });
      if (!receiving) throw validationFailed([fieldIssue('toUnit', 'unit_without_forste')]);
      return;
    }
    case 'TRANSFER_ACCEPTED':
      if (holder.transferToUnit && !(await socialsekreterareOf(tx, event.toUserId, holder.transferToUnit))) {
        throw validationFailed([fieldIssue('toUserId', 'not_socialsekreterare_of_unit', { unit: holder.transferToUnit })]);
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
