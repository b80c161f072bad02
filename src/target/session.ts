/**
 * The live handle on the target that probes use: make devices, log them in and out, ask the oracle,
 * take a device's session credentials for a later replay. It also remembers every device it logged
 * in, so the run can log them all out at the end.
 */
import type { Account, TargetProfile } from '../config/types.js';
import type { OracleObservation } from '../artifacts.js';
import { EvidenceLog, Redactor } from '../evidence.js';
import { HttpClient, type Credentials } from '../drivers/http.js';
import type { Dispatcher } from 'undici';
import { runFlow, type FlowResult } from './flows.js';
import type { Oracle, OracleVariant } from './oracle.js';

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

  constructor(
    readonly target: TargetProfile,
    readonly evidence: EvidenceLog,
  ) {
    this.replayer = this.newClient('replay');
  }

  get account(): Account {
    return this.target.account;
  }

  newClient(device: string): HttpClient {
    const client = new HttpClient({ ...this.clientOptions(device), evidence: this.evidence, tls: this.target.tls });
    this.clients.push(client);
    return client;
  }

  /**
   * A device whose exchanges go nowhere, on a shared pool: for sampling hundreds of logins without
   * filling the report (or the redactor) with them. Never logged out by close(): its user does that.
   */
  unrecordedClient(device: string, dispatcher: Dispatcher): HttpClient {
    return new HttpClient({ ...this.clientOptions(device), evidence: new EvidenceLog(new Redactor()), dispatcher });
  }

  private clientOptions(device: string) {
    const t = this.target;
    return { device, baseUrl: t.baseUrl, userAgent: t.userAgent, timeoutMs: t.requestTimeoutMs, scope: { origin: new URL(t.baseUrl).origin, allowedHosts: t.allowedHosts } };
  }

  async login(client: HttpClient, account: Account = this.account): Promise<FlowResult> {
    this.loggedIn.set(client, account);
    return runFlow(client, this.target.login, account, 'login');
  }

  async logout(client: HttpClient): Promise<FlowResult> {
    if (!this.target.logout) throw new Error('the target profile has no logout flow');
    const result = await runFlow(client, this.target.logout, this.loggedIn.get(client) ?? this.account, 'logout');
    this.loggedIn.delete(client);
    return result;
  }

  ask(client: HttpClient, step: string): Promise<OracleObservation> {
    return this.oracle.ask(client, step);
  }

  /** `variant` moves the question elsewhere: another URL, a POST with a form body. */
  replay(credentials: Credentials, step: string, variant?: OracleVariant): Promise<OracleObservation> {
    return this.oracle.ask(this.replayer, step, credentials, variant);
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
    await Promise.all(this.clients.map((c) => c.close()));
  }
}
