/**
 * A campaign driven to the end through the API against the real stack, with a mix of paths: returns by
 * the unit head, the district and the city; units published in their group's centralized round and units
 * ready only after it. Every unit ends in exactly one final state.
 *
 * One scenario, two sizes: CI runs a scaled copy (test/server/annualReportCampaignScenario.test.ts, about 30
 * units) and `npm run bench:scenarios` the full one (bench/scenarios/annualReportCampaign315.test.ts, the
 * districts in code order until at least 300 units). Both walk the same paths with the same assertions.
 */
import type { PrismaClient } from '../../activities/infra/prisma';
import { ApiSession, eventually, startStack, type TestStack } from './stack';
import { CampaignDriver, inPool, type Review } from './campaign';

export interface CampaignScenarioSize {
  /** Named in the test's title. */
  label: string;
  /** The part of the city the full scenario takes: districts in code order until this many units. */
  districtsUntil: number;
  /**
   * Undefined: every unit of those districts. A number: a scaled copy of about that many units, the
   * smallest of those districts whole (its government, general office, departments, streets) and an even
   * sample of the other districts' units, so every publication group and the district review are walked.
   */
  sampleUnits?: number;
  /** The campaign must have at least this many units (guards against a seed that shrank). */
  minUnits: number;
}

export const CAMPAIGN_FULL: CampaignScenarioSize = { label: 'at least 300 units', districtsUntil: 300, minUnits: 300 };
export const CAMPAIGN_CI: CampaignScenarioSize = { label: 'about 22 units across the same districts', districtsUntil: 300, sampleUnits: 22, minUnits: 20 };

/** A path per unit, spread over the campaign: most pass at once, some are returned, a few are late for their round. */
function pathOf(i: number, inDistrict: boolean): { returns: Review[]; afterRound: boolean } {
  const returns: Review[] = [];
  if (i % 7 === 1) returns.push('head');
  if (i % 7 === 2 && inDistrict) returns.push('district');
  if (i % 7 === 3) returns.push('city');
  if (i % 29 === 4) returns.push('city', 'city');
  return { returns, afterRound: i % 23 === 5 };
}

/** The campaign's root units and how many units they cover. */
async function chooseRoots(prisma: PrismaClient, size: CampaignScenarioSize): Promise<{ roots: string[]; expected: number }> {
  const districts = await prisma.orgUnit.findMany({ where: { kind: 'DISTRICT_GOVERNMENT' }, orderBy: { code: 'asc' } });
  const chosen: Array<{ code: string; path: string; units: number }> = [];
  let total = 0;
  for (const d of districts) {
    if (total >= size.districtsUntil) break;
    const units = await prisma.orgUnit.count({ where: { path: { startsWith: d.path } } });
    chosen.push({ code: d.code, path: d.path, units });
    total += units;
  }
  if (size.sampleUnits === undefined) return { roots: chosen.map((d) => d.code), expected: total };

  const whole = [...chosen].sort((a, b) => a.units - b.units || a.code.localeCompare(b.code))[0];
  const others = await prisma.orgUnit.findMany({
    where: { OR: chosen.filter((d) => d !== whole).map((d) => ({ path: { startsWith: d.path } })), kind: { not: 'DISTRICT_GOVERNMENT' } },
    orderBy: { path: 'asc' },
    select: { code: true, path: true },
  });
  const want = Math.max(1, size.sampleUnits - whole.units);
  const stride = others.length / want;
  const sample = Array.from({ length: want }, (_, k) => others[Math.floor(k * stride)]);
  // A sampled unit is a root of its own: it must have no units below it, or the campaign would grow.
  for (const u of sample) {
    const below = await prisma.orgUnit.count({ where: { path: { startsWith: u.path } } });
    if (below !== 1) throw new Error(`${u.code} has units below it; sample leaves only`);
  }
  return { roots: [whole.code, ...sample.map((u) => u.code)], expected: whole.units + sample.length };
}

