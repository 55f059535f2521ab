import { Box, Chip, Paper, Stack, Typography } from '@mui/material';
import { useGetOne, useRecordContext, useTranslate } from 'react-admin';
import type { TaskHistory } from '../providers/dataProvider';
import { CHINA_TIME } from './taskFields';
import { RETURN_REASONS } from './taskFlows';

const time = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', CHINA_TIME) : '—');
const statusColor = (s: string) => (s === 'COMPLETED' ? 'success' : s === 'RETURNED' ? 'error' : s === 'OPEN' ? 'primary' : 'default');

/**
 * The whole run the task belongs to, step by step (GET /api/tasks/:id/history `steps`): each stage and its
 * round (a returned stage runs again), who it was assigned to and who completed it, when, the comment, why
 * it was returned (with the verifier's problem list) and the reminders it received.
 */
export const TaskInstanceTimeline = (_props: { label?: string }) => {
  const record = useRecordContext<{ id: string }>();
  const translate = useTranslate();
  const { data } = useGetOne<TaskHistory & { id: string }>('task-history', { id: record?.id ?? '' }, { enabled: !!record });
  const steps = data?.steps;
  if (!steps) return null;
  return (
    <Stack spacing={1} data-testid="instance-timeline" sx={{ maxWidth: 960 }}>
      {steps.map((s) => {
        const r = s.returnedWith;
        const outgoingReturn = s.events.find((e) => e.action === 'task.returned');
        const problems = (outgoingReturn?.after?.problems as string[] | undefined) ?? [];
        return (
          <Paper key={s.id} variant="outlined" sx={{ p: 1.5 }} data-testid="instance-step">
            <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
              <Typography variant="subtitle2">{translate(`govflow.stages.${s.stageKey}`)}</Typography>
              {s.round > 1 && <Chip size="small" variant="outlined" label={translate('govflow.instance.round', { round: s.round })} />}
              {s.position !== 'main' && <Chip size="small" variant="outlined" label={translate(`govflow.instance.position_${s.position === 'before' ? 'before' : 'after'}`)} />}
              {s.title && /（会签：([^）]+)）$/.test(s.title) && (
                <Chip size="small" variant="outlined" color="primary" label={translate('govflow.countersign.signer', { signer: /（会签：([^）]+)）$/.exec(s.title)![1] })} />
              )}
              <Chip size="small" color={statusColor(s.status)} label={translate(`govflow.status.${s.status}`)} />
              <Typography variant="body2" color="text.secondary">{s.orgUnit.name}</Typography>
              {s.delegatedFrom && <Chip size="small" color="secondary" variant="outlined" label={translate('govflow.delegation.on_behalf', { name: s.delegatedFrom })} />}
            </Box>
            <Typography variant="body2" sx={{ mt: 0.5 }}>
              {translate('govflow.instance.assigned', { who: s.assignee ?? translate(`govflow.roles.${s.assigneeRole}`), at: time(s.startedAt) })}
              {s.completedAt && `；${translate('govflow.instance.completed', { who: s.completedBy ?? translate('govflow.timeline.system'), at: time(s.completedAt) })}`}
            </Typography>
            {r?.fromStageKey && (
              <Typography variant="body2" color="warning.main" sx={{ overflowWrap: 'anywhere' }}>
                {translate(r.kind === 'withdrawn' ? 'govflow.instance.withdrawn_from' : 'govflow.instance.returned_from', {
                  stage: translate(`govflow.stages.${r.fromStageKey}`), by: r.byLogin ?? '',
                  reason: translate(`govflow.return_reasons.${RETURN_REASONS.includes(r.reasonCode ?? '') || r.reasonCode === 'withdrawn' ? r.reasonCode : 'other'}`),
                })}
              </Typography>
            )}
            {s.comment && <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>{translate('govflow.returned.comment', { comment: s.comment })}</Typography>}
            {problems.length > 0 && (
              <Box component="ol" sx={{ my: 0.5, pl: 3 }}>
                {problems.map((p, i) => <Typography component="li" variant="body2" key={i} sx={{ overflowWrap: 'anywhere' }}>{p}</Typography>)}
              </Box>
            )}
            {s.reminders.length > 0 && (
              <Typography variant="body2" color="warning.main">
                {translate('govflow.instance.reminders', { count: s.reminders.length, last: time(s.reminders[0].createdAt) })}
              </Typography>
            )}
          </Paper>
        );
      })}
    </Stack>
  );
};
