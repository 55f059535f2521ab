import { Box, Typography } from '@mui/material';
import { useGetOne, useRecordContext, useTranslate } from 'react-admin';
import type { TaskHistory } from '../providers/dataProvider';
import { CHINA_TIME } from './taskFields';

/**
 * What the step before this one sent: its stage, who completed it and when, and the comment. On a phone this
 * comes before anything else but the stage and the deadline: it is what a head or a reviewer decides on.
 */
export const TaskPreviousStep = (_props: { label?: string }) => {
  const record = useRecordContext<{ id: string; stageKey: string; completedAt: string | null }>();
  const translate = useTranslate();
  const { data: history } = useGetOne<TaskHistory & { id: string }>('task-history', { id: record?.id ?? '' }, { enabled: !!record });
  if (!record || !history) return null;
  const before = history.steps
    .filter((s) => s.id !== record.id && s.completedAt && (!record.completedAt || s.completedAt <= record.completedAt))
    .sort((a, b) => (a.completedAt! < b.completedAt! ? 1 : -1))[0];
  if (!before) {
    // A reviewing office sees the names of the stages that ran, not another unit's steps: say nothing then
    // (the report below says who submitted it); only a run's first step says it is the first.
    const first = history.stagesRun.every((s) => s === record.stageKey);
    return first ? <Typography variant="body2" color="text.secondary">{translate('govflow.phone.previous_step_none')}</Typography> : null;
  }
  return (
    <Box data-testid="previous-step">
      <Typography variant="body2">
        {translate('govflow.phone.previous_step_by', {
          stage: translate(`govflow.stages.${before.stageKey}`), who: before.completedBy ?? '—', at: new Date(before.completedAt!).toLocaleString('zh-CN', CHINA_TIME),
        })}
      </Typography>
      <Typography variant="body2" color={before.comment ? 'text.primary' : 'text.secondary'} sx={{ mt: 0.5, whiteSpace: 'pre-line', overflowWrap: 'anywhere' }}>
        {before.comment || translate('govflow.phone.no_comment')}
      </Typography>
    </Box>
  );
};
