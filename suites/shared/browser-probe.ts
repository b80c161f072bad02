/**
 * What only a real browser shows (CHECKS.md tier 4): a browser device logs in through the configured
 * browser flow, then the probe reads its web storage and `document.cookie`, looks for the logout control
 * on the authenticated pages, logs out and presses Back. One probe for the browser-only checks of
 * several suites (token.web-storage, logout.ui-visible, cache.history-after-logout, cookie.httponly's
 * confirmation), because they share one logged-in browser and one logout.
 */
import type { Page } from 'playwright-core';
import type { BrowserArtifact, HistoryObservation, LogoutControlObservation } from '../../src/model/artifacts.js';
import { BROWSER_FLOW_KINDS } from '../../src/config/types.js';
import type { HttpClient } from '../../src/drivers/http.js';
import type { Probe, ProbeContext } from '../../src/probe.js';
import type { TargetSession } from '../../src/target/session.js';
import { findStoredTokens, READ_WEB_STORAGE, type WebStorageDump } from '../../src/token/web-storage.js';
import { pathOf } from '../../src/urls.js';

/** How long a page may keep loading before its text is read (SPAs fetch after `load`). */
const SETTLE_MS = 5_000;
const MAX_MARKERS = 5;
/** Back presses after logout: enough to pass a logout page and a redirect or two. */
const MAX_BACK = 3;

export const browserProbe: Probe<'browser'> = {
  id: 'browser',
  title: 'browser',
  async run(ctx): Promise<BrowserArtifact> {
    const { session, progress } = ctx;
    const login = session.target.login;
    if (!BROWSER_FLOW_KINDS.includes(login.kind)) {
      return { notApplicable: `the target profile logs in over HTTP (login.${login.kind}); browser-only checks need login.browser or login.script` };
    }
    const client = session.newClient('browser checks');
    progress.step('browser: logging in, reading web storage and document.cookie, looking for the logout control');
    await session.login(client);
    const device = await session.browserDevice(client);
    const afterLogin = await session.ask(client, 'positive control: the browser session is logged in');
    const { page } = device;
    const pages = session.target.ui.pages;

    device.step = 'browser checks: authenticated pages';
    const controls: LogoutControlObservation[] = [];
    for (const url of pages) controls.push(await lookForLogoutControl(page, session, url));
    device.step = 'browser checks: reading storage';
    const storage = await readStorage(page, session, client);
    const documentCookie = await attempt(async () => {
      const names = cookieNames(String(await page.evaluate('document.cookie')));
      return { names, sessionCookies: names.filter((n) => session.sessionCookies.includes(n)) };
    });
    const history = await backAfterLogout(ctx, client, page, device);
    await device.settle();
    return {
      device: device.name,
      afterLogin,
      storage,
      documentCookie,
      logoutControl: session.target.ui.logoutControl
        ? { selector: session.target.ui.logoutControl, pages: controls }
        : { notConfigured: 'the target profile names no logout control (target.ui.logoutControl)' },
      history,
    };
  },
};

async function lookForLogoutControl(page: Page, session: TargetSession, url: string): Promise<LogoutControlObservation> {
  const selector = session.target.ui.logoutControl;
  const observation: LogoutControlObservation = { page: url, finalUrl: url, matches: 0, visible: false, inViewport: false };
  try {
    await open(page, session, url);
    observation.finalUrl = pathOf(page.url());
    if (!selector) return observation;
    const control = page.locator(selector);
    observation.matches = await control.count();
    if (observation.matches === 0) return observation;
    observation.visible = await control.first().isVisible();
    const box = await control.first().boundingBox();
    const viewport = page.viewportSize();
    if (box && viewport) {
      // "Without scrolling": the control's centre lies in the first screen as the page opens.
      const cx = box.x + box.width / 2;
      const cy = box.y + box.height / 2;
      observation.inViewport = observation.visible && cx >= 0 && cy >= 0 && cx <= viewport.width && cy <= viewport.height;
    }
  } catch (error) {
    observation.error = messageOf(error);
  }
  return observation;
}

async function readStorage(page: Page, session: TargetSession, client: HttpClient): Promise<Extract<BrowserArtifact, { device: string }>['storage']> {
  return attempt(async () => {
    const dump = (await page.evaluate(READ_WEB_STORAGE)) as WebStorageDump;
    const creds = await session.sessionCredentials(client);
    const bearer = creds.authorization?.replace(/^\S+\s+/, '');
    const findings = findStoredTokens(dump, { sessionCookies: creds.cookies.map((c) => c.value), bearer }, session.evidence.redactor);
    return {
      origin: dump.origin,
      keys: dump.local.length + dump.session.length + dump.indexedDb.reduce((n, s) => n + s.records.length, 0),
      indexedDb: dump.indexedDbError ?? 'read',
      findings,
    };
  });
}

