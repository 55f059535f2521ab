/**
 * The task reconciler: closes the OPEN task rows whose workflow execution no longer runs. A flow closes its
 * own tasks when it ends or is cancelled (the step's cancellation scope), but a terminated flow (temporal
 * workflow terminate, a reset, a timeout of the run) runs no more code, so its rows would stay in clerks'
 * inboxes for ever. The reconciler asks Temporal about each execution with open rows, in pages, and closes
 * the rows of those that are over: status CANCELLED (for a clerk the task was taken away without being
 * done, as when a flow is cancelled; the reason is in the audit row, `task.reconciled`, with the
 * execution's status: TERMINATED, TIMED_OUT, FAILED, COMPLETED, CANCELED; SUPERSEDED when the workflow id
 * now runs a newer execution and how the older one ended is not known).
 *
 * It closes only on positive evidence. An execution Temporal does not know (history past the namespace's
 * retention, or a worker pointed at the wrong namespace) is reported as `missing`, never closed: closing
 * on absence would empty every inbox the day the configuration is wrong. Running every few minutes, it
 * sees a terminated flow well within any retention period.
 *
 * Safe to run in several workers at once and to repeat: a row is closed only while OPEN (one statement)
 * and its audit row is keyed like the flow's own closing (`<execution>/<step>/closed`).
 *
 * The other way round (issue 13): a row closed in PostgreSQL while its running workflow still holds the
 * assignment open. A step's completion projects the row from a local activity inside the update handler;
 * when that workflow task then times out (a loaded worker), Temporal drops the update, and nobody retries
 * it, the flow has no open task in any inbox. The reconciler asks such a flow's steps query and reopens
 * the row (status OPEN again, `task.reconciled` with reason WORKFLOW_STILL_OPEN), so it is in the inbox
 * again. Only rows closed more than `graceMs` ago (an update in flight has projected but not yet
 * finished its workflow task) and less than `lookbackMs` ago (the loss shows within minutes).
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { STEPS_QUERY_NAME } from '../../domain/step';

/** The part of the flows' steps query (workflows/humanStep) the reconciler reads. */
interface StepsAnswer { steps: Array<{ assignments: Array<{ taskId: string; taskKey: string; status: string }> }> }
import type { PrismaClient } from '../infra/prisma';

export interface ReconcileOptions {
  /** report what would be closed, change nothing */
  dryRun?: boolean;
  /** executions read from PostgreSQL per page (default 200) */
  pageSize?: number;
  /** describe calls in flight at once (default 8) */
  concurrency?: number;
  /** who asked (an administrator through the API); the worker's timer runs as nobody */
  actor?: { userId: string; login: string };
  requestId?: string;
  /** closed rows younger than this are left alone: their update may still be finishing (default 2 min) */
  graceMs?: number;
  /** closed rows older than this are not checked again (default 1 day) */
  lookbackMs?: number;
}

export interface ReopenedTask { taskId: string; workflowId: string; executionId: string; stepKey: string; stageKey: string; wasStatus: string }

export interface ClosedTask { taskId: string; workflowId: string; executionId: string; stepKey: string; stageKey: string; workflowStatus: string }

export interface ReconcileReport {
  dryRun: boolean;
  /** executions with open rows that were asked about */
  checked: number;
  /** of those, still running: their rows are left alone */
  running: number;
  closed: ClosedTask[];
  /** rows closed here but still open in their running workflow: reopened */
  reopened: ReopenedTask[];
  /** executions Temporal does not know: reported, not closed */
  missing: Array<{ workflowId: string; executionId: string; openTasks: number }>;
  /** executions whose describe failed otherwise (Temporal unreachable...): tried again next time */
  failed: Array<{ workflowId: string; executionId: string; error: string }>;
  tookMs: number;
}

interface Log { info(obj: object, msg: string): void; warn(obj: object, msg: string): void; error(obj: object, msg: string): void }

export interface TaskReconcilerDeps { prisma: PrismaClient; client: Client; logger?: Log }

type Verdict = { kind: 'running' } | { kind: 'over'; status: string } | { kind: 'missing' } | { kind: 'failed'; error: string };

