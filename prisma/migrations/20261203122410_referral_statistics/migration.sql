-- The statistics' read model (issue 16; src/statistics/read-model.ts, docs/statistics.md "The read model"): one row per
-- referral with the facts the follow-up counts, written by the statistics' read for the referrals it found stale.
-- A row is stale from the moment what its facts are made of changes: an event of the referral, one of its deadlines'
-- kind, due day, status (open and overdue count as one: the facts judge an open duty by the day of the read), closing
-- or escalation, an event of its client's bedömningsstöd. The triggers below mark it so in the transaction that makes
-- the change (so no writer can forget it): the facts are cleared and the generation raised. They are deferred to the
-- commit, so a transaction takes these rows' locks last, after every other lock it holds: marking a row mid-transaction
-- deadlocked a step with an assessment step of the same client, and with the scheduler's escalation.
-- A read stores the facts it computed only where the generation is still the one it read with them
-- (read-model.ts storeFacts), so a change committed meanwhile is never covered by facts from before it.
-- A referral with no row (the benchmark's seed loads without triggers) is read as generation 0 and never stored.
-- CreateTable
CREATE TABLE "ReferralStatistics" (
    "caseId" UUID NOT NULL,
    "generation" INTEGER NOT NULL DEFAULT 0,
    "definition" INTEGER,
    "facts" TEXT,

    CONSTRAINT "ReferralStatistics_pkey" PRIMARY KEY ("caseId")
);

-- Every referral has its row from the start, stale (its facts computed at its first read): a read then stores facts
-- by updating a row, passing over one a step holds, and never waits on a step (src/statistics/read-model.ts storeFacts).
-- Before the foreign key, which then checks them in one pass (not one lookup per row: 30 s at a million).
INSERT INTO "ReferralStatistics" ("caseId", "generation") SELECT "id", 1 FROM "Case";

-- AddForeignKey
ALTER TABLE "ReferralStatistics" ADD CONSTRAINT "ReferralStatistics_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- One referral's facts stale (an event appended, a deadline written). Not a referral gallring deleted in the same
-- transaction (its deadlines' deletion is marked at the commit, when the referral is gone).
CREATE FUNCTION "stegvis_referral_statistics_stale"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "ReferralStatistics" ("caseId", "generation")
    SELECT c."id", 1 FROM "Case" c WHERE c."id" = (CASE WHEN TG_OP = 'DELETE' THEN OLD."caseId" ELSE NEW."caseId" END)
    ON CONFLICT ("caseId") DO UPDATE SET "generation" = "ReferralStatistics"."generation" + 1, "definition" = NULL, "facts" = NULL;
  RETURN NULL;
END;
$$;

-- Every referral of the client whose bedömningsstöd changed (its track, and whether a decision followed a completed
-- initial part). In the referrals' order, so two transactions that mark the same referrals take them in one order.
CREATE FUNCTION "stegvis_client_statistics_stale"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "ReferralStatistics" ("caseId", "generation")
    SELECT c."id", 1 FROM "Case" c JOIN "Assessment" a ON a."clientId" = c."clientId" WHERE a."id" = NEW."assessmentId" ORDER BY c."id"
    ON CONFLICT ("caseId") DO UPDATE SET "generation" = "ReferralStatistics"."generation" + 1, "definition" = NULL, "facts" = NULL;
  RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER "CaseEvent_statistics_stale" AFTER INSERT ON "CaseEvent" DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION "stegvis_referral_statistics_stale"();
CREATE CONSTRAINT TRIGGER "Deadline_statistics_stale_insert" AFTER INSERT ON "Deadline" DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION "stegvis_referral_statistics_stale"();
CREATE CONSTRAINT TRIGGER "Deadline_statistics_stale_delete" AFTER DELETE ON "Deadline" DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION "stegvis_referral_statistics_stale"();
-- Only the columns the facts read (the scheduler's e-mail bookkeeping changes none of them; nor does marking a duty overdue).
CREATE CONSTRAINT TRIGGER "Deadline_statistics_stale_update" AFTER UPDATE ON "Deadline" DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW WHEN (
    OLD."kind" IS DISTINCT FROM NEW."kind" OR OLD."dueDate" IS DISTINCT FROM NEW."dueDate"
    OR (OLD."status" IS DISTINCT FROM NEW."status" AND NOT (OLD."status" IN ('open', 'overdue') AND NEW."status" IN ('open', 'overdue')))
    OR OLD."closedAt" IS DISTINCT FROM NEW."closedAt" OR OLD."escalatedAt" IS DISTINCT FROM NEW."escalatedAt"
  ) EXECUTE FUNCTION "stegvis_referral_statistics_stale"();
CREATE CONSTRAINT TRIGGER "AssessmentEvent_statistics_stale" AFTER INSERT ON "AssessmentEvent" DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION "stegvis_client_statistics_stale"();
