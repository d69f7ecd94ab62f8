/**
 * Gallring: a person's records are deleted when the retention period after the last entry in them has
 * passed (docs/gallring.md), and access-log rows when their own period has. `npm run gallring [-- --dry-run]`
 * and, when GALLRING_SCHEDULED=on, the scheduler once a day.
 *
 * - The list of who is due is read once; each person is then deleted in a transaction of its own, which locks
 *   the client, its referrals and its assessment and decides again (a step taken meanwhile keeps the person).
 * - A person with an active referral or an assessment in progress is never deleted, whatever the dates say;
 *   neither is one in the exceptions (the research sample by birth day, or named client ids).
 * - The append-only tables refuse a DELETE unless the transaction has switched `stegvis.gallring` on
 *   (the trigger function, migration `gallring`); it is switched off again before the commit.
 * - Each run leaves a GallringRun row: when, the rule, how many persons, rows per table; no personal data.
 *   What is printed names clients by id only.
 */
import { addYears, subMonths, subYears } from 'date-fns';
import { bedomningStateOf, startBedomning } from '../../machines/bedomning';
import { stockholmDate } from '../../machines/shared/dates';
import { MACHINE_UPGRADED } from '../aggregates/creation-events';
import { birthDateOf } from '../clients/personnummer';
import { systemClock, type Clock } from '../clock';
import { Prisma, type PrismaClient } from '../db/database';
import { isUniqueViolation } from '../db/idempotency';
import type { Logger } from '../logger';
import type { Enforcement } from '../../machines/shared/traceability';
import type { GallringConfig, LastEntryKind } from './gallring-config';
import { PERSON_RECORDS, type PersonTable } from './person-records';

/** The setting the append-only trigger recognises (prisma/migrations/…_gallring). */
const GALLRING_SETTING = 'stegvis.gallring';
/** An assessment in its first state has no cycle in progress: nothing is being assessed (machines/bedomning). */
const ASSESSMENT_AT_REST = bedomningStateOf(startBedomning());

export type KeptReason = 'active_referral' | 'active_assessment' | 'exception_client' | 'exception_birth_day';

/** A person whose period has passed and who is (or in a dry run would be) deleted. */
export interface PersonDue {
  clientId: string;
  /** Date (Europe/Stockholm) of the last entry in the person's records. */
  lastEntry: string;
  /** The day the retention period ended: the last entry plus the period. */
  periodEnded: string;
  /** Gallring must be finished by the end of the following calendar year (12 kap. 1 § SoL 2001:453). */
  deadline: string;
  /** Rows per table; absent when the person changed between the listing and the deletion (then `skipped`). */
  rows?: Partial<Record<PersonTable, number>>;
  /** True when a step was taken, or the person was removed, between the listing and the deletion: kept for now. */
  skipped?: boolean;
}

export interface GallringReport {
  /** The GallringRun row this run left. */
  runId: string;
  dryRun: boolean;
  asOf: string;
  persons: PersonDue[];
  /** Persons past the period but kept, with the reason (ids only). */
  kept: { clientId: string; reason: KeptReason; lastEntry: string }[];
  /** Rows per table over all persons, plus `AccessLog`. */
  rows: Record<string, number>;
}

export type GallringTrigger = 'cli' | 'scheduler';

interface Candidate {
  clientId: string;
  personnummer: string;
  lastEntry: Date;
  activeReferral: boolean;
  assessmentState: string | null;
}

/** The latest entry of each kind for client c; the client's registration always counts. A machine upgrade is the service's, not an entry. */
const LAST_ENTRY_OF: Record<LastEntryKind, string> = {
  arende: `(SELECT max(e."occurredAt") FROM "CaseEvent" e JOIN "Case" k ON k."id" = e."caseId" WHERE k."clientId" = c."id" AND e."type" <> '${MACHINE_UPGRADED}')`,
  bedomning: `(SELECT max(e."occurredAt") FROM "AssessmentEvent" e JOIN "Assessment" a ON a."id" = e."assessmentId" WHERE a."clientId" = c."id" AND e."type" <> '${MACHINE_UPGRADED}')`,
  dokument: `(SELECT max(v."createdAt") FROM "AssessmentDocumentVersion" v JOIN "AssessmentDocument" d ON d."id" = v."documentId" JOIN "Assessment" a ON a."id" = d."assessmentId" WHERE a."clientId" = c."id")`,
  formular: `(SELECT max(q."updatedAt") FROM "Questionnaire" q JOIN "Assessment" a ON a."id" = q."assessmentId" WHERE a."clientId" = c."id")`,
  // A name corrected or protection marked (the client record's history); its registration is c."createdAt" already.
  klientuppgifter: `(SELECT max(e."occurredAt") FROM "ClientEvent" e WHERE e."clientId" = c."id")`,
  utskick: `(SELECT max(n."sentAt") FROM "Notification" n JOIN "Case" k ON k."id" = n."caseId" WHERE k."clientId" = c."id")`,
};

