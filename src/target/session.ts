/**
 * The live handle on the target that probes use: make devices, log them in and out, ask the oracle,
 * take a device's session credentials for a later replay. Each device has its own cookie jar and its
 * own User-Agent, like separate browsers. The session remembers every device it logged in, so a probe
 * can free the account's session slots and the run can log them all out at the end. Logins use the
 * password the keeper says is current, and back off when the target throttles them.
 */
import { BROWSER_FLOW_KINDS, type Account, type Flow, type TargetProfile } from '../config/types.js';
import type { SessionIds } from '../model/artifacts.js';
import { EvidenceLog, Redactor, mask } from '../evidence.js';
import type { Progress } from '../progress.js';
import type { PasswordKeeper } from '../account/keeper.js';
import { HttpClient, type Credentials } from '../drivers/http.js';
import type { Dispatcher } from 'undici';
import { performance } from 'node:perf_hooks';
import type { BrowserDevice, BrowserEngine, BrowserOptions } from '../drivers/browser.js';
import { resolveChromium } from '../drivers/browser-resolve.js';
import type { Scope } from '../drivers/scope.js';
import { attempt, flowSteps, provideFlowServices, runFlow, runStep, stepLabel, type BrowserFlowRunner, type FlowResult } from './flows.js';
import { TotpCodes } from '../account/totp.js';
import { LoginThrottle } from './backoff.js';
import type { Oracle, OracleVariant } from './oracle.js';
import type { FlowAttempt } from '../model/attempts.js';
import type { OracleObservation } from '../model/observation.js';

export interface BrowserRunOptions extends BrowserOptions {
  /** --browser-path: this Chromium and no other. */
  executablePath?: string;
}

/** What retiring a device achieved: its session is over (one slot of its account free again), or why not. */
export type Retirement =
  | { ended: true; /** How long its logout took (null: it had no session to end). */ logoutMs: number | null }
  | { ended: false; reason: string; logoutMs: number | null };

export interface LoginOptions {
  /** Another account than the main one (target.accounts), e.g. for a control session. */
  account?: Account;
  /** Log in with this password instead of the current one (e.g. proving an old password is refused). */
  password?: string;
  /** Ask for a persistent login (target.rememberMe). */
  rememberMe?: boolean;
  label?: string;
}

export class TargetSession {
  private readonly clients: HttpClient[] = [];
  /** Devices logged in, with the account each used (logout flows may need its password). */
  private readonly loggedIn = new Map<HttpClient, Account>();
  /** Retired devices and the session credentials they held when their session was ended. */
  private readonly retired = new Map<HttpClient, Credentials>();
  /** Devices whose sessions a running probe waits on: logoutAll() leaves them alone until they are let go. */
  private readonly held = new Set<HttpClient>();
  /** A cookie-less device for replays: each replay sends exactly the credentials it is given. */
  readonly replayer: HttpClient;
  readonly throttle: LoginThrottle;
  /** One-time codes for {{totp}}, never the same one twice. */
  readonly totp: TotpCodes;
  oracle!: Oracle;
  /** The device logged in while establishing the session; its live ID is the shape sample for crafted IDs. */
  baseline!: HttpClient;
  sessionCookies: string[] = [];
  /** Playwright trace files written when the browser closed (--trace). */
  traceFiles: string[] = [];
  private engine?: Promise<BrowserEngine>;
  private readonly browserDevices = new Map<HttpClient, Promise<BrowserDevice>>();

  constructor(
    readonly target: TargetProfile,
    readonly evidence: EvidenceLog,
    readonly keeper: PasswordKeeper,
    readonly progress: Progress,
    private readonly browser: BrowserRunOptions = {},
    /** The run's interruption (Ctrl-C, SIGTERM): it cuts every request in flight. */
    readonly interrupt?: AbortSignal,
  ) {
    this.totp = new TotpCodes(progress);
    this.replayer = this.newClient('replay');
    this.throttle = new LoginThrottle(target.loginBackoff, progress);
  }
  /** Whether any configured flow drives a real browser. */
  get usesBrowser(): boolean {
    const t = this.target;
    return [t.login, t.logout, t.passwordChange, t.privilegeChange, t.sso?.logout].some((f) => f !== undefined && BROWSER_FLOW_KINDS.includes(f.kind));
  }

