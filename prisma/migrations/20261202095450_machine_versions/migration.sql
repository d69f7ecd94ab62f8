-- AlterTable
ALTER TABLE "Assessment" ADD COLUMN     "machineVersion" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "AssessmentEvent" ADD COLUMN     "machineVersion" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "machineVersion" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "CaseEvent" ADD COLUMN     "machineVersion" INTEGER NOT NULL DEFAULT 1;
