/**
 * Every table that holds records about one client, in the order gallring deletes them (children before
 * their parents, the client last). Each entry selects the person's rows with the client's id as $1.
 * Counting (dry run) and deleting use the same selection, so what a dry run lists is what a run deletes.
 *
 * A new table with a path to the client is one line here (test/db/gallring.test.ts fails until it is):
 * e.g. the client's own history, `{ table: 'ClientEvent', rowsOf: `"clientId" = $1::uuid` }`, just before `Client`.
 * The access log is not here: it has its own period (accessLogRetentionMonths), whoever it is about.
 */

export interface PersonRecords {
  /** The table's name exactly as in prisma/schema.prisma (a quoted identifier in SQL). */
  table: string;
  /** A condition on the table's rows with the client id as $1 (a uuid). */
  rowsOf: string;
}

const CASES = `SELECT "id" FROM "Case" WHERE "clientId" = $1::uuid`;
const ASSESSMENT = `SELECT "id" FROM "Assessment" WHERE "clientId" = $1::uuid`;
/** An uppdragsbeskrivning belongs to the assessment and to the referral it was written for. */
const DOCUMENTS = `SELECT "id" FROM "AssessmentDocument" WHERE "assessmentId" IN (${ASSESSMENT}) OR "caseId" IN (${CASES})`;

export const PERSON_RECORDS = [
  { table: 'Notification', rowsOf: `"caseId" IN (${CASES})` },
  { table: 'Deadline', rowsOf: `"caseId" IN (${CASES})` },
  { table: 'IdempotencyRecord', rowsOf: `"caseId" IN (${CASES}) OR "assessmentId" IN (${ASSESSMENT})` },
  // The outbox (dev mode's e-mails, no foreign key) names a case only by the link in each message.
  { table: 'OutboxMessage', rowsOf: `EXISTS (SELECT 1 FROM "Case" k WHERE k."clientId" = $1::uuid AND "OutboxMessage"."text" LIKE '%/arenden/' || k."id"::text || '%')` },
  { table: 'AssessmentDocumentVersion', rowsOf: `"documentId" IN (${DOCUMENTS})` },
  { table: 'AssessmentDocument', rowsOf: `"id" IN (${DOCUMENTS})` },
  { table: 'Questionnaire', rowsOf: `"assessmentId" IN (${ASSESSMENT})` },
  { table: 'AssessmentEvent', rowsOf: `"assessmentId" IN (${ASSESSMENT})` },
  { table: 'Assessment', rowsOf: `"clientId" = $1::uuid` },
  // After the deadlines and the assessment's events, whose deletion marks it stale (a trigger writes it again).
  { table: 'ReferralStatistics', rowsOf: `"caseId" IN (${CASES})` },
  { table: 'CaseEvent', rowsOf: `"caseId" IN (${CASES})` },
  { table: 'Case', rowsOf: `"clientId" = $1::uuid` },
  { table: 'ClientEvent', rowsOf: `"clientId" = $1::uuid` },
  { table: 'Client', rowsOf: `"id" = $1::uuid` },
] as const satisfies readonly PersonRecords[];

export type PersonTable = (typeof PERSON_RECORDS)[number]['table'];
