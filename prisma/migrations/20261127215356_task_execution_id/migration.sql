-- Tasks are keyed by the workflow's first run id, so a workflow id reused after its run closed starts
-- clean. No task rows exist before this migration in any database.
-- DropIndex
DROP INDEX "Task_workflowId_stepKey_key";

-- AlterTable
ALTER TABLE "Task" ADD COLUMN     "executionId" TEXT NOT NULL;

-- CreateIndex
CREATE INDEX "Task_workflowId_idx" ON "Task"("workflowId");

-- CreateIndex
CREATE UNIQUE INDEX "Task_executionId_stepKey_key" ON "Task"("executionId", "stepKey");
