/**
 * `discover`: from a URL and one account to the target half of a config. Finds the login, logs in
 * (once per way of logging in it tries), picks the oracle, finds the session cookies by ablation,
 * the password-change form (never submitted) and the logout, which it proves by logging out. Every
 * finding keeps its evidence; nothing here decides a verdict.
 */
import path from 'node:path';
import type { Account, TlsOptions } from '../config/types.js';
import { normalize } from '../config/normalize.js';
import { EvidenceLog, Redactor } from '../evidence.js';
import type { HttpClient, HttpResponse } from '../drivers/http.js';
import type { Progress } from '../progress.js';
import { PasswordKeeper } from '../account/keeper.js';
import { TargetSession, type BrowserRunOptions } from '../target/session.js';
import { attemptFlow, runFlow } from '../target/flows.js';
import { discoverSessionCookies } from '../target/discovery.js';
import { TargetUntestableError } from '../target/untestable.js';
import type { Oracle } from '../target/oracle.js';
import { findJsonLogin, findLoginForm } from './login.js';
import { pickOracle } from './oracle-pick.js';
import { apiLogoutCandidates, findPasswordChange, logoutCandidates, type LogoutCandidate } from './controls.js';
import { pathOf, type Finding } from './findings.js';
import type { Discovered, LoginOutcome } from './outcome.js';

export interface DiscoverOptions {
  /** Where to start: the site's address, or its login page. */
  url: string;
  account: Account;
  tls?: TlsOptions;
  /** Drive a real browser for the login (single-page apps); its options. */
  browser?: BrowserRunOptions;
  /** The config file the findings are for: its password journal (beside it) must not say a change is under way. */
  configFile: string;
  progress: Progress;
}


export async function discover(options: DiscoverOptions): Promise<Discovered> {
  const baseUrl = new URL(options.url).origin;
  const draft = draftConfig(baseUrl, options);
  const redactor = new Redactor();
  redactor.addPassword(options.account.password);
  const evidence = new EvidenceLog(redactor);
  const keeper = await PasswordKeeper.forRun(draft);
  const session = new TargetSession(draft.target, evidence, keeper, options.progress, options.browser);
  const log = (line: string) => options.progress.step(line);
  try {
    const anonymous = session.newClient('anonymous');
    const user = session.newClient('logged in');
    const findings: Finding[] = [];

    const { found, landing } = await findAndLogIn(session, user, options, baseUrl, log);
    findings.push(found.finding);
    if (found.fields?.remember) {
      findings.push({
        topic: 'remember me',
        summary: `the login form has a “remember me” box (${found.fields.remember.name}); not used while discovering`,
        evidence: [`set target.rememberMe: { fields: { ${found.fields.remember.name}: "${found.fields.remember.value ?? 'on'}" }, cookie: <the cookie it sets> } to test persistent logins`],
        confidence: 'medium',
      });
    }

    const picked = await pickOracle(anonymous, user, landing, baseUrl, options.account.username, log);
    if (!picked) {
      throw new TargetUntestableError(
        `the login flow ran (${landing ? `ending with ${landing.status} at ${pathOf(landing.url, baseUrl)}` : 'no landing page'}), but no candidate page answered differently logged in and logged out: either the login did not work (check the account), or the logged-in pages are elsewhere (start from one of them)`,
      );
    }
    findings.push(picked.finding);

    log('identifying the session cookie by ablation');
    const cookies = await discoverSessionCookies(picked.oracle, user, session.replayer);
    findings.push({
      topic: 'session cookie',
      summary: cookies.names.length ? cookies.names.join(', ') : 'none: the session is a bearer token',
      evidence: [...cookies.notes, ...cookies.trials.map((t) => `${t.removed.startsWith('all but ') ? `only ${t.removed.slice(8)}` : `without ${t.removed}`}: ${t.observation.answer} (${t.observation.reason})`)],
      // Sure when removing each named cookie logged the session out; less so when several each sufficed.
      confidence: cookies.names.every((n) => cookies.trials.some((t) => t.removed === n && t.observation.answer === 'no')) ? 'high' : 'medium',
    });

    const oraclePage = await user.request({ url: picked.url, step: 'discover: logged-in page' }).catch(() => undefined);
    const pages = [landing, oraclePage].filter((p): p is HttpResponse => p !== undefined && p.status < 400 && /html/.test(p.header('content-type') ?? ''));
    const passwordChange = found.browserUi ? undefined : await findPasswordChange(user, pages, baseUrl, log);
    if (passwordChange) findings.push(passwordChange.finding);

    const candidates = found.browserUi ? found.browserUi.logout : [...logoutCandidates(pages, baseUrl), ...(found.flow.kind === 'json' ? apiLogoutCandidates(found.flow.url) : [])];
    const logout = await proveLogout(user, picked.oracle, candidates, options.account, log);
    if (logout) findings.push(logout.finding);

    return {
      baseUrl,
      login: found.flow,
      oracleUrl: picked.url,
      sessionCookies: cookies.names,
      ...(logout ? { logout: logout.flow } : {}),
      ...(passwordChange ? { passwordChange: passwordChange.flow } : {}),
      ...(found.browserUi?.ui ? { ui: found.browserUi.ui } : {}),
      findings,
    };
  } finally {
    await session.close();
  }
}

