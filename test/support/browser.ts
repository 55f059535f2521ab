/** Headless Debian Chromium driven by playwright-core (Playwright's own browser download cannot work here). */
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Task } from '../../prisma/generated/client';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../prisma/seed/users';
import { ApiSession, cancelWorkflows, eventually, startStack, type TestStack } from './stack';

export const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts');

export async function openBrowser(): Promise<BrowserContext> {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'govflow-chromium-'));
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    locale: 'zh-CN',
    viewport: { width: 1366, height: 860 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--lang=zh-CN'],
  });
}

/**
 * After a resize: waits until the console has drawn the form for the page's new width (the phone's cards or
 * the desktop's tables; admin/src/layout/responsive.tsx switches once a width has held for 250 ms and then marks
 * the form on `<html data-console-form>`), then for a frame to be painted. A page without the console's layout
 * (the sign-in page, the public pages) has no mark and nothing to wait for.
 */
export async function consoleFormSettled(page: Page, timeoutMs = 15_000): Promise<void> {
  // Polled with plain evaluations: the console's CSP refuses the string evaluation waitForFunction makes.
  const drawnAsWidth = `(() => {
    const drawn = document.documentElement.dataset.consoleForm;
    const width = window.innerWidth;
    return !drawn || drawn === (width < 600 ? 'narrow' : width < 900 ? 'phone' : 'desktop');
  })()`;
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(drawnAsWidth))) {
    if (Date.now() > deadline) throw new Error(`the console did not switch to the form for ${page.viewportSize()?.width} px within ${timeoutMs} ms`);
    await page.waitForTimeout(50);
  }
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
}

