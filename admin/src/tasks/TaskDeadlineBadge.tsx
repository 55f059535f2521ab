import { Chip, Typography } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';

/** Working days left as a coloured badge: red when overdue, amber within two working days. */
export const TaskDeadlineBadge = (_props: { label?: string; sortBy?: string }) => {
  const record = useRecordContext<{ status: string; deadlineAt: string | null; workingDaysLeft: number | null; calendarAssumed?: boolean }>();
  const translate = useTranslate();
  if (!record) return null;
  if (record.workingDaysLeft == null || record.status !== 'OPEN') {
    return <Typography component="span" variant="body2">{record.deadlineAt ? new Date(record.deadlineAt).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' }) : translate('govflow.deadline.none')}</Typography>;
  }
  const days = record.workingDaysLeft;
  const label = days < 0
    ? translate('govflow.deadline.overdue', { days: -days })
    : days === 0 ? translate('govflow.deadline.today') : translate('govflow.deadline.left', { days });
  const color = days < 0 ? 'error' : days <= 2 ? 'warning' : 'success';
  const chip = <Chip size="small" color={color} label={label} title={new Date(record.deadlineAt!).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })} />;
  if (!record.calendarAssumed) return chip;
  // The deadline's year has no published holiday arrangement yet: say that Monday–Friday was assumed.
  return <>{chip} <Chip size="small" variant="outlined" color="warning" data-testid="calendar-assumed" label={translate('govflow.deadline.assumed')} title={translate('govflow.deadline.assumed_help')} /></>;
};
