-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "deliveringUntil" TIMESTAMP(3);
