/**
 * Shanghai's consolidation at full size (644 → 78, docs/domain.md §4) through the API on the real stack: the
 * inventory imported from a CSV file, every owner unit submits its plan rows, the city office approves them,
 * and every task of every site's flow is done by a holder of its role, until each site rests in exactly one
 * final state: 78 kept (保留), the other 566 closed and checked twice (回头看完成), 9 of them after a refused
 * 保留申请. The notice period and the 回头看 delays are shortened by configuration; the DNS check is real.
 */
import { ApiSession, startStack, type TestStack } from '../support/stack';
import { generateSites, multipart, stageResult, toCsv, type FixtureSite, type FixtureUnit } from '../support/websiteFixtures';
import { DEMO_USERS } from '../../prisma/seed/users';

let stack: TestStack;
let supervisor: ApiSession;
let units: FixtureUnit[];
const sessions = new Map<string, Promise<ApiSession>>();

beforeAll(async () => {
  stack = await startStack({ CLOSURE_NOTICE_PERIOD: '1s', CLOSURE_FOLLOW_UP_AFTER: '1s,2s' });
  supervisor = await ApiSession.login(stack.baseUrl, 'supervisor');
  const rows = await stack.prisma.orgUnit.findMany({ include: { parent: { select: { code: true } } }, orderBy: { path: 'asc' } });
  units = rows.map((u) => ({ code: u.code, name: u.name, kind: u.kind, parentCode: u.parent?.code ?? null }));
}, 120_000);

afterAll(async () => {
  await stack.stop();
});

/** The account that holds a role in a unit: a named demo user where there is one, else the generated one. */
function loginFor(unitCode: string, role: string): string {
  const named = DEMO_USERS.find((d) => d.orgUnitCode === unitCode && d.roles.length === 1 && d.roles[0] === role);
  return named?.login ?? `${unitCode.toLowerCase()}-${role === 'UNIT_HEAD' ? 'head' : 'clerk'}`;
}
function session(unitCode: string, role: string): Promise<ApiSession> {
  const login = loginFor(unitCode, role);
  if (!sessions.has(login)) sessions.set(login, ApiSession.login(stack.baseUrl, login));
  return sessions.get(login)!;
}

/** Runs `fn` over `items`, `width` at a time. */
async function pool<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

const q = (o: unknown) => encodeURIComponent(JSON.stringify(o));

