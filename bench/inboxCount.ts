/**
 * `npx tsx bench/inboxCount.ts [N]` (after `npm run bench`, whose database it reads): the city supervisor's
 * and a clerk's inbox page (25 open tasks by deadline) as the repository lists it today (a supervisor's total
 * summed from TaskCount, page and total side by side), beside the page and the exact count of every matching
 * task in one transaction (as before), interleaved call by call so both meet the same load.
 */
import { loadavg } from 'node:os';
import { createPrisma } from '../activities/infra/prisma';
import { parseListQuery } from '../server/listQuery';
import { taskListSelect, taskRepository } from '../server/repositories/taskRepository';

const N = Number(process.argv[2] ?? 200);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function main() {
  const url = process.env.DATABASE_URL ?? `postgresql://govflow:govflow@127.0.0.1:${process.env.GOVFLOW_PG_PORT ?? 55432}/govflow_bench`;
  const prisma = createPrisma(url, 4);
  const repo = taskRepository(prisma);
  const q = parseListQuery({ filter: '{"status":"OPEN"}', sort: '["deadlineAt","ASC"]', range: '[0,24]' }, ['deadlineAt'], ['deadlineAt', 'ASC']);
  const city = await prisma.orgUnit.findFirstOrThrow({ where: { depth: 0 } });
  const [busiest] = await prisma.task.groupBy({ by: ['orgUnitId'], where: { status: 'OPEN' }, _count: true, orderBy: { _count: { orgUnitId: 'desc' } }, take: 1 });
  const stored = await prisma.task.count();
  const scopes: Array<[string, Parameters<typeof repo.list>[0]]> = [['the city supervisor', { orgUnit: { path: { startsWith: city.path } } }], ['a clerk', { orgUnitId: busiest.orgUnitId }]];
  const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
  console.log(`${stored} tasks stored; ${N} calls each, interleaved; load ${load()}`);
  for (const [who, scope] of scopes) {
    const counter: number[] = [];
    const exact: number[] = [];
    for (let i = 0; i < N + 10; i++) {
      let t = performance.now();
      const a = await repo.list(scope, { status: 'OPEN' }, q);
      const ta = performance.now() - t;
      t = performance.now();
      const [rows, total] = await prisma.$transaction([
        prisma.task.findMany({ where: { AND: [scope, { status: 'OPEN' }] }, select: taskListSelect, orderBy: [{ deadlineAt: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }], take: 25 }),
        prisma.task.count({ where: { AND: [scope, { status: 'OPEN' }] } }),
      ]);
      const tb = performance.now() - t;
      if (a.total !== total || rows.length !== a.rows.length) throw new Error(`${who}: totals differ (${a.total} vs ${total})`);
      if (i >= 10) { counter.push(ta); exact.push(tb); }
    }
    const f = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(1)} ms, p95 ${pct(xs, 95).toFixed(1)} ms`;
    console.log(`${who}: today's list ${f(counter)}; page and exact count in a transaction ${f(exact)}`);
  }
  console.log(`load at the end ${load()}`);
  await prisma.$disconnect();
}
main().catch((e) => { console.error(e); process.exit(1); });
