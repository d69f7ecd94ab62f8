/**
 * Bulk seeding of referrals from machine-made templates (templates.ts): the
 * templates go into helper tables once, then each batch of cases is generated
 * inside PostgreSQL by INSERT … SELECT over generate_series, joined to the
 * template a case's number hashes to. For big loads the secondary indexes are
 * dropped first and rebuilt at the end (their definitions are kept in
 * bench_meta, so an interrupted load restores them next time); foreign-key
 * triggers are skipped during the load (session_replication_role = replica),
 * the rows being consistent by construction.
 */
import type pg from 'pg';
import { ANVISNING_VERSION } from '../../machines/anvisning/versions';
import { log } from '../lib/report';
import { buildTemplates, SLOT_COUNT } from './templates';

const SEEDED_TABLES = ['Client', 'Case', 'CaseEvent', 'Deadline'];
/** Cases per socialsekreterare: the benchmark's work-list user (ss-000000) has exactly this many. */
export const CASES_PER_USER = 200;
export const BENCH_USER = 'ss-000000';
const KC_CONSULTANTS = 40;
const UNITS = 10;

const ssExpr = (g: string) => `'ss-' || lpad(((${g} - 1) / ${CASES_PER_USER})::text, 6, '0')`;
const unitExpr = (g: string) => `'SF Enhet ' || (((${g} - 1) / ${CASES_PER_USER}) % ${UNITS})`;
const amkExpr = (g: string) => `'amk-' || lpad((${g} % ${KC_CONSULTANTS})::text, 3, '0')`;
const slotExpr = (g: string) => `((${g}::bigint * 2654435761) % 4294967296) % ${SLOT_COUNT}`;

async function meta(client: pg.Client, key: string): Promise<string | undefined> {
  const row = (await client.query<{ value: string }>('SELECT value FROM bench_meta WHERE key = $1', [key])).rows[0];
  return row?.value;
}

