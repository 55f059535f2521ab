import type { ReactNode } from 'react';
import { Box, Card, CardActionArea, CardActions, CardContent, LinearProgress, Stack, Typography } from '@mui/material';
import { Link } from 'react-router-dom';
import { RecordContextProvider, useCreatePath, useListContext, useTranslate } from 'react-admin';
import { TaskDeadlineBadge } from './TaskDeadlineBadge';

interface TaskCard { id: string; title: string; stageKey: string; round: number; orgUnit: { name: string } }

/**
 * A task list on a phone: one card per task, the title wrapped in full (a table column broke it one
 * character per line), the unit and stage under it and the working-days badge; a tap opens the task.
 * `actions` (催办, 延期) sit under the card's link, each in the card's record.
 */
export const TaskCardList = ({ actions }: { actions?: ReactNode }) => {
  const { data, isPending } = useListContext<TaskCard>();
  const createPath = useCreatePath();
  const translate = useTranslate();
  if (isPending) return <LinearProgress sx={{ m: 2 }} />;
  if (!data?.length) return <Typography variant="body2" sx={{ p: 2 }}>{translate('ra.navigation.no_results')}</Typography>;
  return (
    <Stack spacing={1} sx={{ p: 1 }} role="list" aria-label="task-cards">
      {data.map((r) => (
        <RecordContextProvider key={r.id} value={r}>
          <Card variant="outlined" role="listitem" data-testid="task-card">
            <CardActionArea component={Link} to={createPath({ resource: 'tasks', id: r.id, type: 'show' })}>
              <CardContent sx={{ py: 1.5, '&:last-child': { pb: 1.5 } }}>
                <Typography variant="subtitle1" component="div" sx={{ lineHeight: 1.4, overflowWrap: 'anywhere' }}>{r.title}</Typography>
                <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5, overflowWrap: 'anywhere' }}>
                  {r.orgUnit.name} · {translate(`govflow.stages.${r.stageKey}`)}{r.round > 1 ? ` · 第${r.round}轮` : ''}
                </Typography>
                <Box sx={{ mt: 1 }}><TaskDeadlineBadge /></Box>
              </CardContent>
            </CardActionArea>
            {actions && <CardActions sx={{ justifyContent: 'flex-end', flexWrap: 'wrap' }}>{actions}</CardActions>}
          </Card>
        </RecordContextProvider>
      ))}
    </Stack>
  );
};
