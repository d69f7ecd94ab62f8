/**
 * A history names the people a handover or an assignment is about by user id;
 * a reader needs their names. Staff names only (never a client's).
 */
import type { Prisma, PrismaClient } from '../db/database';

const PERSON_FIELDS = ['toUserId', 'consultantId'] as const;

/** `{ toUserId: 'Maja Ek' }` for each event: the display names of the people its payload names. */
export async function namesOfPeopleIn<T extends { payload: unknown }>(db: PrismaClient | Prisma.TransactionClient, events: T[]): Promise<Map<T, Record<string, string>>> {
  const idsOf = (event: T) =>
    PERSON_FIELDS.flatMap((field) => {
      const value = (event.payload as Record<string, unknown> | null)?.[field];
      return typeof value === 'string' ? [[field, value] as const] : [];
    });
  const ids = [...new Set(events.flatMap((event) => idsOf(event).map(([, id]) => id)))];
  const users = ids.length === 0 ? [] : await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true } });
  const names = new Map(users.map((user) => [user.id, user.displayName]));
  const result = new Map<T, Record<string, string>>();
  for (const event of events) {
    const named = Object.fromEntries(idsOf(event).flatMap(([field, id]) => (names.has(id) ? [[field, names.get(id)!]] : [])));
    if (Object.keys(named).length > 0) result.set(event, named);
  }
  return result;
}
