/**
 * The inbox's total (Content-Range) for a scope and a status is summed from TaskCount, which triggers keep in
 * the transaction that writes a task. These tests write tasks the ways the projection and the tests do
 * (insert, close, move to another unit, delete, truncate) and compare every total with a count of the rows.
 */
import { randomUUID } from 'node:crypto';
import { createPrisma, poolOf, type PrismaClient } from '../../activities/infra/prisma';
import { parseListQuery } from '../../server/listQuery';
import { taskRepository } from '../../server/repositories/taskRepository';
import { applyTestEnv } from '../support/env';

const MARKER = `task-counts-${randomUUID().slice(0, 8)}`;
let prisma: PrismaClient;
const units: Record<string, { id: string; path: string }> = {};
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
