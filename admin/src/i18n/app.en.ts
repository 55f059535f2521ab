import { flowLabels, stageLabels } from '@domain/flows';
import type { appZhCN } from './app.zh-CN';

/** GovFlow's own labels in English (the second language); same keys as the Chinese. */
export const appEn: typeof appZhCN = {
  resources: {
    tasks: {
      name: 'Task |||| My tasks',
      fields: {
        title: 'Task', orgUnit: 'Unit', 'orgUnit.name': 'Unit', stageKey: 'Stage', status: 'Status', round: 'Round',
        startedAt: 'Started', deadlineAt: 'Deadline', completedAt: 'Completed', comment: 'Comment', workingDaysLeft: 'Working days left',
        flowKey: 'Flow', overdue: 'Overdue only', dueWithinDays: 'Due within', campaignId: 'Campaign id', q: 'Search', currentRung: 'Escalation rung', history: 'History', report: 'Annual report', instance: 'Progress of the flow', temporal: 'Flow history', pausedAt: 'Clock paused at',
        deadlineTime: 'Deadline time',
      },
    },
    escalations: {
      name: 'Escalation |||| Escalations',
      fields: {
        'task.title': 'Task', 'task.orgUnit.name': 'Unit', kind: 'Kind', rung: 'Rung', reason: 'Reason', createdAt: 'Listed at', decision: 'Decision',
        q: 'Search', pending: 'Awaiting decision only',
      },
    },
    stages: {
      name: 'Stage |||| Stages',
      fields: { flowKey: 'Flow', position: 'Order', key: 'Stage', assigneeRole: 'Post', workingDays: 'Deadline', ladder: 'Escalation ladder', nameEn: 'English name' },
    },
    'calendar-overrides': { name: 'Holiday calendar |||| Holiday calendar' },
    users: {
      name: 'Account |||| Accounts',
      fields: {
        login: 'Login', displayName: 'Name', 'orgUnit.name': 'Unit', orgUnitId: 'Unit', roles: 'Posts', active: 'Active', createdAt: 'Created',
        email: 'E-mail', password: 'Initial password', q: 'Search', role: 'Post',
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
    roles: { CLERK: 'Clerk', UNIT_HEAD: 'Unit head', SUPERVISOR: 'Supervisor', ADMIN: 'Administrator' },
    export: { xlsx: 'Export Excel' },
    temporal: { open_history: 'Open the flow history in Temporal' },
    instance: {
      round: 'Round %{round}', position_before: 'Approver before', position_after: 'Approver after',
      assigned: 'Assigned: %{who}, %{at}', completed: 'Completed: %{who}, %{at}',
      returned_from: 'Returned by %{by} from "%{stage}", reason: %{reason}', withdrawn_from: 'Withdrawn by %{by} from "%{stage}"',
      reminders: 'Reminded %{count} times, last %{at}',
    },
    report: {
      save: 'Save draft', submit: 'Submit self-check', saved: 'Draft saved, all checks pass', saved_with_problems: 'Draft saved, %{count} problems remain',
      fix_first: '%{count} problems remain: fix the cells marked red, then submit', submitted: 'Annual report submitted',
      problems: '%{count} problems (marked red)', incomplete: '%{count} cells or sections still empty', ready: 'All checks pass, ready to submit',
      refused: 'The server refused the report', errors_title: '%{count} problems', warnings_title: 'Please check (does not block submission)',
      submit_title: 'Submit the annual report', submit_content: 'The report goes to the unit head for sign-off. Submit it?',
      submit_with_warnings: 'The report has %{count} warnings: confirm you have checked them.',
      section_text: 'Text', section_note: 'Note (optional)', none: 'No annual report submitted yet',
      submitted_by: 'Submitted by %{who} at %{at} (round %{round})',
    },
    stage: {
      working_days: '%{days} working days', statutory: 'Statutory date (%{date} of the next year)', edit_title: 'Stage: %{flow} · %{stage}',
      deadline_days: 'Deadline (working days)', deadline_help: '1 to 120 working days, counted from the day after the stage starts',
      ladder: 'Escalation ladder', ladder_help: 'Working days relative to the deadline: negative before it, 0 on the day, positive after',
      rung_key: 'Rung', rung_offset: 'Working-day offset', rung_action: 'Action', rung_notify: 'Notify', add_rung: 'Add rung',
      notify: { assignees: 'Assignees', leaderInCharge: 'Leader in charge', supervisingOffice: 'Supervising office' },
      apply_running: 'Also apply to running steps (move their deadlines)',
      running_preview: '%{count} steps of this stage are running; if ticked, their deadlines are recomputed with the new settings.',
      saved: 'Stage saved; steps started from now on use it', saved_applied: 'Stage saved; %{moved} running steps moved (%{failed} could not be)',
    },
    calendar: {
      title: 'Holiday calendar', previous: 'Previous month', next: 'Next month', year: 'Year', month: 'Month', year_n: '%{year}', month_n: 'Month %{month}',
      weekday: { 0: 'Sun', 1: 'Mon', 2: 'Tue', 3: 'Wed', 4: 'Thu', 5: 'Fri', 6: 'Sat' },
      kinds: { workday: 'Working day', weekend: 'Weekend', holiday: 'Public holiday', 'makeup-workday': 'Make-up working day', 'override-holiday': 'Local holiday', 'override-workday': 'Local working day' },
      not_covered: 'The holiday data does not cover this year: Monday to Friday count as working days. Please check.',
      overrides: 'Local overrides', no_overrides: 'No overrides', add: 'Add an override', add_button: 'Add', date: 'Date', kind: 'Kind', name: 'Description',
      override_kind: { holiday: 'Day off', workday: 'Working day' },
      added: 'Override for %{date} added; %{moved} running steps moved (%{failed} could not be)', removed: 'Override for %{date} removed; %{moved} running steps moved (%{failed} could not be)',
      years: 'Years entered', year_entry: '%{year}: %{title} (%{days} days differ from the national data)', national_covers: 'National data now covers this year',
      uncovered: 'The holiday arrangement of %{years} is not published or entered yet: %{count} dates were counted with Monday to Friday as working days and may not match the real holidays: %{dates}. Enter the year\'s arrangement in the holiday calendar once it is published.',
      preview: {
        title: 'What this calendar change does to running steps',
        counts: '%{running} running steps: %{deadlines} deadlines move; %{rungs} keep their date (statutory or timetable) but their reminders are re-planned; %{past} are past their deadline and stay as they are.',
        already_national: '%{count} of the days are already in the national holiday data and are not stored again.',
        step: 'Step', deadline_kind: 'Deadline', before: 'Deadline now', after: 'New deadline', shift: 'Change',
        kinds: { 'working-days': 'Working days', 'fixed-due': 'Timetable date', statutory: 'Statutory date' },
        shift_days: '%{days} days', rungs_only: 'Same date, %{count} reminders moved', more: '%{count} more steps not listed',
        past: '%{count} steps are past their deadline and are not moved:',
        confirm: 'Confirm and apply to running steps',
      },
      year_form: {
        open: 'Enter a year\'s holiday arrangement', title: 'Enter a year\'s holiday arrangement',
        help: 'From the State Council\'s notice on the year\'s holidays, enter every holiday period and make-up working day, or upload a JSON file in the holiday package\'s format. Preview, then save: affected running deadlines move.',
        year: 'Year', notice_title: 'Notice', notice_placeholder: 'State Council notice on the %{year} holidays', upload: 'Upload JSON',
        upload_empty: 'The file has no holidays in %{year}.', upload_invalid: 'The file is not valid JSON.',
        periods: 'Holiday periods', holiday_name: 'Holiday', from: 'From', to: 'To', add_period: 'Add a holiday period', remove_period: 'Remove this period',
        makeups: 'Make-up working days', makeup_date: 'Working date', makeup_for: 'For holiday', add_makeup: 'Add a make-up working day', remove_makeup: 'Remove this day',
        preview: 'Preview', apply: 'Confirm and apply', applied: 'Holiday arrangement of %{year} entered; %{moved} running steps moved (%{failed} could not be)',
      },
    },
    users: {
      login_rule: '2-50 lower-case letters, digits, dots, hyphens or underscores', password_rule: 'At least 12 characters; the user changes it at the first sign-in',
      reset_password: 'Reset password', reset_title: 'Reset the password', reset_content: 'Set a new initial password. The user is signed out everywhere and must change it at the next sign-in.',
      new_password: 'New initial password', reset_done: 'Password reset',
    },
    escalations: {
      kinds: { SUPERVISE: 'Supervision', CANDIDATE_NOTICE: 'Public notice candidate' },
      decide: 'Decide', decide_title: 'Decide on a public notice candidate', decide_content: 'Public criticism is a supervisor\'s decision. Choose and give your reasons.',
      decision: 'Decision', comment: 'Reasons', decided: 'Decision recorded',
      decisions: { notice: 'Publicly criticise', dismiss: 'No notice' },
    },
    org: { expand: 'Expand %{name}', collapse: 'Collapse %{name}', users: 'Accounts', no_children: 'No units below' },
    auth: { session_expired: 'Your session has expired, please sign in again' },
    // Flow and stage names come from the flows' registry (domain/flows), never typed here.
    flows: flowLabels('en'),
    stages: stageLabels('en'),
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
      add_approver: 'Add approver', add_approver_title: 'Add an approver', add_approver_content: 'A colleague of your unit handles this task before you (they act first) or after you (once you have).',
      add_approver_position: 'Position', position_before: 'Before me', position_after: 'After me', add_approver_who: 'Approver', approver_added: 'Approver added',
      nobody: 'No other colleague of your unit to choose.',
      cc: 'Copy', cc_title: 'Copy the task', cc_content: 'Colleagues you copy are notified and may read the task, not act on it.', cc_to: 'Copy to', cc_done: 'Task copied',
      extend: 'Extend', extend_title: 'Extend the deadline', extend_content: 'The deadline moves by the working days given; the escalation ladder follows the new deadline. Statutory deadlines cannot move.',
      extend_days: 'Working days', extend_days_help: '1 to 60 working days', extend_reason: 'Reason', extended: 'Deadline extended',
      pause: 'Pause clock', pause_title: 'Pause the clock', pause_content: 'While paused no working days count; on resuming the deadline moves by the working days paused. Statutory deadlines cannot pause.',
      pause_reason: 'Reason', paused: 'Clock paused',
      resume: 'Resume clock', resume_title: 'Resume the clock', resume_content: 'Working days count again and the deadline moves by the working days paused. Resume?', resumed: 'Clock resumed',
      return_problems: 'Problems (one per line)', return_problems_help: '%{count} problems; the assignee sees each of them',
      publication_date: 'Publication date',
      withdraw_comment: 'Why (optional)',
    },
    return_reasons: { incomplete: 'Incomplete material', 'data-error': 'Wrong figures', 'non-compliant': 'Does not meet the rules', other: 'Other', withdrawn: 'Withdrawn by the submitter' },
    returned: {
      title: 'Returned by %{by} from "%{stage}": please handle it again', withdrawn_title: 'Withdrawn by %{by} from "%{stage}"',
      reason: 'Reason: %{reason}', comment: 'Comment: %{comment}',
      problems: 'Problems to fix (%{count}):',
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
