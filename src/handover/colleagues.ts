/**
 * Whom a handover or a KC assignment may name (GET /api/colleagues): staff only (id,
 * name and unit, never a client or a case). Who may list whom follows who may send
 * the events that name them:
 * - the 1:e socialsekreterare: the socialsekreterare of her own unit
 *   (RESPONSIBLE_CHANGED, and TRANSFER_ACCEPTED, which the receiving unit's 1:e sends);
 * - the kc_samordnare: the arbetsmarknadskonsulenter (KC_CONSULTANT_ASSIGNED).
 * Everyone else is refused (a consultant takes a referral only for herself).
 */
import type { AuthUser } from '../auth/types';
import type { PrismaClient } from '../db/database';
import { AppError } from '../errors';

export const COLLEAGUE_ROLES = ['socialsekreterare', 'arbetsmarknadskonsulent'] as const;
export type ColleagueRole = (typeof COLLEAGUE_ROLES)[number];

export interface Colleague {
  id: string;
  displayName: string;
  unit: string;
}

/** Which role each role may list, and whether only within its own unit. */
const MAY_LIST: Partial<Record<AuthUser['role'], { role: ColleagueRole; ownUnitOnly: boolean }>> = {
  forste_socialsekreterare: { role: 'socialsekreterare', ownUnitOnly: true },
  kc_samordnare: { role: 'arbetsmarknadskonsulent', ownUnitOnly: false },
};

export async function listColleagues(prisma: PrismaClient, user: AuthUser, query: { role: ColleagueRole; unit?: string }): Promise<Colleague[]> {
  const allowed = MAY_LIST[user.role];
  if (!allowed || allowed.role !== query.role) {
    throw new AppError('FORBIDDEN', 'colleagues_not_allowed');
  }
  if (query.unit !== undefined && query.unit !== user.unit) {
    throw new AppError('FORBIDDEN', 'colleagues_own_unit_only', { unit: user.unit });
  }
  const unit = query.unit ?? (allowed.ownUnitOnly ? user.unit : undefined);
  return prisma.user.findMany({
    where: { role: query.role, ...(unit === undefined ? {} : { unit }) },
    select: { id: true, displayName: true, unit: true },
    orderBy: [{ displayName: 'asc' }, { id: 'asc' }],
    take: 500,
  });
}
