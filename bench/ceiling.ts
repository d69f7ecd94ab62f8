/**
 * Part 2: the database's own rate for a transaction of the same shape as one
 * Stegvis transition: lock the case row, append one event row, update the
 * snapshot row with a version check, upsert two deadline rows; commit. Driven by
 * pgbench (a custom script, prepared statements) on the same tables, the same
 * PostgreSQL server and the same client counts as the HTTP benchmark.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { openDatabase } from '../src/db/database';
import { seedUsers } from '../src/db/demo-users';
import { benchConfig, RESULTS_DIR } from './lib/config';
import { fullPath } from './lib/flow';
import { freeConnections, withClient } from './lib/pg';
import { log } from './lib/report';
import { runTemplate } from './scale/templates';

const run = promisify(execFile);
const CEILING_CASES = 2000;

export interface CeilingLevel {
  clients: number;
  requestedClients: number;
  tps: number;
  latencyMs: number;
  transactions: number;
}

// A deadline row carries its case's fields for the scheduler (migration deadline_case_fields), as Stegvis's sync writes them.
const CASE_FIELD_COLUMNS = '"caseNumber", "caseUnit", "caseResponsibleUserId", "caseKcConsultantId", "clientProtected"';
const UPSERT_SET = `"dueDate" = excluded."dueDate", "responsibleUserId" = excluded."responsibleUserId", status = excluded.status, "closedAt" = NULL, ${CASE_FIELD_COLUMNS
  .split(', ')
  .map((column) => `${column} = excluded.${column}`)
  .join(', ')}`;

// The JSON values travel as pgbench variables (-D): their colons would otherwise be read as variable references.
function script(): string {
  return `\\set n random(1, ${CEILING_CASES}) + :offset
BEGIN;
SELECT id AS cid, version AS v FROM "Case" WHERE "number" = :n FOR UPDATE
\\gset
\\set v1 :v + 1
INSERT INTO "CaseEvent" ("caseId", seq, type, payload, "actorId", "actorRole", "occurredAt")
  VALUES (:cid, :v1, 'FOLLOW_UP_BOOKED', :payload, 'anna', 'socialsekreterare', now());
UPDATE "Case" SET snapshot = :snapshot, state = 'pagaende.aktiv', status = 'active', version = :v1, "updatedAt" = now()
  WHERE id = :cid AND version = :v;
INSERT INTO "Deadline" ("caseId", kind, basis, "dueDate", "responsibleRole", "responsibleUserId", status, ${CASE_FIELD_COLUMNS})
  VALUES (:cid, 'genomforandeplan_uppdaterad', 'plan', current_date + 180, 'arbetsmarknadskonsulent', 'kalle', 'open', :n, 'SF Nordost', 'anna', 'kalle', false)
  ON CONFLICT ("caseId", kind, basis) DO UPDATE SET ${UPSERT_SET};
INSERT INTO "Deadline" ("caseId", kind, basis, "dueDate", "responsibleRole", "responsibleUserId", status, ${CASE_FIELD_COLUMNS})
  VALUES (:cid, 'uppfoljning', :v1, current_date + 90, 'socialsekreterare', 'anna', 'open', :n, 'SF Nordost', 'anna', 'kalle', false)
  ON CONFLICT ("caseId", kind, basis) DO UPDATE SET ${UPSERT_SET};
COMMIT;
`;
}

/** Adds CEILING_CASES referrals in pagaende.aktiv (from a real machine run) to the benchmark database; returns the first number. */
async function prepareCases(url: string): Promise<{ offset: number; snapshotJson: string }> {
  const database = await openDatabase({ kind: 'postgres', url });
  await seedUsers(database.prisma, { demo: true });
  await database.close();
  const start = new Date(Date.now() - 40 * 86_400_000);
  const template = runTemplate(0, 'ceiling', fullPath(start).slice(0, 13), start, new Date().toISOString().slice(0, 10));
  const snapshotJson = JSON.stringify(template.kase.snapshot);
  const offset = await withClient(url, async (client) => {
    const first = Number((await client.query<{ n: string }>(`SELECT coalesce(max("number"), 0) + 1 AS n FROM "Case"`)).rows[0]?.n ?? 1);
    await client.query(
      `WITH g AS (SELECT gen_random_uuid() AS client_id, gen_random_uuid() AS case_id, i FROM generate_series(1, ${CEILING_CASES}) i),
       c AS (INSERT INTO "Client"(id, personnummer, name) SELECT client_id, lpad((900000000000 + $1::bigint * 10 + i)::text, 12, '0'), 'Ceiling ' || i FROM g)
       INSERT INTO "Case"(id, "clientId", "responsibleUserId", unit, state, snapshot, version, "sentToKc")
       SELECT case_id, client_id, 'anna', 'SF Nordost', 'pagaende.aktiv', $2::jsonb, 1, true FROM g`,
      [first, snapshotJson],
    );
    await client.query('ANALYZE "Case"');
    return first;
  });
  return { offset: offset - 1, snapshotJson };
}

/**
 * The same transaction from Node.js with the pg driver (a pool of 10, like Stegvis's), no HTTP and no ORM:
 * how much of the gap between pgbench and Stegvis is Node and the driver alone.
 */
