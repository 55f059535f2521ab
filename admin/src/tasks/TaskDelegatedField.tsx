import { Chip } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';

/** 委托: "代 刘洋 办理" on a task a delegation gave its holder (the inbox and the task's page). */
export const TaskDelegatedField = (_props: { label?: string; sortable?: boolean }) => {
  const r = useRecordContext<{ delegatedFromName?: string | null }>();
  const t = useTranslate();
  if (!r?.delegatedFromName) return null;
  return <Chip size="small" color="secondary" variant="outlined" label={t('govflow.delegation.on_behalf', { name: r.delegatedFromName })} />;
};
