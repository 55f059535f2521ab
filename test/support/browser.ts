/** Headless Debian Chromium driven by playwright-core (Playwright's own browser download cannot work here). */
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

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

export async function screenshot(page: Page, name: string): Promise<string> {
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
  await loginInBrowser(page, baseUrl, login, password);
  await page.getByRole('menuitem', { name: '待办', exact: true }).waitFor({ timeout: 20_000 });
}
