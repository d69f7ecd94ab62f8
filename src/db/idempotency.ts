/**
 * Retry-safe writes (Idempotency-Key) and unique-key races, shared by every
 * use case that changes a case or an assessment inside one transaction.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../errors';
import { Prisma } from './database';

/** What a request asks for: the same key with another hash is a reused key. */
export function hashRequest(target: string, body: unknown): string {
  return createHash('sha256').update(JSON.stringify([target, body])).digest('hex');
}

/** How long a retry is recognised. Real time, not the process clock: it is about a client retrying a request. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * The earlier request with this key, if any; a different request under the same key is refused (422).
 * A record older than the window is forgotten (deleted), so the key may be used again.
 */
export async function findEarlierRequest(tx: Prisma.TransactionClient, userId: string, key: string | undefined, requestHash: string) {
  if (!key) return null;
  let earlier = await tx.idempotencyRecord.findUnique({ where: { userId_key: { userId, key } } });
  if (earlier && earlier.createdAt.getTime() < Date.now() - IDEMPOTENCY_WINDOW_MS) {
    await tx.idempotencyRecord.delete({ where: { id: earlier.id } });
    earlier = null;
  }
  if (earlier && earlier.requestHash !== requestHash) {
    throw new AppError('IDEMPOTENCY_KEY_REUSED', 'idempotency_key_reused');
  }
  return earlier;
}

/** Forget records past the window (the scheduler's sweep calls this). */
export async function purgeExpiredIdempotencyRecords(db: Pick<Prisma.TransactionClient, 'idempotencyRecord'>): Promise<number> {
  const { count } = await db.idempotencyRecord.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - IDEMPOTENCY_WINDOW_MS) } } });
  return count;
}

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

/**
 * PostgreSQL aborted the transaction as a deadlock or a serialization failure (40P01, 40001): rolled back whole, safe
 * to run again. Prisma says so as P2034, or for a raw statement as P2010 with the driver adapter's kind.
 */
export function isWriteConflict(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  const cause = (error.meta as { driverAdapterError?: { cause?: { kind?: unknown } } } | undefined)?.driverAdapterError?.cause;
  return error.code === 'P2034' || cause?.kind === 'TransactionWriteConflict';
}