  /** Launches Chromium once per run (Playwright is loaded here, and only here). */
  startBrowser(): Promise<BrowserEngine> {
    this.engine ??= (async () => {
      const resolved = await resolveChromium({ explicit: this.browser.executablePath });
      this.progress.step(`starting Chromium (${resolved.source}: ${resolved.executablePath})`);
      const { BrowserEngine } = await import('../drivers/browser.js');
      return BrowserEngine.launch(resolved, this.browser);
    })();
    return this.engine;
  }

  /** The device's browser context: its own cookies, storage, cache and history, opened on first use. */
  browserDevice(client: HttpClient): Promise<BrowserDevice> {
    let device = this.browserDevices.get(client);
    if (!device) {
      device = this.startBrowser().then((engine) => engine.newDevice(client.device, this.evidence, client.userAgent, this.scope));
      this.browserDevices.set(client, device);
    }
    return device;
  }

  private readonly runBrowserFlow: BrowserFlowRunner = async (client, flow, account, label) => {
    const device = await this.browserDevice(client);
    const { runBrowserFlow } = await import('./browser-flow.js');
    return runBrowserFlow(device, client, flow, account, label, {
      baseUrl: this.target.baseUrl,
      timeoutMs: this.target.requestTimeoutMs,
      progress: this.progress,
    });
  };


  /** The account with the password that is current right now. */
  get account(): Account {
    return this.keeper.account();
  }

  /** The origins every driver of this run may send requests to. */
  get scope(): Scope {
    // Instances are the same deployment: replays may go to them directly (target.instances).
    const instanceHosts = this.target.instances.map((i) => new URL(i).host);
    return { origin: new URL(this.target.baseUrl).origin, allowedHosts: [...this.target.allowedHosts, ...instanceHosts] };
  }

  /** A new device; `userAgent` replaces its own (binding probes present a foreign one). */
  newClient(device: string, options: { userAgent?: string } = {}): HttpClient {
    const client = new HttpClient({
      device,
      baseUrl: this.target.baseUrl,
      userAgent: options.userAgent ?? deviceUserAgent(this.target.userAgent, device),
      timeoutMs: this.target.requestTimeoutMs,
      scope: this.scope,
      evidence: this.evidence,
      tls: this.target.tls,
      interrupt: this.interrupt,
    });
    this.clients.push(client);
    provideFlowServices(client, { browser: this.runBrowserFlow, totp: this.totp });
    return client;
  }

  /**
   * A device whose exchanges go nowhere, on a shared pool: for sampling hundreds of logins without
   * filling the report (or the redactor) with them. Never logged out by close(): its user does that.
   */
  unrecordedClient(device: string, dispatcher: Dispatcher): HttpClient {
    const t = this.target;
    const client = new HttpClient({
      device,
      baseUrl: t.baseUrl,
      userAgent: deviceUserAgent(t.userAgent, device),
      timeoutMs: t.requestTimeoutMs,
      scope: this.scope,
      evidence: new EvidenceLog(new Redactor()),
      dispatcher,
      interrupt: this.interrupt,
    });
    provideFlowServices(client, { browser: this.runBrowserFlow, totp: this.totp });
    return client;
  }

  /** Every account the run may log in with: `account` first, then `accounts`. */
  get accounts(): Account[] {
    return [this.account, ...this.target.accounts];
  }

  async login(client: HttpClient, options: LoginOptions = {}): Promise<FlowResult> {
    const base = options.account ?? this.account;
    const account = options.password === undefined ? base : { ...base, password: options.password };
    this.loggedIn.set(client, account);
    const flow = options.rememberMe ? withRememberMe(this.target.login, this.target) : this.target.login;
    return this.throttle.login(client.device, () => runFlow(client, flow, account, options.label ?? 'login'));
  }

  /** The login's steps: one, or the first factor followed by its `then:` steps (second factor, consent). */
  get loginSteps(): number {
    return flowSteps(this.target.login).length;
  }

