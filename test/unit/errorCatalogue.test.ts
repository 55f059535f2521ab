/**
 * The error catalogue against the source: every code a flow refuses with (`rejectAction('CODE'`) is in
 * domain/step/refusals.ts, every code the API raises (`new AppError('CODE'`) is in server/errorCodes.ts
 * or among the refusals, and an AppError's literal status is the catalogue's. The source is read with the
 * TypeScript parser, so a new refusal added anywhere under workflows/, domain/, activities/, server/ or
 * worker/ without a catalogue line fails here.
 */
import { REFUSAL_STATUS, REFUSALS, refusalStatus } from '../../domain/step/refusals';
import { API_ERRORS, errorStatus } from '../../server/errorCodes';
import { refusalError } from '../../server/errors';
import { raisedCodes } from '../support/errorCodeScan';

const raised = raisedCodes();
const refusals = raised.filter((r) => r.kind === 'refusal');
const apiErrors = raised.filter((r) => r.kind === 'api');

describe('the refusal catalogue (domain/step/refusals.ts)', () => {
  it('finds the flows\' refusals in the source (the scan itself works)', () => {
    // The step and both flows refuse: if the scan found none of them it would pass vacuously.
    expect(refusals.map((r) => r.code)).toEqual(expect.arrayContaining(['TASK_NOT_OPEN', 'NOT_PAUSED', 'REPORT_INVALID', 'EVIDENCE_REQUIRED', 'NOT_IN_NOTICE_PERIOD']));
    expect(apiErrors.map((r) => r.code)).toEqual(expect.arrayContaining(['NOT_FOUND', 'FILE_TOO_LARGE', 'LOGIN_LOCKED']));
  });

  it('lists every code a workflow or a flow\'s form check refuses with', () => {
    const missing = refusals.filter((r) => !(r.code in REFUSALS)).map((r) => `${r.code} (${r.at})`);
    expect(missing).toEqual([]);
  });

  it('lists no code that nothing raises any more', () => {
    const raisedNow = new Set(refusals.map((r) => r.code));
    expect(Object.keys(REFUSALS).filter((c) => !raisedNow.has(c))).toEqual([]);
  });

  it('answers a conflict with the current state 409, a missing permission 403 and bad input 400', () => {
    const statusOf = (codes: string[]) => Object.fromEntries(codes.map((c) => [c, refusalStatus(c)]));
    expect(statusOf(['NOT_PAUSED', 'NOT_IN_NOTICE_PERIOD', 'TASK_NOT_OPEN', 'ALREADY_PAUSED', 'ALREADY_CLAIMED', 'ALREADY_ACTED', 'WAITING_FOR_APPROVER']))
      .toEqual({ NOT_PAUSED: 409, NOT_IN_NOTICE_PERIOD: 409, TASK_NOT_OPEN: 409, ALREADY_PAUSED: 409, ALREADY_CLAIMED: 409, ALREADY_ACTED: 409, WAITING_FOR_APPROVER: 409 });
    expect(statusOf(['NOT_ASSIGNEE', 'NOT_SUPERVISOR', 'NOT_ADMIN', 'NOT_SUBMITTER'])).toEqual({ NOT_ASSIGNEE: 403, NOT_SUPERVISOR: 403, NOT_ADMIN: 403, NOT_SUBMITTER: 403 });
    expect(statusOf(['REPORT_INVALID', 'EVIDENCE_REQUIRED', 'INVALID_REQUEST_ID'])).toEqual({ REPORT_INVALID: 400, EVIDENCE_REQUIRED: 400, INVALID_REQUEST_ID: 400 });
  });

  it('says what every code means', () => {
    for (const [code, r] of Object.entries(REFUSALS)) expect({ code, meaning: r.meaning.length > 5, status: REFUSAL_STATUS[r.kind] > 0 }).toEqual({ code, meaning: true, status: true });
  });
});

describe('the API\'s codes (server/errorCodes.ts)', () => {
  it('lists every code an AppError is raised with', () => {
    const missing = apiErrors.filter((r) => errorStatus(r.code) === undefined).map((r) => `${r.code} (${r.at})`);
    expect(missing).toEqual([]);
  });

  it('agrees with the status every AppError is raised with', () => {
    const disagree = apiErrors.filter((r) => r.status !== undefined && r.status !== errorStatus(r.code)).map((r) => `${r.code} ${r.status}, catalogue ${errorStatus(r.code)} (${r.at})`);
    expect(disagree).toEqual([]);
  });

  it('defines no code twice (a refusal the API also raises is listed only among the refusals)', () => {
    expect(Object.keys(API_ERRORS).filter((c) => c in REFUSALS)).toEqual([]);
  });
});

describe('a refusal coming out of a workflow', () => {
  it('is answered with the catalogue\'s status and the flow\'s sentence', () => {
    const e = refusalError('NOT_PAUSED', '该待办没有暂停计时。');
    expect([e.code, e.status, e.message]).toEqual(['NOT_PAUSED', 409, '该待办没有暂停计时。']);
  });

  it('with a code the catalogue lacks, is a 400 (never a 500) and a warning in the log', () => {
    const warnings: unknown[] = [];
    const e = refusalError('SOMETHING_NEW', '新的拒绝原因。', { warn: (obj) => warnings.push(obj) });
    expect([e.code, e.status, e.message]).toEqual(['SOMETHING_NEW', 400, '新的拒绝原因。']);
    expect(warnings).toEqual([{ code: 'SOMETHING_NEW' }]);
  });
});
