import NotificationsActiveIcon from '@mui/icons-material/NotificationsActive';
import { useDataProvider, useRecordContext } from 'react-admin';
import type { GovFlowDataProvider } from '../providers/dataProvider';
import { TaskActionDialogButton } from './TaskActionDialogButton';

/** 催办 one open task (supervisors); a second one within the hour is refused with the server's sentence. */
export const RemindTaskButton = (_props: { label?: string }) => {
  const record = useRecordContext<{ id: string; status: string }>();
  const dataProvider = useDataProvider<GovFlowDataProvider>();
  if (!record || record.status !== 'OPEN') return null;
  return (
    <span onClick={(e) => e.stopPropagation()}>
      <TaskActionDialogButton
        label="govflow.remind.action" icon={<NotificationsActiveIcon />} title="govflow.remind.title" content="govflow.remind.content"
        done="govflow.remind.done" submit={(requestId) => dataProvider.remindTask(record.id, { requestId })}
      />
    </span>
  );
};
