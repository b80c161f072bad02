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
const REFRESH_PLACEHOLDER = /\{\{\s*refreshToken\s*\}\}/;
const BROWSER_ACTIONS = ['goto', 'fill', 'click', 'press', 'select', 'waitFor'];
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);

export interface SemanticOptions {
  baseUrlFromOption: boolean;
  instancesFromOption?: boolean;
  /** The check catalogue's ids, so a waiver naming no check is an error rather than a silent no-op. */
  knownChecks?: readonly string[];
}

export function semanticIssues(root: Rec, options: SemanticOptions): Issue[] {
  const issues: Issue[] = [];
  const target = root.target;
  if (isRecord(target)) {
    issues.push(...urlIssues(target));
    issues.push(...headerIssues(target));
    if (typeof target.baseUrl === 'string' && !CREDENTIALS_IN_URL.test(target.baseUrl) && !CONTROL.test(target.baseUrl)) {
      const problem = baseUrlProblem(target.baseUrl);
      if (problem) issues.push({ path: '$.target.baseUrl', message: options.baseUrlFromOption ? `${problem} (from --base-url)` : problem });
    }
    if (Array.isArray(target.instances)) {
      target.instances.forEach((instance, i) => {
        const problem = typeof instance === 'string' ? baseUrlProblem(instance) : undefined;
        if (problem) issues.push({ path: jsonPath(['target', 'instances', i]), message: options.instancesFromOption ? `${problem} (from --instance)` : problem });
      });
    }
    issues.push(...flowIssues(target));
    issues.push(...privilegeKindIssues(target));
    issues.push(...rememberMeIssues(target));
    issues.push(...refreshIssues(target));
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

/** `scheme://user:password@host`: the userinfo part of an absolute URL. */
const CREDENTIALS_IN_URL = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\s]*@/i;
/** A scheme at the start of a URL (`javascript:`, `file:`); relative URLs have none. */
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
/** Target keys whose values are secrets, never searched for URLs. */
const SECRET_HOLDERS = new Set(['account', 'accounts']);
/** Keys whose value is a URL the tool will request or navigate to. */
const URL_KEYS = new Set(['baseUrl', 'url', 'goto']);

/**
 * Every URL of the target half: no credentials in any of them (they belong in target.account, where
 * they are masked; in a URL they travel in clear and land in logs and reports), and only http(s) or
 * relative URLs where the tool will go. The accounts are not searched: their values are secrets, and
 * a password may contain anything.
 */
function urlIssues(target: Rec): Issue[] {
  const issues: Issue[] = [];
  const visit = (value: unknown, at: PathSegment[]): void => {
    if (typeof value === 'string') {
      if (CREDENTIALS_IN_URL.test(value)) {
        issues.push({ path: jsonPath(at), message: 'a URL must not carry credentials (user:password@): they would travel in clear and be written into logs and reports; put them in target.account' });
        return;
      }
      if (URL_KEYS.has(String(at.at(-1))) && CONTROL.test(value)) {
        issues.push({ path: jsonPath(at), message: `a URL cannot contain control characters; found ${controlAt(value)}` });
        return;
      }
      const scheme = SCHEME.exec(value)?.[1]?.toLowerCase();
      if (URL_KEYS.has(String(at.at(-1))) && scheme !== undefined && scheme !== 'http' && scheme !== 'https') {
        issues.push({ path: jsonPath(at), message: `expected an http(s) or relative URL, got a ${scheme}: URL` });
      }
    } else if (Array.isArray(value)) value.forEach((item, i) => visit(item, [...at, i]));
    else if (isRecord(value)) for (const [k, item] of Object.entries(value)) if (at.length > 1 || !SECRET_HOLDERS.has(k)) visit(item, [...at, k]);
  };
  visit(target, ['target']);
  return issues;
}

/** RFC 9110 §5.6.2 token characters: what a header name may be made of. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** RFC 9110 §5.5: visible characters, spaces and tabs; a CR or LF would end the header and start another. */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const NOT_HEADER_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;

/** `U+000D at character 12`: where the first `bad` character is, without echoing the text. */
function controlAt(text: string, bad = CONTROL): string {
  const at = text.search(bad);
  return `U+${text.charCodeAt(at).toString(16).toUpperCase().padStart(4, '0')} at character ${at + 1}`;
}

/** Strings that become request headers (userAgent, a request flow's headers) must be sendable as they are. */
function headerIssues(target: Rec): Issue[] {
  const issues: Issue[] = [];
  // The value is not echoed: header values in a config are often tokens.
  const unsafe = (text: string) => `a header value cannot contain control characters such as CR, LF or NUL, nor characters beyond Latin-1; found ${controlAt(text, NOT_HEADER_VALUE)}`;
  if (typeof target.userAgent === 'string' && !HEADER_VALUE.test(target.userAgent)) issues.push({ path: '$.target.userAgent', message: unsafe(target.userAgent) });
  const visit = (value: unknown, at: PathSegment[]): void => {
    if (Array.isArray(value)) return value.forEach((item, i) => visit(item, [...at, i]));
    if (!isRecord(value)) return;
    for (const [k, item] of Object.entries(value)) {
      if (k === 'headers' && isRecord(item)) {
        for (const [name, text] of Object.entries(item)) {
          const where = jsonPath([...at, k, name]);
          if (!HEADER_NAME.test(name)) issues.push({ path: where, message: `${JSON.stringify(name)} is not a header name (letters, digits and !#$%&'*+.^_\`|~-)` });
          else if (typeof text === 'string' && !HEADER_VALUE.test(text)) issues.push({ path: where, message: unsafe(text) });
        }
      } else visit(item, [...at, k]);
    }
  };
  for (const name of FLOWS) visit(target[name], ['target', name]);
  return issues;
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
    if (isRecord(flow)) issues.push(...oneBodyIssues(flow.request, ['target', name, 'request']));
  }
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- set inside visit(), which narrowing does not follow
  if (usesNewPassword && isRecord(target.account) && target.account.newPassword === undefined) {
    issues.push({ path: '$.target.account', message: 'the flows use {{newPassword}} but the account has no newPassword' });
  }
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- set inside visit(), which narrowing does not follow
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

function oneBodyIssues(request: unknown, at: Array<string | number>): Issue[] {
  if (!isRecord(request) || !('form' in request && 'json' in request)) return [];
  return [{ path: jsonPath(at), message: 'a request has one body: give form or json, not both' }];
}

/**
 * Each refresh token must come from somewhere: the login response and each refresh response (JSON
 * paths), or a cookie; a JSON token must be presented with {{refreshToken}}.
 */
function refreshIssues(target: Rec): Issue[] {
  const refresh = target.refresh;
  if (!isRecord(refresh)) return [];
  const issues: Issue[] = [];
  const kinds = ['json', 'request'].filter((k) => k in refresh);
  if (kinds.length !== 1) {
    issues.push({ path: '$.target.refresh', message: `give the refresh request as exactly one of json (a JSON body, POST by default) or request (any method, a form or json body), not ${kinds.length ? 'both' : 'neither'}` });
  }
  issues.push(...oneBodyIssues(refresh.request, ['target', 'refresh', 'request']));
  const viaCookie = typeof refresh.cookie === 'string';
  const viaJson = typeof refresh.refreshToken === 'string';
  if (viaCookie === viaJson) {
    issues.push({ path: '$.target.refresh', message: `say where the refresh token travels: refreshToken (a JSON path in the refresh response) or cookie (a cookie name), not ${viaJson ? 'both' : 'neither'}` });
  }
  if (viaJson) {
    const login = isRecord(target.login) ? target.login : {};
    if (!isRecord(login.json) || typeof login.json.refreshToken !== 'string') {
      issues.push({ path: '$.target.login', message: 'target.refresh.refreshToken needs the first refresh token from the login: a json login with refreshToken: $.<path>' });
    }
    const kind = kinds[0] ?? 'json';
    if (!REFRESH_PLACEHOLDER.test(JSON.stringify(refresh[kind] ?? null))) {
      issues.push({ path: `$.target.refresh.${kind}`, message: 'the refresh request never sends {{refreshToken}}, the token it presents' });
    }
  }
  return issues;
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