async function nodeLoop(url: string, offset: number, snapshotJson: string, workers: number, seconds: number): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const payload = JSON.stringify({ at: '2027-02-01T09:00:00.000Z' });
  const upsert = `INSERT INTO "Deadline" ("caseId", kind, basis, "dueDate", "responsibleRole", "responsibleUserId", status, ${CASE_FIELD_COLUMNS})
    VALUES ($1, $2, $3, current_date + 90, $4, $5, 'open', $6, 'SF Nordost', 'anna', 'kalle', false)
    ON CONFLICT ("caseId", kind, basis) DO UPDATE SET ${UPSERT_SET}`;
  let done = 0;
  const until = Date.now() + seconds * 1000;
  const worker = async () => {
    while (Date.now() < until) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const n = offset + 1 + Math.floor(Math.random() * CEILING_CASES);
        const row = (await client.query<{ id: string; version: number }>({ name: 'lock', text: 'SELECT id, version FROM "Case" WHERE "number" = $1 FOR UPDATE', values: [n] })).rows[0]!;
        const v1 = row.version + 1;
        await client.query({
          name: 'event',
          text: `INSERT INTO "CaseEvent" ("caseId", seq, type, payload, "actorId", "actorRole", "occurredAt") VALUES ($1, $2, 'FOLLOW_UP_BOOKED', $3, 'anna', 'socialsekreterare', now())`,
          values: [row.id, v1, payload],
        });
        await client.query({
          name: 'snapshot',
          text: `UPDATE "Case" SET snapshot = $2, state = 'pagaende.aktiv', status = 'active', version = $3, "updatedAt" = now() WHERE id = $1 AND version = $4`,
          values: [row.id, snapshotJson, v1, row.version],
        });
        await client.query({ name: 'upsert', text: upsert, values: [row.id, 'genomforandeplan_uppdaterad', 'plan', 'arbetsmarknadskonsulent', 'kalle', n] });
        await client.query({ name: 'upsert', text: upsert, values: [row.id, 'uppfoljning', String(v1), 'socialsekreterare', 'anna', n] });
        await client.query('COMMIT');
        done += 1;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: workers }, worker));
  const elapsed = (Date.now() - started) / 1000;
  await pool.end();
  return Math.round((done / elapsed) * 10) / 10;
}

export async function runCeiling(): Promise<{ levels: CeilingLevel[]; nodeLoop: { workers: number; tps: number }[]; pgbench: string | null; script: string }> {
  const url = new URL(benchConfig.databaseUrl);
  const { offset, snapshotJson } = await prepareCases(benchConfig.databaseUrl);
  mkdirSync(path.join(RESULTS_DIR, 'tmp'), { recursive: true });
  const scriptFile = path.join(RESULTS_DIR, 'tmp', 'ceiling.pgbench.sql');
  writeFileSync(scriptFile, script());
  const version = await run('pgbench', ['--version']).then(
    ({ stdout }) => stdout.trim(),
    () => null,
  );
  if (version === null) log('  pgbench is not on the PATH: the pgbench ceiling is skipped (install it with the PostgreSQL server or client packages); the Node.js loop still runs');
  const levels: CeilingLevel[] = [];
  for (const requestedClients of version === null ? [] : benchConfig.ceilingClients) {
    // Other users share this server: leave them connections.
    const clients = Math.max(1, Math.min(requestedClients, (await freeConnections(benchConfig.databaseUrl)) - 15));
    log(`  pgbench: ${clients} clients for ${benchConfig.ceilingSeconds} s${clients < requestedClients ? ` (${requestedClients} asked; the server has too few free connections)` : ''}…`);
    const args = ['-n', '-M', 'prepared', '-f', scriptFile, '-D', `offset=${offset}`, '-D', `snapshot=${snapshotJson}`, '-D', `payload=${JSON.stringify({ at: '2027-02-01T09:00:00.000Z' })}`, '-c', String(clients), '-j', String(Math.min(clients, 2)), '-T', String(benchConfig.ceilingSeconds)];
    args.push('-h', url.hostname || '127.0.0.1', '-p', url.port || '5432', '-U', decodeURIComponent(url.username || 'postgres'), decodeURIComponent(url.pathname.slice(1)));
    const env = { ...process.env, ...(url.password ? { PGPASSWORD: decodeURIComponent(url.password) } : {}) };
    const command = benchConfig.nice > 0 ? 'nice' : 'pgbench';
    const { stdout } = await run(command, benchConfig.nice > 0 ? ['-n', String(benchConfig.nice), 'pgbench', ...args] : args, { env, maxBuffer: 10 * 2 ** 20 });
    const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1]);
    const latencyMs = Number(/latency average = ([\d.]+) ms/.exec(stdout)?.[1]);
    const transactions = Number(/number of transactions actually processed: (\d+)/.exec(stdout)?.[1]);
    const failed = Number(/number of failed transactions: (\d+)/.exec(stdout)?.[1] ?? 0);
    if (!Number.isFinite(tps) || failed > 0) throw new Error(`pgbench did not report a clean run:\n${stdout}`);
    log(`  ceiling c=${clients}: ${tps.toFixed(0)} transactions/s, latency ${latencyMs} ms`);
    levels.push({ clients, requestedClients, tps: Math.round(tps * 10) / 10, latencyMs, transactions });
  }
  const loops: { workers: number; tps: number }[] = [];
  for (const workers of benchConfig.ceilingClients) {
    const tps = await nodeLoop(benchConfig.databaseUrl, offset, snapshotJson, workers, benchConfig.ceilingSeconds);
    log(`  Node.js + pg loop, ${workers} workers on a pool of 10: ${tps} transactions/s`);
    loops.push({ workers, tps });
  }
  return { levels, nodeLoop: loops, pgbench: version, script: scriptFile };
}