/** Registers the scenario's test (with its own stack) in the calling test file. */
export function describeCampaignScenario(size: CampaignScenarioSize): void {
  let stack: TestStack;
  let admin: ApiSession;
  let campaignWorkflows: string[] = [];
  let year = 0;

  beforeAll(async () => {
    stack = await startStack();
    admin = await ApiSession.login(stack.baseUrl, 'admin');
    // A year this database has no campaign of (a second run would meet CAMPAIGN_EXISTS) and no report of the
    // year before (R5/R6 would compare the units' reports with it and refuse the fixture's carry-over).
    for (year = 2040; ; year++) {
      const campaigns = await stack.prisma.campaign.count({ where: { year } });
      const reports = await stack.prisma.task.count({ where: { OR: [{ workflowId: { startsWith: `annual-report/${year - 1}/` } }, { workflowId: { startsWith: `annual-report/${year}/` } }] } });
      if (campaigns === 0 && reports === 0) break;
    }
    // Starting the stack (API, worker, in-memory Temporal) took longer than jest's 60 s on a machine at load 30.
  }, 300_000);

  afterAll(async () => {
    // Units that did not finish (a failed run) are cancelled ten at a time, while this file's worker runs.
    const units = await stack.prisma.campaignUnit.findMany({ where: { campaign: { year } }, select: { workflowId: true, state: true } });
    const open = [...campaignWorkflows, ...units.filter((u) => !u.state.startsWith('PUBLISHED')).map((u) => u.workflowId)];
    await inPool(open, 10, async (id) => {
      const handle = stack.client.workflow.getHandle(id);
      await handle.cancel().catch(() => undefined);
      await handle.result().catch(() => undefined);
    });
    await stack.stop();
  }, 600_000);

  describe(`a campaign of ${size.label}`, () => {
    it('runs from launch to publication with a mix of paths, and every unit ends in exactly one final state', async () => {
      const { roots, expected } = await chooseRoots(stack.prisma, size);
      const preview = (await admin.get(`/api/campaigns/preview?year=${year}&roots=${roots.join(',')}&townshipPublishBy=${year + 1}-02-27`)).body;
      const launched = await admin.post('/api/campaigns', { year, rootCodes: roots, schedule: preview.schedule });
      expect(launched.status).toBe(201);
      const id = launched.body.id as string;
      campaignWorkflows = [launched.body.workflowId];
      expect(launched.body.totalUnits).toBe(expected);
      expect(expected).toBeGreaterThanOrEqual(size.minUnits);

      // The launch runs in the background: the administrator's console shows its progress; here, wait for
      // every unit's first step to be in its inbox before the clerks start.
      await eventually(async () => {
        const open = await stack.prisma.task.count({ where: { campaignId: id, stageKey: 'assign', status: 'OPEN' } });
        return open === expected ? open : undefined;
      }, 1_200_000, 'every unit\'s first step open');

      const units = await stack.prisma.campaignUnit.findMany({ where: { campaignId: id }, include: { orgUnit: { include: { parent: true } } }, orderBy: { orgUnit: { path: 'asc' } } });
      const plan = units.map((u, i) => ({ code: u.orgUnit.code, group: u.publicationGroup, ...pathOf(i, u.orgUnit.parent?.kind === 'DISTRICT_GOVERNMENT') }));
      // The scaled copy must still walk every path the full one walks.
      expect(new Set(plan.map((p) => p.group))).toEqual(new Set(['DEPARTMENT', 'GOVERNMENT', 'TOWNSHIP']));
      for (const review of ['head', 'district', 'city'] as const) expect(plan.some((p) => p.returns.includes(review) && !p.afterRound)).toBe(true);
      expect(plan.some((p) => p.returns.length > 1 && !p.afterRound)).toBe(true);
      expect(plan.some((p) => p.afterRound)).toBe(true);
      const driver = new CampaignDriver(stack.baseUrl, year, admin);
      const publicationDate = `${year + 1}-01-20`;

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
}
