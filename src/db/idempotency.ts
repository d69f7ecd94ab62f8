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

/** The earlier request with this key, if any; a different request under the same key is refused (422). */
export async function findEarlierRequest(tx: Prisma.TransactionClient, userId: string, key: string | undefined, requestHash: string) {
  if (!key) return null;
  const earlier = await tx.idempotencyRecord.findUnique({ where: { userId_key: { userId, key } } });
  if (earlier && earlier.requestHash !== requestHash) {
    throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request; use a new key for a new request.');
  }
  return earlier;
}

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}
