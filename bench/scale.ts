/**
 * Part 4: scale. The same measurements on a small population (the baseline,
 * 1,000 referrals by default) and on the full one (1,000,000): the scheduler's
 * due-deadline query, the work lists of a socialsekreterare with 200 cases, one
 * transition, and the server's resident memory.
 */
import { openDatabase } from '../src/db/database';
import { DEFAULT_PERIODS } from '../src/deadlines/deadline-policy';
import { latestDueDateRemindedBy } from '../src/deadlines/working-days';
import { dueDeadlines, dueDeadlinesSql } from '../src/notifications/scheduler';
import { benchConfig } from './lib/config';
import { runGetLoad } from './lib/load';
import { databaseExists, resetDatabase, withClient } from './lib/pg';
import { startStegvis } from './lib/processes';
import { log } from './lib/report';
import { timeRepeated } from './lib/stats';
import { tokenFor } from './lib/stegvis-client';
import { measureFlow } from './http';
import { BENCH_USER, CASES_PER_USER, seedCases, seededCount } from './scale/seed';


/** The scheduler's query for expired decisions (expireDecisions). */
const EXPIRED_DECISIONS_SQL = `SELECT id FROM "Case" WHERE state = 'pagaende.aktiv' AND "decisionValidUntil" < $1::date`;

function todayUtc(): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/** The baseline's database: the scale database's name with `_base`. */
export const scaleBaselineUrl = () => benchConfig.scaleDatabaseUrl.replace(/\/([^/?]+)(\?|$)/, '/$1_base$2');

/** Seeds `cases` referrals into `url`, or reuses what was seeded there today (a big population; any size with `reuse`). */
export async function prepareScaleDatabase(url: string, cases: number, options: { reuse?: boolean } = {}): Promise<{ seededSeconds: number | null }> {
  const today = todayUtc();
  // Small populations are reseeded every run (seconds); a big one is kept for the same day.
  if (!benchConfig.reseed && (cases > 100_000 || options.reuse) && (await databaseExists(url))) {
    const existing = await withClient(url, seededCount);
    if (existing.cases === cases && existing.today === today.toISOString().slice(0, 10)) {
      log(`  reusing ${url.replace(/\/\/[^@]*@/, '//')} (${cases.toLocaleString('en-US')} referrals seeded today; BENCH_RESEED=1 to reseed)`);
      // Brought to the current schema (a migration added since the seeding), as the server under test would at its start.
      await (await openDatabase({ kind: 'postgres', url })).close();
      return { seededSeconds: null };
    }
  }
  await resetDatabase(url);
  const database = await openDatabase({ kind: 'postgres', url });
  await database.close();
  const seconds = await withClient(url, (client) =>
    seedCases(client, { from: 1, to: cases, today, activePerMille: benchConfig.activePerMille, batch: benchConfig.seedBatch }),
  );
  log(`  seeded ${cases.toLocaleString('en-US')} referrals in ${seconds.toFixed(0)} s`);
  return { seededSeconds: Math.round(seconds) };
}

/**
 * The scheduler's due-deadline read, read-only: as the scheduler runs it (`dueDeadlines`, through Prisma's raw query),
 * its plan, and for comparison the ORM call with includes it replaced (issue 19). `tsx bench/scale.ts due` runs only
 * this, on the scale database as it is (nothing seeded, nothing written).
 */
export async function measureDueDeadlines(url: string, horizon: string, today: string) {
  const database = await openDatabase({ kind: 'postgres', url }, { migrate: false });
  try {
    const rows = (await dueDeadlines(database.prisma, today)).length;
    const timing = await timeRepeated(30, () => dueDeadlines(database.prisma, today));
    // The read before the stored day (issue 19): every deadline due within the reminder window, through the ORM.
    const dueQueryPrisma = await timeRepeated(10, () =>
      database.prisma.deadline.findMany({
        where: { status: { in: ['open', 'overdue'] }, escalatedAt: null, dueDate: { lte: new Date(`${horizon}T00:00:00Z`) } },
        include: {
          case: { select: { number: true, responsibleUserId: true, kcConsultantId: true, unit: true, client: { select: { protectedIdentity: true } } } },
        },
      }),
    );
    const explained = await withClient(url, async (client) => {
      // As dueDeadlines runs it: without JIT and parallel workers.
      await client.query('SET jit = off');
      await client.query('SET max_parallel_workers_per_gather = 0');
      // The scheduler's own SQL (src/notifications/scheduler.ts dueDeadlinesSql), so the plan is of what it runs.
      const dueSql = dueDeadlinesSql(today);
      const plan = (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${dueSql.text}`, dueSql.values)).rows.map((row) => row['QUERY PLAN']);
      const expired = await timeRepeated(30, () => client.query(EXPIRED_DECISIONS_SQL, [today]));
      const expiredPlan = (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${EXPIRED_DECISIONS_SQL}`, [today])).rows.map((row) => row['QUERY PLAN']);
      return { plan, expiredDecisions: { ...expired, plan: expiredPlan } };
    });
    log(`  due-deadline query (dueDeadlines, as the scheduler runs it): ${rows} rows, p50 ${timing.p50} ms, p95 ${timing.p95} ms (the ORM call with includes it replaced: p50 ${dueQueryPrisma.p50} ms, p95 ${dueQueryPrisma.p95} ms)`);
    return { dueQuery: { rows, ...timing, ...explained }, dueQueryPrisma };
  } finally {
    await database.close();
  }
}