/** Clients whose last entry is before `cutoff` (all of them, or the one given), with what decides whether they are kept. */
async function candidates(db: Prisma.TransactionClient | PrismaClient, config: GallringConfig, cutoff: Date, clientId?: string): Promise<Candidate[]> {
  // GREATEST ignores NULLs: a kind the person has no record of does not count.
  const lastEntry = `GREATEST(c."createdAt", ${config.lastEntryKinds.map((kind) => LAST_ENTRY_OF[kind]).join(', ')})`;
  const rows = await db.$queryRawUnsafe<Candidate[]>(
    `SELECT * FROM (
       SELECT c."id"::text AS "clientId", c."personnummer", ${lastEntry} AS "lastEntry",
              EXISTS (SELECT 1 FROM "Case" k WHERE k."clientId" = c."id" AND k."status" = 'active') AS "activeReferral",
              (SELECT a."state" FROM "Assessment" a WHERE a."clientId" = c."id") AS "assessmentState"
       FROM "Client" c
       WHERE ($2::uuid IS NULL OR c."id" = $2::uuid)
     ) person
     WHERE person."lastEntry" < $1
     ORDER BY person."lastEntry", person."clientId"`,
    cutoff,
    clientId ?? null,
  );
  return rows;
}

function keptReason(config: GallringConfig, candidate: Candidate): KeptReason | null {
  if (candidate.activeReferral) return 'active_referral';
  if (candidate.assessmentState !== null && candidate.assessmentState !== ASSESSMENT_AT_REST) return 'active_assessment';
  if (config.exceptionClientIds.includes(candidate.clientId)) return 'exception_client';
  const birthDay = Number(birthDateOf(candidate.personnummer).slice(8, 10));
  if (config.exceptionBirthDays.includes(birthDay)) return 'exception_birth_day';
  return null;
}

function dueLine(config: GallringConfig, candidate: Candidate): PersonDue {
  const periodEnded = stockholmDate(addYears(candidate.lastEntry, config.retentionYears).toISOString());
  return {
    clientId: candidate.clientId,
    lastEntry: stockholmDate(candidate.lastEntry.toISOString()),
    periodEnded,
    deadline: `${Number(periodEnded.slice(0, 4)) + 1}-12-31`,
  };
}

/** The rule as recorded with each run: the configuration, exceptions as counts (never ids). */
function ruleRecord(config: GallringConfig) {
  return {
    retentionYears: config.retentionYears,
    lastEntry: ['klient', ...config.lastEntryKinds],
    exceptionBirthDays: config.exceptionBirthDays,
    exceptionClients: config.exceptionClientIds.length,
    accessLogRetentionMonths: config.accessLogRetentionMonths,
  };
}

async function countRows(db: Prisma.TransactionClient | PrismaClient, clientId: string) {
  const rows: Partial<Record<PersonTable, number>> = {};
  for (const { table, rowsOf } of PERSON_RECORDS) {
    const [{ count }] = await db.$queryRawUnsafe<[{ count: bigint }]>(`SELECT count(*) AS count FROM "${table}" WHERE ${rowsOf}`, clientId);
    rows[table] = Number(count);
  }
  return rows;
}

/** Runs `work` with the append-only tables' DELETE allowed, and refused again afterwards, in this transaction only. */
async function withGallringAllowed<T>(tx: Prisma.TransactionClient, work: () => Promise<T>): Promise<T> {
  await tx.$queryRaw`SELECT set_config(${GALLRING_SETTING}, 'on', true)`;
  const result = await work();
  await tx.$queryRaw`SELECT set_config(${GALLRING_SETTING}, 'off', true)`;
  return result;
}

/** Deletes one person in one transaction, if still due; returns the rows deleted per table, or null if kept. */
async function deletePerson(prisma: PrismaClient, config: GallringConfig, cutoff: Date, clientId: string) {
  return prisma.$transaction(async (tx) => {
    // Locked, so no step can be taken on the person's referrals or assessment while this decides and deletes.
    await tx.$queryRaw`SELECT "id" FROM "Client" WHERE "id" = ${clientId}::uuid FOR UPDATE`;
    await tx.$queryRaw`SELECT "id" FROM "Case" WHERE "clientId" = ${clientId}::uuid FOR UPDATE`;
    await tx.$queryRaw`SELECT "id" FROM "Assessment" WHERE "clientId" = ${clientId}::uuid FOR UPDATE`;
    const [still] = await candidates(tx, config, cutoff, clientId);
    if (!still || keptReason(config, still) !== null) return null;
    return withGallringAllowed(tx, async () => {
      const rows: Partial<Record<PersonTable, number>> = {};
      for (const { table, rowsOf } of PERSON_RECORDS) rows[table] = await tx.$executeRawUnsafe(`DELETE FROM "${table}" WHERE ${rowsOf}`, clientId);
      return rows;
    });
  });
}

