/**
 * The one transition pipeline of every aggregate (a referral, an assessment):
 * one transaction, one order of refusals, one idempotency behaviour.
 *
 *   400  the request is validated before this runs (and hashed as validated)
 *   404  load: lock the row, and only what this user may change is found
 *        retry: a known Idempotency-Key returns the aggregate as it is now, built for the caller
 *   403  the role may never send this event
 *   412  If-Match names another version than the stored one
 *   409  the machine refuses the event now (with what is allowed)
 *        then the step is stored: event appended, row updated, projections and effects queued,
 *        the Idempotency-Key recorded (the target and version, never a response: it would hold personal data)
 *
 * Each aggregate supplies the steps; this module owns their order.
 */
import type { AuthUser } from '../auth/types';
import type { Prisma, PrismaClient } from '../db/database';
import { findEarlierRequest, isUniqueViolation, isWriteConflict } from '../db/idempotency';
import { AppError } from '../errors';

type Tx = Prisma.TransactionClient;

export interface TransitionOptions {
  /** The version the caller last saw (If-Match). */
  expectedVersion?: number;
  idempotencyKey?: string;
}

export interface Aggregate<Loaded, Decided, View> {
  /** "case" or "assessment", for the messages. */
  noun: 'case' | 'assessment';
  /** Lock the row and load it, if this user may change it (404 otherwise). */
  load(tx: Tx): Promise<Loaded>;
  version(loaded: Loaded): number;
  /** The aggregate as it is now, for a retry. */
  viewNow(tx: Tx, loaded: Loaded): Promise<View>;
  /** May this role ever send this event? */
  roleMaySend(): boolean;
  /** Ask the machine (throws 409); may complete the event with what the service knows. */
  decide(tx: Tx, loaded: Loaded): Promise<Decided>;
  /** Append the event, update the row, projections and effects. */
  store(tx: Tx, loaded: Loaded, decided: Decided): Promise<{ view: View; version: number; target: { caseId: string } | { assessmentId: string } }>;
}

export async function runTransition<Loaded, Decided, View>(
  tx: Tx,
  user: AuthUser,
  eventType: string,
  request: { requestHash: string } & TransitionOptions,
  aggregate: Aggregate<Loaded, Decided, View>,
): Promise<View> {
  const loaded = await aggregate.load(tx);
  const earlier = await findEarlierRequest(tx, user.id, request.idempotencyKey, request.requestHash);
  if (earlier) return aggregate.viewNow(tx, loaded);
  if (!aggregate.roleMaySend()) throw new AppError('FORBIDDEN', 'role_may_not_send', { role: user.role });
  const current = aggregate.version(loaded);
  if (request.expectedVersion !== undefined && request.expectedVersion !== current) {
    throw new AppError(
      'PRECONDITION_FAILED',
      'stale_version',
      { aggregate: aggregate.noun, yours: request.expectedVersion, current },
      { currentVersion: current },
    );
  }
  const decided = await aggregate.decide(tx, loaded);
  const { view, version, target } = await aggregate.store(tx, loaded, decided);
  if (request.idempotencyKey) {
    await tx.idempotencyRecord.create({ data: { userId: user.id, key: request.idempotencyKey, requestHash: request.requestHash, status: 200, version, ...target } });
  }
  return view;
}

/** Runs of a transition PostgreSQL aborted as a deadlock or a write conflict, before it answers 409. */
const WRITE_CONFLICT_ATTEMPTS = 3;

/**
 * One transaction around a transition; two writes that collide on a unique key say so (409), not 500. One that
 * PostgreSQL aborted as a deadlock (rolled back whole, nothing of it kept) is run again, and after
 * WRITE_CONFLICT_ATTEMPTS answers the same 409 a person can act on.
 */
export async function inTransaction<T>(prisma: PrismaClient, noun: 'case' | 'assessment', work: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await prisma.$transaction(work);
    } catch (error) {
      if (isWriteConflict(error) && attempt < WRITE_CONFLICT_ATTEMPTS) continue;
      if (isUniqueViolation(error) || isWriteConflict(error)) {
        throw new AppError('CONFLICT', 'concurrent_change', { aggregate: noun });
      }
      throw error;
    }
  }
}
