import { poolOf, type Prisma, type PrismaClient } from '../infra/prisma';
import { effectiveCountersign, namedSignerIds, type Actor, type ClosedStatus, type CountersignSetting, type CountersignSpec, type LadderRungPlan, type NamedSigner, type ReturnInfo, type Role } from '../../domain/step';
import { chinaDate, createWorkingCalendar, endOfChinaDay, type DayOverride, type WorkingCalendar } from '../../domain/calendar';
import { planLadder, parseLadder } from './ladder';
import type { NotifyInput } from '../notifications/outbox';
import { markDelegated, recordedRouting, routeToDelegate } from './delegationRouting';
import { closeTaskRow, findTask, findTaskById, inTransaction, insertAudit, lastClosing, insertEscalation, insertReminder, insertTask, setRung } from './taskSql';

/** What the projection asks of the notification outbox: the outbox's own input type. */
export type NotifyRequest = NotifyInput;
export type Notifier = (request: NotifyRequest) => Promise<unknown>;

interface Ids {
  workflowId: string;
  executionId: string;
}

export interface OpenTaskInput extends Ids {
  stepKey: string;
  round: number;
  flowKey: string;
  stageKey: string;
  /** null for an added approver: the title is the step's main task's title */
  title: string | null;
  orgUnitId: string;
  assigneeRole: Role;
  assigneeUserId: string | null;
  campaignId: string | null;
  payload: Record<string, unknown>;
  startedAt: string;
  position: 'main' | 'before' | 'after';
  statutoryDeadline: string | null;
  returnedWith: ReturnInfo | null;
  /** an added approver shares the step's deadline */
  deadlineAt?: string | null;
  parentTaskKey?: string;
  openedBy?: { actor: Actor; requestId: string };
}

/**
 * A step's opening (runs under the second patch baseline, workflows/patches.ts): the stage's 会签 is decided
 * first, from the administrator's setting merged with the registry's default the flow passes in. When the
 * stage is countersigned nothing is opened and the answer carries the signers (the step then opens one task
 * per signer); otherwise the task opens as openTask opens it. One local activity per step instead of two
 * (stageCountersign, then openTask; issue 12).
 */
export interface OpenStepInput extends OpenTaskInput {
  registryCountersign: CountersignSpec | null;
}

export interface OpenTaskResult {
  taskId: string;
  deadlineAt: string | null;
  rungs: LadderRungPlan[];
  /** 委托: the task went to this delegate instead (of `delegatedFrom`); the step adopts them as its assignee */
  delegatedTo?: string;
  delegatedFrom?: string;
}

/** What openTask answers when asked to decide the stage's 会签 and the stage is countersigned: nothing was opened. */
export interface CountersignedStage {
  countersign: CountersignSpec;
}

export interface CloseTaskInput extends Ids {
  stepKey: string;
  status: ClosedStatus;
  /** null when the system closes the task (the flow was cancelled, the step ended early) */
  actor: Actor | null;
  comment: string | null;
  result: Record<string, unknown> | null;
  at: string;
  requestId: string;
}

export interface UpdateTaskInput extends Ids {
  taskKey: string;
  patch: { assigneeUserId?: string | null; waitingFor?: string | null; delegatedFromId?: string | null; delegationId?: string | null };
  audit: { action: string; actor: Actor; requestId: string; before: unknown; after: unknown } | null;
  notify?: { kind: string; userIds: string[]; subject: string; body: string };
}

export interface MoveDeadlineInput extends Ids {
  stepKey: string;
  /**
   * recompute: deadline from the stage's settings; replan: same deadline (a fixed due date or a statutory
   * date), ladder re-planned on the current calendar; recount: `workingDays` working days after the start
   * on the current calendar (a calendar change: the step keeps its count of working days)
   */
  mode: 'extend' | 'pause' | 'resume' | 'recompute' | 'replan' | 'recount';
  workingDays: number;
  deadlineAt: string | null;
  pausedAt: string | null;
  at: string;
  actor: Actor;
  requestId: string;
  reason: string;
  /** the step's deadline is statutory: its ladder gets the statutory-missed rung */
  statutory?: boolean;
  /** tell the step's holder the old and new deadline and the reason (a calendar change) */
  notifyHolder?: boolean;
}

