-- CreateTable
CREATE TABLE "CalendarChange" (
    "id" UUID NOT NULL,
    "requestId" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'RUNNING',
    "summary" TEXT NOT NULL,
    "change" JSONB NOT NULL,
    "before" JSONB NOT NULL,
    "actorId" UUID,
    "actorLogin" TEXT,
    "total" INTEGER NOT NULL DEFAULT 0,
    "done" INTEGER NOT NULL DEFAULT 0,
    "moved" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "CalendarChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CalendarChangeStep" (
    "changeId" UUID NOT NULL,
    "taskId" UUID NOT NULL,
    "workflowId" TEXT NOT NULL,
    "stepKey" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "deadlineKind" TEXT,
    "deadlineBefore" TIMESTAMP(3),
    "deadlineAfter" TIMESTAMP(3),
    "rungsMoved" INTEGER NOT NULL DEFAULT 0,
    "reason" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CalendarChangeStep_pkey" PRIMARY KEY ("changeId","taskId")
);

-- CreateIndex
CREATE UNIQUE INDEX "CalendarChange_requestId_key" ON "CalendarChange"("requestId");

-- CreateIndex
CREATE UNIQUE INDEX "CalendarChange_workflowId_key" ON "CalendarChange"("workflowId");

-- CreateIndex
CREATE INDEX "CalendarChange_status_idx" ON "CalendarChange"("status");

-- CreateIndex
CREATE INDEX "CalendarChangeStep_changeId_status_idx" ON "CalendarChangeStep"("changeId", "status");

-- AddForeignKey
ALTER TABLE "CalendarChangeStep" ADD CONSTRAINT "CalendarChangeStep_changeId_fkey" FOREIGN KEY ("changeId") REFERENCES "CalendarChange"("id") ON DELETE CASCADE ON UPDATE CASCADE;
