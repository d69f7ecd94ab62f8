/**
 * The client's rights over the client record (GDPR art. 15 and 16): who may make a
 * registerutdrag or correct the name, the history of the record as a person reads
 * it, and the name correction itself (an event, never a silent update).
 */
import { z } from 'zod';
import { freeText } from '../../machines/shared/text';
import { isKc } from '../assessments/assessment-access';
import { findClient, findClientVisibleTo, viewResponsibleOf } from '../assessments/assessment-queries';
import type { AuthUser } from '../auth/types';
import { maySeePersonalData } from '../cases/case-access';
import type { Clock } from '../clock';
import { holderOf, type ClientHolder } from '../clients/client-holder';
import { appendClientEvent, readClientEvents, type ClientEventPayloads } from '../clients/client-history';
import { ZClientDetails } from '../clients/client-register';
import type { Prisma, PrismaClient } from '../db/database';
import { findEarlierRequest, hashRequest, isUniqueViolation } from '../db/idempotency';
import { AppError } from '../errors';
import type { Enforcement } from '../../machines/shared/traceability';
import { CLIENT_EVENT_TEXTS } from '../web/texts';

type Db = Prisma.TransactionClient | PrismaClient;

export const ZNameCorrection = z.strictObject({
  name: ZClientDetails.shape.name,
  /** Why the name was wrong ("stavfel", "namnbyte enligt folkbokföringen"): part of the history. */
  reason: freeText(z.string().trim().min(1).max(1000)),
});
export type TNameCorrection = z.infer<typeof ZNameCorrection>;

/**
 * Who answers for the client's rights: whoever holds the client (client-holder.ts), or, once every
 * referral has ended and there is no bedömningsstöd, the socialsekreterare of the newest referral.
 */
async function responsibleForRights(db: Db, clientId: string): Promise<ClientHolder | null> {
  const holder = await holderOf(db, clientId);
  if (holder) return holder;
  const newest = await db.case.findFirst({ where: { clientId }, orderBy: { number: 'desc' }, select: { responsibleUserId: true, unit: true } });
  return newest ? { userId: newest.responsibleUserId, unit: newest.unit } : null;
}

/**
 * A registerutdrag and a name correction are made by the client's responsible socialsekreterare and her unit's
 * 1:e socialsekreterare; for a protected client only by whichever of them sees the name (maySeePersonalData:
 * the socialsekreterare). Whoever does not see the client at all gets 404, as on every client route.
 */
export async function assertMayExerciseRights(db: Db, user: AuthUser, clientId: string) {
  const visible = await findClientVisibleTo(db, user, clientId);
  if (isKc(user)) throw new AppError('FORBIDDEN', 'client_rights_social_services_only');
  const responsible = await responsibleForRights(db, clientId);
  const answersFor =
    responsible !== null &&
    ((user.role === 'socialsekreterare' && responsible.userId === user.id) || (user.role === 'forste_socialsekreterare' && responsible.unit === user.unit));
  if (!responsible || !answersFor) throw new AppError('FORBIDDEN', 'client_rights_responsible_only', { unit: responsible?.unit ?? user.unit });
  if (!maySeePersonalData(user, { responsibleUserId: responsible.userId, client: visible.client })) throw new AppError('FORBIDDEN', 'client_rights_protected');
  return { ...visible, responsible };
}

/** The same name however its letters are composed (a name stored before names were kept NFC may be decomposed). */
function sameName(a: string, b: string): boolean {
  return a.normalize('NFC') === b.normalize('NFC');
}

type ClientEventRow = Awaited<ReturnType<typeof readClientEvents>>[number];

/** The history as a person reads it: what, when, by whom (role, unit, name); names and reasons only to those who see the name. */
export async function clientHistoryEntries(db: Db, events: ClientEventRow[], seesName: boolean) {
  const actors = new Map(
    (await db.user.findMany({ where: { id: { in: [...new Set(events.map((event) => event.actorId))] } }, select: { id: true, displayName: true } })).map((actor) => [actor.id, actor.displayName]),
  );
  let name: string | null = null;
  return events.map((event) => {
    const previousName = name;
    const payload = event.payload as Partial<ClientEventPayloads['CLIENT_REGISTERED'] & ClientEventPayloads['CLIENT_NAME_CORRECTED'] & ClientEventPayloads['CLIENT_PROTECTION_MARKED']>;
    if (payload.name !== undefined) name = payload.name;
    return {
      seq: event.seq,
      type: event.type,
      text: CLIENT_EVENT_TEXTS[event.type as keyof typeof CLIENT_EVENT_TEXTS] ?? event.type,
      occurredAt: event.occurredAt.toISOString(),
      actor: { id: event.actorId, name: actors.get(event.actorId) ?? null, role: event.actorRole, unit: event.actorUnit },
      // A protected client's earlier names are masked like the current one; a reason may hold a name too.
      ...(payload.name !== undefined ? { name: seesName ? payload.name : null } : {}),
      ...(event.type === 'CLIENT_NAME_CORRECTED' ? { previousName: seesName ? previousName : null, reason: seesName ? (payload.reason ?? null) : null } : {}),
      ...(payload.protectedIdentity !== undefined ? { protectedIdentity: payload.protectedIdentity } : {}),
      masked: !seesName,
    };
  });
}

