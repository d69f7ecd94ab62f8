-- The scheduler's sweep reads the due deadlines from "Deadline" alone (src/notifications/scheduler.ts dueDeadlines;
-- issue 19: at 1,000,000 referrals the join to "Case" and "Client", two random lookups per row, was most of its time).
-- The few case fields its e-mails and recipients need are kept on each open or overdue deadline, written by the
-- deadline sync in the transition (src/deadlines/deadline-sync.ts) and kept true, in the same transaction, wherever
-- they change: a handover or KC assignment (a transition), the machine upgrade, and a client's protection marking
-- (src/clients/client-register.ts). A closed deadline keeps what they were when it closed (or NULL, closed before
-- this migration): nothing reads them there.
ALTER TABLE "Deadline"
  ADD COLUMN "caseNumber" INTEGER,
  ADD COLUMN "caseUnit" TEXT,
  ADD COLUMN "caseResponsibleUserId" TEXT,
  ADD COLUMN "caseKcConsultantId" TEXT,
  ADD COLUMN "clientProtected" BOOLEAN;

-- No defaults: a writer that leaves them out is refused by the check below rather than storing a client as unprotected.
UPDATE "Deadline" d
SET "caseNumber" = c.number, "caseUnit" = c.unit, "caseResponsibleUserId" = c."responsibleUserId",
    "caseKcConsultantId" = c."kcConsultantId", "clientProtected" = cl."protectedIdentity"
FROM "Case" c JOIN "Client" cl ON cl.id = c."clientId"
WHERE c.id = d."caseId" AND d.status IN ('open', 'overdue');

-- The consultant is NULL while none is assigned.
ALTER TABLE "Deadline" ADD CONSTRAINT "Deadline_open_has_case_fields" CHECK (
  status NOT IN ('open', 'overdue')
  OR ("caseNumber" IS NOT NULL AND "caseUnit" IS NOT NULL AND "caseResponsibleUserId" IS NOT NULL AND "clientProtected" IS NOT NULL)
);
