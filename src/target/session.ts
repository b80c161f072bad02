/**
 * The live handle on the target that probes use: make devices, log them in and out, ask the oracle,
 * take a device's session credentials for a later replay. It also remembers every device it logged
 * in, so the run can log them all out at the end.
 */
import { BROWSER_FLOW_KINDS, type Account, type TargetProfile } from '../config/types.js';
import type { OracleObservation } from '../artifacts.js';
import type { EvidenceLog } from '../evidence.js';
import { HttpClient, type Credentials } from '../drivers/http.js';
import type { BrowserDevice, BrowserEngine, BrowserOptions } from '../drivers/browser.js';
import { resolveChromium } from '../drivers/browser-resolve.js';
import { silentProgress, type Progress } from '../progress.js';
import { provideBrowser, runFlow, type BrowserFlowRunner, type FlowResult } from './flows.js';
import type { Oracle } from './oracle.js';

export interface BrowserRunOptions extends BrowserOptions {
  /** --browser-path: this Chromium and no other. */
  executablePath?: string;
}

export interface SessionOptions {
  browser?: BrowserRunOptions;
  progress?: Progress;
}

export class TargetSession {
  private readonly clients: HttpClient[] = [];
  /** Devices logged in, with the account each used (logout flows may need its password). */
  private readonly loggedIn = new Map<HttpClient, Account>();
  /** A cookie-less device for replays: each replay sends exactly the credentials it is given. */
  readonly replayer: HttpClient;
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
    private readonly options: SessionOptions = {},
  ) {
    this.replayer = this.newClient('replay');
  }

  /** Whether any configured flow drives a real browser. */
  get usesBrowser(): boolean {
    const t = this.target;
    return [t.login, t.logout, t.passwordChange, t.privilegeChange].some((f) => f !== undefined && BROWSER_FLOW_KINDS.includes(f.kind));
  }

  /** Launches Chromium once per run (Playwright is loaded here, and only here). */
  startBrowser(): Promise<BrowserEngine> {
    this.engine ??= (async () => {
      const resolved = await resolveChromium({ explicit: this.options.browser?.executablePath });
      const progress = this.options.progress ?? silentProgress;
      progress.step(`starting Chromium (${resolved.source}: ${resolved.executablePath})`);
      const { BrowserEngine } = await import('../drivers/browser.js');
      return BrowserEngine.launch(resolved, this.options.browser ?? {});
    })();
    return this.engine;
  }

  /** The device's browser context: its own cookies, storage, cache and history, opened on first use. */
  browserDevice(client: HttpClient): Promise<BrowserDevice> {
    let device = this.browserDevices.get(client);
    if (!device) {
      device = this.startBrowser().then((engine) => engine.newDevice(client.device, this.evidence, this.target.userAgent));
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
      progress: this.options.progress ?? silentProgress,
    });
  };

  get account(): Account {
    return this.target.account;
  }

  newClient(device: string): HttpClient {
    const client = new HttpClient({
      device,
      baseUrl: this.target.baseUrl,
      userAgent: this.target.userAgent,
      timeoutMs: this.target.requestTimeoutMs,
      scope: { origin: new URL(this.target.baseUrl).origin, allowedHosts: this.target.allowedHosts },
      evidence: this.evidence,
    });
    this.clients.push(client);
    provideBrowser(client, this.runBrowserFlow);
    return client;
  }

  /** Every account the run may log in with: `account` first, then `accounts`. */
  get accounts(): Account[] {
    return [this.target.account, ...this.target.accounts];
  }

  async login(client: HttpClient, account: Account = this.account): Promise<FlowResult> {
    this.loggedIn.set(client, account);
    return runFlow(client, this.target.login, account, 'login');
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

  async logout(client: HttpClient): Promise<FlowResult> {
    if (!this.target.logout) throw new Error('the target profile has no logout flow');
    const result = await runFlow(client, this.target.logout, this.loggedIn.get(client) ?? this.account, 'logout');
    this.loggedIn.delete(client);
    return result;
  }

  /** The device's session is known to be over (it expired): nothing to log out at the end. */
  forget(client: HttpClient): void {
    this.loggedIn.delete(client);
  }

  ask(client: HttpClient, step: string): Promise<OracleObservation> {
    return this.oracle.ask(client, step);
  }

  replay(credentials: Credentials, step: string): Promise<OracleObservation> {
    return this.oracle.ask(this.replayer, step, credentials);
  }

  /** The device's auth-critical artifacts only (session cookies and bearer token), raw. */
  async sessionCredentials(client: HttpClient): Promise<Credentials> {
    const all = await client.credentials(this.oracle.url);
    return { ...all, cookies: all.cookies.filter((c) => this.sessionCookies.includes(c.name)) };
  }

  /** Logs out every device still logged in, then closes all connections. */
  async close(): Promise<void> {
    if (this.target.logout) {
      for (const [client, account] of this.loggedIn) {
        try {
          await runFlow(client, this.target.logout, account, 'cleanup: logout');
        } catch {
          // Best effort: a session that cannot be logged out expires on its own; the run's verdicts stand.
        }
      }
    }
    this.loggedIn.clear();
    if (this.engine) {
      const engine = await this.engine.catch(() => undefined);
      this.traceFiles = (await engine?.close()) ?? [];
    }
    await Promise.all(this.clients.map((c) => c.close()));
  }
}
