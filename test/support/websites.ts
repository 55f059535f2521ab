/** Helpers for the website-closure API tests: sites with fresh identifiers, open tasks, step actions. */
import { randomUUID } from 'node:crypto';
import { ApiSession, eventually } from './stack';

let counter = 0;
const run = Math.floor(10000 + Math.random() * 89999);

/** A site body for POST /api/websites with a domain and 网站标识码 nobody else uses. */
export function newSite(ownerUnitCode: string, extra: Record<string, unknown> = {}) {
  const n = ++counter;
  return {
    name: `测试网站${run}-${n}`,
    domain: `site${n}.t${run}.bj.gov.cn`,
    siteCode: `8${String(run).padStart(5, '0')}${String(n).padStart(4, '0')}`,
    icpNumber: `京ICP备${String(run * 100 + n).padStart(8, '0')}号-1`,
    psbNumber: `京公网安备${String(11010100000000 + run * 100 + n)}号`,
    ownerUnitCode,
    ...extra,
  };
}

export async function createSite(supervisor: ApiSession, ownerUnitCode: string, extra: Record<string, unknown> = {}) {
  const res = await supervisor.post('/api/websites', newSite(ownerUnitCode, extra));
  if (res.status !== 201) throw new Error(`site not created: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; domain: string; siteCode: string; name: string };
}

/** Submits one plan row as `submitter`, approves it as `approver`; returns the workflow id. */
export async function planAndApprove(submitter: ApiSession, approver: ApiSession, row: Record<string, unknown>): Promise<string> {
  const submitted = await submitter.post('/api/consolidation-plans', { rows: [{ plannedDate: '2026-12-31', ...row }] });
  if (submitted.status !== 201) throw new Error(`plan not submitted: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  const approved = await approver.post(`/api/consolidation-plans/${submitted.body.ids[0]}/approve`, {});
  if (approved.status !== 200) throw new Error(`plan not approved: ${approved.status} ${JSON.stringify(approved.body)}`);
  return approved.body.workflowId as string;
}

/** The open task of a stage of the flow, as `session` sees it (waits for the flow to open it). */
export async function openTask(session: ApiSession, workflowId: string, stageKey: string, timeoutMs = 30_000) {
  return eventually(async () => {
    const filter = encodeURIComponent(JSON.stringify({ workflowId, status: 'OPEN' }));
    const res = await session.get(`/api/tasks?filter=${filter}&range=${encodeURIComponent('[0,99]')}`);
    return (res.body as any[]).find?.((t) => t.stageKey === stageKey && t.position === 'main');
  }, timeoutMs, `open task ${stageKey} of ${workflowId}`);
}

export async function act(session: ApiSession, taskId: string, action: string, body: Record<string, unknown> = {}) {
  return session.post(`/api/tasks/${taskId}/${action}`, { requestId: randomUUID(), ...body });
}

/** Completes the open task of a stage; fails the test with the API's answer when refused. */
export async function completeStage(session: ApiSession, workflowId: string, stageKey: string, body: Record<string, unknown> = {}) {
  const task = await openTask(session, workflowId, stageKey);
  const res = await act(session, task.id, 'complete', body);
  if (res.status !== 200) throw new Error(`${stageKey} not completed: ${res.status} ${JSON.stringify(res.body)}`);
  return task;
}

export async function siteStatus(session: ApiSession, id: string): Promise<string> {
  return (await session.get(`/api/websites/${id}`)).body.status;
}

/** Waits until the site reaches a status (the flow moves it asynchronously after a step). */
export async function waitStatus(session: ApiSession, id: string, status: string, timeoutMs = 30_000) {
  return eventually(async () => ((await siteStatus(session, id)) === status ? true : undefined), timeoutMs, `site ${id} to be ${status}`);
}
