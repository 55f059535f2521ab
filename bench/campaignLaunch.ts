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
import { BENCH_DISTRICT, growCity } from './lib/orgTree';
import { until as untilEvery } from './lib/util';

/** Waits for `fn` to answer, asking every 100 ms (ten minutes at the most). */
const until = <T>(what: string, fn: () => Promise<T | undefined>) => untilEvery(what, fn, 600_000, 100);

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
