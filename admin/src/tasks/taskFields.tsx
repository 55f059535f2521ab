import { FunctionField, useTranslate, type TranslateFunction } from 'react-admin';
import { STAGE_FILTER } from './taskFlows';

/** Deadlines are China dates: show every time in China time, whatever the browser's zone. */
export const CHINA_TIME: Intl.DateTimeFormatOptions = { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' };

const STATUSES = ['OPEN', 'COMPLETED', 'RETURNED', 'WITHDRAWN', 'CANCELLED'];

export const stageChoices = (t: TranslateFunction) => STAGE_FILTER.map((id) => ({ id, name: t(`govflow.stages.${id}`) }));
export const statusChoices = (t: TranslateFunction) => STATUSES.map((id) => ({ id, name: t(`govflow.status.${id}`) }));

export const TaskStageField = (props: { source: string; label?: string }) => {
  const t = useTranslate();
  return <FunctionField {...props} render={(r: { stageKey: string; round: number }) => `${t(`govflow.stages.${r.stageKey}`)}${r.round > 1 ? ` · 第${r.round}轮` : ''}`} />;
};

export const TaskStatusField = (props: { source: string; label?: string }) => {
  const t = useTranslate();
  return <FunctionField {...props} render={(r: { status: string }) => t(`govflow.status.${r.status}`)} />;
};

/** 督办 screens (逾期, 催办) are for supervisors and administrators (the API checks again). */
export const isSupervisor = (roles: unknown) => Array.isArray(roles) && (roles.includes('SUPERVISOR') || roles.includes('ADMIN'));
