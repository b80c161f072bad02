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
import { redactedProgress, type Progress } from '../progress.js';
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
import { oneTimeCodeInput } from './form-fields.js';
import { describeForms } from '../target/html-forms.js';
import { verifyRememberMe } from './remember-me.js';
import { refusedTokenOracle } from './bearer-oracle.js';
import type { Discovered, LoginOutcome, NotFound } from './outcome.js';

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
  const progress = redactedProgress(options.progress, (text) => redactor.redact(text));
  const session = new TargetSession(draft.target, evidence, keeper, progress, options.browser);
  const log = (line: string) => progress.step(line);
  try {
    const anonymous = session.newClient('anonymous');
    const user = session.newClient('logged in');
    const findings: Finding[] = [];

    const { found, landing, exchanges: loginExchanges = [] } = await findAndLogIn(session, user, options, baseUrl, log);
    findings.push(found.finding);

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

    const refusedToken = await refusedTokenOracle(picked.oracle, user, session.replayer, log);
    if (refusedToken) picked.finding.evidence.splice(1, 0, refusedToken.evidence);
    const oracle = refusedToken?.oracle ?? picked.oracle;

    const oraclePage = await user.request({ url: picked.url, step: 'discover: logged-in page' }).catch(() => undefined);
    const pages = [landing, oraclePage].filter((p): p is HttpResponse => p !== undefined && p.status < 400 && /html/.test(p.header('content-type') ?? ''));
    const passwordChange = found.browserUi ? undefined : await findPasswordChange(user, pages, baseUrl, log);
    if (passwordChange) findings.push(passwordChange.finding);

    const candidates = found.browserUi ? found.browserUi.logout : [...logoutCandidates(pages, baseUrl), ...(found.flow.kind === 'json' ? apiLogoutCandidates(found.flow.url) : [])];
    const logout = await proveLogout(user, oracle, candidates, options.account, log);
    if (logout) findings.push(logout.finding);

    // Last, when the discovering device is logged out: one more login, on a device of its own.
    const box = found.fields?.remember;
    const remembered =
      box && found.flow.kind === 'form'
        ? await verifyRememberMe({ session, login: found.flow, box, plainExchanges: loginExchanges, account: options.account, logout: logout?.flow, log })
        : undefined;
    if (remembered) findings.push(remembered.finding);

    return {
      baseUrl,
      login: found.flow,
      notFound: notFound(found, { logout: logout !== undefined, passwordChange: passwordChange !== undefined }),
      oracleUrl: picked.url,
      ...(refusedToken ? { oracleExpect: refusedToken.expect } : {}),
      sessionCookies: cookies.names,
      ...(logout ? { logout: logout.flow } : {}),
      ...(passwordChange ? { passwordChange: passwordChange.flow } : {}),
      ...(remembered ? { rememberMe: remembered.found } : {}),
      ...(found.browserUi?.ui ? { ui: found.browserUi.ui } : {}),
      findings,
    };
  } finally {
    await session.close();
  }
}

/** The checks that the parts discover could not find leave out, said plainly rather than left to notice. */
function notFound(found: LoginOutcome['found'], has: { logout: boolean; passwordChange: boolean }): NotFound[] {
  const json = found.flow.kind === 'json' ? found.flow : undefined;
  return [
    ...(has.logout ? [] : [{ field: 'logout', reason: 'no control on the logged-in pages logged the session out; add the flow that logs out, or the logout checks are skipped' }]),
    ...(has.passwordChange
      ? []
      : [
          {
            field: 'passwordChange',
            reason: `${found.browserUi ? 'not looked for after a login in the browser' : json ? 'not looked for: behind a JSON login it is an API call, which discover does not guess' : 'no form with two or three password inputs on or linked from the logged-in pages'}; add it by hand, or the password-change checks are skipped`,
          },
        ]),
    ...(json?.refreshToken
      ? [{ field: 'refresh', reason: `the login returns a refresh token (at ${json.refreshToken}), but discover does not look for the token endpoint that renews it; add target.refresh by hand, or the refresh checks are skipped` }]
      : []),
  ];
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
  if (found.flow.kind === 'form') refuseSecondFactor(result.response, baseUrl);
  // A JSON login lands nowhere; a form login lands where the browser would be sent.
  return { found, exchanges: result.exchanges, landing: found.flow.kind === 'form' ? result.response : await user.request({ url: start, step: 'discover: start page, logged in' }).catch(() => undefined) };
}

/**
 * A password that leads to a form for a one-time code is only the first factor. Discover finds one-step
 * logins: it says so rather than write a config whose oracle is the half-logged-in page.
 */
function refuseSecondFactor(landing: HttpResponse, baseUrl: string): void {
  if (landing.status >= 400 || !/html/.test(landing.header('content-type') ?? '')) return;
  const code = describeForms(landing.body, landing.url).map(oneTimeCodeInput).find((i) => i !== undefined);
  if (!code) return;
  throw new TargetUntestableError(
    `after the password, the login asks for a second factor: ${pathOf(landing.url, baseUrl)} has a form for a one-time code (${code.name}). discover finds one-step logins; write the second step (target.login's then: steps) and target.totp by hand (examples/mfa/right/sessionprobe.yaml shows how). No config was written`,
  );
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