/** Access-log rows older than their period. The log is dated by the wall clock, so a moved dev clock never shortens it. */
async function accessLogRows(prisma: PrismaClient, config: GallringConfig, now: Date, dryRun: boolean): Promise<number> {
  const wallNow = systemClock.now();
  const cutoff = subMonths(now < wallNow ? now : wallNow, config.accessLogRetentionMonths);
  if (dryRun) return prisma.accessLog.count({ where: { at: { lt: cutoff } } });
  return prisma.$transaction((tx) => withGallringAllowed(tx, () => tx.$executeRaw`DELETE FROM "AccessLog" WHERE "at" < ${cutoff}`));
}

/**
 * One run. With `scheduledDay` (the scheduler's, Europe/Stockholm) it runs only if no run has claimed that day
 * (in any process): null when one has.
 */
export async function runGallring(
  deps: { prisma: PrismaClient; clock: Clock; config: GallringConfig },
  options: { dryRun: boolean; trigger: GallringTrigger; scheduledDay?: string },
): Promise<GallringReport | null> {
  const { prisma, clock, config } = deps;
  const asOf = clock.now();
  let run: { id: bigint };
  try {
    run = await prisma.gallringRun.create({
      data: {
        startedAt: systemClock.now(),
        asOf,
        dryRun: options.dryRun,
        trigger: options.trigger,
        scheduledDay: options.scheduledDay ? new Date(`${options.scheduledDay}T00:00:00Z`) : null,
        rule: ruleRecord(config),
      },
      select: { id: true },
    });
  } catch (error) {
    if (options.scheduledDay && isUniqueViolation(error)) return null;
    throw error;
  }

  const cutoff = subYears(asOf, config.retentionYears);
  const report: GallringReport = { runId: String(run.id), dryRun: options.dryRun, asOf: asOf.toISOString(), persons: [], kept: [], rows: {} };
  for (const candidate of await candidates(prisma, config, cutoff)) {
    const reason = keptReason(config, candidate);
    if (reason) {
      report.kept.push({ clientId: candidate.clientId, reason, lastEntry: stockholmDate(candidate.lastEntry.toISOString()) });
      continue;
    }
    const line = dueLine(config, candidate);
    const rows = options.dryRun ? await countRows(prisma, candidate.clientId) : await deletePerson(prisma, config, cutoff, candidate.clientId);
    if (rows) {
      line.rows = rows;
      for (const [table, count] of Object.entries(rows)) report.rows[table] = (report.rows[table] ?? 0) + count;
    } else {
      line.skipped = true;
    }
    report.persons.push(line);
  }
  report.rows.AccessLog = await accessLogRows(prisma, config, asOf, options.dryRun);

  const { persons, kept } = summaryOf(report);
  await prisma.gallringRun.update({ where: { id: run.id }, data: { finishedAt: systemClock.now(), persons, rows: report.rows, kept } });
  return report;
}

/** Counts of what a run did, for a log line or the command's summary: no client ids. */
export function summaryOf(report: GallringReport) {
  const kept: Partial<Record<KeptReason, number>> = {};
  for (const { reason } of report.kept) kept[reason] = (kept[reason] ?? 0) + 1;
  return { runId: report.runId, dryRun: report.dryRun, persons: report.persons.filter((person) => !person.skipped).length, skipped: report.persons.filter((person) => person.skipped).length, kept, rows: report.rows };
}

/**
 * The scheduler's daily gallring (GALLRING_SCHEDULED=on): the first sweep of each day (Europe/Stockholm) runs it,
 * in whichever process gets there first. A failure is logged; the next day tries again.
 */
export function createScheduledGallring(deps: { prisma: PrismaClient; clock: Clock; config: GallringConfig; logger: Logger }) {
  let lastDay: string | undefined;
  return async (now: Date): Promise<void> => {
    const today = stockholmDate(now.toISOString());
    if (!deps.config.scheduled || today === lastDay) return;
    lastDay = today;
    try {
      const report = await runGallring(deps, { dryRun: false, trigger: 'scheduler', scheduledDay: today });
      if (report) deps.logger.info({ event: 'gallring', ...summaryOf(report) }, 'Gallring done');
    } catch (error) {
      deps.logger.error({ err: error }, 'Gallring failed; the scheduler tries again tomorrow, or run `npm run gallring`');
    }
  };
}

export const ENFORCES: Enforcement[] = [
  { rule: 'gallring.five-years-after-last-entry', by: 'runGallring' },
  { rule: 'gallring.never-while-active', by: 'runGallring' },
  { rule: 'gallring.research-exceptions', by: 'runGallring' },
  { rule: 'gallring.access-log-own-period', by: 'runGallring' },
  // With the trigger function of the migration `gallring`, which lets a DELETE through only while this transaction allows it.
  { rule: 'gallring.only-gallring-deletes-history', by: 'runGallring' },
];
