/** Who gets which e-mail: the people who own a step, and the escalation point on its side. */
import type { Prisma, Role } from '../db/database';
import type { Enforcement } from '../../machines/shared/traceability';

interface CaseForRecipients {
  responsibleUserId: string;
  kcConsultantId: string | null;
  unit: string;
  client: { protectedIdentity: boolean };
}

type Db = Prisma.TransactionClient;

async function idsOf(db: Db, where: Prisma.UserWhereInput): Promise<string[]> {
  return (await db.user.findMany({ where, select: { id: true }, orderBy: { id: 'asc' } })).map((user) => user.id);
}

/**
 * KC's side of a case: the assigned consultant; the samordnare while none is assigned,
 * and always for a protected identity (Bilaga 1).
 */
async function kcSide(db: Db, kase: CaseForRecipients): Promise<string[]> {
  if (kase.client.protectedIdentity || !kase.kcConsultantId) return idsOf(db, { role: 'kc_samordnare' });
  return [kase.kcConsultantId];
}

export async function ownersOf(db: Db, kase: CaseForRecipients, role: Role): Promise<string[]> {
  return role === 'socialsekreterare' ? [kase.responsibleUserId] : kcSide(db, kase);
}

/** Both parties of a meeting: the responsible socialsekreterare and KC. */
export async function meetingAttendees(db: Db, kase: CaseForRecipients): Promise<string[]> {
  return [kase.responsibleUserId, ...(await kcSide(db, kase))];
}

/** process.md "Deadlines and reminders" (the escalation, Stegvis's own safety net): the 1:e socialsekreterare of the case's unit, or KC's samordnare. */
export async function escalationPointsFor(db: Db, kase: CaseForRecipients, role: Role): Promise<string[]> {
  return role === 'socialsekreterare' ? idsOf(db, { role: 'forste_socialsekreterare', unit: kase.unit }) : idsOf(db, { role: 'kc_samordnare' });
}

/** The process rules of who is told (docs/process.md "Deadlines and reminders"; docs/traceability.md). */
export const ENFORCES: Enforcement[] = [{ rule: 'deadlines.overdue-escalation', by: 'escalationPointsFor' }];
