/**
 * The client register: find a client by personnummer, register a new one, and
 * switch protection on. One module for every way a socialsekreterare takes up
 * a client (finding or registering one, creating a referral, starting an
 * assessment), so the rules are the same everywhere:
 * - someone else's client is refused, naming the unit to contact (client-holder.ts);
 * - a stored name is never overwritten by a find or a create;
 * - protection is only ever switched on, by whoever holds or takes up the client;
 * - every change of the record is an event in its history (client-history.ts), in the same transaction.
 */
import { z } from 'zod';
import { stockholmDate } from '../../machines/shared/dates';
import { SINGLE_LINE_MESSAGE, singleLine } from '../../machines/shared/text';
import type { AuthUser } from '../auth/types';
import type { Prisma, PrismaClient } from '../db/database';
import { isUniqueViolation } from '../db/idempotency';
import { addDays } from '../deadlines/working-days';
import { AppError } from '../errors';
import { assertClientNotHeldByOthers } from './client-holder';
import { appendClientEvent } from './client-history';
import { ZPersonnummer } from './personnummer';

/** Invisible format characters (Unicode Cf) but the zero-width joiner and non-joiner, which some scripts' names need. */
const INVISIBLE_IN_NAME = /(?![\u200c\u200d])\p{Cf}/u;

export const ZClientDetails = z.strictObject({
  personnummer: ZPersonnummer,
  // NFC, as a keyboard types it, so a name pasted with combining marks is the same name and the search finds it;
  // and no invisible format character (a direction mark, a word joiner), so two names that look the same are the same.
  name: singleLine(z.string().trim().normalize('NFC').min(1).max(200)).refine((name) => !INVISIBLE_IN_NAME.test(name), SINGLE_LINE_MESSAGE),
  protectedIdentity: z.boolean().optional(),
});
export type TClientDetails = z.infer<typeof ZClientDetails>;

type Db = Prisma.TransactionClient | PrismaClient;

export interface TakenUpClient {
  client: Prisma.ClientGetPayload<object>;
  created: boolean;
  /** This request switched protection on (its own access-log entry). */
  markedProtected: boolean;
  /** Whether the client was already this user's (false for a client no one held). */
  alreadyHeld: boolean;
  /** A known client was found under another name than the one given: the stored name was kept. */
  nameKept: boolean;
}

/**
 * The client with this personnummer, registered if new, for a socialsekreterare who takes it up.
 * Inside a transaction the holder check locks the client row, so two people cannot take up one client at once.
 * A new client is registered at `now`, the service's clock like every other entry in the person's records
 * (gallring counts the retention period from the last of them).
 */
export async function takeUpClient(db: Db, user: AuthUser, details: TClientDetails, now: Date): Promise<TakenUpClient> {
  if (user.role !== 'socialsekreterare') throw new AppError('FORBIDDEN', 'role_may_not_register_client');
  const existing = await db.client.findUnique({ where: { personnummer: details.personnummer } });
  if (!existing) {
    try {
      const client = await db.client.create({ data: { ...details, protectedIdentity: details.protectedIdentity ?? false, createdAt: now } });
      await appendClientEvent(db, client.id, user, 'CLIENT_REGISTERED', { name: client.name, protectedIdentity: client.protectedIdentity }, now);
      return { client, created: true, markedProtected: client.protectedIdentity, alreadyHeld: false, nameKept: false };
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('CONFLICT', 'client_registered_concurrently');
      throw error;
    }
  }
  // Someone else's client: say whom to contact (the unit), nothing about the client (not even whether protected).
  const holder = await assertClientNotHeldByOthers(db, user, existing.id);
  const marking = details.protectedIdentity === true && !existing.protectedIdentity;
  const client = marking ? await db.client.update({ where: { id: existing.id }, data: { protectedIdentity: true } }) : existing;
  if (marking) await appendClientEvent(db, client.id, user, 'CLIENT_PROTECTION_MARKED', {}, now);
  return { client, created: false, markedProtected: marking, alreadyHeld: holder !== null, nameKept: !sameName(existing.name, details.name) };
}

/**
 * `POST /api/clients`: find or register. Whether a client no one holds is protected is said only to whoever takes it up.
 * A known client's protection switched on is told to `onMarkedProtected` (its active referral, in the same transaction),
 * which answers with the referral it wrote to, if any (`markedCaseId`: the access log notes the request with that case).
 */
export async function findOrRegisterClient(db: Db, user: AuthUser, details: TClientDetails, now: Date, onMarkedProtected?: (clientId: string) => Promise<string | null>) {
  const { client, created, markedProtected, alreadyHeld, nameKept } = await takeUpClient(db, user, details, now);
  const markedCaseId = markedProtected && !created ? ((await onMarkedProtected?.(client.id)) ?? null) : null;
  // After the referral was told (its row locked first, as a transition of it takes them: no deadlock with one).
  if (markedProtected && !created) await markClientDeadlinesProtected(db, client.id, now);
  const saysProtection = created || alreadyHeld || markedProtected;
  // The stored name is said only to whoever already holds the client (she sees it on the client's page anyway); to anyone
  // else only that the name typed was not used, so a personnummer is no way to look up a name.
  const saysName = alreadyHeld;
  return {
    created,
    markedProtected,
    markedCaseId,
    client: { id: client.id, ...(saysProtection ? { protectedIdentity: client.protectedIdentity } : {}) },
    ...(nameKept ? { nameKept: saysName ? { storedName: client.name } : {} } : {}),
  };
}

/**
 * The client's open deadlines say so too: the scheduler's sweep reads protection from the deadline row (issue 19,
 * deadline-sync.ts caseFieldsOf) and sends KC's reminders to the samordnare from the next sweep on. The referral's own
 * PROTECTED_IDENTITY_MARKED step writes its deadlines already; this covers a referral whose machine did not take the
 * step. (A referral is created only for a client with none active, and an ended referral has no open deadline.)
 * Their stored next e-mail day becomes yesterday at the latest, as the sync does for a new owner: the next sweep reads
 * them and tells the samordnare what is already due (migration deadline_next_notice_on).
 */
export async function markClientDeadlinesProtected(db: Db, clientId: string, now: Date): Promise<void> {
  // The service's yesterday (its clock, a Swedish day), not the database server's CURRENT_DATE.
  const yesterday = addDays(stockholmDate(now.toISOString()), -1);
  await db.$executeRaw`
    UPDATE "Deadline" SET "clientProtected" = true, "nextNoticeOn" = LEAST("nextNoticeOn", ${yesterday}::date)
    WHERE "caseId" IN (SELECT id FROM "Case" WHERE "clientId" = ${clientId}::uuid)
      AND status IN ('open', 'overdue') AND "clientProtected" IS DISTINCT FROM true`;
}

/** Names compared as a person would: case, spaces between words and Unicode form aside. */
function sameName(stored: string, given: string): boolean {
  const normal = (name: string) => name.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('sv-SE');
  return normal(stored) === normal(given);
}
