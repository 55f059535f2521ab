/**
 * Default stage definitions and escalation ladders. Administrators change them at run time in the
 * console; the seed only writes them when they do not exist yet, so a re-seed never undoes an edit.
 */
import { FLOW_LIST } from '../../domain/flows';

export interface LadderRung {
  key: string;
  /** working days relative to the deadline: negative before it, positive after it */
  offsetWorkingDays: number;
  action: 'remind' | 'urge' | 'supervise' | 'candidate-notice';
  notify: Array<'assignees' | 'leaderInCharge' | 'supervisingOffice'>;
}

/** docs/domain.md §5: T−5/T−2 reminders, T+0 催办 to assignee and 分管领导, T+3 督办, T+10 candidate 通报. */
export const DEFAULT_LADDER: LadderRung[] = [
  { key: 'T-5', offsetWorkingDays: -5, action: 'remind', notify: ['assignees'] },
  { key: 'T-2', offsetWorkingDays: -2, action: 'remind', notify: ['assignees'] },
  { key: 'T+0', offsetWorkingDays: 0, action: 'urge', notify: ['assignees', 'leaderInCharge'] },
  { key: 'T+3', offsetWorkingDays: 3, action: 'supervise', notify: ['supervisingOffice'] },
  { key: 'T+10', offsetWorkingDays: 10, action: 'candidate-notice', notify: ['supervisingOffice'] },
];

export interface StageSeed {
  key: string;
  name: string;
  nameEn: string;
  assigneeRole: 'CLERK' | 'UNIT_HEAD' | 'SUPERVISOR' | 'ADMIN';
  deadlineKind: 'WORKING_DAYS' | 'STATUTORY_DATE';
  workingDays?: number;
  statutoryDate?: string;
}

/** The flows and their stages as the registry (domain/flows) defines them, in the registry's order. */
export const FLOWS: Array<{ key: string; name: string; nameEn: string; stages: StageSeed[] }> = FLOW_LIST.map((flow) => ({
  key: flow.key,
  name: flow.name,
  nameEn: flow.nameEn,
  stages: flow.stages.map((s) => ({
    key: s.key, name: s.name, nameEn: s.nameEn, assigneeRole: s.assigneeRole, deadlineKind: s.deadlineKind,
    ...(s.workingDays !== undefined ? { workingDays: s.workingDays } : {}),
    ...(s.statutoryDate !== undefined ? { statutoryDate: s.statutoryDate } : {}),
  })),
}));
