/**
 * A script flow: sessionprobe calls the default export with a Playwright page, the account and
 * { baseUrl, flow }. Here: open the account page and press "Sign out", as a person would.
 */
import type { Page } from 'playwright-core';

export default async function logout(page: Page, _account: unknown, { baseUrl }: { baseUrl: string }): Promise<void> {
  await page.goto(new URL('/account', baseUrl).toString());
  await page.locator('form#signout button').click();
  await page.waitForURL((url) => url.pathname === '/login');
}
