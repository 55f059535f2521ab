import { useEffect, useMemo, useState } from 'react';
import { Alert, AlertTitle, Box, Typography } from '@mui/material';
import { useDataProvider, useTranslate } from 'react-admin';
import type { GovFlowDataProvider, SubmittedReport } from '../../providers/dataProvider';
import { CHINA_TIME } from '../taskFields';
import { checkForm, formOf, messagesByCell } from './reportModel';
import { ReportSections } from './ReportSections';
import { ReportRectification } from './ReportRectification';
import { ReportDuplication } from './ReportDuplication';

/**
 * The report as last submitted in the run, read-only: what the head signs and the district and the city
 * verify. The same checks run on it, so a reviewer sees any warning (R6) the clerk confirmed.
 */
export const TaskReportView = ({ taskId, stageKey }: { taskId: string; stageKey?: string }) => {
  const dataProvider = useDataProvider<GovFlowDataProvider>();
  const translate = useTranslate();
  const [data, setData] = useState<SubmittedReport>();
  useEffect(() => {
    let live = true;
    dataProvider.taskReport(taskId).then((r) => { if (live) setData(r); }, () => undefined);
    return () => { live = false; };
  }, [taskId, dataProvider]);
  const form = useMemo(() => (data?.report ? formOf(data.report) : undefined), [data]);
  const check = useMemo(() => (form ? checkForm(form, data?.previous) : undefined), [form, data]);
  if (!data) return null;
  if (!form || !check) return <Typography variant="body2" color="text.secondary">{translate('govflow.report.none')}</Typography>;
  // The server's checks of the submitted report (arithmetic and content, with the unit's 整改 items) when it
  // gives them; the console's own otherwise.
  const errors = data.checks?.errors ?? check.errors;
  const warnings = data.checks?.warnings ?? check.warnings;
  const state = { errors: messagesByCell(errors), warnings: messagesByCell(warnings) };
  const reviewing = stageKey === 'district-review' || stageKey === 'city-verification';
  return (
    <Box data-testid="report-view" sx={{ maxWidth: 1080 }}>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {translate('govflow.report.submitted_by', {
          who: data.submittedBy ?? '—', at: data.submittedAt ? new Date(data.submittedAt).toLocaleString('zh-CN', CHINA_TIME) : '—', round: data.round ?? 1,
        })}
      </Typography>
      {errors.length > 0 && (
        <Alert severity="error" sx={{ mb: 2 }} data-testid="report-view-errors">
          <AlertTitle>{translate('govflow.report.errors_title', { count: errors.length })}</AlertTitle>
          {errors.map((i, n) => <Typography key={n} variant="body2" sx={{ overflowWrap: 'anywhere' }}>{i.message}</Typography>)}
        </Alert>
      )}
      {warnings.length > 0 && (
        <Alert severity="warning" sx={{ mb: 2 }} data-testid="report-view-warnings">
          <AlertTitle>{translate('govflow.report.warnings_title')}</AlertTitle>
          {warnings.map((i, n) => <Typography key={n} variant="body2" sx={{ overflowWrap: 'anywhere' }}>{i.message}</Typography>)}
          {(data.confirmedWarnings?.length ?? 0) > 0 && <Typography variant="caption">{translate('govflow.report.warnings_confirmed', { count: data.confirmedWarnings!.length })}</Typography>}
        </Alert>
      )}
      {reviewing && <ReportDuplication taskId={taskId} />}
      {data.rectification && <ReportRectification items={data.rectification.items} answers={data.rectification.answers} />}
      <ReportSections form={form} editable={false} state={state} />
    </Box>
  );
};
