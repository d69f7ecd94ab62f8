/**
 * Which referrals the statistics' query reads (`readReferrals`, statistics-service.ts): those changed in
 * the window or still active, and those ended before it with a duty done early that falls due in it. The
 * query runs in parts by the referral's number; the done-early referrals are looked up by the first part
 * only, for every number (issue 16: the lookup once per read). Each referral in scope is read exactly
 * once, whichever part its number puts it in, and none out of scope is read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database';
import { readReferrals } from '../../src/statistics/statistics-service';
import { createTestDatabase } from '../support/test-database';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const UNIT = 'SF Omfång';
/** The statistics of 2025: a day either side, as readStatistics widens the window. */
const WINDOW = { gte: new Date('2024-12-31T00:00:00Z'), lt: new Date('2026-01-02T00:00:00Z') };

interface Referral {
  personnummer: string;
  number: number;
  unit?: string;
  status: 'active' | 'avslutad';
  createdAt: string;
  updatedAt: string;
  /** A duty done (closedAt) before it was due (dueDate). */
  doneEarly?: { dueDate: string; closedAt: string };
}

async function insert(referral: Referral) {
  const prisma = database.prisma;
  const clientId = (await prisma.client.create({ data: { personnummer: referral.personnummer, name: 'Klient' } })).id;
  const [row] = await prisma.$queryRaw<{ id: string }[]>`
    INSERT INTO "Case"(id, number, "clientId", "responsibleUserId", unit, status, state, snapshot, version, "createdAt", "updatedAt")
    VALUES (gen_random_uuid(), ${referral.number}, ${clientId}::uuid, 'omfang-ss', ${referral.unit ?? UNIT}, ${referral.status}::"CaseStatus", 'x', '{}'::jsonb, 1,
      ${new Date(referral.createdAt)}, ${new Date(referral.updatedAt)})
    RETURNING id`;
  if (referral.doneEarly) {
    await prisma.$executeRaw`
      INSERT INTO "Deadline"("caseId", kind, basis, "dueDate", "responsibleRole", status, "closedAt")
      VALUES (${row!.id}::uuid, 'uppfoljning', 'b', ${referral.doneEarly.dueDate}::date, 'socialsekreterare'::"Role", 'done'::"DeadlineStatus", ${new Date(referral.doneEarly.closedAt)})`;
  }
}

describe('the statistics read', () => {
  it('reads each referral in scope once, in whichever part, and none outside it', async () => {
    await database.prisma.user.create({ data: { id: 'omfang-ss', username: 'omfang-ss', displayName: 'S', role: 'socialsekreterare', unit: UNIT } });
    const referrals: Referral[] = [
      // Changed in the year (an even number and an odd one), and active since before it.
      { personnummer: '199001010001', number: 900_002, status: 'avslutad', createdAt: '2024-03-01T09:00:00Z', updatedAt: '2025-06-01T09:00:00Z' },
      { personnummer: '199001010002', number: 900_003, status: 'avslutad', createdAt: '2025-02-01T09:00:00Z', updatedAt: '2025-03-01T09:00:00Z' },
      { personnummer: '199001010003', number: 900_005, status: 'active', createdAt: '2024-02-01T09:00:00Z', updatedAt: '2024-05-01T09:00:00Z' },
      // Ended before the year with a duty done early that falls due in it: an even number and an odd one.
      { personnummer: '199001010004', number: 900_006, status: 'avslutad', createdAt: '2024-01-10T09:00:00Z', updatedAt: '2024-11-20T09:00:00Z', doneEarly: { dueDate: '2025-02-01', closedAt: '2024-11-10T09:00:00Z' } },
      { personnummer: '199001010005', number: 900_007, status: 'avslutad', createdAt: '2024-01-10T09:00:00Z', updatedAt: '2024-11-20T09:00:00Z', doneEarly: { dueDate: '2025-03-01', closedAt: '2024-11-10T09:00:00Z' } },
      // Active, odd, and with a duty done early that falls due in the year: found both ways, read once.
      { personnummer: '199001010006', number: 900_009, status: 'active', createdAt: '2024-01-10T09:00:00Z', updatedAt: '2024-12-01T09:00:00Z', doneEarly: { dueDate: '2025-01-15', closedAt: '2024-12-01T09:00:00Z' } },
      // Out of scope: ended before the year with its duty due before it too; created after the year; another unit's.
      { personnummer: '199001010007', number: 900_011, status: 'avslutad', createdAt: '2024-01-10T09:00:00Z', updatedAt: '2024-10-20T09:00:00Z', doneEarly: { dueDate: '2024-11-01', closedAt: '2024-10-10T09:00:00Z' } },
      { personnummer: '199001010008', number: 900_012, status: 'active', createdAt: '2026-02-01T09:00:00Z', updatedAt: '2026-02-01T09:00:00Z' },
      { personnummer: '199001010009', number: 900_013, unit: 'SF Annan', status: 'avslutad', createdAt: '2024-01-10T09:00:00Z', updatedAt: '2025-06-01T09:00:00Z' },
      { personnummer: '199001010010', number: 900_014, unit: 'SF Annan', status: 'avslutad', createdAt: '2024-01-10T09:00:00Z', updatedAt: '2024-11-20T09:00:00Z', doneEarly: { dueDate: '2025-02-01', closedAt: '2024-11-10T09:00:00Z' } },
    ];
    for (const referral of referrals) await insert(referral);

    const read = await readReferrals(database.prisma, { unit: UNIT }, WINDOW, (_stored, personnummer) => personnummer);
    expect(read.read.sort()).toEqual(['199001010001', '199001010002', '199001010003', '199001010004', '199001010005', '199001010006']);
    // The done-early referral's deadline comes with it (its facts fall in the year).
    const withDeadline = await readReferrals(database.prisma, { unit: UNIT }, WINDOW, (stored, personnummer) => ({ personnummer, deadlines: stored.deadlines }));
    const doneEarly = withDeadline.read.find((row) => row.personnummer === '199001010005');
    expect(doneEarly?.deadlines).toEqual([['uppfoljning', '2025-03-01', 'done', Date.parse('2024-11-10T09:00:00Z'), null]]);
    // None had stored facts, so each was computed from its history, once.
    expect(withDeadline.computed).toHaveLength(6);
  });
});