export async function measureAt(url: string, cases: number) {
  const today = todayUtc().toISOString().slice(0, 10);
  // The window the scheduler reads (src/notifications/scheduler.ts queueDeadlineReminders).
  const horizon = latestDueDateRemindedBy(today, DEFAULT_PERIODS.reminderWorkingDaysBefore);

  const counts = await withClient(url, async (client) => {
    const one = async (sql: string) => Number((await client.query<{ n: string }>(sql)).rows[0]?.n ?? 0);
    return {
      cases: await one(`SELECT count(*) AS n FROM "Case"`),
      activeCases: await one(`SELECT count(*) AS n FROM "Case" WHERE status = 'active'`),
      events: await one(`SELECT reltuples::bigint AS n FROM pg_class WHERE relname = 'CaseEvent'`),
      deadlines: await one(`SELECT count(*) AS n FROM "Deadline"`),
      benchUserCases: await one(`SELECT count(*) AS n FROM "Case" WHERE "responsibleUserId" = '${BENCH_USER}'`),
      databaseMiB: Math.round((await one(`SELECT pg_database_size(current_database()) AS n`)) / 2 ** 20),
    };
  });
  log(`  ${counts.cases.toLocaleString('en-US')} referrals (${counts.activeCases} active), ~${counts.events.toLocaleString('en-US')} events, ${counts.deadlines.toLocaleString('en-US')} deadlines, ${counts.databaseMiB} MiB`);

  const { dueQuery, dueQueryPrisma } = await measureDueDeadlines(url, horizon, today);

  const server = await startStegvis({ databaseUrl: url });
  try {
    const rssStart = server.rssMiB();
    const authHeaders = async (id: string, role: 'socialsekreterare' | 'arbetsmarknadskonsulent' | 'forste_socialsekreterare', unit: string) => ({
      authorization: `Bearer ${await tokenFor({ id, username: id, role, unit })}`,
    });
    const benchUser = await authHeaders(BENCH_USER, 'socialsekreterare', 'SF Enhet 0');
    const requests = benchConfig.scaleRequests;
    const deadlinesMine = await runGetLoad(`${server.baseUrl}/api/deadlines?mine=true`, benchUser, 1, requests);
    log(`  GET /api/deadlines?mine=true (${BENCH_USER}): p50 ${deadlinesMine.p50} ms, p95 ${deadlinesMine.p95} ms`);
    const casesList = await runGetLoad(`${server.baseUrl}/api/cases`, benchUser, 1, requests);
    log(`  GET /api/cases (${BENCH_USER}, ${CASES_PER_USER} cases): p50 ${casesList.p50} ms, p95 ${casesList.p95} ms`);
    // Not targets: the lists of roles that see a whole unit or all of KC.
    const few = Math.max(5, Math.round(requests / 50));
    const forste = await authHeaders('forste-0', 'forste_socialsekreterare', 'SF Enhet 0');
    const kc = await authHeaders('amk-001', 'arbetsmarknadskonsulent', 'KC');
    const others = {
      casesForste: await runGetLoad(`${server.baseUrl}/api/cases`, forste, 1, few),
      deadlinesForste: await runGetLoad(`${server.baseUrl}/api/deadlines?mine=true`, forste, 1, few),
      casesKc: await runGetLoad(`${server.baseUrl}/api/cases`, kc, 1, few),
      deadlinesKc: await runGetLoad(`${server.baseUrl}/api/deadlines?mine=true`, kc, 1, few),
    };
    log(`  other lists p95: cases 1:e ${others.casesForste.p95} ms, deadlines 1:e ${others.deadlinesForste.p95} ms, cases KC ${others.casesKc.p95} ms, deadlines KC ${others.deadlinesKc.p95} ms`);
    const rssAfterReads = server.rssMiB();
    const [transition] = await measureFlow(server, `scale ${cases.toLocaleString('en-US')}`, [1], () => requests);
    const rssEnd = server.rssMiB();
    log(`  server RSS: ${rssStart} MiB at start, ${rssAfterReads} after reads, ${rssEnd} after transitions`);
    return { cases, counts, horizon, dueQuery, dueQueryPrisma, deadlinesMine, casesList, others, transition: transition!, rssMiB: { start: rssStart, afterReads: rssAfterReads, end: rssEnd } };
  } finally {
    await server.stop();
  }
}

export async function runScale() {
  const baselineUrl = scaleBaselineUrl();
  log(`Scale baseline: ${benchConfig.scaleBaselineCases.toLocaleString('en-US')} referrals`);
  const baselineSeed = await prepareScaleDatabase(baselineUrl, benchConfig.scaleBaselineCases);
  const baseline = await measureAt(baselineUrl, benchConfig.scaleBaselineCases);
  log(`Scale: ${benchConfig.scaleCases.toLocaleString('en-US')} referrals`);
  const fullSeed = await prepareScaleDatabase(benchConfig.scaleDatabaseUrl, benchConfig.scaleCases);
  const full = await measureAt(benchConfig.scaleDatabaseUrl, benchConfig.scaleCases);
  return { baseline: { ...baseline, seed: baselineSeed }, full: { ...full, seed: fullSeed } };
}

if (process.argv[1]?.endsWith('scale.ts') && process.argv[2] === 'due') {
  const today = todayUtc().toISOString().slice(0, 10);
  const horizon = latestDueDateRemindedBy(today, DEFAULT_PERIODS.reminderWorkingDaysBefore);
  const { dueQuery } = await measureDueDeadlines(benchConfig.scaleDatabaseUrl, horizon, today);
  console.log(dueQuery.plan.join('\n'));
}
