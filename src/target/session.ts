/**
 * The live handle on the target that probes use: make devices, log them in and out, ask the oracle,
 * take a device's session credentials for a later replay. It also remembers every device it logged
 * in, so the run can log them all out at the end.
 */
import type { Account, TargetProfile } from '../config/types.js';
import type { OracleObservation } from '../artifacts.js';
import type { EvidenceLog } from '../evidence.js';
import { HttpClient, type Credentials } from '../drivers/http.js';
import { runFlow, type FlowResult } from './flows.js';
import type { Oracle } from './oracle.js';

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
    const client = new HttpClient({
      device,
      baseUrl: this.target.baseUrl,
      userAgent: this.target.userAgent,
      timeoutMs: this.target.requestTimeoutMs,
      scope: { origin: new URL(this.target.baseUrl).origin, allowedHosts: this.target.allowedHosts },
      evidence: this.evidence,
    });
    this.clients.push(client);
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
    await Promise.all(this.clients.map((c) => c.close()));
  }
}
