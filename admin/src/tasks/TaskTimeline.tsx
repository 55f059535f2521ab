import { Box, Chip, Stack, Typography } from '@mui/material';
import { useGetOne, useRecordContext, useTranslate } from 'react-admin';
import type { TaskHistory, TaskHistoryEvent } from '../providers/dataProvider';
import { CHINA_TIME } from './taskFields';

const KNOWN = new Set(['task.opened', 'task.approver_added', 'task.completed', 'task.returned', 'task.withdrawn', 'task.cancelled',
  'task.transferred', 'task.claimed', 'task.cc', 'task.reminded', 'task.extended', 'task.paused', 'task.resumed', 'task.rescheduled', 'task.delegated', 'task.batch_approved', 'task.draft_saved', 'task.draft_imported',
  'escalation.remind', 'escalation.urge', 'escalation.supervise', 'escalation.candidate-notice']);

const colorOf = (action: string) =>
  action.startsWith('escalation.') || action === 'task.reminded' ? 'warning' : action === 'task.returned' ? 'error' : action === 'task.completed' ? 'success' : 'default';

/** What an event says beyond its name: a comment, a reminder's or rung's message. */
const detailOf = (e: TaskHistoryEvent): string | undefined => {
  const after = e.after ?? {};
  return (after.message as string | undefined) ?? (after.comment as string | undefined) ?? (after.reason as string | undefined) ?? undefined;
};

/**
 * The task's history from GET /api/tasks/:id/history: every audited event (actions, 催办, ladder rungs),
 * oldest first, each with who did it and when (China time). Rungs fired by the flow are by the system.
 */
export const TaskTimeline = (_props: { label?: string }) => {
  const record = useRecordContext<{ id: string }>();
  const translate = useTranslate();
  // Through react-admin's cache (dataProvider getOne 'task-history'): the refresh after an action refetches it.
  const { data } = useGetOne<TaskHistory & { id: string }>('task-history', { id: record?.id ?? '' }, { enabled: !!record });
  if (!data) return null;
  if (data.events.length === 0) return <Typography variant="body2">{translate('govflow.timeline.empty')}</Typography>;
  return (
    <Stack spacing={1} data-testid="task-timeline">
      {data.events.map((e) => {
        const detail = detailOf(e);
        return (
          <Box key={e.id} sx={{ display: 'flex', gap: 1.5, alignItems: 'baseline', flexWrap: 'wrap' }}>
            <Typography variant="body2" color="text.secondary" sx={{ minWidth: 140 }}>
              {new Date(e.at).toLocaleString('zh-CN', CHINA_TIME)}
            </Typography>
            <Chip size="small" color={colorOf(e.action)} label={KNOWN.has(e.action) ? translate(`govflow.events.${e.action}`) : translate('govflow.events.other')} />
            <Typography variant="body2">{e.actorLogin ?? translate('govflow.timeline.system')}</Typography>
            {e.onBehalfOfName && <Chip size="small" color="secondary" variant="outlined" label={translate('govflow.delegation.on_behalf', { name: e.onBehalfOfName })} />}
            {detail && <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>{detail}</Typography>}
          </Box>
        );
      })}
    </Stack>
  );
};