  /**
   * Performs only steps `from` to `to` (exclusive) of the login, so a probe can look at the session
   * between them (after the first factor, before the second).
   */
  async loginPart(client: HttpClient, from: number, to: number, label = 'login'): Promise<FlowResult> {
    const steps = flowSteps(this.target.login);
    const account = this.account;
    this.loggedIn.set(client, account);
    const exchanges: number[] = [];
    let last: FlowResult | undefined;
    for (let i = from; i < Math.min(to, steps.length); i++) {
      const step = steps[i]!;
      last = await this.throttle.login(client.device, () => runStep(client, step, account, stepLabel(label, i, steps.length)));
      exchanges.push(...last.exchanges);
    }
    if (!last) throw new Error(`the login has ${steps.length} step(s); no step between ${from} and ${to}`);
    return { response: last.response, exchanges };
  }

  /**
   * Visits the site as a person would before logging in, so the device holds whatever the target
   * issues pre-login: in the browser (letting the login page's scripts run) when the login is a
   * browser flow, else with a GET of the login page.
   */
  async visitBeforeLogin(client: HttpClient): Promise<void> {
    const login = this.target.login;
    if (login.kind === 'browser' || login.kind === 'script') {
      const first = login.kind === 'browser' ? login.steps.find((s) => 'goto' in s) : undefined;
      const url = first && 'goto' in first ? first.goto : this.oracle.url;
      await runFlow(client, { kind: 'browser', steps: [{ goto: url }] }, this.account, 'visit before login');
      return;
    }
    await client.request({ url: 'url' in login ? login.url : this.oracle.url, step: 'visit before login' });
  }

  /** A login whose refusal is an outcome to record (a concurrency limit), not a broken run. */
  attemptLogin(client: HttpClient): Promise<FlowAttempt> {
    return attempt(() => this.login(client));
  }

  async logout(client: HttpClient): Promise<FlowResult> {
    if (!this.target.logout) throw new Error('the target profile has no logout flow');
    const result = await runFlow(client, this.target.logout, this.loggedIn.get(client) ?? this.account, 'logout');
    this.loggedIn.delete(client);
    return result;
  }

  /** A device that became logged in without a login (e.g. a remember-me cookie minted a session): log it out at the end. */
  adopt(client: HttpClient): void {
    this.loggedIn.set(client, this.account);
  }

  /** A probe is done with the device: log it out now (best effort), so it holds no session slot meanwhile. */
  async release(client: HttpClient): Promise<void> {
    if (!this.target.logout || !this.loggedIn.has(client)) return;
    try {
      await this.logout(client);
    } catch {
      // The end-of-run logout tries again; a session that cannot be ended expires on its own.
    }
  }

  /** The device's session is known to be over (it expired): nothing to log out at the end. */
  forget(client: HttpClient): void {
    this.loggedIn.delete(client);
  }

  /**
   * Logs out every device still logged in, except those held: at the end of a run, and before probes
   * that count or revoke sessions, so the run's own earlier sessions neither use up a concurrency limit
   * nor get in the way.
   */
  async logoutAll(label: string): Promise<void> {
    for (const [client, account] of this.loggedIn) {
      if (this.held.has(client)) continue;
      this.loggedIn.delete(client);
      if (!this.target.logout) continue;
      try {
        await runFlow(client, this.target.logout, account, label);
      } catch {
        // Best effort: a session that cannot be logged out expires on its own; the run's verdicts stand.
      }
    }
  }

  /** A running probe waits on this device's session: no other probe's logoutAll() may end it. */
  hold(client: HttpClient): void {
    this.held.add(client);
  }

  letGo(client: HttpClient): void {
    this.held.delete(client);
  }

