/**
 * A campaign of at least 300 seeded units driven to the end through the API against the real stack, with
 * a mix of paths: returns by the unit head, the district and the city; units published in their group's
 * centralized round and units ready only after it. Every unit ends in exactly one final state.
 */
import { ApiSession, cancelWorkflows, eventually, startStack, type TestStack } from '../support/stack';
import { CampaignDriver, inPool, type Review } from '../support/campaign';

let stack: TestStack;
let admin: ApiSession;
let campaignWorkflows: string[] = [];
const YEAR = 2034;

beforeAll(async () => {
  stack = await startStack();
  admin = await ApiSession.login(stack.baseUrl, 'admin');
});

afterAll(async () => {
  // Units that did not finish (a failed run) are cancelled ten at a time, while this file's worker runs.
  const units = await stack.prisma.campaignUnit.findMany({ where: { campaign: { year: YEAR } }, select: { workflowId: true, state: true } });
  const open = [...campaignWorkflows, ...units.filter((u) => !u.state.startsWith('PUBLISHED')).map((u) => u.workflowId)];
  await inPool(open, 10, (id) => cancelWorkflows(stack.client, [id]));
  await stack.stop();
}, 600_000);

/** A path per unit, spread over the campaign: most pass at once, some are returned, a few are late for their round. */
function pathOf(i: number, inDistrict: boolean): { returns: Review[]; afterRound: boolean } {
  const returns: Review[] = [];
  if (i % 7 === 1) returns.push('head');
  if (i % 7 === 2 && inDistrict) returns.push('district');
  if (i % 7 === 3) returns.push('city');
  if (i % 29 === 4) returns.push('city', 'city');
  return { returns, afterRound: i % 23 === 5 };
}

describe('a campaign of at least 300 units', () => {
  it('runs from launch to publication with a mix of paths, and every unit ends in exactly one final state', async () => {
    // Districts in code order until at least 300 units.
    const districts = await stack.prisma.orgUnit.findMany({ where: { kind: 'DISTRICT_GOVERNMENT' }, orderBy: { code: 'asc' } });
    const roots: string[] = [];
    let expected = 0;
    for (const d of districts) {
      if (expected >= 300) break;
      roots.push(d.code);
      expected += await stack.prisma.orgUnit.count({ where: { path: { startsWith: d.path } } });
    }
    const preview = (await admin.get(`/api/campaigns/preview?year=${YEAR}&roots=${roots.join(',')}&townshipPublishBy=${YEAR + 1}-02-27`)).body;
    const launched = await admin.post('/api/campaigns', { year: YEAR, rootCodes: roots, schedule: preview.schedule });
    expect(launched.status).toBe(201);
    const id = launched.body.id as string;
    campaignWorkflows = [launched.body.workflowId];
    expect(launched.body.totalUnits).toBe(expected);
    expect(expected).toBeGreaterThanOrEqual(300);

    // The launch runs in the background: the administrator's console shows its progress; here, wait for
    // every unit's first step to be in its inbox before the clerks start.
    await eventually(async () => {
      const open = await stack.prisma.task.count({ where: { campaignId: id, stageKey: 'assign', status: 'OPEN' } });
      return open === expected ? open : undefined;
    }, 1_200_000, 'every unit\'s first step open');

    const units = await stack.prisma.campaignUnit.findMany({ where: { campaignId: id }, include: { orgUnit: { include: { parent: true } } }, orderBy: { orgUnit: { path: 'asc' } } });
    const plan = units.map((u, i) => ({ code: u.orgUnit.code, group: u.publicationGroup, ...pathOf(i, u.orgUnit.parent?.kind === 'DISTRICT_GOVERNMENT') }));
    const driver = new CampaignDriver(stack.baseUrl, YEAR, admin);
    const publicationDate = `${YEAR + 1}-01-20`;

    await inPool(plan.filter((p) => !p.afterRound), 6, (p) => driver.driveToReady(p.code, { returns: p.returns, publicationDate }));
    // The late ones stop after their first step, before publication.
    await inPool(plan.filter((p) => p.afterRound), 8, async (p) => { await driver.act(p.code, 'assign', 'complete'); });

    const before = (await admin.get(`/api/campaigns/${id}/progress`)).body;
    expect(before.totals.byState.READY).toBe(plan.filter((p) => !p.afterRound).length);
    expect(before.totals.withReturns).toBe(plan.filter((p) => p.returns.length > 0 && !p.afterRound).length);

    for (const group of ['DEPARTMENT', 'GOVERNMENT', 'TOWNSHIP']) {
      const res = await admin.post(`/api/campaigns/${id}/publish`, { group });
      expect(res.body.error).toBeUndefined();
    }
    await eventually(async () => {
      const n = await stack.prisma.campaignUnit.count({ where: { campaignId: id, state: 'PUBLISHED' } });
      return n === plan.filter((p) => !p.afterRound).length ? n : undefined;
    }, 120_000, 'every ready unit published in its round');

    await inPool(plan.filter((p) => p.afterRound), 8, (p) => driver.driveToReady(p.code, { returns: [], publicationDate, fromStage: 'self-check' }));

    const finalStates = await eventually(async () => {
      const rows = await stack.prisma.campaignUnit.findMany({ where: { campaignId: id } });
      return rows.every((r) => r.state === 'PUBLISHED') ? rows : undefined;
    }, 120_000, 'every unit published');
    expect(finalStates).toHaveLength(expected);
    expect(new Set(finalStates.map((r) => r.orgUnitId)).size).toBe(expected);
    expect(finalStates.every((r) => r.publishedAt && r.publicationUrl)).toBe(true);

    // Each unit's workflow completed exactly once, with its publication; no step is left open.
    const results = await Promise.all(units.map((u) => stack.client.workflow.getHandle(u.workflowId).result()));
    const rounds: Record<string, number> = {};
    for (const r of results) rounds[r.publication.round] = (rounds[r.publication.round] ?? 0) + 1;
    expect(rounds.single).toBe(plan.filter((p) => p.afterRound).length);
    expect((rounds.DEPARTMENT ?? 0) + (rounds.GOVERNMENT ?? 0) + (rounds.TOWNSHIP ?? 0)).toBe(plan.filter((p) => !p.afterRound).length);
    expect(await stack.prisma.task.count({ where: { campaignId: id, status: 'OPEN' } })).toBe(0);

    const end = (await admin.get(`/api/campaigns/${id}/progress`)).body;
    expect(end.totals).toMatchObject({ units: expected, published: expected, overdue: 0 });
    expect(end.campaign.status).toBe('PUBLISHED');
  }, 3_600_000);
});
