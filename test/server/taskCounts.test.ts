/**
 * The inbox's total (Content-Range) for a scope and a status is summed from TaskCount, which triggers keep in
 * the transaction that writes a task. These tests write tasks the ways the projection and the tests do
 * (insert, close, move to another unit, delete, truncate) and compare every total with a count of the rows.
 *
 * The page itself is one SQL statement (taskRepository.list: the unit joined in, no query compilation); the
 * last tests hold it to what Prisma's model query over the same rows gives, for every filter of the inbox and
 * every sort it offers: the same rows in the same order, the same total, the same fields and types.
 */
import { randomUUID } from 'node:crypto';
import { createPrisma, poolOf, type Prisma, type PrismaClient } from '../../activities/infra/prisma';
import { parseListQuery } from '../../server/listQuery';
import { TASK_LIST_SORT_FIELDS, taskListSelect, taskRepository, type TaskFilter } from '../../server/repositories/taskRepository';
import { applyTestEnv } from '../support/env';

const MARKER = `task-counts-${randomUUID().slice(0, 8)}`;
let prisma: PrismaClient;
const units: Record<string, { id: string; path: string; name: string }> = {};
const page = parseListQuery({ range: '[0,24]', sort: '["deadlineAt","ASC"]' }, ['deadlineAt'], ['deadlineAt', 'ASC']);
type Status = 'OPEN' | 'COMPLETED' | 'RETURNED' | 'WITHDRAWN' | 'CANCELLED';

beforeAll(async () => {
  applyTestEnv();
  prisma = createPrisma(process.env.DATABASE_URL!, 2);
  // The city, a district, and two units of that district (a street and a department).
  const district = await prisma.orgUnit.findFirstOrThrow({ where: { kind: 'DISTRICT_GOVERNMENT' }, orderBy: { code: 'asc' } });
  const below = await prisma.orgUnit.findMany({ where: { path: { startsWith: district.path }, NOT: { id: district.id } }, orderBy: { code: 'asc' }, take: 2 });
  const city = await prisma.orgUnit.findFirstOrThrow({ where: { depth: 0 } });
  Object.assign(units, { city, district, a: below[0], b: below[1] });
});

afterAll(async () => {
  await prisma.task.deleteMany({ where: { title: { startsWith: MARKER } } });
  await prisma.$disconnect();
});

async function addTasks(unitId: string, status: Status, n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, () => randomUUID());
  await prisma.task.createMany({
    data: ids.map((id, i) => ({
      id, workflowId: `${MARKER}/${id}`, executionId: id, stepKey: 'assign#1', flowKey: 'annual-report', stageKey: i % 2 ? 'assign' : 'draft',
      title: `${MARKER} ${i}`, orgUnitId: unitId, assigneeRole: 'CLERK' as const, status, startedAt: new Date(), deadlineAt: new Date(Date.now() + i * 86_400_000),
    })),
  });
  return ids;
}

/** The list's total for a scope and filter, beside a count of the rows it stands for. */
async function totals(scope: { orgUnitId: string } | { orgUnit: { path: { startsWith: string } } }, filter: { status?: Status; orgUnitId?: string; stageKey?: string }) {
  const { total } = await taskRepository(prisma).list(scope, filter, page);
  const rows = await prisma.task.count({ where: { AND: [scope, filter] } });
  return { total, rows };
}

async function expectEveryTotalExact() {
  const scopes = [
    { orgUnit: { path: { startsWith: units.city.path } } },
    { orgUnit: { path: { startsWith: units.district.path } } },
    { orgUnitId: units.a.id },
    { orgUnitId: units.b.id },
  ];
  for (const scope of scopes) {
    for (const status of [undefined, 'OPEN', 'COMPLETED', 'CANCELLED'] as const) {
      const { total, rows } = await totals(scope, { status });
      expect({ scope, status, total }).toEqual({ scope, status, total: rows });
    }
  }
  const inUnit = await totals({ orgUnit: { path: { startsWith: units.district.path } } }, { status: 'OPEN', orgUnitId: units.b.id });
  expect(inUnit.total).toBe(inUnit.rows);
}

