/** Audiences resolve to the people the regulation names, on the seeded Beijing org tree. */
import { createPrisma, type PrismaClient } from '../../../activities/infra/prisma';
import { resolveRecipients, supervisingOfficeOf } from '../../../activities/notifications/recipients';
import { applyTestEnv } from '../../support/env';
import { createNotifyFixture } from '../../support/notifications';

let prisma: PrismaClient;
const unitId: Record<string, string> = {};

beforeAll(async () => {
  applyTestEnv();
  prisma = createPrisma(process.env.DATABASE_URL!, 2);
  const units = await prisma.orgUnit.findMany({ where: { code: { in: ['BJ', 'BJ-GO', 'BJ-D001', 'BJ-Q01', 'BJ-Q01-GO', 'BJ-Q01-D01', 'BJ-Q01-S01'] } } });
  for (const u of units) unitId[u.code] = u.id;
});
afterAll(() => prisma.$disconnect());

const logins = async (q: Parameters<typeof resolveRecipients>[1]) => (await resolveRecipients(prisma, q)).map((r) => r.login).sort();
const officeCode = async (code: string) => {
  const office = await supervisingOfficeOf(prisma, unitId[code]);
  return office?.code;
};

describe('notification recipients', () => {
  it('a street, a district department and the district office itself are supervised by the district general office', async () => {
    expect(await officeCode('BJ-Q01-S01')).toBe('BJ-Q01-GO');
    expect(await officeCode('BJ-Q01-D01')).toBe('BJ-Q01-GO');
    expect(await officeCode('BJ-Q01-GO')).toBe('BJ-Q01-GO');
  });

  it('the district government, a municipal department, the city office and the city government are supervised by the city general office', async () => {
    expect(await officeCode('BJ-Q01')).toBe('BJ-GO');
    expect(await officeCode('BJ-D001')).toBe('BJ-GO');
    expect(await officeCode('BJ-GO')).toBe('BJ-GO');
    expect(await officeCode('BJ')).toBe('BJ-GO');
  });

  it('the supervising office audience is the active supervisors of that office', async () => {
    expect(await logins({ audiences: ['supervisingOffice'], orgUnitId: unitId['BJ-Q01-S01'] })).toEqual(['dc-supervisor']);
    expect(await logins({ audiences: ['supervisingOffice'], orgUnitId: unitId['BJ-D001'] })).toEqual(['supervisor']);
  });

  it('the leader in charge (分管领导) audience is the unit\'s active leaders in charge', async () => {
    expect(await logins({ audiences: ['leaderInCharge'], orgUnitId: unitId['BJ-D001'] })).toEqual(['fgw-head']);
  });

  it('assignees are the assigned person when there is one, else every active holder of the role in the unit', async () => {
    const head = await prisma.user.findUniqueOrThrow({ where: { login: 'fgw-head' } });
    expect(await logins({ audiences: ['assignees'], orgUnitId: unitId['BJ-D001'], assigneeRole: 'CLERK' })).toEqual(['fgw-clerk']);
    expect(await logins({ audiences: ['assignees'], orgUnitId: unitId['BJ-D001'], assigneeRole: 'CLERK', assigneeUserId: head.id })).toEqual(['fgw-head']);
  });

  it('leaves out deactivated users; a deactivated assignee\'s task goes to the role holders', async () => {
    const fx = await createNotifyFixture(prisma);
    try {
      await prisma.user.updateMany({ where: { id: { in: [fx.head.id] } }, data: { active: false } });
      expect(await logins({ audiences: ['leaderInCharge'], orgUnitId: fx.unitId })).toEqual([]);
      expect(await logins({ audiences: [], userIds: [fx.head.id], orgUnitId: fx.unitId })).toEqual([]);
      await prisma.user.update({ where: { id: fx.head.id }, data: { active: true, leaderInCharge: false } });
      await prisma.user.update({ where: { id: fx.clerk.id }, data: { active: false } });
      await prisma.user.update({ where: { id: fx.head.id }, data: { roles: ['CLERK'] } });
      expect(await logins({ audiences: ['assignees'], orgUnitId: fx.unitId, assigneeRole: 'CLERK', assigneeUserId: fx.clerk.id })).toEqual([fx.head.login]);
    } finally {
      await fx.cleanup();
    }
  });

  it('lists everyone once when audiences and explicit users overlap, and leaves out unknown users', async () => {
    const head = await prisma.user.findUniqueOrThrow({ where: { login: 'fgw-head' } });
    const result = await logins({
      audiences: ['assignees', 'leaderInCharge', 'supervisingOffice'], orgUnitId: unitId['BJ-D001'], assigneeRole: 'CLERK',
      userIds: [head.id, '00000000-0000-4000-8000-000000000000', 'not-a-uuid'],
    });
    expect(result).toEqual(['fgw-clerk', 'fgw-head', 'supervisor']);
  });
});
