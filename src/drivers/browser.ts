/**
 * The browser driver: one headless Chromium per run, one browser context (its own cookies, storage,
 * cache and history) per simulated device. Every request the browser sends is recorded in the same
 * evidence log, through the same recorder, as the HTTP driver's: raw Set-Cookie headers as the
 * network delivered them (not the browser's normalized cookie list), masked on the way in.
 *
 * The scope guard holds in the browser too: a request to any origin outside the target's and
 * target.allowedHosts is failed before it leaves Chromium (and recorded as refused).
 *
 * Only ever imported dynamically, when a run has a browser flow: `--help`, `list-checks` and
 * HTTP-only runs never load Playwright.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Cookie, type Page, type Request, type Response } from 'playwright-core';
import type { EvidenceLog, Exchange } from '../evidence.js';
import type { StoredCookie } from './http.js';
import { appendExchange, recordResponse } from './record.js';
import type { ResolvedBrowser } from './browser-resolve.js';
import { isAllowedOrigin, OutOfScopeError, type Scope } from './scope.js';

/** Flags for a clean, quiet, reproducible Chromium: no sandbox (CI containers), no background traffic. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Resource types whose bodies are evidence; images, fonts and styles are recorded without one. */
const BODY_TYPES = new Set(['document', 'xhr', 'fetch']);

export interface BrowserOptions {
  /** Show the browser window (debugging). */
  headed?: boolean;
  /** Folder for one Playwright trace file per device; no tracing when absent. */
  traceDir?: string;
}

export class BrowserEngine {
  private readonly devices: BrowserDevice[] = [];

  private constructor(
    private readonly browser: Browser,
    private readonly options: BrowserOptions,
    readonly resolved: ResolvedBrowser,
  ) {}

  /**
   * `launch` gives every run a fresh, throw-away profile (user-data dir), so nothing from an earlier
   * run or from the user's own browsing can leak in.
   */
  static async launch(resolved: ResolvedBrowser, options: BrowserOptions): Promise<BrowserEngine> {
    const browser = await chromium.launch({
      executablePath: resolved.executablePath,
      headless: !options.headed,
      args: CHROMIUM_ARGS,
    });
    return new BrowserEngine(browser, options, resolved);
  }

  get version(): string {
    return this.browser.version();
  }

  async newDevice(device: string, evidence: EvidenceLog, userAgent: string, scope: Scope): Promise<BrowserDevice> {
    const context = await this.browser.newContext({ userAgent, serviceWorkers: 'block' });
    if (this.options.traceDir) await context.tracing.start({ screenshots: true, snapshots: true, title: device });
    const guarded = new WeakMap<Page, Promise<void>>();
    const guard = (page: Page): Promise<void> => {
      let done = guarded.get(page);
      if (!done) guarded.set(page, (done = guardScope(context, page, scope)));
      return done;
    };
    // A popup closed at once has nothing left to guard.
    context.on('page', (page) => void guard(page).catch(() => undefined));
    const page = await context.newPage();
    await guard(page);
    const d = new BrowserDevice(`${device} (browser)`, context, page, evidence, scope);
    this.devices.push(d);
    return d;
  }

  /** Closes every device (writing its trace) and the browser; returns the trace files written. */
  async close(): Promise<string[]> {
    const traces: string[] = [];
    for (const d of this.devices) {
      await d.settle();
      if (this.options.traceDir) {
        await mkdir(this.options.traceDir, { recursive: true });
        const file = path.join(this.options.traceDir, `trace-${slug(d.name)}.zip`);
        try {
          await d.context.tracing.stop({ path: file });
          traces.push(file);
        } catch {
          // A context the target crashed has no trace to give; the run's evidence stands without it.
        }
      }
      await d.context.close().catch(() => undefined);
    }
    await this.browser.close();
    return traces;
  }
}

/** What a flow needs to build its result from the responses it caused; raw values, never recorded. */
export interface RawBrowserResponse {
  exchange: number;
  status: number;
  url: string;
  headers: Record<string, string[]>;
  body: string;
  rawSetCookies: string[];
  /** A document load of the page's main frame. */
  navigation: boolean;
}

