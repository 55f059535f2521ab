import type { appZhCN } from './app.zh-CN';

/** GovFlow's own labels in English (the second language); same keys as the Chinese. */
export const appEn: typeof appZhCN = {
  resources: {
    tasks: {
      name: 'Task |||| My tasks',
      fields: {
        title: 'Task', orgUnit: 'Unit', 'orgUnit.name': 'Unit', stageKey: 'Stage', status: 'Status', round: 'Round',
        startedAt: 'Started', deadlineAt: 'Deadline', completedAt: 'Completed', comment: 'Comment', workingDaysLeft: 'Working days left',
        flowKey: 'Flow', overdue: 'Overdue only', q: 'Search',
      },
    },
    'org-units': {
      name: 'Unit |||| Org units',
      fields: { code: 'Code', name: 'Name', shortName: 'Short name', kind: 'Kind', depth: 'Level', path: 'Path', q: 'Search' },
    },
  },
  govflow: {
    auth: { session_expired: 'Your session has expired, please sign in again' },
    flows: { 'annual-report': 'Annual disclosure report', 'website-closure': 'Website closure' },
    stages: {
      assign: 'Assignment', 'self-check': 'Self-check', 'sign-off': 'Head sign-off', 'district-review': 'District review',
      'city-verification': 'City verification', 'pre-release': 'Pre-release', publication: 'Publication',
      application: 'Application', approval: 'Approval', 'public-notice': 'Public notice', 'identifier-deregistration': 'Identifier deregistration',
      'filing-deregistration': 'Filing deregistration', 'domain-deregistration': 'Domain deregistration', 'follow-up': 'Follow-up check',
    },
    status: { OPEN: 'Open', COMPLETED: 'Completed', RETURNED: 'Returned', WITHDRAWN: 'Withdrawn', CANCELLED: 'Cancelled' },
    kinds: {
      CITY_GOVERNMENT: 'City government', GENERAL_OFFICE: 'General office', MUNICIPAL_DEPARTMENT: 'Municipal department', DISTRICT_GOVERNMENT: 'District government',
      DISTRICT_DEPARTMENT: 'District department', STREET: 'Street', TOWN: 'Town',
    },
    deadline: {
      none: 'No deadline', today: 'Due today', left: '%{days} working days left', overdue: '%{days} working days overdue',
    },
    actions: {
      complete: 'Complete', complete_title: 'Complete this task', complete_content: 'The flow moves to its next step. Complete the task?',
      comment: 'Comment (optional)', completed: 'Task completed',
    },
  },
};
