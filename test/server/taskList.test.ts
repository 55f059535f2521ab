/**
 * A task list's page is one SQL statement (taskRepository.list: the unit joined in, no query compilation).
 * These tests hold it to what Prisma's model query over the same rows gives, for every filter of the inbox
 * and every sort it offers: the same rows in the same order, the same total, the same fields and types.
 */
import { randomUUID } from 'node:crypto';
import { createPrisma, type Prisma, type PrismaClient } from '../../activities/infra/prisma';
import { parseListQuery } from '../../server/listQuery';
import { TASK_LIST_SORT_FIELDS, taskListSelect, taskRepository, type TaskFilter } from '../../server/repositories/taskRepository';
import { applyTestEnv } from '../support/env';

const MARKER = `task-list-${randomUUID().slice(0, 8)}`;
let prisma: PrismaClient;
const units: Record<'district' | 'a' | 'b', { id: string; path: string; name: string }> = {} as never;
let userId: string;
const DAY = 86_400_000;

beforeAll(async () => {
  applyTestEnv();
  prisma = createPrisma(process.env.DATABASE_URL!, 2);
  const district = await prisma.orgUnit.findFirstOrThrow({ where: { kind: 'DISTRICT_GOVERNMENT' }, orderBy: { code: 'asc' } });
  const below = await prisma.orgUnit.findMany({ where: { path: { startsWith: district.path }, NOT: { id: district.id } }, orderBy: { code: 'asc' }, take: 2 });
  Object.assign(units, { district, a: below[0], b: below[1] });
  userId = (await prisma.user.findFirstOrThrow({ orderBy: { login: 'asc' } })).id;
  // Twelve tasks in two units: every status, two stages, overdue, due soon, far ahead and without a deadline,
  // mine, someone else's and unassigned, one returned with its JSON, equal deadlines (the id breaks the tie).
  const statuses = ['OPEN', 'OPEN', 'OPEN', 'COMPLETED', 'OPEN', 'RETURNED', 'OPEN', 'CANCELLED', 'OPEN', 'WITHDRAWN', 'OPEN', 'OPEN'] as const;
  const deadlines = [-3, 2, 40, 1, null, -1, 2, 5, 10, -10, null, 2];
  await prisma.task.createMany({
    data: statuses.map((status, i) => ({
      id: randomUUID(), workflowId: `${MARKER}/${i % 4}`, executionId: `${MARKER}/${i}`, stepKey: `step#${i}`, flowKey: i % 3 ? 'annual-report' : 'website-closure',
      stageKey: i % 2 ? 'assign' : 'draft', title: `${MARKER} ${i % 5 === 0 ? '年报%_' : '事项'} ${i}`, orgUnitId: i % 3 ? units.a.id : units.b.id, assigneeRole: 'CLERK' as const,
      assigneeUserId: i % 4 === 0 ? userId : i % 4 === 1 ? null : randomUUID(), status, campaignId: MARKER,
      startedAt: new Date(Date.now() - (i + 1) * 3_600_000), deadlineAt: deadlines[i] === null ? null : new Date(Date.now() + deadlines[i]! * DAY),
      returnedWith: status === 'RETURNED' ? { fromStageKey: 'review', reasonCode: 'other', comment: '退回', byLogin: 'x', round: 1 } : undefined,
    })),
  });
});

afterAll(async () => {
  await prisma.task.deleteMany({ where: { campaignId: MARKER } });
  await prisma.$disconnect();
});

