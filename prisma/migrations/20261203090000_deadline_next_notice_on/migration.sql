-- "Time is data" for the scheduler's sweep (issue 19; src/notifications/scheduler.ts dueDeadlines): each open or
-- overdue deadline stores the first day it may have an e-mail to queue, and the sweep reads only those whose day has
-- come. Before, every sweep read every deadline due within the reminder window or overdue and not escalated (2,198 at
-- 1,000,000 referrals), most of them with their e-mails already queued and nothing new until their escalation day.
-- The deadline sync writes the first reminder day (src/deadlines/notice-days.ts firstNoticeDay) and the sweep, in the
-- transaction that queues a deadline's e-mails, the day of its next one (nextNoticeDay).
--
-- The day may be early, never late: an early day costs one read of the deadline, a late one would lose an e-mail. So
-- a writer that leaves it out stores yesterday (any server time zone is within a day of Sweden's), read at the next
-- sweep, which stores the true day; and the existing open deadlines are given yesterday as well: the first sweep after
-- this migration reads all of them once (their e-mails already queued are not queued again: the ledger's dedupe key)
-- and stores each one's next day. Nothing here repeats the calendar of working days.
ALTER TABLE "Deadline" ADD COLUMN "nextNoticeOn" DATE;

-- Closed deadlines keep NULL: nothing reads the day there.
UPDATE "Deadline" SET "nextNoticeOn" = CURRENT_DATE - 1 WHERE status IN ('open', 'overdue');
ALTER TABLE "Deadline" ALTER COLUMN "nextNoticeOn" SET DEFAULT (CURRENT_DATE - 1);

-- An open deadline without a day would never be read by the sweep: refused, like one without its case fields.
ALTER TABLE "Deadline" ADD CONSTRAINT "Deadline_open_has_next_notice" CHECK (status NOT IN ('open', 'overdue') OR "nextNoticeOn" IS NOT NULL);

-- The sweep's read as an index-only scan by the new day: the same rows (open or overdue, escalation not yet queued)
-- and every column it reads, now with the due date among them (migration 20261203060100_deadline_sweep_index).
DROP INDEX "Deadline_sweep_idx";
CREATE INDEX "Deadline_sweep_idx" ON "Deadline" ("nextNoticeOn")
  INCLUDE (id, "caseId", kind, basis, "dueDate", "responsibleRole", "responsibleUserId", status,
           "caseNumber", "caseResponsibleUserId", "caseKcConsultantId", "caseUnit", "clientProtected")
  WHERE status IN ('open', 'overdue') AND "escalatedAt" IS NULL;
