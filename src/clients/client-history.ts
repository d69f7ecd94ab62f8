/**
 * The client record's history (rättelse, GDPR art. 16): the Client row is the current
 * state, and every change of it is an append-only ClientEvent written in the same
 * transaction, so the name and the protection flag never change silently and an
 * earlier name stays on record.
 */
import type { AuthUser } from '../auth/types';
import type { Prisma, PrismaClient } from '../db/database';

type Db = Prisma.TransactionClient | PrismaClient;

export interface ClientEventPayloads {
  CLIENT_REGISTERED: { name: string; protectedIdentity: boolean };
  CLIENT_NAME_CORRECTED: { name: string; reason: string };
  /** Protection switched on: by the client register, or on a referral (`caseId`: the referral it was marked on). */
  CLIENT_PROTECTION_MARKED: { caseId?: string };
}
export type ClientEventType = keyof ClientEventPayloads;
export const CLIENT_EVENT_TYPES = ['CLIENT_REGISTERED', 'CLIENT_NAME_CORRECTED', 'CLIENT_PROTECTION_MARKED'] as const satisfies readonly ClientEventType[];

/**
 * Appends one event to the client's history. The caller holds the client row (created in this
 * transaction, or locked FOR NO KEY UPDATE / FOR UPDATE), so the next seq is its own.
 */
export async function appendClientEvent<T extends ClientEventType>(db: Db, clientId: string, actor: AuthUser, type: T, payload: ClientEventPayloads[T], at: Date) {
  const last = await db.clientEvent.findFirst({ where: { clientId }, orderBy: { seq: 'desc' }, select: { seq: true } });
  return db.clientEvent.create({
    data: { clientId, seq: (last?.seq ?? 0) + 1, type, payload: payload as Prisma.InputJsonValue, actorId: actor.id, actorRole: actor.role, actorUnit: actor.unit, occurredAt: at },
  });
}

/** The history in order. */
export function readClientEvents(db: Db, clientId: string) {
  return db.clientEvent.findMany({ where: { clientId }, orderBy: { seq: 'asc' } });
}