/** A full-page screenshot of a screen, which must fit its window's width (see `expectFits`). */
export async function screenshot(page: Page, name: string): Promise<string> {
  await expectFits(page, name);
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** One element as the user sees it (a table, a dialog): legible where a full-page shot is scaled down. */
export async function screenshotOf(element: Locator, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await element.screenshot({ path: file });
  return file;
}

export async function loginInBrowser(page: Page, baseUrl: string, login: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/#/login`);
  await page.locator('input[name="username"]').fill(login);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

/**
 * Signs `login` in as a new user on this browser would: no session, no remembered list filters (as after a
 * sign-out), then waits for the inbox menu.
 */
export async function signInFresh(browser: BrowserContext, page: Page, baseUrl: string, login: string, password: string): Promise<void> {
  await browser.clearCookies();
  await page.goto(`${baseUrl}/#/login`);
  await page.evaluate('localStorage.clear()');
  // The console keeps its store (list filters) in memory too: a reload starts it from the cleared storage.
  await page.reload();
  await loginInBrowser(page, baseUrl, login, password);
  // On a phone the menu is a drawer behind the app bar's button: wait for either.
  await page.getByRole('menuitem', { name: '待办', exact: true }).or(page.getByRole('button', { name: '打开菜单' })).first().waitFor({ timeout: 20_000 });
}

/** The two sizes the console is tested at: a desktop and a common phone (390 × 844). */
export const VIEWPORTS = { desktop: { width: 1366, height: 860 }, phone: { width: 390, height: 844 } } as const;
export type ViewportName = keyof typeof VIEWPORTS;

/**
 * How much wider than the window the page is (0 when it fits): the page must never scroll sideways; a wide
 * table scrolls inside itself. Names the widest elements that stick out, to say what to fix.
 */
export async function pageOverflow(page: Page): Promise<{ overflow: number; culprits: string[] }> {
  return page.evaluate(`(() => {
    const overflow = document.documentElement.scrollWidth - window.innerWidth;
    const culprits = overflow <= 0 ? [] : [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && getComputedStyle(e).position !== 'fixed')
      // the deepest ones (no child of theirs overflows too) name what is too wide; their ancestors only follow
      .filter((e, _i, all) => !all.some((o) => o !== e && e.contains(o)))
      .slice(0, 5).map((e) => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').slice(0, 2).join('.') : '') + ' ' + Math.round(e.getBoundingClientRect().right) + 'px');
    return { overflow, culprits };
  })()`) as Promise<{ overflow: number; culprits: string[] }>;
}

/** Fails when the page is wider than the window (document.documentElement.scrollWidth > innerWidth). */
export async function expectFits(page: Page, where: string): Promise<void> {
  const { overflow, culprits } = await pageOverflow(page);
  if (overflow > 0) throw new Error(`${where}: the page is ${overflow} px wider than the ${page.viewportSize()?.width} px window (${culprits.join(', ')})`);
}

/** The file's stack, browser and page, and what a console test does with them. */
export interface ConsoleSession {
  readonly stack: TestStack;
  readonly browser: BrowserContext;
  readonly page: Page;
  /** the size the page has now */
  readonly viewport: ViewportName;
  /** workflows the file started: cancelled when it ends, so the next run on the database starts clean */
  readonly workflows: string[];
  /** signs `login` in afresh (no session, no remembered filters) and waits for the menu */
  signIn(login: string): Promise<void>;
  /** opens a screen from the menu (on a phone, through the app bar's menu button) */
  menu(name: string): Promise<void>;
  /** resizes the page (the console redraws for the width at once) */
  setViewport(name: ViewportName): Promise<void>;
  /**
   * A full-page screenshot named `<name>-<viewport>` after the page is checked to fit its width; with
   * `both`, the same screen is also checked and shot at the other size, then put back.
   */
  shot(name: string, options?: { both?: boolean }): Promise<void>;
  /** starts an annual report as the administrator and remembers its workflow for the cleanup */
  startReport(orgUnitCode: string, year: number): Promise<{ workflowId: string; executionId: string }>;
  /** the run's open task of a stage (main position unless said otherwise), once the workflow has made it */
  openTask(executionId: string, stageKey: string, options?: { round?: number; position?: string; timeoutMs?: number }): Promise<Task>;
}

/**
 * One stack and one browser for a whole test file, started before its first test and stopped after its last:
 * `const ui = useConsole();` then `ui.page`, `ui.signIn('bj-d002-head')`, `ui.shot('inbox', { both: true })`.
 * `beforeStop` runs while the stack still runs (to cancel flows the file found rather than started).
 */
export function useConsole(options: { viewport?: ViewportName; stackOverrides?: Partial<Record<string, string>>; beforeStop?: (stack: TestStack) => Promise<void>; startTimeoutMs?: number; stopTimeoutMs?: number } = {}): ConsoleSession {
  let stack: TestStack | undefined;
  let browser: BrowserContext | undefined;
  let page: Page | undefined;
  let viewport: ViewportName = options.viewport ?? 'desktop';
  const workflows: string[] = [];
  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`useConsole: ${what} is not ready (use it inside a test or a hook)`);
    return v;
  };
  const session: ConsoleSession = {
    get stack() { return need(stack, 'the stack'); },
    get browser() { return need(browser, 'the browser'); },
    get page() { return need(page, 'the page'); },
    get viewport() { return viewport; },
    workflows,
    signIn: (login) => signInFresh(session.browser, session.page, session.stack.baseUrl, login, DEMO_PASSWORD),
    async menu(name) {
      const item = session.page.getByRole('menuitem', { name, exact: true });
      if (!(await item.isVisible())) await session.page.getByRole('button', { name: '打开菜单' }).click();
      await item.click();
    },
    async setViewport(name) {
      const p = session.page;
      const toggle = (label: string) => p.getByRole('button', { name: label, exact: true });
      // The sidebar's state carries over a resize: an open desktop sidebar would become an open menu drawer
      // over the phone's page. Close it before, and open it again after coming back, as each size starts.
      if (name === 'phone' && viewport === 'desktop' && (await toggle('关闭菜单').isVisible())) await toggle('关闭菜单').click();
      const from = viewport;
      viewport = name;
      await p.setViewportSize(VIEWPORTS[name]);
      // A menu button seen before the console has switched form may be gone when clicked: look only after.
      await consoleFormSettled(p);
      if (name === 'desktop' && from === 'phone' && (await toggle('打开菜单').isVisible())) await toggle('打开菜单').click({ timeout: 15_000 });
    },
    async shot(name, { both = false } = {}) {
      const p = session.page;
      // Let a redraw for a new size (media queries, charts measuring their box) settle before measuring.
      await p.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
      await screenshot(p, `${name}-${viewport}`);
      if (!both) return;
      const here = viewport;
      await session.setViewport(here === 'phone' ? 'desktop' : 'phone');
      try {
        await p.waitForTimeout(500);
        await session.shot(name);
      } finally {
        await session.setViewport(here);
        await p.waitForTimeout(500);
      }
    },
    async startReport(orgUnitCode, year) {
      const admin = await ApiSession.login(session.stack.baseUrl, 'admin');
      const res = await admin.post('/api/annual-reports', { orgUnitCode, year });
      if (res.status !== 201) throw new Error(`starting the report of ${orgUnitCode} ${year}: ${res.status} ${JSON.stringify(res.body)}`);
      workflows.push(res.body.workflowId);
      return res.body as { workflowId: string; executionId: string };
    },
    openTask(executionId, stageKey, { round, position = 'main', timeoutMs = 20_000 } = {}) {
      return eventually(
        () => session.stack.prisma.task.findFirst({ where: { executionId, stageKey, status: 'OPEN', position, ...(round ? { round } : {}) } }).then((t) => t ?? undefined),
        timeoutMs, `${stageKey}${round ? ` round ${round}` : ''} ${position} open`,
      );
    },
  };
  beforeAll(async () => {
    stack = await startStack(options.stackOverrides);
    browser = await openBrowser();
    page = await browser.newPage();
    if (viewport !== 'desktop') await page.setViewportSize(VIEWPORTS[viewport]);
  }, options.startTimeoutMs ?? 60_000);
  afterAll(async () => {
    await browser?.close();
    if (!stack) return;
    await cancelWorkflows(stack.client, workflows);
    await options.beforeStop?.(stack);
    await stack.stop();
  }, options.stopTimeoutMs ?? 60_000);
  return session;
}
