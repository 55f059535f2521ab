/**
 * Benchmark: launching annual-report campaigns of about 300 and about 1,000 units on the real stack
 * (Temporal, PostgreSQL, Redis; GovFlow's API and worker in this process), and answering the supervisors'
 * progress queries for them. Prints, per campaign: the time for the launch request, until every unit's
 * workflow is started, until every unit's first task is in its inbox, and the latency of the progress
 * query and of the first page of the units list (median / p95 of 20 calls through HTTP).
 * Run: scripts/bench-campaign.sh   (prepares a throw-away database, then runs this file)
 */
import { startStack } from '../test/support/stack';
import { ApiSession } from '../test/support/stack';
import type { PrismaClient } from '../activities/infra/prisma';

const BENCH_DISTRICT = 'BJ-Q99';

/** Adds a synthetic district (its government, office and streets) so the city has at least `total` units. */
async function growCity(prisma: PrismaClient, total: number) {
  const have = await prisma.orgUnit.count();
  if (have >= total) return;
  const city = await prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BJ' } });
  const district = await prisma.orgUnit.upsert({
    where: { code: BENCH_DISTRICT }, update: {},
    create: { code: BENCH_DISTRICT, name: '基准测试区人民政府', shortName: '基准测试区', kind: 'DISTRICT_GOVERNMENT', parentId: city.id, path: `${city.path}${BENCH_DISTRICT}/`, depth: city.depth + 1, sortOrder: 99 },
  });
  await prisma.orgUnit.upsert({
    where: { code: `${BENCH_DISTRICT}-GO` }, update: {},
    create: { code: `${BENCH_DISTRICT}-GO`, name: '基准测试区人民政府办公室', shortName: '区政府办公室', kind: 'GENERAL_OFFICE', parentId: district.id, path: `${district.path}${BENCH_DISTRICT}-GO/`, depth: district.depth + 1, sortOrder: 1 },
  });
  const missing = total - (await prisma.orgUnit.count());
  await prisma.orgUnit.createMany({
    data: Array.from({ length: Math.max(0, missing) }, (_, i) => {
      const code = `${BENCH_DISTRICT}-S${String(i + 1).padStart(3, '0')}`;
      return { code, name: `基准测试区第${i + 1}街道办事处`, shortName: `第${i + 1}街道`, kind: 'STREET' as const, parentId: district.id, path: `${district.path}${code}/`, depth: district.depth + 1, sortOrder: i + 2 };
    }),
    skipDuplicates: true,
  });
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 600_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function latency(n: number, fn: () => Promise<unknown>) {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { median: Math.round(ms[Math.floor(n / 2)]), p95: Math.round(ms[Math.min(n - 1, Math.floor(n * 0.95))]) };
}

async function main() {
  const stack = await startStack({ LOG_LEVEL: 'silent' });
  await growCity(stack.prisma, 1_010);
  const admin = await ApiSession.login(stack.baseUrl, 'admin');
  const supervisor = await ApiSession.login(stack.baseUrl, 'supervisor');
  // ~300 units: districts in code order until the sum reaches 300.
  const districts = await stack.prisma.orgUnit.findMany({ where: { kind: 'DISTRICT_GOVERNMENT', code: { not: BENCH_DISTRICT } }, orderBy: { code: 'asc' } });
  const roots300: string[] = [];
  let count = 0;
  for (const d of districts) {
    if (count >= 300) break;
    roots300.push(d.code);
    count += await stack.prisma.orgUnit.count({ where: { path: { startsWith: d.path } } });
  }
  const runs: Array<{ year: number; roots?: string[] }> = [{ year: 2040, roots: roots300 }, { year: 2041 }];
  const started: string[] = [];
  try {
    for (const run of runs) {
      const q = `year=${run.year}&townshipPublishBy=${run.year + 1}-02-27${run.roots ? `&roots=${run.roots.join(',')}` : ''}`;
      const preview = (await admin.get(`/api/campaigns/preview?${q}`)).body;
      const t0 = performance.now();
      const res = await admin.post('/api/campaigns', { year: run.year, rootCodes: run.roots, schedule: preview.schedule });
      if (res.status !== 201) throw new Error(`launch failed: ${res.status} ${JSON.stringify(res.body)}`);
      const tRequest = performance.now() - t0;
      const id = res.body.id as string;
      started.push(res.body.workflowId);
      const units = res.body.totalUnits as number;
      await until('every unit started', async () => ((await admin.get(`/api/campaigns/${id}`)).body.startedUnits === units ? true : undefined));
      const tStarted = performance.now() - t0;
      await until('every first task open', async () => ((await stack.prisma.task.count({ where: { campaignId: id, stageKey: 'assign' } })) === units ? true : undefined));
      const tInbox = performance.now() - t0;
      let serverMs = 0;
      const progress = await latency(20, async () => { serverMs = (await supervisor.get(`/api/campaigns/${id}/progress`)).body.tookMs; });
      const list = await latency(20, () => supervisor.get(`/api/campaigns/${id}/units?sort=${encodeURIComponent('["overdueWorkingDays","DESC"]')}&range=${encodeURIComponent('[0,24]')}`));
      console.log(`campaign of ${units} units: launch request ${Math.round(tRequest)} ms; all ${units} workflows started ${(tStarted / 1000).toFixed(1)} s; `
        + `every first task in its inbox ${(tInbox / 1000).toFixed(1)} s; progress query median ${progress.median} ms p95 ${progress.p95} ms (server ${serverMs} ms); `
        + `units list page median ${list.median} ms p95 ${list.p95} ms`);
      const unitIds = (await stack.prisma.campaignUnit.findMany({ where: { campaignId: id }, select: { workflowId: true } })).map((u) => u.workflowId);
      started.push(...unitIds);
    }
  } finally {
    // Terminated, not cancelled: a throw-away database, and a thousand cancellations would take minutes.
    for (const wf of started) await stack.client.workflow.getHandle(wf).terminate('benchmark finished').catch(() => undefined);
    await stack.stop();
  }
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
