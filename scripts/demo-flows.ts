/**
 * Starts the demo's running flows: the 2025 annual report for the units the demo logins belong to and a
 * few more, so every inbox has something in it. Idempotent: a report already started is left alone.
 */
import { Client, Connection, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { loadConfig, exitOnConfigError } from '../activities/infra/config';
import { createPrisma } from '../activities/infra/prisma';
import { temporalConnectionOptions } from '../activities/infra/temporal';
import { annualReportWorkflow } from '../workflows/annualReport';
import { annualReportWorkflowId } from '../server/services/annualReportService';

const YEAR = 2025;
const UNITS = ['BJ-D001', 'BJ-D002', 'BJ-D003', 'BJ-D004', 'BJ-D005', 'BJ-Q01-S01', 'BJ-Q01-S02', 'BJ-Q01-S03', 'BJ-Q01-D01', 'BJ-Q02-S01', 'BJ-Q05-S01', 'BJ-Q16-S01'];

async function main() {
  const config = loadConfig();
  const prisma = createPrisma(config.DATABASE_URL, 2);
  const connection = await Connection.connect(temporalConnectionOptions(config));
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  let started = 0;
  for (const code of UNITS) {
    const unit = await prisma.orgUnit.findUnique({ where: { code } });
    if (!unit) continue;
    try {
      await client.workflow.start(annualReportWorkflow, {
        workflowId: annualReportWorkflowId(YEAR, code), taskQueue: config.TEMPORAL_TASK_QUEUE,
        args: [{ orgUnitId: unit.id, unitName: unit.name, year: YEAR }],
      });
      started++;
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }
  console.log(`demo flows: ${started} annual reports started, ${UNITS.length - started} already running`);
  await prisma.$disconnect();
  await connection.close();
}

main().catch((err) => {
  exitOnConfigError(err);
  console.error(err);
  process.exit(1);
});
