import type { appZhCN } from './app.zh-CN';

/** GovFlow's own labels in English (the second language); same keys as the Chinese. */
export const appEn: typeof appZhCN = {
  resources: {
    tasks: {
      name: 'Task |||| My tasks',
      fields: {
        title: 'Task', orgUnit: 'Unit', 'orgUnit.name': 'Unit', stageKey: 'Stage', status: 'Status', round: 'Round',
        startedAt: 'Started', deadlineAt: 'Deadline', completedAt: 'Completed', comment: 'Comment', workingDaysLeft: 'Working days left',
        flowKey: 'Flow', overdue: 'Overdue only', q: 'Search', currentRung: 'Escalation rung', history: 'History', deadlineTime: 'Deadline time',
      },
    },
    'overdue-tasks': { name: 'Overdue task |||| Overdue tasks' },
    notifications: {
      name: 'Notification |||| Notifications',
      fields: { kind: 'Type', subject: 'Subject', body: 'Message', createdAt: 'Time', readAt: 'Status', unread: 'Unread' },
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
      return: 'Return', return_title: 'Return the task', return_content: 'The chosen stage is done again; its assignee sees your reason and comment.',
      return_to: 'Return to', return_reason: 'Reason', return_comment: 'Comment', returned: 'Task returned',
      transfer: 'Transfer', transfer_title: 'Transfer the task', transfer_content: 'The colleague you choose handles this task; you no longer can.', transfer_to: 'Transfer to', transfer_none: 'No other colleague in your unit holds this post.', transferred_done: 'Task transferred',
      claim: 'Claim', claim_title: 'Claim the task', claim_content: 'You will handle this task yourself; colleagues in your unit no longer can. Claim it?', claimed: 'Task claimed',
      withdraw: 'Withdraw', withdraw_title: 'Withdraw a submitted task', withdraw_content: 'Possible while the next stage has not been acted on; the stage comes back to you. Withdraw it?', withdrawn: 'Task withdrawn',
      withdraw_comment: 'Why (optional)',
    },
    return_reasons: { incomplete: 'Incomplete material', 'data-error': 'Wrong figures', 'non-compliant': 'Does not meet the rules', other: 'Other', withdrawn: 'Withdrawn by the submitter' },
    returned: {
      title: 'Returned by %{by} from "%{stage}": please handle it again', withdrawn_title: 'Withdrawn by %{by} from "%{stage}"',
      reason: 'Reason: %{reason}', comment: 'Comment: %{comment}',
    },
    rung: { current: 'Current rung %{rung}', none: 'Not yet reached', next: 'next rung %{at}' },
    events: {
      task: {
        opened: 'Opened', approver_added: 'Approver added', completed: 'Completed', returned: 'Returned', withdrawn: 'Withdrawn', cancelled: 'Cancelled',
        transferred: 'Transferred', claimed: 'Claimed', cc: 'Copied', reminded: 'Reminded', extended: 'Extended', paused: 'Clock paused', resumed: 'Clock resumed', rescheduled: 'Deadline adjusted',
      },
      escalation: { remind: 'Due reminder', urge: 'Overdue reminder', supervise: 'Put under supervision', 'candidate-notice': 'Candidate for public notice' },
      other: 'Other action',
    },
    timeline: { empty: 'No history yet', system: 'System' },
    remind: {
      action: 'Remind', title: 'Remind the assignees', content: 'The assignees get a reminder (once an hour per task at most). Send it?', done: 'Reminder sent',
    },
    bulk_remind: {
      action: 'Bulk remind', title: 'Remind overdue tasks', send: 'Send reminders',
      preview: '%{tasks} overdue tasks in %{units} units will be reminded.', skipped: '%{count} more were reminded within the hour and are skipped.',
      units: 'Units: %{units}', done: '%{count} tasks reminded',
    },
    overdue: { title: 'Overdue tasks' },
    notifications: {
      read_all: 'Mark all read', read_all_done: '%{count} notifications marked read', open_task: 'Open task', mark_read: 'Mark read',
      read: 'Read', unread: 'Unread', unread_count: '%{count} unread notifications',
      kinds: {
        assigned: 'New task', reminder: 'Due reminder', urge: 'Reminder', supervise: 'Supervision', 'candidate-notice': 'Public notice candidate', 'manual-reminder': 'Reminder',
        cc: 'Copy', completed: 'Completed', returned: 'Returned', withdrawn: 'Withdrawn', other: 'Other',
      },
    },
  },
};
