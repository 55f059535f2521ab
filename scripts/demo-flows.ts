/**
 * Starts the demo's running flows: the 2025 annual report for the units the demo logins belong to and a
 * few more, so every inbox has something in it, and the 2026 campaign for the whole city (launched as the
 * administrator would, with the default timetable; the worker starts its units in the background).
 * Idempotent: a report or campaign already started is left alone.
 */
import { Client, Connection, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { loadConfig, exitOnConfigError } from '../activities/infra/config';
import { createPrisma } from '../activities/infra/prisma';
import { temporalConnectionOptions } from '../activities/infra/temporal';
import { annualReportWorkflow } from '../workflows/annualReport';
import { annualReportWorkflowId } from '../domain/step';
import { createLogger } from '../activities/infra/logger';
import type { CurrentUser } from '../server/context';
import { campaignKey, launchCampaign, previewCampaign } from '../server/services/campaignService';

const CAMPAIGN_YEAR = 2026;

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

  const campaign = await prisma.campaign.findUnique({ where: { key: campaignKey(CAMPAIGN_YEAR) } });
  if (campaign) {
    console.log(`demo campaign “${campaign.title}”: already launched (${campaign.startedUnits}/${campaign.totalUnits} units started)`);
  } else {
    const admin = await prisma.user.findUniqueOrThrow({ where: { login: 'admin' }, include: { orgUnit: true } });
    const user: CurrentUser = {
      id: admin.id, login: admin.login, displayName: admin.displayName, orgUnitId: admin.orgUnitId, orgUnitPath: admin.orgUnit.path,
      orgUnitName: admin.orgUnit.name, scopePath: '/BJ/', roles: admin.roles, mustChangePassword: false, sessionId: 'demo', csrfToken: 'demo',
    };
    const ctx = { config, prisma, temporal: client, logger: createLogger('silent', 'demo') };
    const preview = await previewCampaign(ctx, user, { year: CAMPAIGN_YEAR, townshipPublishBy: `${CAMPAIGN_YEAR + 1}-02-26` });
    const launched = await launchCampaign(ctx, user, { year: CAMPAIGN_YEAR, schedule: preview.schedule }, 'demo-flows');
    console.log(`demo campaign “${launched.title}”: launched for ${launched.totalUnits} units (the worker starts them in the background)`);
  }
  await prisma.$disconnect();
  await connection.close();
}

main().catch((err) => {
  exitOnConfigError(err);
  console.error(err);
  process.exit(1);
});
