-- CreateTable
CREATE TABLE "TaskCount" (
    "orgUnitId" UUID NOT NULL,
    "status" "TaskStatus" NOT NULL,
    "n" INTEGER NOT NULL,

    CONSTRAINT "TaskCount_pkey" PRIMARY KEY ("orgUnitId","status")
);

-- The tasks of each unit in each status, kept in the transaction that writes a task: an inbox's total over
-- the whole city sums about a thousand rows here instead of counting every open task (tens of thousands).
-- An UPDATE that changes neither the status nor the unit touches nothing (the WHEN clause), so the steps'
-- other writes to a task take no lock here.
CREATE FUNCTION govflow_task_count() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE "TaskCount" SET "n" = "n" - 1 WHERE "orgUnitId" = OLD."orgUnitId" AND "status" = OLD."status";
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO "TaskCount" ("orgUnitId", "status", "n") VALUES (NEW."orgUnitId", NEW."status", 1)
      ON CONFLICT ("orgUnitId", "status") DO UPDATE SET "n" = "TaskCount"."n" + 1;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION govflow_task_count_truncate() RETURNS trigger AS $$
BEGIN
  DELETE FROM "TaskCount";
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "Task_count_insert_delete"
  AFTER INSERT OR DELETE ON "Task"
  FOR EACH ROW EXECUTE FUNCTION govflow_task_count();

CREATE TRIGGER "Task_count_update"
  AFTER UPDATE OF "status", "orgUnitId" ON "Task"
  FOR EACH ROW WHEN (OLD."status" IS DISTINCT FROM NEW."status" OR OLD."orgUnitId" IS DISTINCT FROM NEW."orgUnitId")
  EXECUTE FUNCTION govflow_task_count();

CREATE TRIGGER "Task_count_truncate"
  AFTER TRUNCATE ON "Task"
  FOR EACH STATEMENT EXECUTE FUNCTION govflow_task_count_truncate();

-- The tasks already stored.
INSERT INTO "TaskCount" ("orgUnitId", "status", "n")
  SELECT "orgUnitId", "status", count(*)::int FROM "Task" GROUP BY "orgUnitId", "status";
