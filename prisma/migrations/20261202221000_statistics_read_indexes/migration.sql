-- The statistics' read of a referral (src/statistics/statistics-service.ts readReferrals; docs/statistics.md "Cost")
-- from indexes alone, without visiting a history's rows one page each (issue 16: a unit's year at 1,000,000 referrals).
--
-- "statisticsFields": of the event types the statistics read (REFERRAL_EVENTS_READ in src/statistics/measures.ts),
-- the payload fields they read (REFERRAL_PAYLOAD_FIELDS_READ), '{}' for a type read without fields, NULL for any
-- other type. Computed by PostgreSQL from the row itself (a stored generated column), so it cannot differ from the
-- history; jsonb built from text, as jsonb_build_object is not immutable. Changing what the statistics read is a
-- migration that drops and adds this column again (test/db/statistics-read-indexes.test.ts holds it to those lists).
ALTER TABLE "CaseEvent" ADD COLUMN "statisticsFields" JSONB GENERATED ALWAYS AS (
  CASE
    WHEN "type" = 'DECISION_MADE' THEN ('{"decisionDate":' || coalesce(("payload"->'decisionDate')::text, 'null') || '}')::jsonb
    WHEN "type" = 'AF_PLAN_CHECKED' THEN ('{"afActivity":' || coalesce(("payload"->'afActivity')::text, 'null') || ',"plannedAfActivity":' || coalesce(("payload"->'plannedAfActivity')::text, 'null') || '}')::jsonb
    WHEN "type" = 'CLOSING_ANNOUNCED' THEN ('{"reason":' || coalesce(("payload"->'reason')::text, 'null') || ',"selfSufficient":' || coalesce(("payload"->'selfSufficient')::text, 'null') || '}')::jsonb
    WHEN "type" IN ('CASE_CREATED', 'DECISION_RENEWED', 'REFERRAL_WITHDRAWN', 'KC_CONSENT_DECLINED', 'UPPDRAG_SENT', 'INSKRIVNING_HELD', 'INSKRIVNING_MISSED', 'AVVIKELSE_REPORTED', 'INSKRIVNING_CANCELLED', 'UPPDRAG_WITHDRAWN', 'INSKRIVNING_CANCELLED_IN_GWA', 'CLOSING_WITHDRAWN', 'THREE_PARTY_MEETING_HELD', 'THREE_PARTY_MEETING_NOT_HELD', 'CLOSING_DOCUMENT_CREATED', 'INSATS_CLOSED', 'GWA_CLOSED') THEN '{}'::jsonb
  END
) STORED;

-- A referral's events the statistics read, in order, with their fields: an index-only scan per referral.
CREATE INDEX "CaseEvent_statistics_idx" ON "CaseEvent" ("caseId", "seq") INCLUDE ("type", "occurredAt", "statisticsFields") WHERE "statisticsFields" IS NOT NULL;

-- A referral's deadlines as the statistics read them.
CREATE INDEX "Deadline_statistics_idx" ON "Deadline" ("caseId") INCLUDE ("kind", "dueDate", "status", "closedAt", "escalatedAt");

-- Referrals ended before a window with a duty done early that falls due in it (done, never escalated).
CREATE INDEX "Deadline_done_early_idx" ON "Deadline" ("dueDate", "closedAt") INCLUDE ("caseId") WHERE "status" = 'done' AND "escalatedAt" IS NULL;
