-- DropIndex
DROP INDEX "Deadline_status_dueDate_idx";

-- AlterTable
ALTER TABLE "Deadline" ADD COLUMN     "escalatedAt" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "Deadline_status_escalatedAt_dueDate_idx" ON "Deadline"("status", "escalatedAt", "dueDate");
