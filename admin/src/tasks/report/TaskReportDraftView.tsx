import { useMemo } from 'react';
import { Box } from '@mui/material';
import { checkForm, formOf, messagesByCell } from './reportModel';
import { ReportSections } from './ReportSections';

/** A saved draft of the report, read-only, with the domain's checks marking its cells (the phone's self-check). */
export const TaskReportDraftView = ({ draft }: { draft: unknown }) => {
  const form = useMemo(() => formOf(draft), [draft]);
  const state = useMemo(() => {
    const check = checkForm(form);
    return { errors: messagesByCell(check.errors), warnings: messagesByCell(check.warnings) };
  }, [form]);
  return <Box data-testid="report-view"><ReportSections form={form} editable={false} state={state} /></Box>;
};
