import { useEffect, useMemo, useState } from 'react';
import { Alert, AlertTitle, Box, Typography } from '@mui/material';
import { useDataProvider, useTranslate } from 'react-admin';
import type { GovFlowDataProvider, SubmittedReport } from '../../providers/dataProvider';
import { CHINA_TIME } from '../taskFields';
import { checkForm, formOf, messagesByCell } from './reportModel';
import { ReportSections } from './ReportSections';

/**
 * The report as last submitted in the run, read-only: what the head signs and the district and the city
 * verify. The same checks run on it, so a reviewer sees any warning (R6) the clerk confirmed.
 */
export const TaskReportView = ({ taskId }: { taskId: string }) => {
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
  const state = { errors: messagesByCell(check.errors), warnings: messagesByCell(check.warnings) };
  return (
    <Box data-testid="report-view" sx={{ maxWidth: 1080 }}>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {translate('govflow.report.submitted_by', {
          who: data.submittedBy ?? '—', at: data.submittedAt ? new Date(data.submittedAt).toLocaleString('zh-CN', CHINA_TIME) : '—', round: data.round ?? 1,
        })}
      </Typography>
      {check.warnings.length > 0 && (
        <Alert severity="warning" sx={{ mb: 2 }}>
          <AlertTitle>{translate('govflow.report.warnings_title')}</AlertTitle>
          {check.warnings.map((i, n) => <Typography key={n} variant="body2">{i.message}</Typography>)}
        </Alert>
      )}
      <ReportSections form={form} editable={false} state={state} />
    </Box>
  );
};
