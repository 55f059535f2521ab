import { useEffect, useState } from 'react';
import { Link } from '@mui/material';
import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import { Labeled, useDataProvider, usePermissions, useRecordContext, useTranslate } from 'react-admin';
import type { ConsoleConfig, GovFlowDataProvider } from '../providers/dataProvider';
import { isSupervisor } from './taskFields';

/** The flow's history in the Temporal Web UI (TEMPORAL_UI_URL, namespace from the API's config): for operators. */
export const temporalHistoryUrl = (cfg: ConsoleConfig, workflowId: string, runId?: string) =>
  cfg.temporalUi.url
    ? `${cfg.temporalUi.url.replace(/\/$/, '')}/namespaces/${encodeURIComponent(cfg.temporalUi.namespace)}/workflows/${encodeURIComponent(workflowId)}${runId ? `/${encodeURIComponent(runId)}` : ''}/history`
    : null;

export const TemporalHistoryLink = (_props: { label?: false }) => {
  const record = useRecordContext<{ workflowId: string; executionId: string }>();
  const { permissions } = usePermissions<string[]>();
  const dataProvider = useDataProvider<GovFlowDataProvider>();
  const translate = useTranslate();
  const [cfg, setCfg] = useState<ConsoleConfig>();
  useEffect(() => { dataProvider.config().then(setCfg, () => undefined); }, [dataProvider]);
  if (!record || !cfg || !isSupervisor(permissions)) return null;
  // The first run id names the run the task belongs to; the UI follows continue-as-new from there.
  const url = temporalHistoryUrl(cfg, record.workflowId, record.executionId);
  if (!url) return null;
  return (
    <Labeled label="resources.tasks.fields.temporal">
    <Link href={url} target="_blank" rel="noopener noreferrer" variant="body2" sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5, overflowWrap: 'anywhere' }}>
      {translate('govflow.temporal.open_history')} <OpenInNewIcon fontSize="inherit" />
    </Link>
    </Labeled>
  );
};