async function setMeta(client: pg.Client, key: string, value: string | null): Promise<void> {
  if (value === null) await client.query('DELETE FROM bench_meta WHERE key = $1', [key]);
  else await client.query('INSERT INTO bench_meta(key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
}

export async function seededCount(client: pg.Client): Promise<{ cases: number; today: string | undefined }> {
  const exists = (await client.query(`SELECT 1 FROM pg_tables WHERE tablename = 'bench_meta'`)).rowCount === 1;
  if (!exists) return { cases: 0, today: undefined };
  return { cases: Number((await meta(client, 'cases')) ?? 0), today: await meta(client, 'today') };
}

async function createHelpers(client: pg.Client): Promise<void> {
  await client.query(`
    CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value text NOT NULL);
    CREATE UNLOGGED TABLE IF NOT EXISTS bench_tpl_case (tpl int PRIMARY KEY, category text, state text, status text, sent_to_kc boolean,
      samordnare_consulted boolean, decision_valid_until date, snapshot jsonb, version int, created_at timestamptz, updated_at timestamptz, kc_acted boolean);
    CREATE UNLOGGED TABLE IF NOT EXISTS bench_tpl_event (tpl int, seq int, type text, payload jsonb, actor text, role text, occurred_at timestamptz);
    CREATE UNLOGGED TABLE IF NOT EXISTS bench_tpl_deadline (tpl int, kind text, basis text, due_date date, responsible_role text, owner text,
      status text, created_at timestamptz, closed_at timestamptz, escalated_at timestamptz, next_notice_on date);
    CREATE UNLOGGED TABLE IF NOT EXISTS bench_slot (slot int PRIMARY KEY, tpl int NOT NULL);
    CREATE OR REPLACE FUNCTION bench_pnr(g bigint) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $fn$
    DECLARE
      d date := date '1940-01-01' + (g % 20000)::int;
      -- 001–999: the personnummer library (and Skatteverket) never give the individual number 000.
      serial text := lpad((((g / 20000) % 999) + 1)::text, 3, '0');
      nine text := to_char(d, 'YYMMDD') || serial;
      s int := 0;
      digit int;
    BEGIN
      FOR i IN 1..9 LOOP
        digit := substr(nine, i, 1)::int * CASE WHEN i % 2 = 1 THEN 2 ELSE 1 END;
        IF digit > 9 THEN digit := digit - 9; END IF;
        s := s + digit;
      END LOOP;
      RETURN to_char(d, 'YYYYMMDD') || serial || ((10 - s % 10) % 10)::text;
    END $fn$;`);
}

async function loadTemplates(client: pg.Client, today: Date, activePerMille: number): Promise<void> {
  const set = buildTemplates(today, activePerMille);
  await client.query('TRUNCATE bench_tpl_case, bench_tpl_event, bench_tpl_deadline, bench_slot');
  const insert = async (table: string, rows: unknown[]) => {
    for (let i = 0; i < rows.length; i += 5000) {
      await client.query(`INSERT INTO ${table} SELECT * FROM json_populate_recordset(null::${table}, $1::json)`, [JSON.stringify(rows.slice(i, i + 5000))]);
    }
  };
  await insert('bench_tpl_case', set.templates.map((t) => t.kase));
  await insert('bench_tpl_event', set.templates.flatMap((t) => t.events));
  await insert('bench_tpl_deadline', set.templates.flatMap((t) => t.deadlines));
  await insert('bench_slot', set.slots.map((tpl, slot) => ({ slot, tpl })));
  log(`  ${set.templates.length} templates from the machine (${activePerMille / 10} % of referrals active)`);
}

async function seedUsers(client: pg.Client, cases: number): Promise<void> {
  const ssCount = Math.ceil(cases / CASES_PER_USER);
  await client.query(
    `INSERT INTO "User"(id, username, "displayName", role, unit, email)
     SELECT 'ss-' || lpad(u::text, 6, '0'), 'ss-' || lpad(u::text, 6, '0'), 'Socialsekreterare ' || u, 'socialsekreterare'::"Role", 'SF Enhet ' || (u % ${UNITS}), 'ss-' || u || '@bench.local'
     FROM generate_series(0, $1::int - 1) u
     UNION ALL SELECT 'amk-' || lpad(u::text, 3, '0'), 'amk-' || lpad(u::text, 3, '0'), 'Konsulent ' || u, 'arbetsmarknadskonsulent'::"Role", 'KC', 'amk-' || u || '@bench.local'
     FROM generate_series(0, ${KC_CONSULTANTS - 1}) u
     UNION ALL SELECT 'forste-' || u, 'forste-' || u, '1:e socialsekreterare ' || u, 'forste_socialsekreterare'::"Role", 'SF Enhet ' || u, 'forste-' || u || '@bench.local'
     FROM generate_series(0, ${UNITS - 1}) u
     UNION ALL SELECT 'samordnare-0', 'samordnare-0', 'KC-samordnare', 'kc_samordnare'::"Role", 'KC', 'samordnare@bench.local'
     ON CONFLICT (id) DO NOTHING`,
    [ssCount],
  );
  await client.query(
    `INSERT INTO "User"(id, username, "displayName", role, unit) VALUES ('system', 'system', 'Stegvis (automatiskt)', 'system', 'Stegvis') ON CONFLICT (id) DO NOTHING`,
  );
}

async function dropIndexes(client: pg.Client): Promise<void> {
  if (await meta(client, 'dropped_indexes')) return;
  const { rows } = await client.query<{ indexname: string; indexdef: string }>(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i
     WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [SEEDED_TABLES],
  );
  await setMeta(client, 'dropped_indexes', JSON.stringify(rows.map((row) => row.indexdef)));
  for (const row of rows) await client.query(`DROP INDEX "${row.indexname}"`);
  log(`  dropped ${rows.length} secondary indexes for the bulk load`);
}

export async function restoreIndexes(client: pg.Client): Promise<void> {
  const saved = await meta(client, 'dropped_indexes');
  if (!saved) return;
  await client.query(`SET maintenance_work_mem = '512MB'`);
  for (const definition of JSON.parse(saved) as string[]) {
    const started = Date.now();
    await client.query(definition);
    log(`  rebuilt ${/INDEX "?([^" ]+)"? ON/.exec(definition)?.[1] ?? definition} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  await setMeta(client, 'dropped_indexes', null);
}

/**
 * Seeds referrals number `from`…`to` (1-based). The first call (from = 1) builds the
 * templates for `today`; later calls extend the same population.
 */
export async function seedCases(client: pg.Client, options: { from: number; to: number; today: Date; activePerMille: number; batch: number }): Promise<number> {
  const { from, to, batch } = options;
  const started = Date.now();
  await createHelpers(client);
  await restoreIndexes(client);
  if (from === 1) {
    await loadTemplates(client, options.today, options.activePerMille);
    await setMeta(client, 'today', options.today.toISOString().slice(0, 10));
  }
  await seedUsers(client, to);
  const big = to - from + 1 > 100_000;
  if (big) await dropIndexes(client);

  for (let a = from; a <= to; a += batch) {
    const b = Math.min(to, a + batch - 1);
    const batchStarted = Date.now();
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    const cases = `SELECT g, t.* FROM generate_series(${a}, ${b}) g JOIN bench_slot s ON s.slot = ${slotExpr('g')} JOIN bench_tpl_case t ON t.tpl = s.tpl`;
    await client.query(
      `INSERT INTO "Client"(id, personnummer, name, "protectedIdentity", "createdAt")
       SELECT md5('client:' || g)::uuid, bench_pnr(g), 'Klient ' || g, false, created_at FROM (${cases}) c`,
    );
    await client.query(
      `INSERT INTO "Case"(id, number, "clientId", "responsibleUserId", unit, status, state, "sentToKc", "samordnareConsulted", "kcConsultantId",
         "decisionValidUntil", snapshot, version, "machineVersion", "createdAt", "updatedAt")
       SELECT md5('case:' || g)::uuid, g, md5('client:' || g)::uuid, ${ssExpr('g')}, ${unitExpr('g')}, status::"CaseStatus", state, sent_to_kc,
         samordnare_consulted, CASE WHEN kc_acted THEN ${amkExpr('g')} END, decision_valid_until, snapshot, version, ${ANVISNING_VERSION}, created_at, updated_at
       FROM (${cases}) c`,
    );
    // Each referral's row of the statistics' read model, stale (as the migration and the triggers write them).
    await client.query(`INSERT INTO "ReferralStatistics"("caseId", generation) SELECT md5('case:' || g)::uuid, 1 FROM generate_series(${a}, ${b}) g`);
    await client.query(
      `INSERT INTO "CaseEvent"("caseId", seq, type, payload, "actorId", "actorRole", "occurredAt", "machineVersion")
       SELECT md5('case:' || g)::uuid, e.seq, e.type, e.payload, CASE e.actor WHEN 'ss' THEN ${ssExpr('g')} ELSE ${amkExpr('g')} END, e.role::"Role", e.occurred_at, ${ANVISNING_VERSION}
       FROM generate_series(${a}, ${b}) g JOIN bench_slot s ON s.slot = ${slotExpr('g')} JOIN bench_tpl_event e ON e.tpl = s.tpl`,
    );
    await client.query(
      // With the case's fields and the next e-mail day the scheduler's sweep reads from the deadline row (as the deadline sync and the sweep write them).
      `INSERT INTO "Deadline"("caseId", kind, basis, "dueDate", "responsibleRole", "responsibleUserId", status, "escalatedAt", "createdAt", "closedAt",
         "caseNumber", "caseUnit", "caseResponsibleUserId", "caseKcConsultantId", "clientProtected", "nextNoticeOn")
       SELECT md5('case:' || g)::uuid, d.kind, d.basis, d.due_date, d.responsible_role::"Role",
         CASE d.owner WHEN 'ss' THEN ${ssExpr('g')} WHEN 'amk' THEN ${amkExpr('g')} END, d.status::"DeadlineStatus", d.escalated_at, d.created_at, d.closed_at,
         g, ${unitExpr('g')}, ${ssExpr('g')}, CASE WHEN t.kc_acted THEN ${amkExpr('g')} END, false, d.next_notice_on
       FROM generate_series(${a}, ${b}) g JOIN bench_slot s ON s.slot = ${slotExpr('g')} JOIN bench_tpl_deadline d ON d.tpl = s.tpl
         JOIN bench_tpl_case t ON t.tpl = s.tpl`,
    );
    await client.query('COMMIT');
    await setMeta(client, 'cases', String(b));
    const done = b - from + 1;
    const rate = done / ((Date.now() - started) / 1000);
    log(`  seeded ${b.toLocaleString('en-US')} / ${to.toLocaleString('en-US')} referrals (${(batch / ((Date.now() - batchStarted) / 1000)).toFixed(0)}/s this batch, ETA ${Math.round((to - b) / rate)} s)`);
  }
  await restoreIndexes(client);
  await client.query(`SELECT setval(pg_get_serial_sequence('"Case"', 'number'), (SELECT max(number) FROM "Case"))`);
  // VACUUM as well: a database in use has its visibility map kept by autovacuum, and index-only scans
  // (the statistics' covering indexes) read the heap for every page not marked all-visible.
  log('  VACUUM (ANALYZE)…');
  await client.query('VACUUM (ANALYZE)');
  return (Date.now() - started) / 1000;
}
