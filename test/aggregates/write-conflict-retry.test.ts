/**
 * A transition PostgreSQL aborted as a deadlock or a write conflict is rolled back whole; `inTransaction`
 * (src/aggregates/transition.ts) runs it again, and after its attempts answers 409 with a message a person can
 * act on, never a 500. The errors as Prisma gives them: P2034, or P2010 from a raw statement with the driver's kind.
 */
import { describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/aggregates/transition';
import { Prisma, type PrismaClient } from '../../src/db/database';
import { AppError } from '../../src/errors';

const deadlockInRawStatement = () =>
  new Prisma.PrismaClientKnownRequestError('Raw query failed. Code: `40P01`. Message: `deadlock detected`', {
    code: 'P2010',
    clientVersion: 'test',
    meta: { driverAdapterError: { name: 'DriverAdapterError', cause: { originalCode: '40P01', kind: 'TransactionWriteConflict' } } },
  });
const writeConflict = () => new Prisma.PrismaClientKnownRequestError('Transaction failed due to a write conflict or a deadlock', { code: 'P2034', clientVersion: 'test' });

/** A database whose first `failures` transactions are aborted with `error`. */
function databaseFailing(failures: number, error: () => Error) {
  let runs = 0;
  const prisma = {
    $transaction: async (work: (tx: unknown) => Promise<unknown>) => {
      runs += 1;
      if (runs <= failures) throw error();
      return work({});
    },
  } as unknown as PrismaClient;
  return { prisma, runs: () => runs };
}

describe('a transition aborted as a deadlock', () => {
  it('is run again and answers as if nothing happened', async () => {
    for (const error of [deadlockInRawStatement, writeConflict]) {
      const database = databaseFailing(2, error);
      await expect(inTransaction(database.prisma, 'case', async () => 'stored')).resolves.toBe('stored');
      expect(database.runs()).toBe(3);
    }
  });

  it('answers 409 "someone changed it at the same moment" when it keeps failing', async () => {
    const database = databaseFailing(10, deadlockInRawStatement);
    const refused = await inTransaction(database.prisma, 'assessment', async () => 'stored').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ reason: 'concurrent_change' });
    expect(database.runs()).toBe(3);
  });

  it('is not run again for any other error', async () => {
    const database = databaseFailing(1, () => new Error('not a conflict'));
    await expect(inTransaction(database.prisma, 'case', async () => 'stored')).rejects.toThrow('not a conflict');
    expect(database.runs()).toBe(1);
  });
});
