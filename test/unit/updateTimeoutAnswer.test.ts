/**
 * Issue 13: a task action whose workflow update timed out (a loaded worker's workflow task failed and
 * Temporal dropped the update) is answered 503 STEP_RETRY with a sentence telling the clerk to retry, not 500.
 */
import { ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { AppError } from '../../server/errors';
import { fromWorkflow } from '../../server/services/taskService';

const ctx = { logger: { warn: () => undefined } } as never;

function answer(err: unknown): unknown {
  try {
    fromWorkflow(ctx, err);
  } catch (thrown) {
    return thrown;
  }
  throw new Error('fromWorkflow returned');
}

const grpcError = (code: number) => Object.assign(new Error(`${code} grpc`), { code, details: 'deadline', metadata: {} });

describe('the answer to a task action whose workflow update did not come back', () => {
  it.each([
    ['the client\'s update call timing out', new WorkflowUpdateRPCTimeoutOrCancelledError('timed out', { cause: new Error('deadline') })],
    ['a gRPC DEADLINE_EXCEEDED', new ServiceError('update failed', { cause: grpcError(4) })],
    // Seen in the full chaos run: the flow's workflow task was failing (a worker killed mid-task) when the
    // update arrived; Temporal refuses the update until a worker completes a workflow task again.
    ['a FAILED_PRECONDITION "Workflow Task in failed state"', new ServiceError('Workflow Update failed', { cause: Object.assign(new Error('9 FAILED_PRECONDITION: Workflow Task in failed state.'), { code: 9, details: 'Workflow Task in failed state.', metadata: {} }) })],
  ])('when it fails with %s, it is 503 STEP_RETRY asking the clerk to retry', (_what, err) => {
    const res = answer(err);
    expect(res).toBeInstanceOf(AppError);
    expect(res).toMatchObject({ code: 'STEP_RETRY', status: 503 });
    expect((res as AppError).message).toMatch(/请稍后再点一次提交/);
  });

  it.each([
    ['a gRPC UNAVAILABLE', grpcError(14)],
    ['a ServiceError caused by UNAVAILABLE', new ServiceError('update failed', { cause: grpcError(14) })],
  ])('when Temporal cannot be reached (%s), it is 503 WORKFLOW_UNAVAILABLE: the flow service is down, nothing was done, retry later', (_what, err) => {
    const res = answer(err);
    expect(res).toBeInstanceOf(AppError);
    expect(res).toMatchObject({ code: 'WORKFLOW_UNAVAILABLE', status: 503 });
    expect((res as AppError).message).toMatch(/流程服务暂时无法连接/);
  });

  it('when it fails otherwise, the error goes on unchanged (500 INTERNAL upstream)', () => {
    const err = new Error('something else');
    expect(answer(err)).toBe(err);
    expect(answer(grpcError(3))).not.toBeInstanceOf(AppError);
    expect(answer(grpcError(9))).not.toBeInstanceOf(AppError); // another precondition is not a retry
  });
});
