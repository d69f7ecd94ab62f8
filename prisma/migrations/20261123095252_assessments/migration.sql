-- CreateEnum
CREATE TYPE "QuestionnaireStatus" AS ENUM ('pagaende', 'klar', 'avbrutet');

-- DropForeignKey
ALTER TABLE "IdempotencyRecord" DROP CONSTRAINT "IdempotencyRecord_caseId_fkey";

-- AlterTable
ALTER TABLE "AccessLog" ADD COLUMN     "clientIds" UUID[] DEFAULT ARRAY[]::UUID[];

-- AlterTable
ALTER TABLE "IdempotencyRecord" ADD COLUMN     "assessmentId" UUID,
ALTER COLUMN "caseId" DROP NOT NULL;

-- CreateTable
CREATE TABLE "Assessment" (
    "id" UUID NOT NULL,
    "clientId" UUID NOT NULL,
    "responsibleUserId" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "snapshot" JSONB NOT NULL,
    "version" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Assessment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AssessmentEvent" (
    "id" BIGSERIAL NOT NULL,
    "assessmentId" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "actorId" TEXT NOT NULL,
    "actorRole" "Role" NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AssessmentEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QuestionnaireTemplate" (
    "key" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "definition" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QuestionnaireTemplate_pkey" PRIMARY KEY ("key","version")
);

-- CreateTable
CREATE TABLE "Questionnaire" (
    "id" UUID NOT NULL,
    "assessmentId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "templateKey" TEXT NOT NULL,
    "templateVersion" INTEGER NOT NULL,
    "cycle" INTEGER NOT NULL,
    "householdRole" TEXT,
    "status" "QuestionnaireStatus" NOT NULL DEFAULT 'pagaende',
    "answers" JSONB NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "completedAt" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Questionnaire_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AssessmentDocument" (
    "id" UUID NOT NULL,
    "assessmentId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "caseId" UUID,
    "importedFromId" UUID,
    "currentVersion" INTEGER NOT NULL,
    "sentAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AssessmentDocument_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AssessmentDocumentVersion" (
    "id" BIGSERIAL NOT NULL,
    "documentId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "content" JSONB NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AssessmentDocumentVersion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Assessment_clientId_key" ON "Assessment"("clientId");

-- CreateIndex
CREATE INDEX "Assessment_responsibleUserId_idx" ON "Assessment"("responsibleUserId");

-- CreateIndex
CREATE INDEX "Assessment_unit_idx" ON "Assessment"("unit");

-- CreateIndex
CREATE UNIQUE INDEX "AssessmentEvent_assessmentId_seq_key" ON "AssessmentEvent"("assessmentId", "seq");

-- CreateIndex
CREATE INDEX "Questionnaire_assessmentId_kind_status_idx" ON "Questionnaire"("assessmentId", "kind", "status");

-- CreateIndex
CREATE INDEX "AssessmentDocument_assessmentId_kind_idx" ON "AssessmentDocument"("assessmentId", "kind");

-- CreateIndex
CREATE INDEX "AssessmentDocument_caseId_idx" ON "AssessmentDocument"("caseId");

-- CreateIndex
CREATE UNIQUE INDEX "AssessmentDocumentVersion_documentId_version_key" ON "AssessmentDocumentVersion"("documentId", "version");

-- AddForeignKey
ALTER TABLE "IdempotencyRecord" ADD CONSTRAINT "IdempotencyRecord_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IdempotencyRecord" ADD CONSTRAINT "IdempotencyRecord_assessmentId_fkey" FOREIGN KEY ("assessmentId") REFERENCES "Assessment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assessment" ADD CONSTRAINT "Assessment_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assessment" ADD CONSTRAINT "Assessment_responsibleUserId_fkey" FOREIGN KEY ("responsibleUserId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AssessmentEvent" ADD CONSTRAINT "AssessmentEvent_assessmentId_fkey" FOREIGN KEY ("assessmentId") REFERENCES "Assessment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AssessmentEvent" ADD CONSTRAINT "AssessmentEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Questionnaire" ADD CONSTRAINT "Questionnaire_assessmentId_fkey" FOREIGN KEY ("assessmentId") REFERENCES "Assessment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Questionnaire" ADD CONSTRAINT "Questionnaire_templateKey_templateVersion_fkey" FOREIGN KEY ("templateKey", "templateVersion") REFERENCES "QuestionnaireTemplate"("key", "version") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AssessmentDocument" ADD CONSTRAINT "AssessmentDocument_assessmentId_fkey" FOREIGN KEY ("assessmentId") REFERENCES "Assessment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AssessmentDocument" ADD CONSTRAINT "AssessmentDocument_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AssessmentDocumentVersion" ADD CONSTRAINT "AssessmentDocumentVersion_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "AssessmentDocument"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: the assessment history and document versions are append-only, like the case history.
CREATE TRIGGER "AssessmentEvent_append_only" BEFORE UPDATE OR DELETE ON "AssessmentEvent"
  FOR EACH ROW EXECUTE FUNCTION "stegvis_refuse_change"();
CREATE TRIGGER "AssessmentEvent_no_truncate" BEFORE TRUNCATE ON "AssessmentEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION "stegvis_refuse_change"();
CREATE TRIGGER "AssessmentDocumentVersion_append_only" BEFORE UPDATE OR DELETE ON "AssessmentDocumentVersion"
  FOR EACH ROW EXECUTE FUNCTION "stegvis_refuse_change"();
CREATE TRIGGER "AssessmentDocumentVersion_no_truncate" BEFORE TRUNCATE ON "AssessmentDocumentVersion"
  FOR EACH STATEMENT EXECUTE FUNCTION "stegvis_refuse_change"();
-- A stored questionnaire definition never changes: answered questionnaires keep their questions.
CREATE TRIGGER "QuestionnaireTemplate_append_only" BEFORE UPDATE OR DELETE ON "QuestionnaireTemplate"
  FOR EACH ROW EXECUTE FUNCTION "stegvis_refuse_change"();
