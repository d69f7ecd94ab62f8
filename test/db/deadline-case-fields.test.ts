/**
 * The scheduler's sweep reads the case fields its e-mails need from the deadline row (migration
 * `deadline_case_fields`, issue 19): the migration fills them in for the open and overdue deadlines already
 * stored, and the database refuses an open deadline without them, so a writer that forgets them (a raw INSERT)
 * fails instead of sending a protected client's reminders to the consultant. That they stay true through a
 * handover, an assignment and a protection marking is test/reminders/scheduler-guarantees.test.ts.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database';
import { applyMigrations } from '../../src/db/migrate';
import { MIGRATIONS_DIR } from '../../src/db/schema-engine';
import { createTestDatabase } from '../support/test-database';

const MIGRATION = '20261203060000_deadline_case_fields';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe('migration deadline_case_fields', () => {
  it('copies the case’s number, unit, responsible person, consultant and the client’s protection onto every open and overdue deadline', async () => {
    // The migrations before this one, then the deadlines as a running service had them, then this one.
    const before = mkdtempSync(path.join(tmpdir(), 'stegvis-migrations-'));
    try {
      cpSync(path.join(MIGRATIONS_DIR, 'migration_lock.toml'), path.join(before, 'migration_lock.toml'));
      for (const name of readdirSync(MIGRATIONS_DIR).filter((entry) => /^\d{14}_/.test(entry) && entry < MIGRATION)) {
        cpSync(path.join(MIGRATIONS_DIR, name), path.join(before, name), { recursive: true });
      }
      const pglite = new PGlite();
      await applyMigrations({ kind: 'pglite', pglite }, { migrationsDir: before });
      await pglite.exec(`
        INSERT INTO "User" (id, username, "displayName", role, unit) VALUES
          ('ss-1', 'ss-1', 'S', 'socialsekreterare', 'SF Nordost'), ('amk-1', 'amk-1', 'K', 'arbetsmarknadskonsulent', 'KC');
        INSERT INTO "Client" (id, personnummer, name, "protectedIdentity") VALUES
          ('00000000-0000-4000-8000-000000000001', '198001012383', 'Öppen', false),
          ('00000000-0000-4000-8000-000000000002', '198001022390', 'Skyddad', true);
        INSERT INTO "Case" (id, number, "clientId", "responsibleUserId", unit, state, status, snapshot, version, "kcConsultantId", "updatedAt") VALUES
          ('00000000-0000-4000-8000-0000000000a1', 41, '00000000-0000-4000-8000-000000000001', 'ss-1', 'SF Nordost', 'x', 'active', '{}', 1, 'amk-1', now()),
          ('00000000-0000-4000-8000-0000000000a2', 42, '00000000-0000-4000-8000-000000000002', 'ss-1', 'SF Nordost', 'x', 'active', '{}', 1, NULL, now());
        INSERT INTO "Deadline" ("caseId", kind, basis, "dueDate", "responsibleRole", "responsibleUserId", status) VALUES
          ('00000000-0000-4000-8000-0000000000a1', 'uppfoljning', 'b', '2026-03-02', 'socialsekreterare', 'ss-1', 'open'),
          ('00000000-0000-4000-8000-0000000000a1', 'genomforandeplan', 'b', '2026-03-02', 'arbetsmarknadskonsulent', 'amk-1', 'done'),
          ('00000000-0000-4000-8000-0000000000a2', 'uppfoljning', 'b', '2026-03-02', 'socialsekreterare', 'ss-1', 'overdue');`);
      await applyMigrations({ kind: 'pglite', pglite });
      const rows = await pglite.query(
        `SELECT "caseId", status::text, "caseNumber", "caseUnit", "caseResponsibleUserId", "caseKcConsultantId", "clientProtected" FROM "Deadline" ORDER BY id`,
      );
      expect(rows.rows).toEqual([
        { caseId: '00000000-0000-4000-8000-0000000000a1', status: 'open', caseNumber: 41, caseUnit: 'SF Nordost', caseResponsibleUserId: 'ss-1', caseKcConsultantId: 'amk-1', clientProtected: false },
        // A closed deadline is left as it was: nothing reads these fields there.
        { caseId: '00000000-0000-4000-8000-0000000000a1', status: 'done', caseNumber: null, caseUnit: null, caseResponsibleUserId: null, caseKcConsultantId: null, clientProtected: null },
        { caseId: '00000000-0000-4000-8000-0000000000a2', status: 'overdue', caseNumber: 42, caseUnit: 'SF Nordost', caseResponsibleUserId: 'ss-1', caseKcConsultantId: null, clientProtected: true },
      ]);
      await pglite.close();
    } finally {
      rmSync(before, { recursive: true, force: true });
    }
    // Every migration applied twice over on an embedded database: slow on a busy machine.
  }, 120_000);

  it('leaves the database refusing an open deadline without them, and taking a closed one', async () => {
    const prisma = database.prisma;
    await prisma.user.upsert({ where: { id: 'dcf-ss' }, update: {}, create: { id: 'dcf-ss', username: 'dcf-ss', displayName: 'S', role: 'socialsekreterare', unit: 'SF Nordost' } });
    const client = await prisma.client.create({ data: { personnummer: '198001032381', name: 'Klient Fält' } });
    const kase = await prisma.case.create({ data: { clientId: client.id, responsibleUserId: 'dcf-ss', unit: 'SF Nordost', state: 'x', status: 'active', snapshot: {}, version: 1 } });
    const insert = (status: 'open' | 'overdue' | 'done', protectedIdentity: boolean | null) => prisma.$executeRaw`
      INSERT INTO "Deadline" ("caseId", kind, basis, "dueDate", "responsibleRole", "responsibleUserId", status, "caseNumber", "caseUnit", "caseResponsibleUserId", "clientProtected")
      VALUES (${kase.id}::uuid, ${`k-${status}-${String(protectedIdentity)}`}, 'b', '2026-03-02', 'socialsekreterare', 'dcf-ss', ${status}::text::"DeadlineStatus",
              ${kase.number}, 'SF Nordost', 'dcf-ss', ${protectedIdentity})`;
    await expect(insert('open', null)).rejects.toThrow(/Deadline_open_has_case_fields/);
    await expect(insert('overdue', null)).rejects.toThrow(/Deadline_open_has_case_fields/);
    expect(await insert('done', null)).toBe(1);
    expect(await insert('open', false)).toBe(1);
  });
});