export interface FireRungInput extends Ids {
  stepKey: string;
  taskKey: string;
  taskId: string;
  flowKey: string;
  stageKey: string;
  orgUnitId: string;
  assigneeRole: Role;
  assigneeUserId: string | null;
  deadlineAt: string | null;
  statutory: boolean;
  rung: LadderRungPlan;
  nextRungAt: string | null;
  firedAt: string;
}

/** Loads the statutory calendar with the administrators' overrides applied. */
export async function loadCalendar(prisma: PrismaClient | Prisma.TransactionClient): Promise<WorkingCalendar> {
  const [overrides, years] = await Promise.all([prisma.calendarOverride.findMany(), prisma.calendarYear.findMany({ select: { year: true } })]);
  return createWorkingCalendar(
    overrides.map((o): DayOverride => ({ date: o.date, kind: o.kind as DayOverride['kind'], name: o.name })),
    { publishedYears: years.map((y) => y.year) },
  );
}

/** What a step reads of its stage's settings (StageDefinition). */
interface StageSettings {
  deadlineKind: 'WORKING_DAYS' | 'STATUTORY_DATE';
  workingDays: number | null;
  ladder: unknown;
  /** the administrator's 会签 setting (环节设置), null when none */
  countersign: CountersignSetting | null;
}

const RUNG_LABEL: Record<LadderRungPlan['action'], string> = {
  remind: '到期提醒',
  urge: '催办',
  supervise: '督办',
  'candidate-notice': '拟通报',
};

/**
 * Writes the read model of the human steps. Every function is keyed by business ids (executionId plus
 * the task key) and writes its audit row with a dedupe key, so an activity retried after a timeout never
 * duplicates a task, an event, a reminder or a notification.
 */