describe('consolidating 644 government websites into 78', () => {
  it('imports the inventory, plans and approves every site, drives every flow to its end: each site ends in exactly one final state', async () => {
    const started = Date.now();
    const fixture = generateSites(units);
    expect(fixture.filter((x) => x.intent === 'KEEP')).toHaveLength(78);
    const file = multipart(toCsv(fixture), '网站清单.csv', 'text/csv');
    const imported = await supervisor.send('/api/websites/import', file.body, file.contentType);
    expect(imported.body).toMatchObject({ ok: true, created: 644 });
    const batch = imported.body.importBatch as string;
    const ids = new Map<string, string>();
    for (let start = 0; start < 644; start += 500) {
      const page = await supervisor.get(`/api/websites?filter=${q({ importBatch: batch })}&range=${q([start, start + 499])}`);
      for (const w of page.body) ids.set(w.domain, w.id);
    }
    expect(ids.size).toBe(644);

    // Each owner unit submits the rows of its own sites (its clerk), in one request.
    const byOwner = new Map<string, FixtureSite[]>();
    for (const x of fixture) byOwner.set(x.ownerUnitCode, [...(byOwner.get(x.ownerUnitCode) ?? []), x]);
    const planIds: Array<{ planId: string; site: FixtureSite }> = [];
    await pool([...byOwner], 4, async ([code, own]) => {
      const rows = own.map((x) => ({
        websiteId: ids.get(x.domain)!,
        decision: x.intent.startsWith('KEEP') ? 'KEEP' : x.intent,
        ...(x.targetDomain ? { targetSiteId: ids.get(x.targetDomain)! } : {}),
        plannedDate: '2026-12-31',
        ...(x.intent.startsWith('KEEP') ? { justification: stageResult('retention-application', {}).result!.justification } : {}),
      }));
      const res = await (await session(code, 'CLERK')).post('/api/consolidation-plans', { rows });
      if (res.status !== 201) throw new Error(`${code}: ${JSON.stringify(res.body)}`);
      res.body.ids.forEach((planId: string, i: number) => planIds.push({ planId, site: own[i] }));
    });

    // The city office approves every row: each approval starts the site's flow.
    const siteOf = new Map<string, FixtureSite>();
    await pool(planIds, 4, async ({ planId, site }) => {
      const res = await supervisor.post(`/api/consolidation-plans/${planId}/approve`, {});
      if (res.status !== 200) throw new Error(`approve ${site.domain}: ${JSON.stringify(res.body)}`);
      siteOf.set(res.body.workflowId, site);
    });
    expect(siteOf.size).toBe(644);

    // Every open task of the round, done by a holder of its role, until no flow waits for anyone.
    const done = new Set<string>();
    let completions = 0;
    const finished = async () => {
      const res = await supervisor.get(`/api/websites?filter=${q({ importBatch: batch, status: ['RETAINED', 'FOLLOWED_UP'] })}&range=${q([0, 0])}`);
      return Number(res.headers.get('content-range')!.split('/')[1]);
    };
    for (let idle = 0; ;) {
      const open = await supervisor.get(`/api/tasks?filter=${q({ campaignId: batch, status: 'OPEN' })}&range=${q([0, 499])}&sort=${q(['startedAt', 'ASC'])}`);
      const todo = (open.body as any[]).filter((t) => !done.has(t.id));
      if (todo.length === 0) {
        if ((await finished()) === 644) break;
        if (++idle > 600) throw new Error('the flows stopped moving');
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      idle = 0;
      await pool(todo, 8, async (t) => {
        const site = siteOf.get(t.workflowId)!;
        const ids2 = { domain: site.domain, targetSite: site.targetDomain ? { domain: site.targetDomain } : null };
        let body: { result?: Record<string, unknown>; comment?: string } = stageResult(t.stageKey, ids2);
        if (t.stageKey === 'retention-review') {
          body = { result: site.intent === 'KEEP' ? { decision: 'approve', reviewDate: `${new Date().getFullYear() + 1}-12-31` } : { decision: 'reject', reason: '可由区政府门户网站承接' } };
        }
        const res = await (await session(t.orgUnit.code, t.assigneeRole)).post(`/api/tasks/${t.id}/complete`, body);
        if (res.status !== 200) throw new Error(`${t.stageKey} of ${site.domain}: ${res.status} ${JSON.stringify(res.body)}`);
        done.add(t.id);
        completions++;
      });
    }

    // Exactly one final state per site: kept or closed and followed up, as its plan said.
    const final = new Map<string, string>();
    for (let start = 0; start < 644; start += 500) {
      const page = await supervisor.get(`/api/websites?filter=${q({ importBatch: batch })}&range=${q([start, start + 499])}`);
      for (const w of page.body) final.set(w.domain, w.status);
    }
    const expected = new Map(fixture.map((x) => [x.domain, x.intent === 'KEEP' ? 'RETAINED' : 'FOLLOWED_UP']));
    expect(Object.fromEntries(final)).toEqual(Object.fromEntries(expected));
    expect([...final.values()].filter((v) => v === 'RETAINED')).toHaveLength(78);
    const stillOpen = await supervisor.get(`/api/tasks?filter=${q({ campaignId: batch, status: 'OPEN' })}&range=${q([0, 0])}`);
    expect(stillOpen.headers.get('content-range')).toMatch(/\/0$/);
    const closedIds = fixture.filter((x) => x.intent !== 'KEEP').map((x) => ids.get(x.domain)!);
    const trails = await stack.prisma.auditEvent.groupBy({ by: ['entityId'], where: { entityId: { in: closedIds }, action: 'website.status_changed', after: { path: ['status'], equals: 'FOLLOWED_UP' } }, _count: true });
    expect(trails).toHaveLength(566);
    expect(trails.every((t) => t._count === 1)).toBe(true);

    const progress = await supervisor.get('/api/website-progress');
    expect(progress.status).toBe(200);
    expect(progress.body.before - progress.body.after).toBeGreaterThanOrEqual(566);
    process.stdout.write(`644 sites: ${completions} task completions through the API in ${((Date.now() - started) / 1000).toFixed(0)} s; progress answered in ${progress.body.tookMs} ms\n`);
  }, 5_400_000);
});
