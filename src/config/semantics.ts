/**
 * Rules the JSON Schema cannot express. They read the raw, possibly invalid value defensively, so
 * their problems are reported together with the schema's instead of one round later.
 */
import { jsonPath, type Issue, type PathSegment } from './errors.js';
import { DEFAULT_PRESET, PRESETS } from './presets.js';
import { globMatcher } from '../glob.js';
import { closest } from './validate.js';
import { base32Problem } from '../account/totp.js';
import { parseDuration } from './durations.js';

const FLOWS = ['login', 'logout', 'passwordChange', 'privilegeChange', 'signOutEverywhere'] as const;
const FLOW_KINDS = ['request', 'form', 'link', 'json', 'browser', 'script'];
const PLACEHOLDERS = new Set(['username', 'password', 'newPassword', 'totp']);
const BROWSER_ACTIONS = ['goto', 'fill', 'click', 'press', 'select', 'waitFor'];
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);

export interface SemanticOptions {
  baseUrlFromOption: boolean;
  /** The check catalogue's ids, so a waiver naming no check is an error rather than a silent no-op. */
  knownChecks?: readonly string[];
}

export function semanticIssues(root: Rec, options: SemanticOptions): Issue[] {
  const issues: Issue[] = [];
  const target = root.target;
  if (isRecord(target)) {
    if (typeof target.baseUrl === 'string') {
      const problem = baseUrlProblem(target.baseUrl);
      if (problem) issues.push({ path: '$.target.baseUrl', message: options.baseUrlFromOption ? `${problem} (from --base-url)` : problem });
    }
    issues.push(...flowIssues(target));
    issues.push(...privilegeKindIssues(target));
    issues.push(...rememberMeIssues(target));
    issues.push(...passwordChangeIssues(target));
    issues.push(...totpIssues(target));
    issues.push(...browserStepIssues(target));
  }
  if (isRecord(root.spec)) issues.push(...cookieDomainIssues(root.spec));
  if (Array.isArray(root.waivers)) issues.push(...waiverIssues(root.waivers, options.knownChecks));
  return issues;
}

function waiverIssues(waivers: unknown[], knownChecks: readonly string[] | undefined): Issue[] {
  const issues: Issue[] = [];
  waivers.forEach((waiver, i) => {
    if (!isRecord(waiver)) return;
    const { expires, check } = waiver;
    if (typeof expires === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(expires) && !isCalendarDate(expires)) {
      issues.push({ path: jsonPath(['waivers', i, 'expires']), message: `${expires} is not a calendar date` });
    }
    if (knownChecks && typeof check === 'string' && check !== '' && !knownChecks.some(globMatcher(check))) {
      const near = closest(check, [...knownChecks]);
      issues.push({
        path: jsonPath(['waivers', i, 'check']),
        message: `no check matches "${check}"; ${near ? `did you mean "${near}"?` : 'see `sessionprobe list-checks`'}`,
      });
    }
  });
  return issues;
}

function isCalendarDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

