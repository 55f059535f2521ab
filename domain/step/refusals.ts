/**
 * Every refusal a flow raises (`rejectAction(code, message)` in an update validator or a flow's form
 * check), with the HTTP status the API answers it with. The workflow writes the Chinese sentence; this
 * catalogue says what kind of "no" it is. A leaf: it imports nothing of GovFlow's.
 *
 * Three kinds, three statuses:
 * - `conflict` 409: the request was fine, the step's state forbids it now (already done, not paused, not in
 *   the notice period, waiting for an added approver). Refreshing the page shows why; the same request may
 *   succeed later or never, but not by changing what was sent.
 * - `forbidden` 403: the caller may see the task but lacks the right to this action (not the assignee, not
 *   a supervisor, not the one who submitted).
 * - `invalid` 400: what was sent is wrong, whether a field's shape or a flow's form rule (an annual report
 *   that fails R1–R4, missing deregistration evidence). 400 and not 422: the API already answers every
 *   field-level mistake with 400 (`VALIDATION_FAILED`), clients branch on the stable `code`, and one status
 *   for "fix what you sent and send it again" keeps the console's handling to one branch.
 *
 * `test/unit/errorCatalogue.test.ts` scans the source and fails when a raised code is missing here.
 */

export type RefusalKind = 'invalid' | 'forbidden' | 'conflict';

export const REFUSAL_STATUS: Record<RefusalKind, 400 | 403 | 409> = { invalid: 400, forbidden: 403, conflict: 409 };

interface Refusal { kind: RefusalKind; meaning: string }