export function createTaskReconciler({ prisma, client, logger }: TaskReconcilerDeps) {
  /** Is the execution that opened these rows still running? */
  async function verdict(workflowId: string, executionId: string): Promise<Verdict> {
    try {
      const d = await client.workflow.getHandle(workflowId).describe();
      // The rows carry the first run id of their execution (stable across continue-as-new). When the id now
      // runs another execution, the one that opened the rows is over, whatever the newer one is doing.
      const firstRunId = d.raw.workflowExecutionInfo?.firstRunId;
      if (firstRunId && firstRunId !== executionId) return { kind: 'over', status: await endOfRun(workflowId, executionId) };
      return d.status.name === 'RUNNING' ? { kind: 'running' } : { kind: 'over', status: d.status.name };
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return { kind: 'missing' };
      return { kind: 'failed', error: err instanceof Error ? err.message : String(err) };
    }
  }

  /** How an earlier execution ended (its first run's status), or SUPERSEDED when that is not known. */
  async function endOfRun(workflowId: string, runId: string): Promise<string> {
    const d = await client.workflow.getHandle(workflowId, runId).describe().catch(() => undefined);
    return !d || d.status.name === 'RUNNING' || d.status.name === 'CONTINUED_AS_NEW' ? 'SUPERSEDED' : d.status.name;
  }

  /** Closes one execution's open rows with an audit row each; returns what it closed. */
  async function close(workflowId: string, executionId: string, workflowStatus: string, opts: ReconcileOptions): Promise<ClosedTask[]> {
    const rows = await prisma.task.findMany({ where: { workflowId, executionId, status: 'OPEN' }, select: { id: true, stepKey: true, stageKey: true } });
    if (opts.dryRun || rows.length === 0) return rows.map((r) => ({ taskId: r.id, workflowId, executionId, stepKey: r.stepKey, stageKey: r.stageKey, workflowStatus }));
    const at = new Date();
    const closed: ClosedTask[] = [];
    await prisma.$transaction(async (tx) => {
      for (const r of rows) {
        // Only while still OPEN: a row closed meanwhile (a late activity of the flow) keeps its own story.
        const { count } = await tx.task.updateMany({ where: { id: r.id, status: 'OPEN' }, data: { status: 'CANCELLED', completedAt: at, nextRungAt: null, waitingFor: null } });
        if (count === 0) continue;
        await tx.auditEvent.createMany({
          data: [{
            action: 'task.reconciled', entityType: 'task', entityId: r.id, workflowId,
            actorId: opts.actor?.userId ?? null, actorLogin: opts.actor?.login ?? null, requestId: opts.requestId ?? null,
            before: { status: 'OPEN' }, after: { status: 'CANCELLED', workflowStatus, executionId, closedAt: at.toISOString() },
            dedupeKey: `${executionId}/${r.stepKey}/closed`,
          }],
          skipDuplicates: true,
        });
        closed.push({ taskId: r.id, workflowId, executionId, stepKey: r.stepKey, stageKey: r.stageKey, workflowStatus });
      }
    });
    return closed;
  }

  /** Reopens recently closed rows whose running workflow still holds their assignment open (issue 13). */
  async function reopenLost(opts: ReconcileOptions, failed: ReconcileReport['failed']): Promise<ReopenedTask[]> {
    const now = Date.now();
    const rows = await prisma.task.findMany({
      where: {
        status: { not: 'OPEN' },
        completedAt: { lte: new Date(now - (opts.graceMs ?? 120_000)), gte: new Date(now - (opts.lookbackMs ?? 86_400_000)) },
      },
      select: { id: true, workflowId: true, executionId: true, stepKey: true, stageKey: true, status: true },
      orderBy: [{ workflowId: 'asc' }, { executionId: 'asc' }],
    });
    const byExecution = new Map<string, typeof rows>();
    for (const r of rows) byExecution.set(`${r.workflowId}\u0000${r.executionId}`, [...(byExecution.get(`${r.workflowId}\u0000${r.executionId}`) ?? []), r]);
    const reopened: ReopenedTask[] = [];
    const concurrency = Math.max(1, opts.concurrency ?? 8);
    const groups = [...byExecution.values()];
    for (let i = 0; i < groups.length; i += concurrency) {
      await Promise.all(groups.slice(i, i + concurrency).map(async (group) => {
        const { workflowId, executionId } = group[0];
        let open: Set<string>;
        try {
          const handle = client.workflow.getHandle(workflowId);
          const d = await handle.describe();
          if (d.status.name !== 'RUNNING' || (d.raw.workflowExecutionInfo?.firstRunId ?? executionId) !== executionId) return;
          const state = await handle.query<StepsAnswer>(STEPS_QUERY_NAME);
          open = new Set(state.steps.flatMap((s) => s.assignments.filter((a) => a.status === 'OPEN').flatMap((a) => [a.taskId, a.taskKey])));
        } catch (err) {
          if (!(err instanceof WorkflowNotFoundError)) failed.push({ workflowId, executionId, error: err instanceof Error ? err.message : String(err) });
          return;
        }
        for (const r of group.filter((t) => open.has(t.id) || open.has(t.stepKey))) {
          if (!opts.dryRun && !(await reopen(r, opts))) continue;
          reopened.push({ taskId: r.id, workflowId, executionId, stepKey: r.stepKey, stageKey: r.stageKey, wasStatus: r.status });
        }
      }));
    }
    if (reopened.length > 0) logger?.warn({ reopened: reopened.slice(0, 50) }, `task reconciler ${opts.dryRun ? 'would reopen' : 'reopened'} ${reopened.length} task(s) closed here but still open in their workflow`);
    return reopened;
  }

  async function reopen(r: { id: string; workflowId: string; executionId: string; stepKey: string; status: string }, opts: ReconcileOptions): Promise<boolean> {
    const at = new Date();
    return prisma.$transaction(async (tx) => {
      // Only while still closed as read: a row changed meanwhile keeps its own story.
      const { count } = await tx.task.updateMany({
        where: { id: r.id, status: r.status as never },
        data: { status: 'OPEN', completedAt: null, completedById: null, updatedAt: at },
      });
      if (count === 0) return false;
      await tx.auditEvent.create({
        data: {
          action: 'task.reconciled', entityType: 'task', entityId: r.id, workflowId: r.workflowId,
          actorId: opts.actor?.userId ?? null, actorLogin: opts.actor?.login ?? null, requestId: opts.requestId ?? null,
          before: { status: r.status }, after: { status: 'OPEN', reason: 'WORKFLOW_STILL_OPEN', executionId: r.executionId, reopenedAt: at.toISOString() },
          dedupeKey: `${r.executionId}/${r.stepKey}/reopened/${at.getTime()}`,
        },
      });
      return true;
    });
  }

  async function reconcile(opts: ReconcileOptions = {}): Promise<ReconcileReport> {
    const started = Date.now();
    const pageSize = opts.pageSize ?? 200;
    const concurrency = Math.max(1, opts.concurrency ?? 8);
    const report: ReconcileReport = { dryRun: Boolean(opts.dryRun), checked: 0, running: 0, closed: [], reopened: [], missing: [], failed: [], tookMs: 0 };
    let after: { workflowId: string; executionId: string } | undefined;
    for (;;) {
      // The distinct executions with open rows, one page at a time in key order (no OFFSET: rows closed
      // behind the cursor do not shift the next page).
      const page = after
        ? await prisma.$queryRaw<Array<{ workflowId: string; executionId: string; open: bigint }>>`
            SELECT "workflowId", "executionId", count(*) AS open FROM "Task"
            WHERE status = 'OPEN' AND ("workflowId", "executionId") > (${after.workflowId}, ${after.executionId})
            GROUP BY 1, 2 ORDER BY 1, 2 LIMIT ${pageSize}`
        : await prisma.$queryRaw<Array<{ workflowId: string; executionId: string; open: bigint }>>`
            SELECT "workflowId", "executionId", count(*) AS open FROM "Task"
            WHERE status = 'OPEN'
            GROUP BY 1, 2 ORDER BY 1, 2 LIMIT ${pageSize}`;
      if (page.length === 0) break;
      for (let i = 0; i < page.length; i += concurrency) {
        const batch = page.slice(i, i + concurrency);
        const verdicts = await Promise.all(batch.map((e) => verdict(e.workflowId, e.executionId)));
        for (const [j, v] of verdicts.entries()) {
          const e = batch[j];
          report.checked++;
          if (v.kind === 'running') report.running++;
          else if (v.kind === 'missing') report.missing.push({ workflowId: e.workflowId, executionId: e.executionId, openTasks: Number(e.open) });
          else if (v.kind === 'failed') report.failed.push({ workflowId: e.workflowId, executionId: e.executionId, error: v.error });
          else report.closed.push(...await close(e.workflowId, e.executionId, v.status, opts));
        }
      }
      after = page[page.length - 1];
      if (page.length < pageSize) break;
    }
    report.reopened = await reopenLost(opts, report.failed);
    report.tookMs = Date.now() - started;
    const summary = { dryRun: report.dryRun, checked: report.checked, running: report.running, closed: report.closed.length, missing: report.missing.length, failed: report.failed.length, tookMs: report.tookMs };
    if (report.closed.length > 0) {
      const byStatus = report.closed.reduce<Record<string, number>>((acc, c) => ({ ...acc, [c.workflowStatus]: (acc[c.workflowStatus] ?? 0) + 1 }), {});
      logger?.info({ ...summary, byStatus, workflowIds: [...new Set(report.closed.map((c) => c.workflowId))].slice(0, 50) }, `task reconciler ${report.dryRun ? 'would close' : 'closed'} ${report.closed.length} task(s) of workflows that no longer run`);
    } else {
      logger?.info(summary, 'task reconciler: no task of a finished workflow was open');
    }
    if (report.missing.length > 0) logger?.warn({ missing: report.missing.slice(0, 50) }, 'task reconciler: open tasks of workflows Temporal does not know (left open; check the namespace)');
    if (report.failed.length > 0) logger?.warn({ failed: report.failed.slice(0, 20) }, 'task reconciler: some workflows could not be described (tried again next time)');
    return report;
  }

  return { reconcile };
}
export type TaskReconciler = ReturnType<typeof createTaskReconciler>;

/**
 * Runs the reconciler every `intervalMs` in this process (the worker), never two passes at once; a failed
 * pass is logged and the next one runs on time. `stop()` waits for a pass in progress.
 */
export function startReconcileTimer(reconciler: TaskReconciler, intervalMs: number, logger?: Log): { stop(): Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = reconciler.reconcile().catch((err) => logger?.error({ err }, 'task reconciler pass failed')).finally(() => {
        running = undefined;
        schedule();
      });
    }, intervalMs);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
