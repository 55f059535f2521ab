/**
 * Shanghai's consolidation (644 → 78) through the API on the real stack: the inventory imported from a CSV
 * file, every owner unit submits its plan rows, the city office approves them, and every task of every
 * site's flow is done by a holder of its role, until each site rests in exactly one final state: kept (保留),
 * or closed and checked twice (回头看完成), some after a refused 保留申请 and some after an objection (公示期异议)
 * that sent the case back through every approval level. The notice period and the 回头看 delays are
 * shortened by configuration; the DNS check is real.
 *
 * One scenario, two sizes: CI runs a scaled copy (test/server/websiteConsolidationScenario.test.ts, about 40
 * sites sampled evenly from the 644 with their targets, the same mix) and `npm run bench:scenarios` the full
 * one (bench/scenarios/websiteConsolidation644.test.ts). Both walk the same paths with the same assertions.
 */
import { randomUUID } from 'node:crypto';
import { ApiSession, startStack, type TestStack } from './stack';
import { generateSites, multipart, stageResult, toCsv, type FixtureSite, type FixtureUnit } from './websiteFixtures';
import { DEMO_USERS } from '../../prisma/seed/users';

export interface ConsolidationScenarioSize {
  /** Named in the test's title. */
  label: string;
  /** Undefined: all 644 sites. A number: an even sample of about that many, with the sites they integrate into. */
  sampleSites?: number;
  /** One closing site in this many gets an objection during its first notice period (at least one). */
  objectionEvery: number;
}

export const CONSOLIDATION_FULL: ConsolidationScenarioSize = { label: '644 government websites into 78', objectionEvery: 40 };
// 41 sites: 5 kept, 28 integrated, 6 closed outright, 2 refused 保留, 3 objections (62 sites made 571 completions for the same paths, 41 make 381).
export const CONSOLIDATION_CI: ConsolidationScenarioSize = { label: 'about 22 of the 644 websites, the same mix', sampleSites: 22, objectionEvery: 9 };

/** `k` items spread evenly over `items`, in order. */
function evenly<T>(items: T[], k: number): T[] {
  if (k >= items.length) return [...items];
  return Array.from({ length: k }, (_, i) => items[Math.floor((i * items.length) / k)]);
}

/**
 * About `n` of the sites with the full inventory's mix, in the fixture's order: kept sites in the full
 * share (two district portals, the rest department sites or the city portal, spread evenly), then the closing
 * sites in the full shares of integrated, closed outright and refused 保留 (at least two), spread evenly;
 * integrated sites only into a kept site of the sample, so every target is in the same import.
 */
export function sampleSites(all: FixtureSite[], n: number): FixtureSite[] {
  const keepers = all.filter((s) => s.intent === 'KEEP');
  const wantKeepers = Math.max(3, Math.round((n * keepers.length) / all.length));
  const integrators = (k: FixtureSite) => all.filter((s) => s.targetDomain === k.domain).length;
  const portals = keepers.filter((k) => integrators(k) > 2);
  const others = keepers.filter((k) => integrators(k) <= 2 && integrators(k) > 0);
  const kept = new Set([...evenly(portals, 2), ...evenly(others, wantKeepers - 2)].map((k) => k.domain));
  const goers = all.filter((s) => s.intent !== 'KEEP');
  const wantGoers = n - kept.size;
  const share = (intent: FixtureSite['intent']) => Math.round((wantGoers * goers.filter((s) => s.intent === intent).length) / goers.length);
  const picked = new Set([
    ...kept,
    ...evenly(goers.filter((s) => s.intent === 'INTEGRATE' && kept.has(s.targetDomain)), share('INTEGRATE')),
    ...evenly(goers.filter((s) => s.intent === 'CLOSE'), share('CLOSE')),
    ...evenly(goers.filter((s) => s.intent === 'KEEP-REFUSED'), Math.max(2, share('KEEP-REFUSED'))),
  ].map((s) => (typeof s === 'string' ? s : s.domain)));
  return all.filter((s) => picked.has(s.domain));
}

