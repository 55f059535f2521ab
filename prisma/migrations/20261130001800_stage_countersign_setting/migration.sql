-- AlterTable
ALTER TABLE "StageDefinition" ADD COLUMN     "countersign" JSONB;
