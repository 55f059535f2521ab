-- AlterTable
ALTER TABLE "CalendarOverride" ADD COLUMN "source" TEXT NOT NULL DEFAULT 'manual';

-- CreateTable
CREATE TABLE "CalendarYear" (
    "year" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "enteredById" TEXT,
    "enteredBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CalendarYear_pkey" PRIMARY KEY ("year")
);