  /**
   * Ends the device's session on the server, so it holds none of the account's session slots, and keeps
   * its session credentials as a record (the baseline's ID is the shape sample for crafted IDs). The
   * logout runs on the device itself, as its user would sign out: a browser login's storage and
   * provider cookies live in its own browser context. Whether the session is over is asked, not assumed:
   * its credentials are replayed to the oracle afterwards.
   */
  async retire(client: HttpClient): Promise<Retirement> {
    const account = this.loggedIn.get(client);
    if (!account) return { ended: true, logoutMs: null };
    // Its cookies may expire in the jar before a later probe reads them, and the logout clears them: they are kept as they were.
    const kept = await this.sessionCredentials(client);
    this.retired.set(client, kept);
    if (!this.target.logout) return { ended: false, reason: 'the target profile has no logout flow (target.logout)', logoutMs: null };
    const started = performance.now();
    try {
      await this.logout(client);
    } catch (error) {
      return { ended: false, reason: `its logout failed: ${this.evidence.redactor.redact(error instanceof Error ? error.message : String(error))}`, logoutMs: null };
    }
    const logoutMs = performance.now() - started;
    const after = await this.replay(kept, 'freeing the baseline session’s slot: is it over?');
    if (after.answer === 'no') return { ended: true, logoutMs };
    // Still counted as logged in: the end-of-run logout tries once more.
    this.loggedIn.set(client, account);
    const reason = after.answer === 'yes' ? 'its logout did not end it (its credentials are still accepted)' : `whether its logout ended it is unknown (${after.reason})`;
    return { ended: false, reason, logoutMs };
  }

  ask(client: HttpClient, step: string): Promise<OracleObservation> {
    return this.oracle.ask(client, step);
  }

  /** `variant` moves the question elsewhere: another URL, a POST with a form body. */
  replay(credentials: Credentials, step: string, variant?: OracleVariant): Promise<OracleObservation> {
    return this.oracle.ask(this.replayer, step, credentials, variant);
  }

  /** Asks about each device in turn (never in parallel: the order is part of the evidence). */
  async askEach(clients: readonly HttpClient[], step: string): Promise<OracleObservation[]> {
    const answers: OracleObservation[] = [];
    for (const client of clients) answers.push(await this.ask(client, step));
    return answers;
  }

  /** The device's auth-critical artifacts only (session cookies and bearer token), raw, with its User-Agent; a retired device's as they were. */
  async sessionCredentials(client: HttpClient): Promise<Credentials> {
    const kept = this.retired.get(client);
    if (kept) return kept;
    const all = await client.credentials(this.oracle.url);
    return { ...all, cookies: all.cookies.filter((c) => this.sessionCookies.includes(c.name)) };
  }

  /** The device's session IDs, masked: each session cookie, and `Authorization` for a bearer token. */
  async sessionIds(client: HttpClient): Promise<SessionIds> {
    const creds = await this.sessionCredentials(client);
    const ids: SessionIds = Object.fromEntries(
      this.sessionCookies.map((name) => {
        const cookie = creds.cookies.find((c) => c.name === name);
        return [name, cookie ? mask(cookie.value) : null];
      }),
    );
    if (creds.authorization) ids.Authorization = mask(creds.authorization);
    return ids;
  }

  /** Logs out every device still logged in, then closes all connections. */
  async close(): Promise<void> {
    this.held.clear();
    await this.logoutAll('cleanup: logout');
    if (this.engine) {
      const engine = await this.engine.catch(() => undefined);
      this.traceFiles = (await engine?.close()) ?? [];
    }
    await Promise.all(this.clients.map((c) => c.close()));
  }
}

/** The login flow with the remember-me fields added (the config allows them on form and JSON logins only). */
function withRememberMe(login: Flow, target: TargetProfile): Flow {
  const fields = target.rememberMe?.fields ?? {};
  if (login.kind === 'form') return { ...login, fields: { ...login.fields, ...fields } };
  if (login.kind === 'json' && login.body !== null && typeof login.body === 'object' && !Array.isArray(login.body)) {
    return { ...login, body: { ...login.body, ...fields } };
  }
  return login;
}

/**
 * The User-Agent a device presents: the run's, with the device named. Header values must be printable
 * ASCII (undici refuses anything else), and device names are prose ("idle T−g").
 */
export function deviceUserAgent(base: string, device: string): string {
  return `${base} (device ${device.replace(/[^\x20-\x7e]/g, '-')})`;
}
