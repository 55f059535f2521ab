/**
 * Every error code the API answers with, in one place: the flows' refusals (`domain/step/refusals.ts`,
 * answered as they come out of the workflow) and the API's own (`new AppError(code, message, status)` in
 * routes and services). Each has its status and what it means; the Chinese sentence is written where the
 * error is raised, because it names the thing at hand. A code is defined once: the API's list may not
 * repeat a refusal (the API raises some of them itself, e.g. TASK_NOT_OPEN before asking the workflow).
 *
 * `test/unit/errorCatalogue.test.ts` scans the source: a raised code missing here, or an AppError whose
 * status disagrees with this list, fails it.
 */
import { REFUSALS, refusalStatus, type RefusalCode } from '../domain/step/refusals';

interface ApiError { status: number; meaning: string }

export const API_ERRORS = {
  // Requests in general
  VALIDATION_FAILED: { status: 400, meaning: 'the body or query failed its schema; details lists each field' },
  INVALID_JSON: { status: 400, meaning: 'the body is not JSON' },
  PAYLOAD_TOO_LARGE: { status: 413, meaning: 'the JSON body is over the parser\'s limit' },
  INVALID_QUERY: { status: 400, meaning: 'a query parameter is malformed' },
  INVALID_FILTER: { status: 400, meaning: 'a list\'s filter names an unknown field or a bad value' },
  INVALID_SORT: { status: 400, meaning: 'a list is sorted by a field it cannot be sorted by' },
  INVALID_RANGE: { status: 400, meaning: 'a list\'s range is not [start, end] within limits' },
  NOT_FOUND: { status: 404, meaning: 'no such route or resource, or it is outside the caller\'s scope' },
  HEADERS_TOO_LARGE: { status: 431, meaning: 'the URL or the headers are over Node\'s 16 KB limit (answered before express, server/errors.ts answerClientErrors)' },
  MALFORMED_REQUEST: { status: 400, meaning: 'Node\'s HTTP parser refused the request (answered before express)' },
  STEP_RETRY: { status: 503, meaning: 'a task action\'s workflow update timed out or was dropped by a failed workflow task; retry with the same requestId (applied once; issue 13)' },
  FLOW_NOT_ANSWERING: { status: 503, meaning: 'a flow did not answer a query in time (no worker serves it, Temporal is restarting, or the run ended before its first workflow task)' },
  SHUTTING_DOWN: { status: 503, meaning: 'the API process got SIGTERM and drains: it finishes the requests in flight and takes no new one; retry (another instance answers)' },
  WORKFLOW_UNAVAILABLE: { status: 503, meaning: 'the Temporal server cannot be reached (down, restarting); retry (an action with the same requestId is applied once); the inbox and sign-in keep working' },
  DB_UNAVAILABLE: { status: 503, meaning: 'PostgreSQL is down, restarting or out of connections; retry (an action with the same requestId is applied once)' },
  INTERNAL: { status: 500, meaning: 'an unexpected failure; the log has the details under the request id' },
  ACTION_REJECTED: { status: 400, meaning: 'a flow refused with a code this catalogue does not know (logged as a warning)' },
  // Sessions and accounts
  UNAUTHENTICATED: { status: 401, meaning: 'no valid session' },
  METRICS_TOKEN_REQUIRED: { status: 401, meaning: 'GET /metrics without the bearer token METRICS_TOKEN asks for' },
  CSRF_REJECTED: { status: 403, meaning: 'a write without the session\'s CSRF token' },
  FORBIDDEN: { status: 403, meaning: 'the caller\'s role may not call this route' },
  PASSWORD_CHANGE_REQUIRED: { status: 403, meaning: 'an administrator reset the password: change it first' },
  LOGIN_FAILED: { status: 401, meaning: 'unknown login or wrong password (the same answer for both)' },
  LOGIN_LOCKED: { status: 429, meaning: 'too many failed sign-ins for this login or address' },
  WRONG_PASSWORD: { status: 400, meaning: 'the current password given to change it is wrong' },
  PASSWORD_UNCHANGED: { status: 400, meaning: 'the new password equals the old one' },
  LOGIN_TAKEN: { status: 409, meaning: 'another account has this login' },
  CANNOT_LOCK_SELF_OUT: { status: 400, meaning: 'an administrator may not disable or demote their own account' },
  UNKNOWN_ORG_UNIT: { status: 400, meaning: 'an org unit code or id is unknown or outside the caller\'s scope' },
  // Tasks
  NOT_UPLOADER: { status: 403, meaning: 'only who uploaded a document may delete it' },
  REMINDED_RECENTLY: { status: 409, meaning: 'the task was reminded (催办) less than an hour ago' },
  DRAFT_NOT_ALLOWED: { status: 409, meaning: 'drafts are saved only on an open self-check' },
  NOT_A_REPORT: { status: 400, meaning: 'the task is not a step of an annual report' },
  STATUTORY_STAGE: { status: 400, meaning: 'a stage with a statutory date has no working-day deadline to set' },
  COUNTERSIGN_RULE_UNMET: { status: 400, meaning: 'a stage\'s 会签 setting has too few or too many signers, or a quorum its signers cannot reach' },
  COUNTERSIGN_SIGNER_UNKNOWN: { status: 400, meaning: 'a named 会签 signer does not exist or is disabled' },
  COUNTERSIGN_SIGNER_DUPLICATE: { status: 400, meaning: 'a 会签 setting names the same post or user twice' },
  ALREADY_DECIDED: { status: 409, meaning: 'the 通报 candidate was already decided' },
  NOT_A_CANDIDATE: { status: 400, meaning: 'the escalation is not a 通报 candidate' },
  // 委托 and 批量审批 (docs/delegation.md; the delegation rules answer these from domain/delegation)
  INVALID_DELEGATION_DATES: { status: 400, meaning: 'a delegation\'s dates are missing, malformed or reversed' },
  DELEGATION_IN_PAST: { status: 400, meaning: 'a delegation\'s last day has passed' },
  DELEGATION_TOO_LONG: { status: 400, meaning: 'a delegation runs longer than a year' },
  DELEGATE_IS_SELF: { status: 400, meaning: 'a user cannot delegate to themselves' },
  DELEGATE_INACTIVE: { status: 400, meaning: 'the delegate does not exist or is disabled' },
  DELEGATE_OTHER_UNIT: { status: 400, meaning: 'the delegate is not of the delegator\'s unit' },
  DELEGATE_OTHER_ROLE: { status: 400, meaning: 'the delegate does not hold the delegated post (or the delegator has no working post)' },
  DELEGATION_OVERLAP: { status: 409, meaning: 'the delegator already has a delegation sharing a day (and a flow) with this one' },
  DELEGATION_CHAIN: { status: 409, meaning: 'the delegate is away and delegating too, or the delegator holds someone else\'s tasks, in the range' },
  DELEGATION_ENDED: { status: 409, meaning: 'the delegation was already ended' },
  DELEGATION_NOT_IN_FORCE: { status: 409, meaning: 'open tasks move only while the delegation is in force' },
  BATCH_OTHER_STAGE: { status: 400, meaning: 'a task of a batch approval is of another stage than the batch (answered per task)' },
  BATCH_NEEDS_FORM: { status: 400, meaning: 'a task of a batch approval needs a form result: done on its own page (answered per task)' },
  // Documents (one reader for step attachments and closure evidence)
  FILE_REQUIRED: { status: 400, meaning: 'the multipart request has no file' },
  FILE_EMPTY: { status: 400, meaning: 'the file has no bytes' },
  FILE_TOO_LARGE: { status: 413, meaning: 'the file is over its limit (ATTACHMENT_MAX_BYTES for documents)' },
  FILE_TYPE_NOT_ALLOWED: { status: 415, meaning: 'the file\'s extension is not an accepted document type' },
  FILE_CONTENT_MISMATCH: { status: 415, meaning: 'the file\'s first bytes are not the type its name says' },
  INVALID_UPLOAD: { status: 400, meaning: 'the multipart request is malformed or has more than one file' },
  // 流程监控 (flow monitoring)
  FLOW_FINISHED: { status: 409, meaning: 'the flow no longer runs (completed, cancelled, terminated): no intervention' },
  // Campaigns
  CAMPAIGN_EXISTS: { status: 409, meaning: 'the year already has a campaign' },
  CAMPAIGN_CLOSED: { status: 409, meaning: 'the campaign no longer takes changes' },
  INVALID_SCHEDULE: { status: 400, meaning: 'the timetable has problems; details lists every one' },
  SCHEDULE_LOCKED: { status: 409, meaning: 'a group\'s timetable is no longer editable' },
  INVALID_UNITS: { status: 400, meaning: 'the units to add are unknown or already in the campaign' },
  UNKNOWN_GROUP: { status: 400, meaning: 'no such publication group' },
  UNIT_ALREADY_RUNNING: { status: 409, meaning: 'the unit\'s report of that year is already running' },
  ALREADY_STARTED: { status: 409, meaning: 'the flow was already started' },
  UNIT_NOT_READY: { status: 409, meaning: 'the unit is not ready to publish' },
  ALREADY_PUBLISHED: { status: 409, meaning: 'the unit\'s report is already published' },
  NOT_LATE: { status: 409, meaning: 'publishing late applies only to a unit past its statutory date' },
  NO_REVIEWING_OFFICE: { status: 409, meaning: 'the unit has no office above it to review' },
  // Calendar, notifications
  OVERRIDE_EXISTS: { status: 409, meaning: 'the date already has a local calendar override' },
  INVALID_ARRANGEMENT: { status: 400, meaning: 'a year\'s holiday arrangement has a date outside the year, a make-up workday on a weekday, or a day listed twice' },
  CALENDAR_CONFLICT: { status: 409, meaning: 'a calendar change contradicts an override already entered (or removes one that does not exist)' },
  EMPTY_CALENDAR_CHANGE: { status: 400, meaning: 'the calendar change adds and removes nothing' },
  CALENDAR_CHANGE_RUNNING: { status: 409, meaning: 'another calendar change is still being applied to running steps' },
  USE_CALENDAR_CHANGE: { status: 410, meaning: 'a calendar day is no longer saved on its own: preview and apply a calendar change' },
  NOTIFICATION_NOT_FAILED: { status: 409, meaning: 'only a FAILED delivery is retried' },
  // Websites and 《整合计划表》
  IMPORT_EMPTY: { status: 400, meaning: 'the import file has no rows' },
  IMPORT_BAD_HEADER: { status: 400, meaning: 'the import file\'s headers are not the export\'s' },
  IMPORT_TOO_LARGE: { status: 400, meaning: 'the import file has too many rows' },
  IMPORT_UNREADABLE: { status: 400, meaning: 'the import file is neither a readable CSV nor xlsx' },
  IMPORT_ENCODING_UNKNOWN: { status: 400, meaning: 'a CSV\'s bytes are neither UTF-8 nor GB18030/GBK with a known header; nothing is echoed' },
  // 422, not 400: the file was read and every row parsed; details lists each row's problems (kept as documented).
  REPORT_TABLES_INVALID: { status: 400, meaning: 'cells of an imported 表二–表四 workbook are bad; details lists each { sheet, cell, message }; the draft is unchanged' },
  IMPORT_INVALID: { status: 422, meaning: 'rows of the import fail their checks; nothing was written' },
  INVALID_FORMAT: { status: 400, meaning: 'an export or import format other than csv or xlsx' },
  INVALID_DOMAIN: { status: 400, meaning: 'a site\'s domain is not a host name' },
  INVALID_STATUS: { status: 400, meaning: 'a site may be created only as 运行中 or 保留' },
  DUPLICATE_DOMAIN: { status: 409, meaning: 'the inventory already has this domain' },
  DUPLICATE_SITE_CODE: { status: 409, meaning: 'the inventory already has this 网站标识码' },
  INVALID_TARGET_SITE: { status: 400, meaning: 'a site cannot be its own consolidation target' },
  UNKNOWN_TARGET_SITE: { status: 400, meaning: 'the consolidation target is not in the inventory' },
  SITE_IN_FLOW: { status: 409, meaning: 'the site already has a running consolidation flow' },
  PLAN_EXISTS: { status: 409, meaning: 'the site already has a plan row' },
  PLAN_NOT_PENDING: { status: 409, meaning: 'the plan row was already approved or rejected' },
  DUPLICATE_PLAN_ROW: { status: 400, meaning: 'the same site appears twice in one submitted plan' },
  CITY_OFFICE_ONLY: { status: 403, meaning: 'only the city general office approves plans' },
  EVIDENCE_NOT_FOUND: { status: 400, meaning: 'a fileId named by a closure step is not evidence of its site' },
} as const satisfies Record<string, ApiError>;

export type ApiErrorCode = keyof typeof API_ERRORS;
export type ErrorCode = ApiErrorCode | RefusalCode;

// A code is defined once: the compiler refuses an API code that repeats a refusal.
type Overlap = Extract<ApiErrorCode, RefusalCode>;
const noOverlap: [Overlap] extends [never] ? true : { repeated: Overlap } = true;
void noOverlap;

const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** The status of any code the API answers with; undefined for an unknown one. */
export function errorStatus(code: string): number | undefined {
  return refusalStatus(code) ?? (has(API_ERRORS, code) ? API_ERRORS[code as ApiErrorCode].status : undefined);
}

/** What a code means, for the catalogue's readers (and the tests' failure messages). */
export function errorMeaning(code: string): string | undefined {
  return has(REFUSALS, code) ? REFUSALS[code as RefusalCode].meaning : has(API_ERRORS, code) ? API_ERRORS[code as ApiErrorCode].meaning : undefined;
}
