import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { Logger } from './logger';

/** The custom search attributes GovFlow tags workflows with (campaign, unit, flow): Keyword each. */
export const GOVFLOW_SEARCH_ATTRIBUTES = ['GovFlowCampaignId', 'GovFlowUnitCode', 'GovFlowFlow'] as const;

/**
 * Registers GovFlow's search attributes in the namespace when they are missing, so a campaign can tag its
 * units on any cluster (the dev servers of scripts/services.sh register them at start). Where the worker
 * may not change the namespace (a managed cluster), it says which ones an operator must add.
 */
export async function ensureSearchAttributes(client: Client, namespace: string, log: Logger): Promise<void> {
  const have = await client.connection.operatorService.listSearchAttributes({ namespace });
  const missing = GOVFLOW_SEARCH_ATTRIBUTES.filter((name) => !(name in (have.customAttributes ?? {})));
  if (missing.length === 0) return;
  try {
    await client.connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((name) => [name, temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD])),
    });
    log.info({ namespace, added: missing }, 'registered search attributes');
  } catch (err) {
    log.warn({ err, namespace, missing }, `search attributes missing and could not be added; ask an operator to run: ${missing.map((n) => `temporal operator search-attribute create --namespace ${namespace} --name ${n} --type Keyword`).join(' && ')}`);
  }
}
