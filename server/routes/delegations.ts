import type { AppContext } from '../context';
import { approveBatch, batchApproveBody, batchPreviewBody, previewBatch } from '../services/batchApprovalService';
import {
  createDelegation, createDelegationBody, DELEGATION_SORTABLE, delegationCandidates, endDelegation, listDelegations, moveOpenTasks,
} from '../services/delegationService';
import { listRoute, rid, route, user, type RouteDef } from './route';
import { delegationCandidatesQuery } from './queryParams';

/**
 * 委托 (any signed-in user for their own tasks; an administrator for someone in their scope) and 批量审批 (any
 * signed-in user, on the tasks they may act on: each task's completion checks the assignee again).
 */
export function delegationRoutes(ctx: AppContext): RouteDef[] {
  return [
    listRoute('/delegations', 'signedIn', DELEGATION_SORTABLE, ['startDate', 'DESC'], (req, q) => listDelegations(ctx, user(req), q)),
    route('get', '/delegations/candidates', 'signedIn', async (req, _res, { query }) => delegationCandidates(ctx, user(req), query.delegatorId), { query: delegationCandidatesQuery }),
    route('post', '/delegations', 'signedIn', async (req, res, { body }) => {
      const out = await createDelegation(ctx, user(req), body, rid(req));
      req.log.info({ delegationId: out.id, moved: out.moved?.moved }, 'delegation created');
      res.status(201);
      return out;
    }, { body: createDelegationBody }),
    route('post', '/delegations/:id/end', 'signedIn', async (req) => endDelegation(ctx, user(req), String(req.params.id), rid(req))),
    route('post', '/delegations/:id/move-open-tasks', 'signedIn', async (req) => {
      const out = await moveOpenTasks(ctx, user(req), String(req.params.id), rid(req));
      req.log.info({ delegationId: req.params.id, moved: out.moved, refused: out.refused.length }, 'delegated tasks moved');
      return out;
    }),
    route('post', '/task-batches/preview', 'signedIn', async (req, _res, { body }) => previewBatch(ctx, user(req), body), { body: batchPreviewBody }),
    route('post', '/task-batches', 'signedIn', async (req, _res, { body }) => {
      const out = await approveBatch(ctx, user(req), body, rid(req));
      req.log.info({ batchId: out.batchId, approved: out.approved, refused: out.refused }, 'batch approved');
      return out;
    }, { body: batchApproveBody }),
  ];
}
