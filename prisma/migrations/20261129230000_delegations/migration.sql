-- AlterTable
ALTER TABLE "Task" ADD COLUMN     "delegatedFromId" UUID,
ADD COLUMN     "delegationId" UUID;

-- CreateTable
CREATE TABLE "Delegation" (
    "id" UUID NOT NULL,
    "delegatorId" UUID NOT NULL,
    "delegateId" UUID NOT NULL,
    "orgUnitId" UUID NOT NULL,
    "role" "Role" NOT NULL,
    "flowKey" TEXT,
    "startDate" TEXT NOT NULL,
    "endDate" TEXT NOT NULL,
    "reason" TEXT,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMP(3),
    "endedById" UUID,

    CONSTRAINT "Delegation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Delegation_delegatorId_endDate_idx" ON "Delegation"("delegatorId", "endDate");

-- CreateIndex
CREATE INDEX "Delegation_delegateId_idx" ON "Delegation"("delegateId");

-- CreateIndex
CREATE INDEX "Delegation_orgUnitId_role_idx" ON "Delegation"("orgUnitId", "role");
