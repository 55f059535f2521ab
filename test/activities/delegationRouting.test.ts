/**
 * 委托 at task open against the real PostgreSQL (activities/tasks/delegationRouting.ts): the delegation rows the
 * projection reads, and whom it answers. No Temporal: the workflow side is in test/server/delegationAndBatch.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { routeToDelegate } from '../../activities/tasks/delegationRouting';
import { createPrisma, poolOf, type PrismaClient } from '../../activities/infra/prisma';
import { chinaDate } from '../../domain/calendar';
import { applyTestEnv } from '../support/env';

let prisma: PrismaClient;
let unitId: string;
const ids: Record<string, string> = {};
const today = chinaDate(new Date());
const startedAt = new Date().toISOString();

beforeAll(async () => {
  applyTestEnv();
  prisma = createPrisma(process.env.DATABASE_URL!, 2);
  // A seeded unit no other test uses: its head, and two more holders of the post added here (disabled after).
  const unit = await prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BJ-D040' } });
  unitId = unit.id;
  ids.head = (await prisma.user.findUniqueOrThrow({ where: { login: 'bj-d040-head' } })).id;
  const code = `t-dlg-${randomUUID().slice(0, 8)}`;
  for (const name of ['deputy', 'other']) {
    const u = await prisma.user.create({ data: { login: `${code}-${name}`, displayName: name, orgUnitId: unitId, roles: ['UNIT_HEAD'], passwordHash: 'x' } });
    ids[name] = u.id;
  }
});

afterAll(async () => {
  await prisma.delegation.updateMany({ where: { orgUnitId: unitId, endedAt: null }, data: { endedAt: new Date() } });
  await prisma.user.updateMany({ where: { id: { in: [ids.deputy, ids.other] } }, data: { active: false } });
  await prisma.$disconnect();
});

const delegate = (delegatorId: string, delegateId: string, extra: Record<string, unknown> = {}) => prisma.delegation.create({
  data: { delegatorId, delegateId, orgUnitId: unitId, role: 'UNIT_HEAD', startDate: today, endDate: today, createdById: delegatorId, ...extra },
});
const route = (assigneeUserId: string | null) => routeToDelegate(poolOf(prisma), { orgUnitId: unitId, assigneeRole: 'UNIT_HEAD', assigneeUserId, flowKey: 'annual-report', startedAt });

describe('whom a task opening during a delegation goes to', () => {
  it('when the head\'s own task opens on a day of the delegation, it goes to the deputy; a post with a third holder present keeps its task', async () => {
    const d = await delegate(ids.head, ids.deputy);
    expect(await route(ids.head)).toEqual({ delegateId: ids.deputy, delegatorId: ids.head, delegationId: d.id });
    expect(await route(null)).toBeUndefined();
    await prisma.delegation.update({ where: { id: d.id }, data: { endedAt: new Date() } });
    expect(await route(ids.head)).toBeUndefined();
  });

  it('when the delegation is for another flow or starts tomorrow, nothing is routed', async () => {
    const other = await delegate(ids.head, ids.deputy, { flowKey: 'website-closure' });
    expect(await route(ids.head)).toBeUndefined();
    await prisma.delegation.update({ where: { id: other.id }, data: { endedAt: new Date() } });
    const later = await delegate(ids.head, ids.deputy, { startDate: chinaDate(new Date(Date.now() + 86_400_000)), endDate: chinaDate(new Date(Date.now() + 2 * 86_400_000)) });
    expect(await route(ids.head)).toBeUndefined();
    await prisma.delegation.update({ where: { id: later.id }, data: { endedAt: new Date() } });
  });

  it('when the delegate\'s account has been disabled since, the task stays with the delegator', async () => {
    const d = await delegate(ids.head, ids.other);
    await prisma.user.update({ where: { id: ids.other }, data: { active: false } });
    try {
      expect(await route(ids.head)).toBeUndefined();
    } finally {
      await prisma.delegation.update({ where: { id: d.id }, data: { endedAt: new Date() } });
      await prisma.user.update({ where: { id: ids.other }, data: { active: true } });
    }
  });
});
