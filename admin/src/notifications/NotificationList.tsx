import { Button as MuiButton, Typography } from '@mui/material';
import DoneAllIcon from '@mui/icons-material/DoneAll';
import {
  Datagrid, DateField, FunctionField, List, NullableBooleanInput, TextField, TopToolbar, useDataProvider, useNotify,
  useNavigate, useRecordContext, useRefresh, useTranslate,
} from 'react-admin';
import type { GovFlowDataProvider } from '../providers/dataProvider';
import { RecordCards } from '../layout/RecordCards';
import { LabeledButton, ResponsivePagination, usePhone } from '../layout/responsive';
import { CHINA_TIME } from '../tasks/taskFields';

interface NotificationRow { id: string; kind: string; subject: string; body: string; createdAt: string; readAt: string | null; taskId: string | null }

const KINDS = ['assigned', 'reminder', 'urge', 'supervise', 'candidate-notice', 'manual-reminder', 'cc', 'completed', 'returned', 'withdrawn'];

const MarkAllReadButton = () => {
  const dataProvider = useDataProvider<GovFlowDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  return (
    <LabeledButton label="govflow.notifications.read_all" icon={<DoneAllIcon />} onClick={async () => {
      try {
        const { updated } = await dataProvider.markAllNotificationsRead();
        notify('govflow.notifications.read_all_done', { type: 'success', messageArgs: { count: updated } });
        refresh();
      } catch (err) {
        notify((err as Error).message, { type: 'error' });
      }
    }} />
  );
};

/** Opening a notification marks it read and, when it is about a task, goes to the task. */
const OpenNotificationButton = (_props: { label?: string }) => {
  const record = useRecordContext<{ id: string; taskId: string | null; readAt: string | null }>();
  const dataProvider = useDataProvider<GovFlowDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const navigate = useNavigate();
  const translate = useTranslate();
  if (!record) return null;
  const open = async () => {
    try {
      if (!record.readAt) await dataProvider.markNotificationRead(record.id);
      if (record.taskId) navigate(`/tasks/${record.taskId}/show`);
      else refresh();
    } catch (err) {
      notify((err as Error).message, { type: 'error' });
    }
  };
  if (!record.taskId && record.readAt) return null;
  return <MuiButton size="small" onClick={open}>{translate(record.taskId ? 'govflow.notifications.open_task' : 'govflow.notifications.mark_read')}</MuiButton>;
};

/** The signed-in user's in-app inbox (站内通知), newest first, unread in bold. */
export const NotificationList = () => {
  const translate = useTranslate();
  const kind = (r: { kind: string }) => translate(KINDS.includes(r.kind) ? `govflow.notifications.kinds.${r.kind}` : 'govflow.notifications.kinds.other');
  const phone = usePhone();
  return (
    <List sort={{ field: 'createdAt', order: 'DESC' }} perPage={25} filters={[<NullableBooleanInput key="unread" source="unread" alwaysOn />]}
      actions={<TopToolbar><MarkAllReadButton /></TopToolbar>} pagination={<ResponsivePagination />}>
      {phone ? (
        // On a phone a card per notification, unread ones in bold: subject, text, kind and time; 查看待办 under it.
        <RecordCards<NotificationRow> testId="notification-card" actions={<OpenNotificationButton />} emphasis={(r) => !r.readAt}
          title={(r) => r.subject}
          lines={(r) => [r.body]}
          chips={(r) => <Typography variant="caption" color="text.secondary">{kind(r)} · {new Date(r.createdAt).toLocaleString('zh-CN', CHINA_TIME)} · {translate(r.readAt ? 'govflow.notifications.read' : 'govflow.notifications.unread')}</Typography>} />
      ) : (
      <Datagrid bulkActionButtons={false} rowClick={false} rowSx={(r) => ({ '& .MuiTableCell-root, & .MuiTypography-root': { fontWeight: r.readAt ? 400 : 600 } })}>
        <FunctionField source="kind" sx={{ whiteSpace: 'nowrap' }} render={kind} />
        <TextField source="subject" />
        <TextField source="body" sx={{ overflowWrap: 'anywhere' }} />
        <DateField source="createdAt" sx={{ whiteSpace: 'nowrap' }} showTime locales="zh-CN" options={CHINA_TIME} />
        <FunctionField source="readAt" sx={{ whiteSpace: 'nowrap' }} render={(r: { readAt: string | null }) => translate(r.readAt ? 'govflow.notifications.read' : 'govflow.notifications.unread')} />
        <OpenNotificationButton />
      </Datagrid>
      )}
    </List>
  );
};
