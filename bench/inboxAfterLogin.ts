/**
 * Benchmark: time from submitting the sign-in form to the inbox being usable (its rows rendered), in
 * headless Chromium against the real API serving the production console build (admin/dist). Each run
 * signs in on a fresh browser profile (cold: nothing cached) and then once more on the same profile after
 * signing out (warm: the console's JS from the browser cache). Prints min / median / p90 / max of each,
 * and the JS the browser downloaded before the inbox showed.
 * Also splits the time: the sign-in request, the console's work until it asks for the inbox, the inbox
 * request, rendering. BENCH_ADMIN_DIST=<dir> serves another build (e.g. an older one, to compare).
 * Run: npm run bench:inbox [N]   (services from scripts/services.sh, test database; bash scripts/build-admin.sh first)
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../prisma/seed/users';
import { openBrowser } from '../test/support/browser';
import { startStack } from '../test/support/stack';

const LOGIN = 'street-clerk';
const MARKER = `bench-inbox-${randomUUID().slice(0, 8)}`;

interface Timing { ms: number; jsBytes: number; login: number; toInboxRequest: number; inboxAnswered: number }

async function signInAndTime(page: Page, baseUrl: string): Promise<Timing> {
  let jsBytes = 0;
  let start = 0;
  const at: Record<string, number> = {};
  const onResponse = async (res: import('playwright-core').Response) => {
    if (res.url().includes('/api/auth/login')) at.login ??= Date.now() - start;
    if (res.url().includes('/api/tasks?')) at.inboxAnswered ??= Date.now() - start;
    if (res.url().endsWith('.js')) jsBytes += Number(res.headers()['content-length'] ?? (await res.body().catch(() => Buffer.alloc(0))).length);
  };
  const onRequest = (req: import('playwright-core').Request) => {
    if (req.url().includes('/api/tasks?')) at.inboxRequest ??= Date.now() - start;
  };
  page.on('response', onResponse);
  page.on('request', onRequest);
  await page.goto(`${baseUrl}/#/login`);
  await page.locator('input[name="username"]').fill(LOGIN);
  await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
  const button = page.getByRole('button', { name: '登录' });
  await button.waitFor();
  start = Date.now();
  await button.click();
  // Usable: the inbox's rows are on screen (one of the benchmark's own tasks, sorted by deadline first).
  await page.locator('tbody tr').filter({ hasText: MARKER }).first().waitFor({ timeout: 30_000 });
  const ms = Date.now() - start;
  page.off('response', onResponse);
  page.off('request', onRequest);
  return { ms, jsBytes, login: at.login, toInboxRequest: at.inboxRequest - at.login, inboxAnswered: at.inboxAnswered - at.inboxRequest };
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `min ${s[0]} ms, median ${q(0.5)} ms, p90 ${q(0.9)} ms, max ${s[s.length - 1]} ms`;
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const n = Number(process.argv[2] ?? 5);
  const stack = await startStack({ LOG_LEVEL: 'silent', ...(process.env.BENCH_ADMIN_DIST ? { ADMIN_DIST_DIR: process.env.BENCH_ADMIN_DIST } : {}) });
  const unit = await stack.prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BJ-Q01-S01' } });
  // A realistic inbox page: 25 open tasks of the clerk's unit (projection rows; no workflow behind them).
  await stack.prisma.task.createMany({
    data: Array.from({ length: 25 }, (_, i) => ({
      workflowId: `${MARKER}/${i}`, executionId: randomUUID(), stepKey: 'bench', flowKey: 'annual-report', stageKey: 'self-check',
      title: `${MARKER} 第${i + 1}项`, orgUnitId: unit.id, assigneeRole: 'CLERK' as const, startedAt: new Date(), deadlineAt: new Date(Date.now() - 86_400_000 + i * 60_000),
    })),
  });
  const cold: Timing[] = [];
  const warm: Timing[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const browser = await openBrowser();
      const page = await browser.newPage();
      cold.push(await signInAndTime(page, stack.baseUrl));
      await browser.clearCookies();
      await page.evaluate('localStorage.clear(); sessionStorage.clear()');
      await page.reload();
      warm.push(await signInAndTime(page, stack.baseUrl));
      await browser.close();
    }
  } finally {
    await stack.prisma.task.deleteMany({ where: { title: { startsWith: MARKER } } });
    await stack.stop();
  }
  console.log(`sign-in to inbox rows (${LOGIN}, 25 rows, ${n} runs, headless Chromium 1366x860)`);
  for (const [name, runs] of [['cold (empty browser cache)', cold], ['warm (console JS cached) ', warm]] as const) {
    console.log(`  ${name}: ${stats(runs.map((r) => r.ms))}${runs === cold ? `; JS loaded with the login page ${Math.round(runs[0].jsBytes / 1024)} KiB` : ''}`);
    console.log(`    median split: sign-in request ${median(runs.map((r) => r.login))} ms, console until it asks for the inbox ${median(runs.map((r) => r.toInboxRequest))} ms, inbox request ${median(runs.map((r) => r.inboxAnswered))} ms`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
