/**
 * The process's clock: one sweep lets passing time reach the cases.
 *   1. An expired one-year decision reaches the machine as DECISION_EXPIRED (role system),
 *      through the case service like any other event.
 *   2. Deadlines past their due date become overdue.
 *   3. Reminders whose day has come are written to the Notification ledger, one row per
 *      (deadline, kind, recipient): a second sweep, here or in another process, adds nothing.
 *   4. Pending e-mails are claimed (FOR UPDATE SKIP LOCKED, marked `sending` before the
 *      SMTP conversation) and sent. A crash after the claim leaves the row `sending`:
 *      reported, never sent twice. An SMTP failure is retried with backoff, then `failed`.
 * Runs inside the server on an interval, or once from cron (`npm run scheduler -- --once`).
 */
import { z } from 'zod';
import { stockholmDate } from '../../machines/shared/dates';
import type { AuthUser } from '../auth/types';
import type { CaseService } from '../cases/case-service';
import { caseReference } from '../cases/case-view';
import type { Clock } from '../clock';
import { Prisma, type PrismaClient, type Role } from '../db/database';
import { SYSTEM_USER } from '../db/demo-users';
import type { DeadlineKind, DeadlinePeriods } from '../deadlines/deadline-policy';
import { fromDbDate, toDbDate } from '../deadlines/deadline-sync';
import { nextNoticeDay, noticesDueOn } from '../deadlines/notice-days';
import { addDays } from '../deadlines/working-days';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import type { Mailer } from './mailer';
import { escalationPointsFor, meetingAttendees, ownersOf } from './recipients';
import { renderNotification, type NotificationData } from './templates';

/** Minutes to wait before attempt 2, 3, 4, 5; after the fifth failure the e-mail is `failed`. */
const RETRY_BACKOFF_MINUTES = [1, 5, 30, 120];
const CLAIM_BATCH = 50;
/** A stored address is mailed only if it is exactly one address (an older row may hold anything). */
const ZOneAddress = z.email();

export interface SweepReport {
  decisionsExpired: number;
  deadlinesOverdue: number;
  notificationsQueued: number;
  sent: number;
  retrying: number;
  failed: number;
  /** Claimed by a sweep that never finished (a crash mid-send): not resent, an operator checks them. */
  uncertain: number;
  /** Invitations not sent because their meeting had already begun (marked cancelled). */
  invitationsTooLate: number;
}

const SYSTEM_ACTOR: AuthUser = { ...SYSTEM_USER };

