import { Typography } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { CHINA_TIME } from './taskFields';

/** The escalation ladder's current rung (T-2, T+0, T+3 ...) and when the next one fires. */
export const TaskRungField = (_props: { label?: string }) => {
  const record = useRecordContext<{ currentRung: string | null; nextRungAt: string | null }>();
  const translate = useTranslate();
  if (!record) return null;
  const rung = record.currentRung ? translate('govflow.rung.current', { rung: record.currentRung }) : translate('govflow.rung.none');
  const next = record.nextRungAt
    ? translate('govflow.rung.next', { at: new Date(record.nextRungAt).toLocaleString('zh-CN', CHINA_TIME) })
    : '';
  return <Typography variant="body2">{next ? `${rung}；${next}` : rung}</Typography>;
};
