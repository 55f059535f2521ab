/**
 * On a cluster whose namespace lacks GovFlow's search attributes (a fresh namespace on the real Temporal
 * server), the worker's start-up registers them, and a second start changes nothing.
 */
import { randomUUID } from 'node:crypto';
import Long from 'long';
import { Client, Connection } from '@temporalio/client';
import { createLogger } from '../../activities/infra/logger';
import { ensureSearchAttributes, GOVFLOW_SEARCH_ATTRIBUTES } from '../../activities/infra/searchAttributes';
import { applyTestEnv } from '../support/env';

let connection: Connection;

beforeAll(async () => {
  applyTestEnv();
  connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
});
afterAll(async () => connection?.close());

it('registers the campaign, unit and flow search attributes in a namespace that lacks them, once', async () => {
  const namespace = `sa-${randomUUID().slice(0, 8)}`;
  await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: { seconds: Long.fromNumber(86_400) } });
  const client = new Client({ connection, namespace });
  const before = await connection.operatorService.listSearchAttributes({ namespace });
  expect(Object.keys(before.customAttributes ?? {})).not.toContain('GovFlowCampaignId');

  const log = createLogger('silent', 'test');
  await ensureSearchAttributes(client, namespace, log);
  await ensureSearchAttributes(client, namespace, log);

  const after = await connection.operatorService.listSearchAttributes({ namespace });
  for (const name of GOVFLOW_SEARCH_ATTRIBUTES) expect(Object.keys(after.customAttributes ?? {})).toContain(name);
});