/** Visit the authenticated page, log out, press Back: does the browser show the logged-in page again? */
async function backAfterLogout(ctx: ProbeContext, client: HttpClient, page: Page, device: { step: string }): Promise<HistoryObservation> {
  const { session } = ctx;
  if (!session.target.logout) return { notConfigured: 'the target profile has no logout flow (target.logout)' };
  const url = session.target.ui.pages[0]!;
  device.step = 'browser checks: calibrating the page markers';
  const markers = await calibrateMarkers(session, page, url);
  device.step = 'browser checks: authenticated page before logout';
  // A blank start makes the authenticated page its own history entry (re-opening the current URL would
  // only replace it), and marks where going Back must stop.
  await page.goto('about:blank');
  await open(page, session, url);
  const before = await visibleText(page);
  const shownBeforeLogout = markers.filter((m) => before.includes(m));
  const logout = await session.logout(client);
  if (!BROWSER_FLOW_KINDS.includes(session.target.logout.kind)) {
    // The logout ran over HTTP: give the browser the logged-out cookies and land where the logout ended.
    await (await session.browserDevice(client)).setCookies(await client.storedCookies());
    await open(page, session, logout.response.url);
  }
  const currentAfterLogout = await session.ask(client, 'control: the browser session after logout');
  device.step = 'browser checks: back button after logout';
  const afterBack = await attempt(async () => {
    const pages: Array<{ url: string; shown: string[] }> = [];
    for (let i = 0; i < MAX_BACK; i++) {
      await page.goBack({ waitUntil: 'load', timeout: session.target.requestTimeoutMs });
      if (page.url() === 'about:blank') break;
      await page.waitForLoadState('networkidle', { timeout: SETTLE_MS }).catch(() => undefined);
      const text = await visibleText(page);
      pages.push({ url: pathOf(page.url()), shown: markers.filter((m) => text.includes(m)) });
    }
    return { pages };
  });
  // Page text is the target's: masked like everything else it sends.
  const r = (texts: string[]) => texts.map((t) => session.evidence.redactor.redact(t));
  return {
    page: url,
    markers: r(markers),
    shownBeforeLogout: r(shownBeforeLogout),
    logoutExchanges: logout.exchanges,
    currentAfterLogout,
    afterBack: 'error' in afterBack ? afterBack : { pages: afterBack.pages.map((p) => ({ url: p.url, shown: r(p.shown) })) },
  };
}

/**
 * Lines of text the page shows logged in but not to a browser with no session: what "authenticated
 * content" means on this page. The anonymous view comes from a fresh browser device.
 */
async function calibrateMarkers(session: TargetSession, page: Page, url: string): Promise<string[]> {
  const anonymous = await session.browserDevice(session.newClient('browser checks: anonymous'));
  anonymous.step = 'browser checks: the page without a session';
  await open(anonymous.page, session, url);
  const loggedOut = new Set(lines(await visibleText(anonymous.page)));
  await open(page, session, url);
  const username = session.account.username;
  const candidates = [...new Set(lines(await visibleText(page)))].filter((l) => !loggedOut.has(l));
  // Lines naming the user first: the surest sign of a page rendered for this session.
  return candidates.sort((a, b) => Number(b.includes(username)) - Number(a.includes(username))).slice(0, MAX_MARKERS);
}

async function open(page: Page, session: TargetSession, url: string): Promise<void> {
  await page.goto(new URL(url, session.target.baseUrl + '/').toString(), { waitUntil: 'load', timeout: session.target.requestTimeoutMs });
  await page.waitForLoadState('networkidle', { timeout: SETTLE_MS }).catch(() => undefined);
}

async function visibleText(page: Page): Promise<string> {
  return String(await page.evaluate('document.body ? document.body.innerText : ""'));
}

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter((l) => l.length >= 3 && l.length <= 100);
}

function cookieNames(documentCookie: string): string[] {
  return documentCookie
    .split(';')
    .map((p) => p.split('=')[0]!.trim())
    .filter(Boolean);
}

async function attempt<T>(fn: () => Promise<T>): Promise<T | { error: string }> {
  try {
    return await fn();
  } catch (error) {
    return { error: messageOf(error) };
  }
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
