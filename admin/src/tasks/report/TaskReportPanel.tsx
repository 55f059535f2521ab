import { ANNUAL_REPORT } from '@domain/flows/annualReport';
import { Labeled, useRecordContext } from 'react-admin';
import { useIsAssignee, type AssignableTask } from '../useIsAssignee';
import { TaskReportEditor } from './TaskReportEditor';
import { TaskReportView } from './TaskReportView';

interface TaskRecord extends AssignableTask { id: string; flowKey: string; stageKey: string; status: string; position: string; payload?: { draft?: unknown } | null }

/** The stages of an annual report that work on the report: after 任务分派, every stage shows it. */
/** From 单位自查 on, every stage of the annual report works on the report (the registry's order). */
const REPORT_STAGES = new Set(ANNUAL_REPORT.stages.filter((s) => s.order >= ANNUAL_REPORT.stage('self-check').order).map((s) => s.key as string));

/** The report on the task page: the form for the clerk on an open 单位自查, read-only everywhere else. */
export const TaskReportPanel = (_props: { label?: false }) => {
  const record = useRecordContext<TaskRecord>();
  const mine = useIsAssignee(record);
  if (!record || record.flowKey !== 'annual-report' || !REPORT_STAGES.has(record.stageKey)) return null;
  // Labeled here, not by the layout: tasks of other flows show no empty "report" heading.
  const editing = record.stageKey === 'self-check' && record.status === 'OPEN' && record.position === 'main' && mine;
  return (
    <Labeled label="resources.tasks.fields.report" fullWidth>
      {editing ? <TaskReportEditor task={record} /> : <TaskReportView taskId={record.id} stageKey={record.stageKey} />}
    </Labeled>
  );
};

export const isReportForm = (r: { flowKey?: string; stageKey?: string } | undefined) => r?.flowKey === 'annual-report' && r?.stageKey === 'self-check';
