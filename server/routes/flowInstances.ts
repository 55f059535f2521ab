import type { AppContext } from '../context';
import {
  flowInstanceTimeline, FLOW_INSTANCE_SORTABLE, intervene, interventionBodies, listFlowInstances, reassignCandidates, type Intervention,
} from '../services/flowMonitorService';
import { listRoute, route, user, type RouteDef } from './route';

/** 流程监控: running flow instances and an administrator's interventions (server/services/flowMonitorService.ts). */
export function flowInstanceRoutes(ctx: AppContext): RouteDef[] {
  const act = (path: string, kind: Intervention) => route('post', `/flow-instances/:id/${path}`, 'admin', async (req, _res, { body }) => {
    const out = await intervene(ctx, user(req), String(req.params.id), kind, body);
    req.log.info({ workflowId: out.workflowId, intervention: kind }, 'flow intervention applied');
    return out;
  }, { body: interventionBodies[kind] });
  return [
    listRoute('/flow-instances', 'admin', FLOW_INSTANCE_SORTABLE, ['stepStartedAt', 'ASC'], (req, q) => listFlowInstances(ctx, user(req), q)),
    route('get', '/flow-instances/:id', 'admin', async (req) => flowInstanceTimeline(ctx, user(req), String(req.params.id))),
    route('get', '/flow-instances/:id/tasks/:taskId/candidates', 'admin', async (req) =>
      reassignCandidates(ctx, user(req), String(req.params.id), String(req.params.taskId))),
    act('reassign', 'reassign'),
    act('jump-back', 'jumpBack'),
    act('end', 'end'),
  ];
}
