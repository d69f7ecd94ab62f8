/**
 * The statistics read a referral's events from `CaseEvent.statisticsFields` and a covering index
 * (migration `statistics_read_indexes`, docs/statistics.md "Cost"), no longer from the payload. The
 * column is computed by PostgreSQL from the row; this holds it to what the statistics read
 * (`REFERRAL_EVENTS_READ`, `REFERRAL_PAYLOAD_FIELDS_READ` in src/statistics/measures.ts) and to what the
 * query read from the payload before: the same fields for every type read, nothing for any other type,
 * and never a field the statistics do not read (no free text).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma, type Database } from '../../src/db/database';
import { REFERRAL_EVENTS_READ, REFERRAL_PAYLOAD_FIELDS_READ } from '../../src/statistics/measures';
import { createTestDatabase } from '../support/test-database';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

/** What the statistics' query read from the payload before the column (its `CASE e.type … END`). */
const payloadReadBefore = Prisma.raw(
  `CASE e.type ${Object.entries(REFERRAL_PAYLOAD_FIELDS_READ)
    .map(([type, fields]) => `WHEN '${type}' THEN jsonb_build_object(${fields.map((name) => `'${name}', e.payload->'${name}'`).join(', ')})`)
    .join(' ')} END`,
);

describe('CaseEvent.statisticsFields', () => {
  it('holds exactly the fields the statistics read, for exactly the types they read, as the payload gives them', async () => {
    const prisma = database.prisma;
    await prisma.user.upsert({ where: { id: 'stat-ss' }, update: {}, create: { id: 'stat-ss', username: 'stat-ss', displayName: 'S', role: 'socialsekreterare', unit: 'SF Nordost' } });
    const client = await prisma.client.create({ data: { personnummer: '198001012383', name: 'Klient Statistik' } });
    const kase = await prisma.case.create({ data: { clientId: client.id, responsibleUserId: 'stat-ss', unit: 'SF Nordost', state: 'x', status: 'avslutad', snapshot: {}, version: 1 } });
    // Every field any type reads, and free text beside them; a type read with its fields missing; types not read.
    const everyField = { decisionDate: '2026-03-02', validFrom: '2026-04-01', afActivity: 'planerad', plannedAfActivity: true, reason: 'arbete', selfSufficient: false, summary: 'fritext om klienten', note: 'fritext' };
    const notRead = ['KC_CRITERIA_ASSESSED', 'MACHINE_UPGRADED', 'EXTERNAL_CONTACT_RECORDED', 'INSKRIVNING_BOOKED'];
    const events = [
      ...REFERRAL_EVENTS_READ.map((type) => ({ type, payload: everyField })),
      ...Object.keys(REFERRAL_PAYLOAD_FIELDS_READ).map((type) => ({ type, payload: { summary: 'inget av fälten' } })),
      ...notRead.map((type) => ({ type, payload: everyField })),
    ];
    await prisma.caseEvent.createMany({
      data: events.map((event, index) => ({ caseId: kase.id, seq: index + 1, type: event.type, payload: event.payload, actorId: 'stat-ss', actorRole: 'socialsekreterare', occurredAt: new Date('2026-03-02T09:00:00Z') })),
    });
    const rows = await prisma.$queryRaw<{ type: string; stored: unknown; before: unknown }[]>`
      SELECT e.type, e."statisticsFields" AS stored, ${payloadReadBefore} AS before FROM "CaseEvent" e WHERE e."caseId" = ${kase.id}::uuid ORDER BY e.seq`;
    expect(rows).toHaveLength(events.length);
    for (const row of rows) {
      if (!(REFERRAL_EVENTS_READ as readonly string[]).includes(row.type)) {
        expect(row.stored, row.type).toBeNull();
        continue;
      }
      // Read: what the query took from the payload before ({} for a type read without fields).
      expect(row.stored, row.type).toEqual(row.before ?? {});
    }
    // The fields themselves, so the comparison is not of two empty objects.
    expect(rows.find((row) => row.type === 'CLOSING_ANNOUNCED')!.stored).toEqual({ reason: 'arbete', selfSufficient: false });
    expect(rows.find((row) => row.type === 'DECISION_MADE')!.stored).toEqual({ decisionDate: '2026-03-02' });
    expect(rows.filter((row) => row.type === 'AF_PLAN_CHECKED').map((row) => row.stored)).toEqual([
      { afActivity: 'planerad', plannedAfActivity: true },
      { afActivity: null, plannedAfActivity: null },
    ]);
    expect(JSON.stringify(rows.map((row) => row.stored))).not.toContain('fritext');
  });
});