function baseUrlProblem(text: string): string | undefined {
  const expected = `expected an absolute http(s) URL such as http://127.0.0.1:3000, got ${JSON.stringify(text)}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return expected;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return expected;
  if (url.search || url.hash) return `a base URL takes no query or fragment, got ${JSON.stringify(text)}`;
  return undefined;
}

function flowIssues(target: Rec): Issue[] {
  const issues: Issue[] = [];
  let usesNewPassword = false;
  let usesTotp = false;
  const visit = (value: unknown, at: PathSegment[]): void => {
    if (typeof value === 'string') {
      for (const [, name] of value.matchAll(PLACEHOLDER)) {
        if (name === 'newPassword') usesNewPassword = true;
        if (name === 'totp') usesTotp = true;
        if (!PLACEHOLDERS.has(name!)) {
          issues.push({ path: jsonPath(at), message: `unknown placeholder {{${name}}}; flows may use {{username}}, {{password}}, {{newPassword}} and {{totp}}` });
        }
      }
    } else if (Array.isArray(value)) value.forEach((item, i) => visit(item, [...at, i]));
    else if (isRecord(value)) for (const [k, item] of Object.entries(value)) visit(item, [...at, k]);
  };
  if (isRecord(target.sso)) visit(target.sso.logout, ['target', 'sso', 'logout']);
  for (const name of FLOWS) {
    const flow = target[name];
    visit(flow, ['target', name]);
    if (isRecord(flow) && isRecord(flow.request) && 'form' in flow.request && 'json' in flow.request) {
      issues.push({ path: jsonPath(['target', name, 'request']), message: 'a request has one body: give form or json, not both' });
    }
  }
  if (usesNewPassword && isRecord(target.account) && target.account.newPassword === undefined) {
    issues.push({ path: '$.target.account', message: 'the flows use {{newPassword}} but the account has no newPassword' });
  }
  if (usesTotp && isRecord(target.account) && target.account.totp === undefined) {
    issues.push({ path: '$.target.account', message: 'the flows use {{totp}} but the account has no totp: { secret: ${ENV_VAR} }' });
  }
  return issues;
}

/** TOTP secrets must decode, and time steps are whole seconds (RFC 6238 counts in seconds). */
function totpIssues(target: Rec): Issue[] {
  const accounts: Array<[PathSegment[], unknown]> = [[['target', 'account'], target.account]];
  if (Array.isArray(target.accounts)) target.accounts.forEach((a, i) => accounts.push([['target', 'accounts', i], a]));
  const issues: Issue[] = [];
  for (const [at, account] of accounts) {
    if (!isRecord(account) || !isRecord(account.totp)) continue;
    const { secret, period } = account.totp;
    const problem = typeof secret === 'string' && secret !== '' ? base32Problem(secret) : undefined;
    // The secret itself never goes into a message: it may come from ${ENV} and end up in CI logs.
    if (problem) issues.push({ path: jsonPath([...at, 'totp', 'secret']), message: problem });
    if (typeof period === 'string') {
      const ms = safeDuration(period);
      if (ms !== undefined && (ms % 1000 !== 0 || ms === 0)) {
        issues.push({ path: jsonPath([...at, 'totp', 'period']), message: `expected whole seconds (e.g. 30s), got ${period}` });
      }
    }
  }
  return issues;
}

function safeDuration(text: string): number | undefined {
  try {
    return parseDuration(text);
  } catch {
    return undefined; // the schema reports a malformed duration
  }
}

/** A browser step may carry `on` besides its action, so the schema cannot say "exactly one action". */
function browserStepIssues(target: Rec): Issue[] {
  const issues: Issue[] = [];
  const flows: Array<[PathSegment[], unknown]> = FLOWS.map((name) => [['target', name], target[name]]);
  if (isRecord(target.sso)) flows.push([['target', 'sso', 'logout'], target.sso.logout]);
  for (const [at, flow] of flows) {
    const steps = isRecord(flow) && isRecord(flow.browser) && Array.isArray(flow.browser.steps) ? flow.browser.steps : [];
    steps.forEach((step, i) => {
      // An empty step, or one with an unknown key, is the schema's to report.
      if (!isRecord(step) || Object.keys(step).length === 0 || Object.keys(step).some((k) => k !== 'on' && !BROWSER_ACTIONS.includes(k))) return;
      const actions = Object.keys(step).filter((k) => BROWSER_ACTIONS.includes(k));
      if (actions.length !== 1) {
        issues.push({
          path: jsonPath([...at, 'browser', 'steps', i]),
          message: `a browser step takes exactly one of ${BROWSER_ACTIONS.join(', ')}; got ${actions.length === 0 ? 'none' : `${actions.length}: ${actions.join(', ')}`}`,
        });
      }
    });
  }
  return issues;
}

/** privilegeChange is a flow plus an optional elevatedCheck, so the schema cannot say "exactly one kind". */
function privilegeKindIssues(target: Rec): Issue[] {
  const flow = target.privilegeChange;
  if (!isRecord(flow)) return [];
  const kinds = Object.keys(flow).filter((k) => FLOW_KINDS.includes(k));
  if (kinds.length === 1) return [];
  const got = kinds.length === 0 ? 'none' : `${kinds.length}: ${kinds.join(', ')}`;
  return [{ path: '$.target.privilegeChange', message: `a privilege change takes exactly one of ${FLOW_KINDS.join(', ')} (besides elevatedCheck); got ${got}` }];
}

/** The password change needs a password to change to, and a flow that sends it. */
function passwordChangeIssues(target: Rec): Issue[] {
  const flow = target.passwordChange;
  if (flow === undefined) {
    return target.passwordRotation === 'alternate' ? [{ path: '$.target.passwordRotation', message: 'alternate applies to the password change: add target.passwordChange' }] : [];
  }
  // A flow that sends {{newPassword}} without an account.newPassword is already reported by flowIssues.
  if (/\{\{\s*newPassword\s*\}\}/.test(JSON.stringify(flow))) return [];
  const issues: Issue[] = [{ path: '$.target.passwordChange', message: 'the password-change flow never sends {{newPassword}}, the password it changes to' }];
  if (isRecord(target.account) && target.account.newPassword === undefined) {
    issues.push({ path: '$.target.account', message: 'target.passwordChange needs account.newPassword (the original password is restored afterwards)' });
  }
  return issues;
}

/** Remember-me fields ride on the login request, which only form and JSON logins build from fields. */
function rememberMeIssues(target: Rec): Issue[] {
  if (!isRecord(target.rememberMe) || !isRecord(target.login)) return [];
  const kind = Object.keys(target.login)[0];
  if (kind === undefined || kind === 'form' || kind === 'json') return [];
  return [{ path: '$.target.rememberMe', message: `remember-me fields can be added to a form or json login, not to a ${kind} login` }];
}

function cookieDomainIssues(spec: Rec): Issue[] {
  const cookie = spec.cookie;
  if (!isRecord(cookie) || cookie.domains === undefined) return [];
  const preset = typeof spec.preset === 'string' ? spec.preset : DEFAULT_PRESET;
  const hostOnly = cookie.hostOnly ?? PRESETS[preset]?.spec.cookie.hostOnly;
  if (hostOnly !== true) return [];
  const why = cookie.hostOnly === undefined ? ` (preset ${preset} sets hostOnly: true)` : '';
  return [{ path: '$.spec.cookie.domains', message: `domains apply only when hostOnly is false${why}` }];
}
