/**
 * Before any suite runs: reach the target, log in, settle the oracle and find the session cookies.
 * Anything that goes wrong here means the target cannot be tested (exit 3), never a verdict.
 */
import type { SessionArtifact } from '../model/artifacts.js';
import { mask, type EvidenceLog, type Masked } from '../evidence.js';
import { tokenShape } from '../token/shape.js';
import { TransportError, type HttpClient } from '../drivers/http.js';
import { OutOfScopeError } from '../drivers/scope.js';
import type { TargetProfile } from '../config/types.js';
import type { Progress } from '../progress.js';
import type { PasswordKeeper } from '../account/keeper.js';
import { FlowError } from './flows.js';
import { Oracle } from './oracle.js';
import { discoverSessionCookies } from './discovery.js';
import { TargetSession, type BrowserRunOptions } from './session.js';
import { BrowserUnavailableError } from '../drivers/browser-resolve.js';
import { TargetUntestableError } from './untestable.js';

export async function establishSession(
  target: TargetProfile,
  evidence: EvidenceLog,
  progress: Progress,
  keeper: PasswordKeeper,
  browser?: BrowserRunOptions,
): Promise<{ session: TargetSession; artifact: SessionArtifact }> {
  const session = new TargetSession(target, evidence, keeper, progress, browser);
  try {
    // The browser starts before anything else, so a missing Chromium stops the run before any traffic.
    if (session.usesBrowser) await startBrowser(session);
    return { session, artifact: await establish(session, progress) };
  } catch (error) {
    await session.close();
    if (error instanceof TransportError) throw new TargetUntestableError(`cannot reach the target: ${error.message}`);
    if (error instanceof FlowError || error instanceof OutOfScopeError) throw new TargetUntestableError(`login failed: ${error.message}`);
    throw error;
  }
}

async function startBrowser(session: TargetSession): Promise<void> {
  try {
    await session.startBrowser();
  } catch (error) {
    if (error instanceof BrowserUnavailableError) throw new TargetUntestableError(error.message);
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw new TargetUntestableError(`cannot start Chromium for the browser flows: ${message}`);
  }
}

async function establish(session: TargetSession, progress: Progress): Promise<SessionArtifact> {
  const { target } = session;
  const oracleUrl = new URL(target.authenticated.url, target.baseUrl + '/').toString();
  const anonymous = session.newClient('anonymous');
  const baseline = session.newClient('baseline');
  session.baseline = baseline;

  progress.step(`logging in as ${target.account.username} (${target.login.kind} login)`);
  const login = await session.login(baseline);
  if (login.response.status >= 400) {
    throw new TargetUntestableError(`login failed: the login flow ended with status ${login.response.status} at ${new URL(login.response.url).pathname}`);
  }

  if (target.authenticated.expect) {
    session.oracle = Oracle.fromExpectation(oracleUrl, target.authenticated.expect);
  } else {
    progress.step(`calibrating the authentication oracle on ${target.authenticated.url}`);
    session.oracle = await Oracle.calibrate(oracleUrl, anonymous, baseline, target.account.username);
  }
  const authenticated = await session.ask(baseline, 'positive control: logged in after login');
  if (authenticated.answer !== 'yes') {
    throw new TargetUntestableError(
      `login failed: after the login flow, ${target.authenticated.url} does not look logged in (${authenticated.reason}; login answered ${login.response.status})`,
    );
  }
  const anon = await session.ask(anonymous, 'negative control: logged out without login');
  if (anon.answer !== 'no') {
    throw new TargetUntestableError(
      `the authentication oracle cannot tell logged-in from logged-out: a request without any session is judged '${anon.answer}' (${anon.reason})`,
    );
  }

  progress.step('identifying the session cookie');
  const discovery = target.sessionCookies
    ? await configuredCookies(session, baseline, target.sessionCookies)
    : await discoverSessionCookies(session.oracle, baseline, session.replayer);
  session.sessionCookies = discovery.names;

  const creds = await session.sessionCredentials(baseline);
  const values: Record<string, Masked> = Object.fromEntries(creds.cookies.map((c) => [c.name, mask(c.value)]));
  const issuing = login.exchanges.filter((id) => session.evidence.byId(id)?.setCookies.some((s) => discovery.names.includes(s.name) && !s.value.empty));
  const { names, ...discoveryRecord } = discovery;
  const token = baseline.authorization?.replace(/^\S+\s+/, '');
  return {
    baseUrl: target.baseUrl,
    oracleUrl,
    authKind: names.length > 0 ? 'cookie' : 'bearer',
    sessionCookies: names,
    discovery: discoveryRecord,
    oracle: { method: session.oracle.method, description: session.oracle.description, anonymous: anon, authenticated },
    login: { exchanges: login.exchanges, issuing, values },
    ...(names.length === 0 && token ? { bearer: { value: mask(token), shape: tokenShape(token) } } : {}),
  };
}

async function configuredCookies(session: TargetSession, client: HttpClient, names: string[]) {
  const present = (await client.cookies(session.oracle.url)).map((c) => c.name);
  const missing = names.filter((n) => !present.includes(n));
  if (missing.length > 0) {
    throw new TargetUntestableError(
      `the configured session cookie ${missing.join(', ')} was not set by the login (cookies after login: ${present.join(', ') || 'none'})`,
    );
  }
  return { method: 'configured' as const, names, trials: [], notes: [`named in the config (target.sessionCookie)`] };
}
