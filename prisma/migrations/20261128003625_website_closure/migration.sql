-- CreateEnum
CREATE TYPE "WebsiteStatus" AS ENUM ('RUNNING', 'RETENTION_REVIEW', 'RETAINED', 'CLOSURE_APPROVAL', 'NOTICE', 'DEREGISTERING', 'CLOSED', 'FOLLOWED_UP');

-- CreateEnum
CREATE TYPE "PlanDecision" AS ENUM ('INTEGRATE', 'CLOSE', 'KEEP');

-- CreateEnum
CREATE TYPE "PlanStatus" AS ENUM ('SUBMITTED', 'APPROVED', 'REJECTED');

-- CreateTable
CREATE TABLE "Website" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "siteCode" TEXT NOT NULL,
    "partyGovMark" TEXT,
    "icpNumber" TEXT,
    "psbNumber" TEXT,
    "ownerUnitId" UUID NOT NULL,
    "targetSiteId" UUID,
    "status" "WebsiteStatus" NOT NULL DEFAULT 'RUNNING',
    "workflowId" TEXT,
    "reviewDate" TEXT,
    "closedAt" TIMESTAMP(3),
    "importBatch" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Website_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsolidationPlan" (
    "id" UUID NOT NULL,
    "websiteId" UUID NOT NULL,
    "decision" "PlanDecision" NOT NULL,
    "targetSiteId" UUID,
    "plannedDate" TEXT NOT NULL,
    "justification" TEXT,
    "status" "PlanStatus" NOT NULL DEFAULT 'SUBMITTED',
    "rejectReason" TEXT,
    "submittedById" UUID NOT NULL,
    "submittedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedById" UUID,
    "decidedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ConsolidationPlan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebsiteEvidence" (
    "id" UUID NOT NULL,
    "websiteId" UUID NOT NULL,
    "fileName" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "uploadedById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebsiteEvidence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebsiteObjection" (
    "id" UUID NOT NULL,
    "websiteId" UUID NOT NULL,
    "workflowId" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "source" TEXT,
    "filedById" UUID NOT NULL,
    "requestId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebsiteObjection_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Website_domain_key" ON "Website"("domain");

-- CreateIndex
CREATE UNIQUE INDEX "Website_siteCode_key" ON "Website"("siteCode");

-- CreateIndex
CREATE INDEX "Website_ownerUnitId_status_idx" ON "Website"("ownerUnitId", "status");

-- CreateIndex
CREATE INDEX "Website_status_idx" ON "Website"("status");

-- CreateIndex
CREATE INDEX "Website_importBatch_idx" ON "Website"("importBatch");

-- CreateIndex
CREATE UNIQUE INDEX "ConsolidationPlan_websiteId_key" ON "ConsolidationPlan"("websiteId");

-- CreateIndex
CREATE INDEX "ConsolidationPlan_status_idx" ON "ConsolidationPlan"("status");

-- CreateIndex
CREATE INDEX "WebsiteEvidence_websiteId_idx" ON "WebsiteEvidence"("websiteId");

-- CreateIndex
CREATE UNIQUE INDEX "WebsiteObjection_requestId_key" ON "WebsiteObjection"("requestId");

-- CreateIndex
CREATE INDEX "WebsiteObjection_websiteId_idx" ON "WebsiteObjection"("websiteId");

-- CreateIndex

-- AddForeignKey
ALTER TABLE "Website" ADD CONSTRAINT "Website_ownerUnitId_fkey" FOREIGN KEY ("ownerUnitId") REFERENCES "OrgUnit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Website" ADD CONSTRAINT "Website_targetSiteId_fkey" FOREIGN KEY ("targetSiteId") REFERENCES "Website"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsolidationPlan" ADD CONSTRAINT "ConsolidationPlan_websiteId_fkey" FOREIGN KEY ("websiteId") REFERENCES "Website"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebsiteEvidence" ADD CONSTRAINT "WebsiteEvidence_websiteId_fkey" FOREIGN KEY ("websiteId") REFERENCES "Website"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebsiteObjection" ADD CONSTRAINT "WebsiteObjection_websiteId_fkey" FOREIGN KEY ("websiteId") REFERENCES "Website"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