describe('the inbox total kept in TaskCount', () => {
  it('equals a count of the rows after tasks are opened, closed, reopened, moved to another unit and deleted', async () => {
    const before = await totals({ orgUnitId: units.a.id }, { status: 'OPEN' });
    const opened = await addTasks(units.a.id, 'OPEN', 6);
    await addTasks(units.b.id, 'COMPLETED', 3);
    expect((await totals({ orgUnitId: units.a.id }, { status: 'OPEN' })).total).toBe(before.total + 6);
    await expectEveryTotalExact();

    await prisma.task.updateMany({ where: { id: { in: opened.slice(0, 2) } }, data: { status: 'COMPLETED', completedAt: new Date() } });
    await prisma.task.update({ where: { id: opened[2] }, data: { status: 'CANCELLED' } });
    await prisma.task.update({ where: { id: opened[2] }, data: { status: 'OPEN' } });
    await prisma.task.update({ where: { id: opened[3] }, data: { orgUnitId: units.b.id } });
    await prisma.task.update({ where: { id: opened[4] }, data: { orgUnitId: units.b.id, status: 'RETURNED' } });
    await prisma.task.update({ where: { id: opened[5] }, data: { title: `${MARKER} renamed`, status: 'OPEN' } });
    await prisma.task.delete({ where: { id: opened[0] } });
    expect((await totals({ orgUnitId: units.a.id }, { status: 'OPEN' })).total).toBe(before.total + 2);
    await expectEveryTotalExact();
  });

  it('answers a filter beyond scope, unit and status with a count of the matching rows', async () => {
    await addTasks(units.a.id, 'OPEN', 4);
    const { total, rows } = await totals({ orgUnit: { path: { startsWith: units.district.path } } }, { status: 'OPEN', stageKey: 'assign' });
    expect(total).toBe(rows);
    const all = await totals({ orgUnit: { path: { startsWith: units.district.path } } }, { status: 'OPEN' });
    expect(total).toBeLessThan(all.total);
  });

  it('is empty after the task table is truncated (inside a transaction that is rolled back)', async () => {
    const client = await poolOf(prisma).connect();
    try {
      await client.query('BEGIN');
      expect(Number((await client.query('SELECT coalesce(sum("n"), 0) AS n FROM "TaskCount"')).rows[0].n)).toBeGreaterThan(0);
      await client.query('TRUNCATE "Task" CASCADE');
      expect(Number((await client.query('SELECT coalesce(sum("n"), 0) AS n FROM "TaskCount"')).rows[0].n)).toBe(0);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
    await expectEveryTotalExact();
  });
});

// ---- the page as one SQL statement ----

let userId: string;
const DAY = 86_400_000;

async function addListFixture() {
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
}

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
  beforeAll(addListFixture);
  afterAll(() => prisma.task.deleteMany({ where: { campaignId: MARKER } }));
  const district = () => ({ orgUnit: { path: { startsWith: units.district.path } } });

  it('lists the same rows, fields and total as the model query for every filter of the inbox', async () => {
    const filters: TaskFilter[] = [
      {}, { status: 'OPEN' }, { status: 'RETURNED' }, { flowKey: 'website-closure' }, { stageKey: 'assign', status: 'OPEN' },
      { workflowId: `${MARKER}/1` }, { q: '年报%_' }, { q: units.b.name }, { overdue: true }, { dueWithinDays: 3 }, { dueWithinDays: 0 },
      { orgUnitId: units.a.id }, { mineUserId: userId }, { mineUserId: userId, status: 'OPEN', dueWithinDays: 7 },
    ];
    for (const f of filters) await expectSameAsPrisma(district(), f, 'deadlineAt', 'ASC');
    // A unit's own list: the scope is the unit's id instead of its path (the filters combine with it the same way).
    for (const f of [{}, { status: 'OPEN' }, { q: '年报%_' }, { mineUserId: userId, status: 'OPEN' }]) await expectSameAsPrisma({ orgUnitId: units.a.id }, f, 'deadlineAt', 'ASC');
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
