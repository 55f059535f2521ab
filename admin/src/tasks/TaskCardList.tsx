import type { ReactNode } from 'react';
import { useCreatePath, useTranslate } from 'react-admin';
import { RecordCards } from '../layout/RecordCards';
import { TaskDeadlineBadge } from './TaskDeadlineBadge';
import { TaskDelegatedField } from './TaskDelegatedField';

interface TaskCard { id: string; title: string; stageKey: string; round: number; orgUnit: { name: string } }

/**
 * A task list on a phone: one card per task, the title wrapped in full (a table column broke it one
 * character per line), the unit and stage under it and the working-days badge; a tap opens the task.
 * `actions` (催办, 延期) sit under the card's link, each in the card's record; `selectable` puts a checkbox on
 * each card for 批量审批.
 */
export const TaskCardList = ({ actions, selectable }: { actions?: ReactNode; selectable?: boolean }) => {
  const createPath = useCreatePath();
  const translate = useTranslate();
  return (
    <RecordCards<TaskCard & { id: string }> testId="task-card" label="task-cards" actions={actions} selectable={selectable}
      title={(r) => r.title}
      lines={(r) => [r.orgUnit.name, `${translate(`govflow.stages.${r.stageKey}`)}${r.round > 1 ? ` · 第${r.round}轮` : ''}`]}
      chips={() => <><TaskDeadlineBadge /><TaskDelegatedField /></>}
      link={(r) => createPath({ resource: 'tasks', id: r.id, type: 'show' })} />
  );
};