export const REFUSALS = {
  // The step: any action
  INVALID_ACTION: { kind: 'invalid', meaning: 'the update carried no input object' },
  INVALID_REQUEST_ID: { kind: 'invalid', meaning: 'the request id is not 8 to 100 letters, digits, "-" or "_"' },
  TASK_NOT_OPEN: { kind: 'conflict', meaning: 'the task is no longer open (done, returned, withdrawn, cancelled) or is not the main one' },
  NOT_ASSIGNEE: { kind: 'forbidden', meaning: 'the caller is neither the assignee nor a holder of the post in the unit' },
  WAITING_FOR_APPROVER: { kind: 'conflict', meaning: 'an approver added before (前加签) must act first' },
  COMMENT_REQUIRED: { kind: 'invalid', meaning: 'the action needs a comment or reason' },
  INVALID_COMMENT: { kind: 'invalid', meaning: 'the comment is longer than 2000 characters' },
  NOT_SUPERVISOR: { kind: 'forbidden', meaning: 'only a supervisor or an administrator may do this' },
  NOT_ADMIN: { kind: 'forbidden', meaning: 'only an administrator may move a stage\'s deadlines or intervene in a flow' },
  INVALID_RESULT: { kind: 'invalid', meaning: 'the completion\'s result is not an object' },
  // return (退回)
  RETURN_NOT_ALLOWED: { kind: 'forbidden', meaning: 'an added approver may not return the step' },
  INVALID_RETURN_TARGET: { kind: 'invalid', meaning: 'the stage to return to is not an earlier stage of this run' },
  REASON_REQUIRED: { kind: 'invalid', meaning: 'a return, a refused retention, or an administrator\'s intervention needs its reason' },
  INVALID_PROBLEMS: { kind: 'invalid', meaning: 'the problem list is not 1 to 100 lines of at most 500 characters' },
  // transfer, claim, add-approver (加签), cc
  INVALID_TRANSFER_TARGET: { kind: 'invalid', meaning: 'the transfer target is not another holder of the same post in the unit' },
  ALREADY_CLAIMED: { kind: 'conflict', meaning: 'the task already has one named assignee' },
  INVALID_POSITION: { kind: 'invalid', meaning: 'an added approver goes before or after, nothing else' },
  INVALID_APPROVER: { kind: 'invalid', meaning: 'the added approver is missing, the caller, or already on the step' },
  TOO_MANY_APPROVERS: { kind: 'conflict', meaning: 'the step already has 10 assignments' },
  INVALID_CC: { kind: 'invalid', meaning: 'cc needs 1 to 50 people' },
  // 会签 (countersign)
  COUNTERSIGN_FIXED_SIGNERS: { kind: 'conflict', meaning: 'a countersigned step\'s signers come from the stage: no approver is added' },
  // 流程监控: an administrator's interventions
  INVALID_REASSIGN_TARGET: { kind: 'invalid', meaning: 'a reassigned task goes to another holder of its post in its unit' },
  NO_OPEN_STEP: { kind: 'conflict', meaning: 'the flow has no step open now (it waits for publication or a timer): nothing to jump from' },
  UNKNOWN_STAGE: { kind: 'invalid', meaning: 'the stage to jump back to is not a stage of this flow' },
  FLOW_ENDING: { kind: 'conflict', meaning: 'an administrator is ending the flow: no further intervention' },
  // 委托: moving a task to a delegate (docs/delegation.md)
  NOT_DELEGATOR: { kind: 'forbidden', meaning: 'only the delegator or an administrator may move the delegator\'s tasks or end the delegation' },
  INVALID_DELEGATE: { kind: 'invalid', meaning: 'the delegate is not another holder of the task\'s post in its unit' },
  // withdraw (撤回)
  NOT_SUBMITTER: { kind: 'forbidden', meaning: 'only who completed the previous step may withdraw it' },
  ALREADY_ACTED: { kind: 'conflict', meaning: 'the next step has been acted on: too late to withdraw' },
  // deadlines: extend, pause, resume, stage settings
  NO_DEADLINE: { kind: 'conflict', meaning: 'the task has no deadline to extend' },
  STATUTORY_DEADLINE: { kind: 'conflict', meaning: 'a statutory deadline is not extended, paused or moved' },
  INVALID_EXTENSION: { kind: 'invalid', meaning: 'an extension is 1 to 60 working days' },
  ALREADY_PAUSED: { kind: 'conflict', meaning: 'the clock is already paused' },
  NOT_PAUSED: { kind: 'conflict', meaning: 'the clock is running: nothing to resume' },
  INVALID_RESCHEDULE: { kind: 'invalid', meaning: 'a reschedule names an unknown cause, or a calendar recount lacks 0 to 400 working days or its reason' },
  // The annual report's form checks
  REPORT_INVALID: { kind: 'invalid', meaning: 'the report is missing, does not fit the template, fails R1–R5, or misses content the regulation asks for (第五十条, section 五, last year\'s 整改 items)' },
  REPORT_WARNINGS_UNCONFIRMED: { kind: 'invalid', meaning: 'the report has warnings (R6, figures in the text against the tables, the fee statement) the submission did not confirm one by one' },
  INVALID_PUBLICATION_DATE: { kind: 'invalid', meaning: 'the publication date is malformed, past, or after the statutory date' },
  // The website closure's form checks and messages
  MIGRATION_PLAN_REQUIRED: { kind: 'invalid', meaning: 'the application needs its content migration plan' },
  EVIDENCE_REQUIRED: { kind: 'invalid', meaning: 'a deregistration step needs its evidence (a file or a document number)' },
  NOTICE_URL_REQUIRED: { kind: 'invalid', meaning: 'the notice step needs both notice URLs' },
  FOLLOW_UP_INCOMPLETE: { kind: 'invalid', meaning: '回头看 needs siteDown and noNewUnapprovedSite' },
  FINDINGS_REQUIRED: { kind: 'invalid', meaning: '回头看 with a problem needs its findings' },
  JUSTIFICATION_REQUIRED: { kind: 'invalid', meaning: 'a retention application needs 20 to 5000 characters of reasons' },
  REVIEW_DATE_REQUIRED: { kind: 'invalid', meaning: 'an approved retention needs a future yearly review date' },
  RETENTION_DECISION_REQUIRED: { kind: 'invalid', meaning: 'the retention review is approve or reject' },
  OBJECTION_REQUIRED: { kind: 'invalid', meaning: 'an objection needs its content' },
  NOT_IN_NOTICE_PERIOD: { kind: 'conflict', meaning: 'the site is not in its notice period (or an objection already ended it)' },
} as const satisfies Record<string, Refusal>;

export type RefusalCode = keyof typeof REFUSALS;

export const isRefusalCode = (code: string): code is RefusalCode => Object.prototype.hasOwnProperty.call(REFUSALS, code);

/** The HTTP status of a refusal; undefined for a code this catalogue does not know. */
export function refusalStatus(code: string): 400 | 403 | 409 | undefined {
  return isRefusalCode(code) ? REFUSAL_STATUS[REFUSALS[code].kind] : undefined;
}