/** The same filter as Prisma's model query says it (the reference the SQL statement is held to). */
function prismaWhere(scope: Prisma.TaskWhereInput, f: TaskFilter): Prisma.TaskWhereInput {
  return {
    AND: [
      scope,
      f.status ? { status: f.status as Prisma.EnumTaskStatusFilter['equals'] } : {},
      f.flowKey ? { flowKey: f.flowKey } : {},
      f.stageKey ? { stageKey: f.stageKey } : {},
      f.campaignId ? { campaignId: f.campaignId } : {},
      f.workflowId ? { workflowId: f.workflowId } : {},
      f.q ? { OR: [{ title: { contains: f.q } }, { orgUnit: { name: { contains: f.q } } }] } : {},
      f.overdue ? { status: 'OPEN' as const, deadlineAt: { lt: new Date() } } : {},
      f.dueWithinDays !== undefined ? { status: 'OPEN' as const, deadlineAt: { lt: new Date(Date.now() + f.dueWithinDays * DAY) } } : {},
      f.id ? { id: { in: f.id } } : {},
      f.orgUnitId ? { orgUnitId: f.orgUnitId } : {},
      f.mineUserId ? { OR: [{ assigneeUserId: f.mineUserId }, { assigneeUserId: null }] } : {},
    ],
  };
}

const NULLABLE = new Set(['deadlineAt']);

async function expectSameAsPrisma(scope: Prisma.TaskWhereInput, filter: TaskFilter, sort: string, order: 'ASC' | 'DESC', range = '[0,24]') {
  const q = parseListQuery({ sort: JSON.stringify([sort, order]), range }, TASK_LIST_SORT_FIELDS, ['deadlineAt', 'ASC']);
  const f = { campaignId: MARKER, ...filter };
  const got = await taskRepository(prisma).list(scope, f, q);
  const dir = order === 'ASC' ? 'asc' : 'desc';
  const want = await prisma.task.findMany({
    where: prismaWhere(scope, f), select: taskListSelect, skip: q.skip, take: q.take,
    orderBy: [{ [sort]: NULLABLE.has(sort) ? { sort: dir, nulls: 'last' } : dir }, { id: 'asc' }],
  });
  const total = await prisma.task.count({ where: prismaWhere(scope, f) });
  expect({ filter, sort, order, range, total: got.total, rows: got.rows }).toEqual({ filter, sort, order, range, total, rows: want });
}

describe('the task list as one SQL statement', () => {
  const district = () => ({ orgUnit: { path: { startsWith: units.district.path } } });

  it('lists the same rows, fields and total as the model query for every filter of the inbox', async () => {
    const filters: TaskFilter[] = [
      {}, { status: 'OPEN' }, { status: 'RETURNED' }, { flowKey: 'website-closure' }, { stageKey: 'assign', status: 'OPEN' },
      { workflowId: `${MARKER}/1` }, { q: '年报%_' }, { q: units.b.name }, { overdue: true }, { dueWithinDays: 3 }, { dueWithinDays: 0 },
      { orgUnitId: units.a.id }, { mineUserId: userId }, { mineUserId: userId, status: 'OPEN', dueWithinDays: 7 },
    ];
    for (const f of filters) await expectSameAsPrisma(district(), f, 'deadlineAt', 'ASC');
    for (const f of filters) await expectSameAsPrisma({ orgUnitId: units.a.id }, f, 'deadlineAt', 'ASC');
    const some = await prisma.task.findMany({ where: { campaignId: MARKER }, select: { id: true }, take: 3 });
    await expectSameAsPrisma(district(), { id: some.map((t) => t.id) }, 'deadlineAt', 'ASC');
  });

  it('searches for a % or _ as the character itself, not as a LIKE wildcard (Prisma\'s contains would match every row)', async () => {
    const q = parseListQuery({ range: '[0,99]' }, TASK_LIST_SORT_FIELDS, ['deadlineAt', 'ASC']);
    for (const text of ['%', '_', '%_']) {
      const { rows, total } = await taskRepository(prisma).list(district(), { campaignId: MARKER, q: text }, q);
      expect(rows.map((r) => r.title).sort()).toEqual([0, 5, 10].map((i) => `${MARKER} 年报%_ ${i}`).sort());
      expect(total).toBe(3);
    }
  });

  it('sorts by every field it offers, both ways, nulls last, and pages through the rows', async () => {
    for (const sort of TASK_LIST_SORT_FIELDS) {
      for (const order of ['ASC', 'DESC'] as const) await expectSameAsPrisma(district(), {}, sort, order);
    }
    for (const range of ['[0,4]', '[5,9]', '[10,14]']) await expectSameAsPrisma(district(), {}, 'deadlineAt', 'DESC', range);
  });
});
