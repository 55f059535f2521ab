-- AlterEnum
ALTER TYPE "WebsiteStatus" ADD VALUE 'FLOW_ENDED';

-- AlterTable
ALTER TABLE "CampaignUnit" ADD COLUMN     "endedAt" TIMESTAMP(3),
ADD COLUMN     "endedReason" TEXT;

-- AlterTable
ALTER TABLE "Website" ADD COLUMN     "flowEndedReason" TEXT;
