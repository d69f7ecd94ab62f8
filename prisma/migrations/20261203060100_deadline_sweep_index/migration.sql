-- The scheduler's due-deadline read (src/notifications/scheduler.ts dueDeadlinesSql) as an index-only scan: exactly the
-- deadlines a sweep may still act on (open or overdue, escalation not yet queued), by due date, with every column it
-- reads. Small (the open deadlines only: 3 MiB at 1,000,000 referrals) and bounded by the running referrals, not by the
-- history, so the query's cost stays far below JIT's and parallel workers' thresholds (issue 19, docs/performance.md:
-- 407 buffers of the table → 46 of the index per sweep). Outside schema.prisma (Prisma's schema has no INCLUDE).
CREATE INDEX "Deadline_sweep_idx" ON "Deadline" ("dueDate")
  INCLUDE (id, "caseId", kind, basis, "responsibleRole", "responsibleUserId", status,
           "caseNumber", "caseResponsibleUserId", "caseKcConsultantId", "caseUnit", "clientProtected")
  WHERE status IN ('open', 'overdue') AND "escalatedAt" IS NULL;
