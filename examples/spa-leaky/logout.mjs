// A script flow: sessionprobe calls the default export with a Playwright page, the account and
// { baseUrl, flow }. Anything a person can do in the browser, a script can do.
export default async function logout(page, _account, { baseUrl }) {
  await page.goto(new URL('/dashboard', baseUrl).toString());
  await page.locator('#signout').click();
  await page.waitForURL('**/login');
}