export function createClientRights(deps: { prisma: PrismaClient; clock: Clock }) {
  const { prisma, clock } = deps;

  async function readHistory(user: AuthUser, clientId: string) {
    const visible = await findClientVisibleTo(prisma, user, clientId);
    // The client record's history (earlier names, the reasons, who in the social services) is the social file's, not the uppdrag's.
    if (isKc(user)) throw new AppError('FORBIDDEN', 'client_rights_social_services_only');
    const seesName = maySeePersonalData(user, { responsibleUserId: viewResponsibleOf(visible), client: visible.client });
    const events = await readClientEvents(prisma, clientId);
    // The interface offers the registerutdrag and the correction only to whom the rule allows (asked here, not re-implemented there).
    const mayExerciseRights = await assertMayExerciseRights(prisma, user, clientId).then(
      () => true,
      (error: unknown) => {
        if (error instanceof AppError && error.code === 'FORBIDDEN') return false;
        throw error;
      },
    );
    return { version: events.at(-1)?.seq ?? 0, mayExerciseRights, events: await clientHistoryEntries(prisma, events, seesName) };
  }

  return {
    /** `GET /api/clients/:id/history`: for the social services' users who see the client (KC: 403). `version` is the last seq (the If-Match of a correction). */
    readHistory,

    /** `POST /api/clients/:id/name-corrections`: a new name with its reason, as an event beside the earlier ones. */
    async correctName(user: AuthUser, clientId: string, correction: TNameCorrection, expectedVersion?: number, idempotencyKey?: string) {
      const requestHash = hashRequest(`client-name-correction:${clientId}`, correction);
      try {
        await prisma.$transaction(async (tx) => {
          await findClient(tx, clientId);
          // Two corrections (or a correction and a protection marking) of one client take turns; FOR NO KEY UPDATE as the client register.
          await tx.$queryRaw`SELECT id FROM "Client" WHERE id = ${clientId}::uuid FOR NO KEY UPDATE`;
          const { client } = await assertMayExerciseRights(tx, user, clientId);
          // A retry (same Idempotency-Key, same correction) answers as the first did, before If-Match and the same-name check; another correction under the key is 422.
          if (await findEarlierRequest(tx, user.id, idempotencyKey, requestHash)) return;
          const last = await tx.clientEvent.findFirst({ where: { clientId }, orderBy: { seq: 'desc' }, select: { seq: true } });
          const current = last?.seq ?? 0;
          if (expectedVersion !== undefined && expectedVersion !== current) throw new AppError('PRECONDITION_FAILED', 'client_history_stale', { yours: expectedVersion, current });
          if (sameName(client.name, correction.name)) throw new AppError('CONFLICT', 'client_name_unchanged');
          await tx.client.update({ where: { id: clientId }, data: { name: correction.name } });
          const event = await appendClientEvent(tx, clientId, user, 'CLIENT_NAME_CORRECTED', correction, clock.now());
          // No client column: the record names no one and is forgotten after the window (db/idempotency.ts).
          if (idempotencyKey) await tx.idempotencyRecord.create({ data: { userId: user.id, key: idempotencyKey, requestHash, status: 201, version: event.seq } });
        });
      } catch (error) {
        // The same key sent at once with corrections of two clients: one of them reused it.
        if (isUniqueViolation(error)) throw new AppError('IDEMPOTENCY_KEY_REUSED', 'idempotency_key_reused');
        throw error;
      }
      return readHistory(user, clientId);
    },
  };
}
export type ClientRights = ReturnType<typeof createClientRights>;

/** The process rules of the client's rights (docs/process.md "The client's rights"; docs/traceability.md). */
export const ENFORCES: Enforcement[] = [
  { rule: 'roles.client-rights-by-responsible', by: 'assertMayExerciseRights' },
  { rule: 'roles.client-name-corrected-by-event', by: 'createClientRights' },
];
