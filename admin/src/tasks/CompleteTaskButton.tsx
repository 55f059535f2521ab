import { useState } from 'react';
import { TextField as MuiTextField } from '@mui/material';
import CheckIcon from '@mui/icons-material/Check';
import { useDataProvider, useRecordContext, useTranslate } from 'react-admin';
import type { GovFlowDataProvider } from '../providers/dataProvider';
import { TaskActionDialogButton } from './TaskActionDialogButton';
import { useIsAssignee, type AssignableTask } from './useIsAssignee';

/** 办理完成 with an optional comment, after a confirmation. */
export const CompleteTaskButton = () => {
  const record = useRecordContext<AssignableTask & { id: string; status: string; flowKey: string; stageKey: string; position: string }>();
  const mine = useIsAssignee(record);
  const dataProvider = useDataProvider<GovFlowDataProvider>();
  const translate = useTranslate();
  const [comment, setComment] = useState('');
  const [publicationDate, setPublicationDate] = useState('');
  if (!record || !mine || record.status !== 'OPEN') return null;
  const main = record.position === 'main' && record.flowKey === 'annual-report';
  // 单位自查 is submitted from the report form itself (TaskReportEditor), with the report.
  if (main && record.stageKey === 'self-check') return null;
  // 预发布 fixes the publication date (today or later; the workflow checks it).
  const needsDate = main && record.stageKey === 'pre-release';
  return (
    <TaskActionDialogButton
      label="govflow.actions.complete" icon={<CheckIcon />} title="govflow.actions.complete_title"
      content="govflow.actions.complete_content" done="govflow.actions.completed" onOpen={() => { setComment(''); setPublicationDate(''); }}
      ready={!needsDate || /^\d{4}-\d{2}-\d{2}$/.test(publicationDate)}
      submit={(requestId) => dataProvider.taskAction(record.id, 'complete', { requestId, comment: comment || undefined, result: needsDate ? { publicationDate } : undefined })}
    >
      {needsDate && (
        <MuiTextField type="date" label={translate('govflow.actions.publication_date')} value={publicationDate} onChange={(e) => setPublicationDate(e.target.value)}
          fullWidth margin="normal" required slotProps={{ inputLabel: { shrink: true } }} />
      )}
      <MuiTextField label={translate('govflow.actions.comment')} value={comment} onChange={(e) => setComment(e.target.value)}
        fullWidth multiline minRows={3} margin="normal" slotProps={{ htmlInput: { maxLength: 2000 } }} />
    </TaskActionDialogButton>
  );
};