/**
 * Over HTTP: a login form, else a JSON login API. With a browser at hand, a form in the HTML is still
 * preferred (plain HTTP is faster and needs nothing installed), and the browser does the rest.
 */
async function findAndLogIn(session: TargetSession, user: HttpClient, options: DiscoverOptions, baseUrl: string, log: (line: string) => void): Promise<LoginOutcome> {
  const { account, url: start } = options;
  const form = await findLoginForm(session.newClient('login page'), start, baseUrl, log);
  const found = form ?? (options.browser ? undefined : await findJsonLogin(session.newClient('login API'), baseUrl, account, log));
  if (!found) {
    if (options.browser) return (await import('./browser-login.js')).browserLogin(session, user, start, log);
    throw new TargetUntestableError(
      `found no login form (at ${pathOf(start, baseUrl)}, its "log in" links and the common paths) and no JSON login API at the common paths; if the login page is built by JavaScript, run discover with --browser`,
    );
  }
  log(`logging in as ${account.username} with the ${found.flow.kind} login found`);
  const result = await runFlow(user, found.flow, account, 'discover: login');
  if (result.response.status >= 400) {
    if (options.browser) {
      log(`the form login over HTTP answered ${result.response.status}; trying the login page in the browser`);
      return (await import('./browser-login.js')).browserLogin(session, user, start, log);
    }
    throw new TargetUntestableError(`login failed: the ${found.flow.kind} login found (${found.finding.summary}) answered ${result.response.status}; check the account`);
  }
  // A JSON login lands nowhere; a form login lands where the browser would be sent.
  return { found, landing: found.flow.kind === 'form' ? result.response : await user.request({ url: start, step: 'discover: start page, logged in' }).catch(() => undefined) };
}

/** Tries each candidate on the logged-in device until one logs it out, as the oracle sees it. */
async function proveLogout(user: HttpClient, oracle: Oracle, candidates: LogoutCandidate[], account: Account, log: (line: string) => void) {
  const unproven: Array<LogoutCandidate & { status: number }> = [];
  for (const candidate of candidates) {
    log(`trying the logout: ${candidate.how}`);
    const attempt = await attemptFlow(user, candidate.flow, account, 'discover: logout');
    if (attempt.status === null || attempt.status >= 400) continue;
    const after = await oracle.ask(user, 'discover: logged out after the logout?');
    if (after.answer === 'no') {
      return { flow: candidate.flow, finding: { topic: 'logout', summary: candidate.how, evidence: [`answered ${attempt.status}; afterwards ${oracle.url} ${after.reason}: logged out`], confidence: 'high' as const } };
    }
    unproven.push({ ...candidate, status: attempt.status });
  }
  // A logout that answers but leaves the session usable is either not the logout or a logout that does
  // not revoke: the run judges the latter, so the first named one is kept, marked unproven.
  const first = unproven[0];
  if (!first) return undefined;
  return {
    flow: first.flow,
    finding: {
      topic: 'logout',
      summary: `${first.how} (NOT proven: the session still worked afterwards)`,
      evidence: [`answered ${first.status}, but the oracle still saw the session logged in: either this is not the logout, or the logout does not end the session on the server (which the run's logout checks judge)`],
      confidence: 'low' as const,
    },
  };
}

/** A config with the defaults a run would use, for making devices (and checking the password journal) before anything is known. */
function draftConfig(baseUrl: string, options: DiscoverOptions) {
  const raw = { target: { baseUrl, account: options.account, tls: options.tls, login: { request: { method: 'GET', url: '/' } }, authenticated: { url: '/' } } };
  return normalize(raw, path.resolve(options.configFile));
}
