-- AlterTable
ALTER TABLE "AccessLog" ADD COLUMN     "clientRequestId" TEXT,
ALTER COLUMN "userId" DROP NOT NULL,
ALTER COLUMN "role" DROP NOT NULL;
