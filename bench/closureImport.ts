/**
 * Benchmark: importing Shanghai's 644 government websites (docs/domain.md §4) through the API, as CSV and as
 * Excel, and answering the supervisors' progress query, on the real stack (the express app on the test
 * database). Prints the time of each import (check only, then check and write) and min / median / p95 / max
 * of the progress query over R runs, measured at the client (HTTP included) and inside the service.
 * Run: npm run bench:closure-import [ROUNDS]   (services from scripts/services.sh; test database seeded)
 */
import { ApiSession, startStack } from '../test/support/stack';
import { generateSites, multipart, toCsv, toXlsx } from '../test/support/websiteFixtures';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function stats(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const pick = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return `min ${s[0].toFixed(1)}  median ${pick(0.5).toFixed(1)}  p95 ${pick(0.95).toFixed(1)}  max ${s[s.length - 1].toFixed(1)}`;
}

async function main() {
  const rounds = Number(process.argv[2] ?? 3);
  const stack = await startStack({ LOG_LEVEL: 'silent' });
  const batches: string[] = [];
  try {
    const supervisor = await ApiSession.login(stack.baseUrl, 'supervisor');
    const units = (await stack.prisma.orgUnit.findMany({ include: { parent: { select: { code: true } } }, orderBy: { path: 'asc' } }))
      .map((u) => ({ code: u.code, name: u.name, kind: u.kind, parentCode: u.parent?.code ?? null }));

    for (let r = 0; r < rounds; r++) {
      for (const format of ['csv', 'xlsx'] as const) {
        const sites = generateSites(units);
        const file = format === 'csv' ? multipart(toCsv(sites), 'sites.csv', 'text/csv') : multipart(await toXlsx(sites), 'sites.xlsx', XLSX);
        let t = performance.now();
        const dry = await supervisor.send('/api/websites/import?dryRun=true', file.body, file.contentType);
        const dryMs = performance.now() - t;
        t = performance.now();
        const res = await supervisor.send('/api/websites/import', file.body, file.contentType);
        const ms = performance.now() - t;
        if (res.status !== 200 || res.body.created !== 644 || dry.body.ok !== true) throw new Error(`import failed: ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
        batches.push(res.body.importBatch);
        console.log(`import 644 sites (${format}, ${(file.body.length / 1024).toFixed(0)} KB): check only ${dryMs.toFixed(0)} ms, check and write ${ms.toFixed(0)} ms (server ${res.body.tookMs} ms)`);
      }
    }

    const total = await stack.prisma.website.count();
    const client: number[] = [];
    const server: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t = performance.now();
      const res = await supervisor.get('/api/website-progress');
      client.push(performance.now() - t);
      server.push(res.body.tookMs);
      if (res.status !== 200) throw new Error(`progress failed: ${res.status}`);
    }
    console.log(`progress query over ${total} sites, 50 runs (ms): client ${stats(client)} | service ${stats(server)}`);
    const list: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      await supervisor.get(`/api/websites?filter=${encodeURIComponent(JSON.stringify({ status: 'RUNNING' }))}&range=${encodeURIComponent('[0,49]')}`);
      list.push(performance.now() - t);
    }
    console.log(`site list page of 50 filtered by status, 20 runs (ms): ${stats(list)}`);
  } finally {
    // The benchmark's sites only: they never started a flow.
    await stack.prisma.website.deleteMany({ where: { importBatch: { in: batches } } });
    await stack.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