const q = (o: unknown) => encodeURIComponent(JSON.stringify(o));

/** Runs `fn` over `items`, `width` at a time. */
async function pool<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

/** Registers the scenario's test (with its own stack) in the calling test file. */
export function describeConsolidationScenario(size: ConsolidationScenarioSize): void {
  let stack: TestStack;
  let supervisor: ApiSession;
  let units: FixtureUnit[];
  const sessions = new Map<string, Promise<ApiSession>>();

  beforeAll(async () => {
    // The notice period is long enough for an objection to be filed inside it on a loaded machine.
    stack = await startStack({ CLOSURE_NOTICE_PERIOD: '8s', CLOSURE_FOLLOW_UP_AFTER: '1s,2s' });
    supervisor = await ApiSession.login(stack.baseUrl, 'supervisor');
    const rows = await stack.prisma.orgUnit.findMany({ include: { parent: { select: { code: true } } }, orderBy: { path: 'asc' } });
    units = rows.map((u) => ({ code: u.code, name: u.name, kind: u.kind, parentCode: u.parent?.code ?? null }));
    // Starting the stack took longer than its time on a machine at load 30 (bench:scenarios).
  }, 300_000);

  afterAll(async () => {
    await stack.stop();
  }, 300_000);

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

  /** Files an objection as soon as the site's notice period runs (the flow refuses one before it starts). */
  async function objectDuringNotice(websiteId: string, domain: string): Promise<void> {
    const until = Date.now() + 120_000;
    for (;;) {
      const res = await supervisor.post(`/api/websites/${websiteId}/objections`, { requestId: randomUUID(), content: `${domain} 的办事指南尚未迁移，群众无法查询。`, source: '12345热线' });
      if (res.status === 201) return;
      if (res.status !== 409 || Date.now() > until) throw new Error(`objection to ${domain}: ${res.status} ${JSON.stringify(res.body)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  describe(`consolidating ${size.label}`, () => {
    it('imports the inventory, plans and approves every site, drives every flow to its end: each site ends in exactly one final state', async () => {
      const started = Date.now();
      const all = generateSites(units);
      expect(all).toHaveLength(644);
      expect(all.filter((x) => x.intent === 'KEEP')).toHaveLength(78);
      const fixture = size.sampleSites === undefined ? all : sampleSites(all, size.sampleSites);
      const total = fixture.length;
      const kept = fixture.filter((x) => x.intent === 'KEEP').length;
      const closing = fixture.filter((x) => x.intent !== 'KEEP');
      // Every kind of path of the full inventory is walked at any size.
      expect(new Set(fixture.map((x) => x.intent))).toEqual(new Set(['KEEP', 'KEEP-REFUSED', 'INTEGRATE', 'CLOSE']));
      const objecting = new Set(closing.filter((x) => x.intent !== 'KEEP-REFUSED').filter((_, i) => i % size.objectionEvery === 0).map((x) => x.domain));
      expect(objecting.size).toBeGreaterThanOrEqual(1);

      const file = multipart(toCsv(fixture), '网站清单.csv', 'text/csv');
      const imported = await supervisor.send('/api/websites/import', file.body, file.contentType);
      expect(imported.body).toMatchObject({ ok: true, created: total });
      const batch = imported.body.importBatch as string;
      const ids = new Map<string, string>();
      for (let start = 0; start < total; start += 500) {
        const page = await supervisor.get(`/api/websites?filter=${q({ importBatch: batch })}&range=${q([start, start + 499])}`);
        for (const w of page.body) ids.set(w.domain, w.id);
      }
      expect(ids.size).toBe(total);

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
      expect(siteOf.size).toBe(total);

      // Every open task of the round, done by a holder of its role, until no flow waits for anyone. A site
      // chosen for an objection gets one as soon as its first notice period runs.
      const done = new Set<string>();
      const objections: Array<Promise<void>> = [];
      let completions = 0;
      const finished = async () => {
        const res = await supervisor.get(`/api/websites?filter=${q({ importBatch: batch, status: ['RETAINED', 'FOLLOWED_UP'] })}&range=${q([0, 0])}`);
        return Number(res.headers.get('content-range')!.split('/')[1]);
      };
      // While every flow waits on a timer (the notice period, 回头看), the pause between polls grows from 50
      // to 500 ms: each poll costs the process that also runs the worker about 20 ms of CPU.
      for (let idleSince = Date.now(), pause = 50; ;) {
        const open = await supervisor.get(`/api/tasks?filter=${q({ campaignId: batch, status: 'OPEN' })}&range=${q([0, 499])}&sort=${q(['startedAt', 'ASC'])}`);
        const todo = (open.body as any[]).filter((t) => !done.has(t.id));
        if (todo.length === 0) {
          if ((await finished()) === total) break;
          if (Date.now() - idleSince > 120_000) throw new Error('the flows stopped moving');
          await new Promise((r) => setTimeout(r, pause));
          pause = Math.min(500, Math.round(pause * 1.5));
          continue;
        }
        idleSince = Date.now();
        pause = 50;
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
          if (t.stageKey === 'public-notice' && t.round === 1 && objecting.has(site.domain)) objections.push(objectDuringNotice(ids.get(site.domain)!, site.domain));
        });
      }
      await Promise.all(objections);
      expect(objections).toHaveLength(objecting.size);

      // Exactly one final state per site: kept or closed and followed up, as its plan said.
      const final = new Map<string, string>();
      for (let start = 0; start < total; start += 500) {
        const page = await supervisor.get(`/api/websites?filter=${q({ importBatch: batch })}&range=${q([start, start + 499])}`);
        for (const w of page.body) final.set(w.domain, w.status);
      }
      const expected = new Map(fixture.map((x) => [x.domain, x.intent === 'KEEP' ? 'RETAINED' : 'FOLLOWED_UP']));
      expect(Object.fromEntries(final)).toEqual(Object.fromEntries(expected));
      expect([...final.values()].filter((v) => v === 'RETAINED')).toHaveLength(kept);
      const stillOpen = await supervisor.get(`/api/tasks?filter=${q({ campaignId: batch, status: 'OPEN' })}&range=${q([0, 0])}`);
      expect(stillOpen.headers.get('content-range')).toMatch(/\/0$/);
      const closedIds = closing.map((x) => ids.get(x.domain)!);
      const trails = await stack.prisma.auditEvent.groupBy({ by: ['entityId'], where: { entityId: { in: closedIds }, action: 'website.status_changed', after: { path: ['status'], equals: 'FOLLOWED_UP' } }, _count: true });
      expect(trails).toHaveLength(total - kept);
      expect(trails.every((t) => t._count === 1)).toBe(true);

      // An objected site has its one objection, went back through approval, was noticed again and closed.
      const objectedIds = [...objecting].map((d) => ids.get(d)!);
      const filed = await stack.prisma.websiteObjection.groupBy({ by: ['websiteId'], where: { websiteId: { in: objectedIds } }, _count: true });
      expect(filed.map((f) => [f.websiteId, f._count]).sort()).toEqual(objectedIds.map((id) => [id, 1]).sort());
      const changes = await stack.prisma.auditEvent.findMany({ where: { entityId: { in: objectedIds }, action: 'website.status_changed' }, orderBy: { id: 'asc' } });
      for (const id of objectedIds) {
        expect(changes.filter((e) => e.entityId === id).map((e) => (e.after as { status: string }).status))
          .toEqual(['CLOSURE_APPROVAL', 'NOTICE', 'CLOSURE_APPROVAL', 'NOTICE', 'DEREGISTERING', 'CLOSED', 'FOLLOWED_UP']);
      }

      const progress = await supervisor.get('/api/website-progress');
      expect(progress.status).toBe(200);
      expect(progress.body.before - progress.body.after).toBeGreaterThanOrEqual(total - kept);
      process.stdout.write(`${total} sites: ${completions} task completions through the API in ${((Date.now() - started) / 1000).toFixed(0)} s; progress answered in ${progress.body.tookMs} ms\n`);
    }, 5_400_000);
  });
}