export function createScheduler(deps: {
  prisma: PrismaClient;
  clock: Clock;
  mailer: Mailer;
  cases: CaseService;
  periods: DeadlinePeriods;
  publicBaseUrl: string;
  logger: Logger;
  /** Work that runs at the end of every sweep and decides for itself whether it is due (the daily gallring). */
  afterSweep?: (now: Date) => Promise<void>;
}) {
  const { prisma, clock, mailer, cases, periods, logger } = deps;

  async function expireDecisions(today: string): Promise<number> {
    const expired = await prisma.case.findMany({
      where: { state: 'pagaende.aktiv', decisionValidUntil: { lt: toDbDate(today) } },
      select: { id: true },
    });
    let count = 0;
    for (const { id } of expired) {
      try {
        await cases.sendEvent(SYSTEM_ACTOR, id, { type: 'DECISION_EXPIRED' });
        count += 1;
      } catch (error) {
        // Another scheduler (or a renewal a moment ago) got there first: nothing to do.
        if (error instanceof AppError && ['NOT_ALLOWED_IN_STATE', 'CONFLICT'].includes(error.code)) continue;
        throw error;
      }
    }
    return count;
  }

  async function queueDeadlineReminders(today: string, now: Date): Promise<number> {
    // Only the deadlines with an e-mail due by today (their stored nextNoticeOn): one whose e-mails are all queued is
    // not read again before its next one is due (issue 19: at 1,000,000 referrals most of the 2,198 overdue deadlines
    // a sweep read had nothing new to send).
    const deadlines = await dueDeadlines(prisma, today);
    const rows: Prisma.NotificationCreateManyInput[] = [];
    const nextDays: { deadline: DueDeadline; next: string }[] = [];
    for (const deadline of deadlines) {
      const due = fromDbDate(deadline.dueDate);
      const isMeeting = deadline.kind === 'inskrivningsmote';
      const kinds = noticesDueOn(today, { kind: deadline.kind, dueDate: due, status: deadline.status }, periods);
      // KC's reminders of a protected client go to the samordnare, whoever is assigned (process.md "Deadlines and reminders", Bilaga 1).
      const owner = deadline.responsibleRole === 'arbetsmarknadskonsulent' && deadline.case.client.protectedIdentity ? null : deadline.responsibleUserId;
      // An e-mail with no one to send it to yet is looked for again tomorrow, as every sweep did before the stored day.
      let nobodyToTell = false;
      for (const kind of kinds) {
        const recipients =
          kind === 'eskalering'
            ? await escalationPointsFor(prisma, deadline.case, deadline.responsibleRole)
            : isMeeting
              ? await meetingAttendees(prisma, deadline.case)
              : owner
                ? [owner]
                : await ownersOf(prisma, deadline.case, deadline.responsibleRole);
        if (recipients.length === 0) nobodyToTell = true;
        const data: NotificationData = {
          kind,
          caseId: deadline.caseId,
          caseReference: caseReference(deadline.case.number),
          deadlineKind: deadline.kind as DeadlineKind,
          dueDate: due,
          responsibleRole: deadline.responsibleRole,
          // A meeting has a time, not a last day: the reminder says when it is (its deadline counts from the booked instant).
          ...(isMeeting ? { meetingAt: deadline.basis } : {}),
        };
        for (const recipientUserId of recipients) {
          rows.push({
            dedupeKey: `${kind}:${deadline.id}:${recipientUserId}`,
            caseId: deadline.caseId,
            deadlineId: deadline.id,
            kind,
            recipientUserId,
            data: data as unknown as Prisma.InputJsonValue,
            dueAt: now,
          });
        }
      }
      nextDays.push({ deadline, next: nobodyToTell ? addDays(today, 1) : nextNoticeDay({ kind: deadline.kind, dueDate: due }, periods, today) });
    }
    if (nextDays.length === 0) return 0;
    const escalated = [...new Set(rows.filter((row) => row.kind === 'eskalering').map((row) => BigInt(row.deadlineId!)))];
    // The e-mails and the next day in one transaction: a day moved on without its e-mails queued would lose them.
    return prisma.$transaction(async (tx) => {
      const queued = rows.length === 0 ? 0 : (await tx.notification.createMany({ data: rows, skipDuplicates: true })).count;
      if (escalated.length > 0) await tx.deadline.updateMany({ where: { id: { in: escalated } }, data: { escalatedAt: now } });
      await storeNextNoticeDays(tx, nextDays);
      return queued;
    });
  }

  /** Atomically move a batch of due e-mails from pending to sending; no other sweep can take them. */
  async function claimBatch(now: Date): Promise<bigint[]> {
    const claimed = await prisma.$queryRaw<{ id: bigint }[]>`
      UPDATE "Notification" SET "status" = 'sending', "attempts" = "attempts" + 1
      WHERE "id" IN (
        SELECT "id" FROM "Notification"
        WHERE "status" = 'pending' AND "dueAt" <= ${now}
        ORDER BY "dueAt", "id"
        LIMIT ${CLAIM_BATCH}
        FOR UPDATE SKIP LOCKED
      )
      RETURNING "id"`;
    return claimed.map((row) => row.id);
  }

  async function sendClaimed(ids: bigint[], report: SweepReport): Promise<void> {
    const notifications = await prisma.notification.findMany({ where: { id: { in: ids } }, orderBy: { id: 'asc' } });
    const recipients = new Map(
      (await prisma.user.findMany({ where: { id: { in: notifications.map((n) => n.recipientUserId) } } })).map((user) => [user.id, user]),
    );
    for (const notification of notifications) {
      const recipient = recipients.get(notification.recipientUserId);
      const data = notification.data as unknown as NotificationData;
      // An invitation to a meeting that has already begun (the sweep ran late, or a retry came after it) helps no one: not sent.
      if (data.kind === 'kallelse' && new Date(data.at) <= clock.now()) {
        await prisma.notification.update({ where: { id: notification.id }, data: { status: 'cancelled', lastError: 'the meeting had begun before the invitation could be sent' } });
        report.invitationsTooLate += 1;
        continue;
      }
      try {
        if (!recipient?.email) throw new PermanentFailure('the recipient has no e-mail address');
        if (!ZOneAddress.safeParse(recipient.email).success) throw new PermanentFailure("the recipient's e-mail is not one valid e-mail address");
        const message = renderNotification(data, { publicBaseUrl: deps.publicBaseUrl });
        const { messageId } = await mailer.send({ to: { name: recipient.displayName, address: recipient.email }, ...message });
        await prisma.notification.update({ where: { id: notification.id }, data: { status: 'sent', sentAt: clock.now(), messageId } });
        report.sent += 1;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        const backoff = RETRY_BACKOFF_MINUTES[notification.attempts - 1];
        const giveUp = error instanceof PermanentFailure || backoff === undefined;
        await prisma.notification.update({
          where: { id: notification.id },
          data: giveUp
            ? { status: 'failed', lastError: reason }
            : { status: 'pending', lastError: reason, dueAt: new Date(clock.now().getTime() + backoff * 60_000) },
        });
        const fields = { notificationId: String(notification.id), kind: notification.kind, attempts: notification.attempts, reason };
        if (giveUp) {
          report.failed += 1;
          logger.error(fields, 'E-mail could not be sent and will not be retried: an operator must follow up');
        } else {
          report.retrying += 1;
          logger.warn(fields, `E-mail could not be sent; retrying in ${backoff} min`);
        }
      }
    }
  }

  /**
   * The stored e-mail days (nextNoticeOn) were computed with the reminder and escalation days of the process that
   * wrote them. Once per process, before its first sweep: if its settings are not the ones stored (NoticeSettings),
   * every open deadline gets yesterday again (read once by this sweep, nothing queued twice: the ledger's dedupe key)
   * and these settings are stored. A day computed with fewer reminder days or more escalation days would be late.
   */
  let noticeDaysAligned = false;
  async function alignNoticeDays(today: string, now: Date): Promise<void> {
    if (noticeDaysAligned) return;
    const { reminderWorkingDaysBefore, escalationDays } = periods;
    await prisma.$transaction(async (tx) => {
      // A row back only when it was inserted or changed: the settings are new to this database.
      const changed = await tx.$queryRaw<{ id: number }[]>`
        INSERT INTO "NoticeSettings" (id, "reminderWorkingDaysBefore", "escalationDays", "updatedAt")
        VALUES (1, ${reminderWorkingDaysBefore}, ${escalationDays}, ${now})
        ON CONFLICT (id) DO UPDATE SET "reminderWorkingDaysBefore" = EXCLUDED."reminderWorkingDaysBefore",
          "escalationDays" = EXCLUDED."escalationDays", "updatedAt" = EXCLUDED."updatedAt"
        WHERE ("NoticeSettings"."reminderWorkingDaysBefore", "NoticeSettings"."escalationDays") IS DISTINCT FROM (EXCLUDED."reminderWorkingDaysBefore", EXCLUDED."escalationDays")
        RETURNING id`;
      if (changed.length === 0) return;
      const reset = await tx.$executeRaw`
        UPDATE "Deadline" SET "nextNoticeOn" = ${addDays(today, -1)}::date
        WHERE status IN ('open', 'overdue') AND "escalatedAt" IS NULL AND "nextNoticeOn" > ${addDays(today, -1)}::date`;
      logger.info({ reminderWorkingDaysBefore, escalationDays, deadlines: reset }, 'Reminder settings new to the database: every open deadline is read again by this sweep');
    });
    noticeDaysAligned = true;
  }

  async function sweepOnce(): Promise<SweepReport> {
    const now = clock.now();
    const today = stockholmDate(now.toISOString());
    await alignNoticeDays(today, now);
    const report: SweepReport = { decisionsExpired: 0, deadlinesOverdue: 0, notificationsQueued: 0, sent: 0, retrying: 0, failed: 0, uncertain: 0, invitationsTooLate: 0 };
    report.decisionsExpired = await expireDecisions(today);
    report.deadlinesOverdue = (
      await prisma.deadline.updateMany({ where: { status: 'open', dueDate: { lt: toDbDate(today) } }, data: { status: 'overdue' } })
    ).count;
    report.notificationsQueued = await queueDeadlineReminders(today, now);
    for (let ids = await claimBatch(now); ids.length > 0; ids = await claimBatch(now)) await sendClaimed(ids, report);
    report.uncertain = await prisma.notification.count({ where: { status: 'sending', dueAt: { lt: new Date(now.getTime() - 10 * 60_000) } } });
    if (report.uncertain > 0) logger.warn({ uncertain: report.uncertain }, 'E-mails claimed by a sweep that did not finish: not resent; check them in the notifications list');
    logger.info({ ...report }, 'Scheduler sweep done');
    await deps.afterSweep?.(now);
    return report;
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  return {
    sweepOnce,
    /** Sweep every `intervalMs`, never two at once in this process. Inside the server the timer does not keep the process alive. */
    start(intervalMs: number, options: { keepAlive?: boolean } = {}) {
      timer = setInterval(() => {
        if (running) return;
        running = sweepOnce()
          .catch((error: unknown) => logger.error({ err: error }, 'Scheduler sweep failed; the next one tries again'))
          .finally(() => (running = undefined));
      }, intervalMs);
      if (!options.keepAlive) timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;

/** One deadline the sweep may remind about, with the few case fields its e-mail and recipients need. */
export interface DueDeadline {
  id: bigint;
  caseId: string;
  kind: string;
  basis: string;
  dueDate: Date;
  responsibleRole: Role;
  responsibleUserId: string | null;
  status: 'open' | 'overdue';
  /** ISO date: the stored day its next e-mail is due, as read (storeNextNoticeDays moves it on only if still so). */
  nextNoticeOn: string;
  case: { number: number; responsibleUserId: string; kcConsultantId: string | null; unit: string; client: { protectedIdentity: boolean } };
}

/** The columns of one line of dueDeadlinesSql's packed text, in this order. */
const PACKED_FIELDS = 14;

/**
 * The open and overdue deadlines with an e-mail due by `today` ("nextNoticeOn", kept by the deadline sync and by
 * this sweep) whose escalation is not yet queued (a deadline whose escalation is queued has nothing more to send: it
 * leaves the sweep for good), from "Deadline" alone: the case fields the sweep needs are on the row (migration
 * deadline_case_fields; a CHECK constraint says every open row has them), and the partial index "Deadline_sweep_idx"
 * holds exactly these rows by that day, with every column read (an index-only scan). One row of packed text, parsed
 * once: a row per deadline through the driver and Prisma's raw-query decoding cost more than the query (issue 19,
 * docs/performance.md). A line per deadline, its columns separated by a tab: plain text costs PostgreSQL about half
 * what json_agg of text arrays did (escaping every string: 15 of the query's 20 ms over 2,198 rows at a million). No column
 * can hold a tab or a line break: ids, kinds, roles, statuses and ISO dates are the server's own, and the user ids
 * and unit come from token claims, which are refused with a control character (src/auth/tokens.ts); dueDeadlines
 * refuses a line with any other number of columns rather than misread it. concat_ws leaves NULLs out, so the two
 * that can be NULL (the owner, the KC consultant) are written as ''.
 */
export function dueDeadlinesSql(today: string): Prisma.Sql {
  return Prisma.sql`
    SELECT COALESCE(string_agg(concat_ws(chr(9),
             d.id, d."caseId", d.kind, d.basis, d."dueDate"::text, d."responsibleRole", COALESCE(d."responsibleUserId", ''), d.status,
             d."caseNumber", d."caseResponsibleUserId", COALESCE(d."caseKcConsultantId", ''), d."caseUnit", d."clientProtected"::text,
             d."nextNoticeOn"::text
           ), chr(10) ORDER BY d.id), '') AS due
    FROM "Deadline" d
    WHERE d.status IN ('open', 'overdue') AND d."escalatedAt" IS NULL AND d."nextNoticeOn" <= ${today}::date`;
}

/**
 * One statement, outside a transaction: over the partial index its cost is bounded by the deadlines with an e-mail
 * due, far below what makes PostgreSQL compile it with JIT or start parallel workers (the join it replaced needed
 * `SET LOCAL jit = off` at a million referrals: 110 ms of compiling; `tsx bench/scale.ts due` prints the plan).
 */
export async function dueDeadlines(db: PrismaClient, today: string): Promise<DueDeadline[]> {
  const rows = await db.$queryRaw<{ due: string }[]>(dueDeadlinesSql(today));
  const packed = rows[0]?.due ?? '';
  if (packed === '') return [];
  return packed.split('\n').map((line) => {
    const fields = line.split('\t');
    if (fields.length !== PACKED_FIELDS) throw new Error(`A due deadline's packed line has ${fields.length} columns, not ${PACKED_FIELDS}: a column holds a tab or a line break`);
    const [id, caseId, kind, basis, dueDate, responsibleRole, responsibleUserId, status, number, caseResponsibleUserId, kcConsultantId, unit, protectedIdentity, nextNoticeOn] =
      fields as [string, string, string, string, string, string, string, string, string, string, string, string, string, string];
    return {
      id: BigInt(id),
      caseId,
      kind,
      basis,
      dueDate: new Date(`${dueDate}T00:00:00Z`),
      responsibleRole: responsibleRole as Role,
      responsibleUserId: responsibleUserId === '' ? null : responsibleUserId,
      status: status as DueDeadline['status'],
      nextNoticeOn,
      case: { number: Number(number), responsibleUserId: caseResponsibleUserId, kcConsultantId: kcConsultantId === '' ? null : kcConsultantId, unit, client: { protectedIdentity: protectedIdentity === 'true' } },
    };
  });
}

/**
 * Moves each deadline's next e-mail day on, in the transaction that queued its e-mails; only where the row is still as
 * the sweep read it. A transition that wrote the deadline meanwhile (a new due date, owner or status) stored its own
 * first day, earlier than this one, and the next sweep reads the deadline again for the new owner or date.
 */
async function storeNextNoticeDays(tx: Prisma.TransactionClient, nextDays: { deadline: DueDeadline; next: string }[]): Promise<void> {
  const column = <T>(pick: (deadline: DueDeadline) => T) => nextDays.map(({ deadline }) => pick(deadline));
  await tx.$executeRaw`
    UPDATE "Deadline" d SET "nextNoticeOn" = x.next::date
    FROM unnest(${column((d) => String(d.id))}::text[], ${nextDays.map((n) => n.next)}::text[], ${column((d) => d.nextNoticeOn)}::text[],
                ${column((d) => fromDbDate(d.dueDate))}::text[], ${column((d) => d.status)}::text[], ${column((d) => d.responsibleUserId)}::text[],
                ${column((d) => d.case.responsibleUserId)}::text[], ${column((d) => d.case.kcConsultantId)}::text[],
                ${column((d) => d.case.client.protectedIdentity)}::boolean[])
      AS x(id, next, read_next, due, status, owner, case_owner, kc, protected)
    WHERE d.id = x.id::bigint AND d."nextNoticeOn" = x.read_next::date AND d."dueDate" = x.due::date AND d.status::text = x.status
      AND d."responsibleUserId" IS NOT DISTINCT FROM x.owner AND d."caseResponsibleUserId" = x.case_owner
      AND d."caseKcConsultantId" IS NOT DISTINCT FROM x.kc AND d."clientProtected" = x.protected`;
}

class PermanentFailure extends Error {}
