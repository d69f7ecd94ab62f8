-- AlterTable
ALTER TABLE "Assessment" ADD COLUMN     "pendingTransferUnit" TEXT;

-- AlterTable
ALTER TABLE "AssessmentEvent" ADD COLUMN     "actorUnit" TEXT;

-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "pendingTransferUnit" TEXT;

-- AlterTable
ALTER TABLE "CaseEvent" ADD COLUMN     "actorUnit" TEXT;

-- AlterTable
ALTER TABLE "IdempotencyRecord" DROP COLUMN "response",
ADD COLUMN     "version" INTEGER;

-- CreateIndex
CREATE INDEX "Assessment_pendingTransferUnit_idx" ON "Assessment"("pendingTransferUnit");

-- CreateIndex
CREATE INDEX "Case_kcConsultantId_updatedAt_number_idx" ON "Case"("kcConsultantId", "updatedAt" DESC, "number" DESC);

-- CreateIndex
CREATE INDEX "Case_pendingTransferUnit_idx" ON "Case"("pendingTransferUnit");