export function createTaskProjection(prisma: PrismaClient, notifier?: Notifier) {
  const taskWhere = (executionId: string, key: string) => ({ executionId_stepKey: { executionId, stepKey: key } });

  /**
   * The working calendar, built once and kept while the administrators' overrides stay as they are. Every
   * step needs it; loading every override row and building the calendar each time was the projection's
   * most expensive read. A fingerprint of the overrides comes with each stage read (settingsOf), so a
   * holiday an administrator adds in the API process counts for the very next deadline this worker plans.
   */
  let calendarCache: { version: string; calendar: Promise<WorkingCalendar> } | undefined;

  /** The stage's deadline settings and the calendar, in one SQL statement while the calendar is unchanged. */
  async function settingsOf(flowKey: string, stageKey: string): Promise<{ stage: StageSettings | null; calendar: WorkingCalendar }> {
    const [row] = await prisma.$queryRaw<Array<{ version: string; stage: StageSettings | null }>>`
      SELECT
        (SELECT md5(coalesce(string_agg(o."date" || '|' || o."kind" || '|' || o."name", ',' ORDER BY o."date"), '')) FROM "CalendarOverride" o) AS version,
        (SELECT json_build_object('deadlineKind', s."deadlineKind", 'workingDays', s."workingDays", 'ladder', s."ladder", 'countersign', s."countersign")
           FROM "StageDefinition" s WHERE s."flowKey" = ${flowKey} AND s."key" = ${stageKey}) AS stage`;
    if (calendarCache?.version !== row.version) {
      const calendar = loadCalendar(prisma);
      const entry = { version: row.version, calendar };
      calendarCache = entry;
      calendar.catch(() => { if (calendarCache === entry) calendarCache = undefined; });
    }
    return { stage: row.stage, calendar: await calendarCache.calendar };
  }

  /** The step's deadline: the statutory date when there is one, else N working days after the start. */
  async function deadlineFor(input: { flowKey: string; stageKey: string; startedAt: string; statutoryDeadline: string | null; extraWorkingDays?: number }) {
    const { stage, calendar } = await settingsOf(input.flowKey, input.stageKey);
    const ladder = parseLadder(stage?.ladder);
    if (input.statutoryDeadline) return { deadline: new Date(input.statutoryDeadline), ladder, calendar, stage };
    if (!stage || stage.deadlineKind !== 'WORKING_DAYS' || stage.workingDays == null) return { deadline: null, ladder, calendar, stage };
    return { deadline: calendar.deadlineAfter(new Date(input.startedAt), stage.workingDays + (input.extraWorkingDays ?? 0)), ladder, calendar, stage };
  }

  function openTask(input: OpenTaskInput): Promise<OpenTaskResult> {
    return open(input) as Promise<OpenTaskResult>;
  }

  function openStep(input: OpenStepInput): Promise<OpenTaskResult | CountersignedStage> {
    return open(input, { registryDefault: input.registryCountersign });
  }

  async function open(input: OpenTaskInput, decideCountersign?: { registryDefault: CountersignSpec | null }): Promise<OpenTaskResult | CountersignedStage> {
    const pool = poolOf(prisma);
    const existing = await findTask(pool, input.executionId, input.stepKey);
    const computed = input.deadlineAt !== undefined
      ? await settingsOf(input.flowKey, input.stageKey).then(({ stage, calendar }) => ({ deadline: input.deadlineAt ? new Date(input.deadlineAt) : null, ladder: parseLadder(stage?.ladder), calendar, stage }))
      : await deadlineFor(input);
    // 会签, decided when the step opens (a row already written by an earlier attempt means it was not countersigned).
    if (decideCountersign && !existing) {
      const countersign = await countersignOf(computed.stage?.countersign ?? null, decideCountersign.registryDefault, input);
      if (countersign) return { countersign };
    }
    const rungs = computed.deadline ? planLadder(computed.calendar, computed.ladder, computed.deadline, Boolean(input.statutoryDeadline)) : [];
    if (existing) return { taskId: existing.id, deadlineAt: existing.deadlineAt?.toISOString() ?? null, rungs, ...(await recordedRouting(pool, existing.id)) };
    // 委托: a main task meant for someone away goes to their delegate (docs/delegation.md).
    const routed = input.position === 'main' ? await routeToDelegate(pool, input) : undefined;
    const assigneeUserId = routed?.delegateId ?? input.assigneeUserId;
    let title = input.title;
    if (title === null && input.parentTaskKey) {
      const parent = await findTask(pool, input.executionId, input.parentTaskKey);
      title = `${parent?.title ?? ''}（加签）`;
    }
    const firstRung = rungs.find((r) => r.at >= input.startedAt);
    // Two attempts may race past the first read: the loser's insert does nothing and reads the winner's row,
    // and its audit row is skipped by the dedupe key.
    const task = await inTransaction(pool, async (db) => {
      const created = await insertTask(db, {
        workflowId: input.workflowId,
        executionId: input.executionId,
        stepKey: input.stepKey,
        round: input.round,
        flowKey: input.flowKey,
        stageKey: input.stageKey,
        title: title ?? input.stageKey,
        orgUnitId: input.orgUnitId,
        assigneeRole: input.assigneeRole,
        assigneeUserId,
        campaignId: input.campaignId,
        payload: input.payload,
        startedAt: input.startedAt,
        deadlineAt: computed.deadline,
        position: input.position,
        returnedWith: input.returnedWith,
        nextRungAt: firstRung ? firstRung.at : null,
      });
      await insertAudit(db, {
        action: input.position === 'main' ? 'task.opened' : 'task.approver_added',
        entityId: created.id,
        workflowId: input.workflowId,
        actorId: input.openedBy?.actor.userId ?? null,
        actorLogin: input.openedBy?.actor.login ?? null,
        requestId: input.openedBy?.requestId ?? null,
        before: null,
        after: {
          stepKey: input.stepKey, stageKey: input.stageKey, round: input.round, orgUnitId: input.orgUnitId, position: input.position,
          assigneeUserId: input.assigneeUserId, deadlineAt: computed.deadline?.toISOString() ?? null, returnedWith: input.returnedWith,
        },
        dedupeKey: `${input.executionId}/${input.stepKey}/opened`,
      });
      if (routed) {
        await markDelegated(db, created.id, routed);
        await insertAudit(db, {
          action: 'task.delegated', entityId: created.id, workflowId: input.workflowId, actorId: null, actorLogin: null, requestId: null,
          before: { assigneeUserId: input.assigneeUserId }, after: { assigneeUserId, delegatedFromId: routed.delegatorId, delegationId: routed.delegationId ?? null, at: 'open' },
          dedupeKey: `${input.executionId}/${input.stepKey}/delegated`,
        });
      }
      return created;
    });
    await notifier?.({
      dedupeKey: `${input.executionId}/${input.stepKey}/assigned`,
      kind: input.returnedWith ? 'returned' : 'assigned',
      audiences: ['assignees'],
      orgUnitId: input.orgUnitId,
      assigneeRole: input.assigneeRole,
      assigneeUserId,
      subject: input.returnedWith ? `已退回，请修改后重新提交：${task.title}` : `新待办：${task.title}`,
      body: input.returnedWith ? `退回意见：${input.returnedWith.comment}` : `办理期限：${task.deadlineAt ? chinaDate(task.deadlineAt) : '无'}`,
      taskId: task.id,
      workflowId: input.workflowId,
    });
    return { taskId: task.id, deadlineAt: task.deadlineAt?.toISOString() ?? null, rungs, ...(routed ? { delegatedTo: routed.delegateId, delegatedFrom: routed.delegatorId } : {}) };
  }

  async function closeTask(input: CloseTaskInput): Promise<void> {
    await inTransaction(poolOf(prisma), async (db) => {
      const before = await findTask(db, input.executionId, input.stepKey);
      if (!before && input.status === 'CANCELLED') return; // cancelled before its task row was written
      if (!before) throw new Error(`task ${input.executionId}/${input.stepKey} is not projected yet`);
      // Closed already. By this very closing (an earlier attempt of this activity): nothing to do. By another
      // request: a closing projected from a workflow task that then failed, so the workflow never recorded
      // it, and now applies this one instead (two clerks at once; Temporal re-admits both updates after the
      // failed task, in whichever order their retries come back; issue 13). The workflow is the truth:
      // the row takes this closing, and its audit row names the one it supersedes.
      let supersedes: { requestId: string | null; status: string; completedById: string | null } | undefined;
      if (before.status !== 'OPEN') {
        const last = await lastClosing(db, before.id);
        if (!last || last.requestId === input.requestId) return;
        supersedes = last;
      }
      await closeTaskRow(db, before.id, {
        status: input.status,
        completedAt: input.at,
        completedById: input.actor?.userId ?? null,
        comment: input.comment,
        result: input.result,
        replaceResult: supersedes !== undefined,
      });
      await insertAudit(db, {
        action: `task.${input.status.toLowerCase()}`,
        entityId: before.id,
        workflowId: input.workflowId,
        actorId: input.actor?.userId ?? null,
        actorLogin: input.actor?.login ?? null,
        requestId: input.requestId,
        before: { status: before.status },
        after: {
          status: input.status, comment: input.comment, result: input.result, completedAt: input.at,
          // 委托: the delegate acted on behalf of the holder the task was meant for.
          ...(before.delegatedFromId && input.actor && input.actor.userId !== before.delegatedFromId ? { onBehalfOf: before.delegatedFromId } : {}),
          ...(supersedes ? { supersedes } : {}),
        },
        // Keyed by the request too: a row the reconciler reopened (issue 13) is audited again when it closes.
        dedupeKey: `${input.executionId}/${input.stepKey}/closed${input.requestId ? `/${input.requestId}` : ''}`,
      });
    });
  }

  async function updateTask(input: UpdateTaskInput): Promise<void> {
    const task = await prisma.$transaction(async (tx) => {
      const row = await tx.task.findUniqueOrThrow({ where: taskWhere(input.executionId, input.taskKey) });
      if (Object.keys(input.patch).length > 0) await tx.task.update({ where: { id: row.id }, data: input.patch });
      if (input.audit) {
        await tx.auditEvent.createMany({
          data: [{
            action: input.audit.action, entityType: 'task', entityId: row.id, workflowId: input.workflowId,
            actorId: input.audit.actor.userId, actorLogin: input.audit.actor.login, requestId: input.audit.requestId,
            before: input.audit.before as Prisma.InputJsonValue, after: input.audit.after as Prisma.InputJsonValue,
            dedupeKey: `${input.executionId}/${input.taskKey}/${input.audit.requestId}`,
          }],
          skipDuplicates: true,
        });
      }
      return row;
    });
    if (input.notify && input.audit) {
      await notifier?.({
        dedupeKey: `${input.executionId}/${input.taskKey}/${input.audit.requestId}/${input.notify.kind}`,
        kind: input.notify.kind, audiences: [], userIds: input.notify.userIds, orgUnitId: task.orgUnitId,
        subject: `${input.notify.subject}：${task.title}`, body: input.notify.body, taskId: task.id, workflowId: input.workflowId,
      });
    }
  }

  /**
   * Moves a step's deadline: an extension (延期) by N working days, a pause (the clock stops), a resume
   * (the deadline moves by the working days the clock stood still), or a recompute from the stage's
   * current settings (an administrator applied a change to running steps). Every open task of the step
   * (the main one and added approvers) gets the new deadline; the ladder is re-planned from it.
   */
  async function moveDeadline(input: MoveDeadlineInput): Promise<{ deadlineAt: string | null; rungs: LadderRungPlan[] }> {
    const main = await prisma.task.findUniqueOrThrow({ where: taskWhere(input.executionId, input.stepKey) });
    const { stage, calendar } = await settingsOf(main.flowKey, main.stageKey);
    const ladder = parseLadder(stage?.ladder);
    const current = input.deadlineAt ? new Date(input.deadlineAt) : null;
    let next = current;
    let extension = main.extensionWorkingDays;
    if (input.mode === 'extend' && current) {
      next = endOfChinaDay(calendar.addWorkingDays(chinaDate(current), input.workingDays));
      extension += input.workingDays;
    } else if (input.mode === 'resume' && current && input.pausedAt) {
      const stood = Math.max(0, calendar.workingDaysBetween(chinaDate(new Date(input.pausedAt)), chinaDate(new Date(input.at))));
      next = endOfChinaDay(calendar.addWorkingDays(chinaDate(current), stood));
      extension += stood;
    } else if (input.mode === 'recompute' && stage?.deadlineKind === 'WORKING_DAYS' && stage.workingDays != null) {
      next = calendar.deadlineAfter(main.startedAt, stage.workingDays + main.extensionWorkingDays);
    } else if (input.mode === 'recount' && current) {
      next = calendar.deadlineAfter(main.startedAt, input.workingDays);
    }
    const rungs = next ? planLadder(calendar, ladder, next, Boolean(input.statutory)) : [];
    const startedAt = main.startedAt.toISOString();
    const upcoming = rungs.find((r) => r.at >= startedAt && r.at > input.at);
    const action = { extend: 'task.extended', pause: 'task.paused', resume: 'task.resumed', recompute: 'task.rescheduled', replan: 'task.rescheduled', recount: 'task.rescheduled' }[input.mode];
    await prisma.$transaction(async (tx) => {
      await tx.task.updateMany({
        where: { executionId: input.executionId, status: 'OPEN', OR: [{ stepKey: input.stepKey }, { stepKey: { startsWith: `${input.stepKey}+` } }] },
        data: {
          deadlineAt: next,
          extensionWorkingDays: extension,
          pausedAt: input.mode === 'pause' ? new Date(input.at) : input.mode === 'resume' ? null : undefined,
          // A paused clock fires nothing: only a resume gives the row its next reminder again.
          nextRungAt: input.mode === 'pause' || (input.pausedAt && input.mode !== 'resume') ? null : upcoming ? new Date(upcoming.at) : null,
        },
      });
      await tx.auditEvent.createMany({
        data: [{
          action, entityType: 'task', entityId: main.id, workflowId: input.workflowId, actorId: input.actor.userId, actorLogin: input.actor.login,
          requestId: input.requestId,
          before: { deadlineAt: current?.toISOString() ?? null, pausedAt: input.pausedAt },
          after: { deadlineAt: next?.toISOString() ?? null, reason: input.reason, workingDays: input.workingDays, extensionWorkingDays: extension },
          dedupeKey: `${input.executionId}/${input.stepKey}/${input.requestId}`,
        }],
        skipDuplicates: true,
      });
    });
    if (input.notifyHolder) {
      const day = (d: Date | null) => (d ? chinaDate(d) : '无');
      await notifier?.({
        dedupeKey: `${input.executionId}/${input.stepKey}/${input.requestId}/rescheduled`,
        kind: 'rescheduled', audiences: ['assignees'], orgUnitId: main.orgUnitId, assigneeRole: main.assigneeRole as Role, assigneeUserId: main.assigneeUserId,
        subject: `办理期限调整：${main.title}`,
        body: next?.getTime() === current?.getTime()
          ? `办理期限仍为 ${day(next)}，催办、督办等提醒时间已按新日历重新安排。原因：${input.reason}`
          : `办理期限由 ${day(current)} 调整为 ${day(next)}。原因：${input.reason}`,
        taskId: main.id, workflowId: input.workflowId,
        payload: { before: current?.toISOString() ?? null, after: next?.toISOString() ?? null, reason: input.reason },
      });
    }
    return { deadlineAt: next?.toISOString() ?? null, rungs };
  }

  /**
   * One rung of the escalation ladder (docs/domain.md §5): reminders and 催办 notify people; 督办 and the
   * candidate 通报 list are records a person acts on. Keyed by task and rung, so it happens once.
   */
  async function fireRung(input: FireRungInput): Promise<void> {
    const { rung } = input;
    const pool = poolOf(prisma);
    const task = await findTaskById(pool, input.taskId);
    if (!task) throw Object.assign(new Error(`task ${input.taskId} not found`), { code: 'P2025' });
    const overdue = rung.action !== 'remind';
    const message = rung.action === 'remind'
      ? `「${task.title}」将于 ${input.deadlineAt ? chinaDate(new Date(input.deadlineAt)) : ''} 到期，请及时办理。`
      : rung.action === 'urge'
        ? `「${task.title}」已到办理期限，请尽快办理（催办）。`
        : rung.action === 'supervise'
          ? `「${task.title}」逾期未办，已列入督办。`
          : input.statutory
            ? `「${task.title}」未在法定期限内完成，列入拟通报名单，待人工决定。`
            : `「${task.title}」严重逾期，列入拟通报名单，待人工决定。`;
    await inTransaction(pool, async (db) => {
      await insertReminder(db, { taskId: task.id, rung: rung.key, message, dedupeKey: `${input.executionId}/${input.taskKey}/rung/${rung.key}` });
      if (rung.action === 'supervise' || rung.action === 'candidate-notice') {
        await insertEscalation(db, {
          taskId: task.id, workflowId: input.workflowId, orgUnitId: input.orgUnitId,
          kind: rung.action === 'supervise' ? 'SUPERVISE' : 'CANDIDATE_NOTICE', rung: rung.key, reason: message,
        });
      }
      await setRung(db, task.id, rung.key, input.nextRungAt);
      await insertAudit(db, {
        action: `escalation.${rung.action}`, entityId: task.id, workflowId: input.workflowId, actorId: null, actorLogin: null, requestId: null,
        before: { currentRung: task.currentRung }, after: { currentRung: rung.key, at: input.firedAt, overdue, message },
        dedupeKey: `${input.executionId}/${input.taskKey}/rung/${rung.key}`,
      });
    });
    await notifier?.({
      dedupeKey: `${input.executionId}/${input.taskKey}/rung/${rung.key}`,
      kind: rung.action === 'remind' ? 'reminder' : rung.action,
      audiences: rung.notify,
      orgUnitId: input.orgUnitId,
      assigneeRole: input.assigneeRole,
      assigneeUserId: input.assigneeUserId,
      subject: `${RUNG_LABEL[rung.action]}：${task.title}`,
      body: message,
      taskId: task.id,
      workflowId: input.workflowId,
      payload: { rung: rung.key, deadlineAt: input.deadlineAt },
    });
  }

  /**
   * 会签 of a step about to open: the administrator's setting on the stage (环节设置) merged with the flow
   * registry's default the workflow passes in (domain/step/countersign.ts effectiveCountersign). Read
   * when each step opens, so a setting changed today applies to the next step, not to running ones.
   */
  async function stageCountersign(input: {
    flowKey: string; stageKey: string; orgUnitId: string; assigneeRole: Role; registryDefault: CountersignSpec | null;
  }): Promise<{ countersign: CountersignSpec | null }> {
    const stage = await prisma.stageDefinition.findUnique({ where: { flowKey_key: { flowKey: input.flowKey, key: input.stageKey } }, select: { countersign: true } });
    return { countersign: await countersignOf((stage?.countersign ?? null) as CountersignSetting | null, input.registryDefault, input) };
  }

  /** The stage's setting merged with the registry's default, its named signers read (only when it names any). */
  async function countersignOf(
    setting: CountersignSetting | null, registryDefault: CountersignSpec | null, input: { orgUnitId: string; assigneeRole: Role },
  ): Promise<CountersignSpec | null> {
    const ids = namedSignerIds(setting);
    const users = new Map<string, NamedSigner>();
    if (ids.length) {
      for (const u of await prisma.user.findMany({ where: { id: { in: ids }, active: true }, select: { id: true, orgUnitId: true, roles: true, displayName: true } })) {
        // A named signer signs in the stage's post when they hold it, else in their first post.
        const role = u.roles.includes(input.assigneeRole) ? input.assigneeRole : u.roles[0];
        if (role) users.set(u.id, { orgUnitId: u.orgUnitId, role, name: u.displayName });
      }
    }
    return effectiveCountersign(registryDefault ?? undefined, setting, { orgUnitId: input.orgUnitId, users }) ?? null;
  }

  return { openTask, openStep, closeTask, updateTask, moveDeadline, fireRung, stageCountersign };
}
