-- DropIndex

-- CreateTable
CREATE TABLE "Campaign" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "flowKey" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "rootCodes" TEXT[],
    "schedule" JSONB NOT NULL,
    "publicationBaseUrl" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'LAUNCHING',
    "totalUnits" INTEGER NOT NULL DEFAULT 0,
    "startedUnits" INTEGER NOT NULL DEFAULT 0,
    "workflowId" TEXT NOT NULL,
    "createdById" UUID,
    "createdByLogin" TEXT,
    "launchedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "launchFinishedAt" TIMESTAMP(3),
    "publishedRounds" JSONB NOT NULL DEFAULT '{}',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignUnit" (
    "id" UUID NOT NULL,
    "campaignId" UUID NOT NULL,
    "orgUnitId" UUID NOT NULL,
    "publicationGroup" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'PENDING',
    "publishBy" TEXT NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "readyAt" TIMESTAMP(3),
    "publicationDate" TEXT,
    "publishedAt" TIMESTAMP(3),
    "publicationUrl" TEXT,
    "statutoryMissedAt" TIMESTAMP(3),
    "lateReason" TEXT,

    CONSTRAINT "CampaignUnit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Campaign_key_key" ON "Campaign"("key");

-- CreateIndex
CREATE UNIQUE INDEX "Campaign_workflowId_key" ON "Campaign"("workflowId");

-- CreateIndex
CREATE UNIQUE INDEX "CampaignUnit_workflowId_key" ON "CampaignUnit"("workflowId");

-- CreateIndex
CREATE INDEX "CampaignUnit_campaignId_state_idx" ON "CampaignUnit"("campaignId", "state");

-- CreateIndex
CREATE UNIQUE INDEX "CampaignUnit_campaignId_orgUnitId_key" ON "CampaignUnit"("campaignId", "orgUnitId");

-- CreateIndex

-- AddForeignKey
ALTER TABLE "CampaignUnit" ADD CONSTRAINT "CampaignUnit_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignUnit" ADD CONSTRAINT "CampaignUnit_orgUnitId_fkey" FOREIGN KEY ("orgUnitId") REFERENCES "OrgUnit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
