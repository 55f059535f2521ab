-- AlterTable
ALTER TABLE "CampaignUnit" ADD COLUMN     "duplication" JSONB,
ADD COLUMN     "duplicationCheckedAt" TIMESTAMP(3),
ADD COLUMN     "duplicationPercent" DOUBLE PRECISION;

-- CreateIndex
CREATE INDEX "CampaignUnit_campaignId_duplicationPercent_idx" ON "CampaignUnit"("campaignId", "duplicationPercent");
