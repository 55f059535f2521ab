import { ANNUAL_REPORT } from '@domain/flows/annualReport';
import { Alert, LinearProgress } from '@mui/material';
import { Labeled, useRecordContext, useTranslate } from 'react-admin';
import { usePhone } from '../../layout/responsive';
import { useIsAssignee, type AssignableTask } from '../useIsAssignee';
import { TaskReportDraftView } from './TaskReportDraftView';
import { TaskReportEditor } from './TaskReportEditor';
import { TaskReportView } from './TaskReportView';

interface TaskRecord extends AssignableTask { id: string; flowKey: string; stageKey: string; status: string; position: string; payload?: { draft?: unknown } | null }

/** The stages of an annual report that work on the report: after 任务分派, every stage shows it. */
/** From 单位自查 on, every stage of the annual report works on the report (the registry's order). */
const REPORT_STAGES = new Set(ANNUAL_REPORT.stages.filter((s) => s.order >= ANNUAL_REPORT.stage('self-check').order).map((s) => s.key as string));

/**
 * The report on the task page: the form for the clerk on an open 单位自查, read-only everywhere else. Filling
 * 表二–表四 is a desktop job: on a phone the clerk reads the saved draft (or the report as last submitted) and a
 * note says where to fill it in.
 */
export const TaskReportPanel = (_props: { label?: false }) => {
  const record = useRecordContext<TaskRecord>();
  const mine = useIsAssignee(record);
  const phone = usePhone();
  const translate = useTranslate();
  if (!record || record.flowKey !== 'annual-report' || !REPORT_STAGES.has(record.stageKey)) return null;
  // Labeled here, not by the layout: tasks of other flows show no empty "report" heading.
  const editing = record.stageKey === 'self-check' && record.status === 'OPEN' && record.position === 'main' && mine;
  // Opened from the inbox, the page first shows the inbox's row, which leaves the form payload out (the list
  // does not carry drafts): the editor starts once the task itself is here, or it would start without the saved draft.
  if (editing && record.payload === undefined) {
    return <Labeled label="resources.tasks.fields.report" fullWidth><LinearProgress data-testid="report-loading" /></Labeled>;
  }
  return (
    <Labeled label="resources.tasks.fields.report" fullWidth>
      {editing && phone ? (
        <>
          <Alert severity="info" sx={{ mb: 2 }} data-testid="report-phone-note">{translate('govflow.phone.self_check_note')}</Alert>
          {record.payload?.draft ? <TaskReportDraftView draft={record.payload.draft} /> : <TaskReportView taskId={record.id} stageKey={record.stageKey} />}
        </>
      ) : editing ? <TaskReportEditor task={record} /> : <TaskReportView taskId={record.id} stageKey={record.stageKey} />}
    </Labeled>
  );
};

export const isReportForm = (r: { flowKey?: string; stageKey?: string } | undefined) => r?.flowKey === 'annual-report' && r?.stageKey === 'self-check';