/** One simulated device in the browser: its context, its single page, and its recorder. */
export class BrowserDevice {
  /** What the tool is doing, stamped on every exchange the browser sends meanwhile. */
  step = 'browser';
  private readonly ids = new WeakMap<Request, number>();
  private readonly pending = new Set<Promise<void>>();
  private readonly responses: RawBrowserResponse[] = [];
  /** Requests sent and not yet answered, and when the last one started or ended. */
  private inFlight = 0;
  private lastActivity = performance.now();

  constructor(
    readonly name: string,
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly evidence: EvidenceLog,
    private readonly scope: Scope,
  ) {
    context.on('request', (request) => {
      if (!isHttp(request.url())) return;
      this.ids.set(request, evidence.allocateId());
      this.inFlight++;
      this.lastActivity = performance.now();
    });
    const finish = (request: Request, failed: boolean) => {
      const id = this.ids.get(request);
      if (id === undefined) return;
      this.inFlight--;
      this.lastActivity = performance.now();
      const work = this.record(id, request, failed).finally(() => this.pending.delete(work));
      this.pending.add(work);
    };
    context.on('requestfinished', (r) => finish(r, false));
    context.on('requestfailed', (r) => finish(r, true));
  }

  /** The responses recorded since `mark` (a count from `mark()`), in the order they finished. */
  responsesSince(mark: number): RawBrowserResponse[] {
    return this.responses.slice(mark);
  }

  mark(): number {
    return this.responses.length;
  }

  /**
   * Waits until no request has been in flight for `quietMs`, at most `maxMs`: a click's handler sends its
   * request (an XHR logout) a moment after the click returns, and its answer must be in the flow's
   * evidence. Unlike the page's own "networkidle", which an already idle page reports at once, this
   * counts every request of the device, before and after a navigation.
   */
  async quiet(quietMs: number, maxMs: number): Promise<void> {
    const deadline = performance.now() + maxMs;
    for (;;) {
      const idleFor = performance.now() - this.lastActivity;
      if (this.inFlight === 0 && idleFor >= quietMs) return;
      const left = deadline - performance.now();
      if (left <= 0) return;
      await new Promise((resolve) => setTimeout(resolve, Math.min(left, this.inFlight === 0 ? quietMs - idleFor : 50)));
    }
  }

  /** Waits until every request that has finished is in the evidence log. */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** Makes the browser hold exactly these cookies (a session handed over from an HTTP client). */
  async setCookies(cookies: StoredCookie[]): Promise<void> {
    await this.context.clearCookies();
    if (cookies.length > 0) await this.context.addCookies(cookies.map(toPlaywright));
  }

  async cookies(): Promise<StoredCookie[]> {
    return (await this.context.cookies()).map(fromPlaywright);
  }

  private async record(id: number, request: Request, failed: boolean): Promise<void> {
    const timing = request.timing();
    const startedAt = timing.startTime > 0 ? Math.round(timing.startTime) : Date.now();
    const from = request.redirectedFrom();
    const exchange: Exchange = {
      id,
      device: this.name,
      step: this.step,
      startedAt,
      durationMs: timing.responseEnd > 0 ? Math.round(timing.responseEnd * 10) / 10 : 0,
      request: { method: request.method(), url: request.url(), headers: [], body: request.postData() ?? undefined },
      setCookies: [],
      redirectOf: from ? this.ids.get(from) : undefined,
    };
    try {
      exchange.request.headers = (await request.headersArray()).map((h): [string, string] => [h.name.toLowerCase(), h.value]);
      const response = failed ? null : await request.response();
      if (!response) {
        exchange.error = isAllowedOrigin(request.url(), this.scope) ? (request.failure()?.errorText ?? 'no response') : new OutOfScopeError(request.url()).message;
        return;
      }
      const headers: Record<string, string[]> = {};
      for (const h of await response.headersArray()) (headers[h.name.toLowerCase()] ??= []).push(h.value);
      const { body, bytes } = await readBody(request, response);
      const recorded = recordResponse({ status: response.status(), headers, body, bytes }, this.evidence.redactor);
      exchange.response = recorded.response;
      exchange.setCookies = recorded.setCookies;
      this.responses.push({
        exchange: id,
        status: response.status(),
        url: request.url(),
        headers,
        body,
        rawSetCookies: recorded.rawSetCookies,
        navigation: request.isNavigationRequest() && request.frame() === this.page.mainFrame(),
      });
    } catch (error) {
      // The page navigated on or closed while the browser was still reporting this request.
      exchange.error = error instanceof Error ? error.message.split('\n')[0] : String(error);
    } finally {
      appendExchange(exchange, this.evidence);
    }
  }
}

/**
 * Fails every request of `page` to an origin outside `scope` before Chromium sends it. Through CDP's
 * Fetch domain rather than Playwright's routing, which switches the HTTP cache off for the whole context
 * and would blind cache.history-after-logout. Popups get theirs from the context's 'page' event, so a
 * popup's very first request can precede it. A request the page abandoned is no longer paused, hence the catch.
 */
async function guardScope(context: BrowserContext, page: Page, scope: Scope): Promise<void> {
  const cdp = await context.newCDPSession(page);
  cdp.on('Fetch.requestPaused', ({ requestId, request }) => {
    const refuse = isHttp(request.url) && !isAllowedOrigin(request.url, scope);
    const answer = refuse ? cdp.send('Fetch.failRequest', { requestId, errorReason: 'BlockedByClient' }) : cdp.send('Fetch.continueRequest', { requestId });
    answer.catch(() => undefined);
  });
  await cdp.send('Fetch.enable', { patterns: [{ urlPattern: '*', requestStage: 'Request' }] });
}

async function readBody(request: Request, response: Response): Promise<{ body: string; bytes: number }> {
  const redirect = response.status() >= 300 && response.status() < 400;
  if (redirect || !BODY_TYPES.has(request.resourceType())) {
    const sizes = await request.sizes().catch(() => ({ responseBodySize: 0 }));
    return { body: '', bytes: sizes.responseBodySize };
  }
  try {
    const bytes = await response.body();
    return { body: bytes.toString('utf8'), bytes: bytes.length };
  } catch {
    // Chromium drops a body once its page is gone; the headers are still evidence.
    return { body: '', bytes: 0 };
  }
}

function isHttp(url: string): boolean {
  return url.startsWith('http://') || url.startsWith('https://');
}

function toPlaywright(c: StoredCookie): Parameters<BrowserContext['addCookies']>[0][number] {
  const base = {
    name: c.name,
    value: c.value,
    // A browser holds a prefixed cookie only as Secure (RFC 6265bis §4.1.3); a planted or replayed ID
    // in the HTTP jar may lack the flag, and Chromium would refuse it.
    secure: c.secure || /^__(host|secure)-/i.test(c.name),
    httpOnly: c.httpOnly,
    ...(c.sameSite ? { sameSite: c.sameSite } : {}),
    ...(c.expires === undefined ? {} : { expires: c.expires }),
  };
  // Chromium stores a domain without a leading dot as host-only; with the dot it also covers subdomains.
  // (Playwright's `url` form is no use here: it forces Secure off for http URLs, and Chromium then
  // refuses __Host-/__Secure- names, which loopback targets legitimately set.)
  return { ...base, domain: c.hostOnly ? c.domain : `.${c.domain}`, path: c.path };
}

function fromPlaywright(c: Cookie): StoredCookie {
  const hostOnly = !c.domain.startsWith('.');
  return {
    name: c.name,
    value: c.value,
    domain: hostOnly ? c.domain : c.domain.slice(1),
    path: c.path,
    hostOnly,
    secure: c.secure,
    httpOnly: c.httpOnly,
    sameSite: c.sameSite,
    ...(c.expires > 0 ? { expires: Math.floor(c.expires) } : {}),
  };
}

function slug(name: string): string {
  return name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase();
}
