/**
 * The schema-valid file turned into the types everything downstream trusts (types.ts): defaults filled
 * in, durations in milliseconds, flows as a tagged union, paths resolved.
 */
import path from 'node:path';
import { parseDuration } from './durations.js';
import { buildSpec } from './spec.js';
import type { Account, BrowserStep, Config, Flow, FollowUpStep, LoginBackoff, OracleConfig, RefreshProfile, ReporterName, TargetProfile, TokenExtraction, TotpAlgorithm, Waiver } from './types.js';
import { VERSION } from '../version.js';
import type { RawSpec } from './raw-spec.js';

type StringMap = Record<string, string>;

interface RawFlow {
  form?: { url: string; selector?: string; fields?: StringMap; headers?: StringMap; then?: RawFlow[] };
  json?: {
    url: string;
    method?: string;
    body?: unknown;
    token?: { from: string; header?: string; scheme?: string };
    refreshToken?: string;
    headers?: StringMap;
    then?: RawFlow[];
  };
  request?: { method: string; url: string; headers?: StringMap; form?: StringMap; json?: unknown };
  link?: { url: string; selector: string; headers?: StringMap };
  browser?: { steps: RawBrowserStep[] };
  script?: string;
}

type RawBrowserStep =
  | Exclude<BrowserStep, { waitFor: unknown }>
  | { waitFor: { url?: string; selector?: string; text?: string; timeout?: string }; on?: string };

interface RawAccount {
  username: string;
  password: string;
  newPassword?: string;
  totp?: { secret: string; digits?: number; period?: string; algorithm?: TotpAlgorithm };
}

/** The file as written, after schema validation and semantic checks. */
export interface RawConfig {
  target: {
    baseUrl: string;
    account: RawAccount;
    accounts?: RawAccount[];
    login: RawFlow;
    authenticated: OracleConfig;
    logout?: RawFlow;
    passwordChange?: RawFlow;
    passwordRotation?: 'restore' | 'alternate';
    privilegeChange?: RawFlow & { elevatedCheck?: OracleConfig };
    signOutEverywhere?: RawFlow;
    sso?: { logout?: RawFlow };
    rememberMe?: { fields?: StringMap; cookie: string };
    loginBackoff?: { retries?: number; maxWait?: string; lockoutText?: string };
    sessionCookie?: string | string[];
    allowedHosts?: string[];
    instances?: string[];
    ui?: { pages?: string[]; logoutControl?: string };
    userAgent?: string;
    requestTimeout?: string;
    tls?: { ca?: string; insecure?: boolean };
    loginRate?: { interval?: string; maxSessionsPerAccount?: number };
    jwksUrl?: string;
    refresh?: {
      json?: { url: string; method?: string; body?: unknown; headers?: StringMap };
      request?: NonNullable<RawFlow['request']>;
      accessToken?: string;
      refreshToken?: string;
      cookie?: string;
    };
  };
  spec?: RawSpec;
  checks?: { include?: string[]; exclude?: string[] };
  waivers?: Waiver[];
  report?: { dir?: string; formats?: ReporterName[] };
}

const DEFAULT_REQUEST_TIMEOUT = '15s';
const DEFAULT_LOGIN_RETRIES = 3;
const DEFAULT_LOGIN_MAX_WAIT = '60s';
const DEFAULT_LOGIN_INTERVAL = '200ms';
const DEFAULT_TOTP_DIGITS = 6;
const DEFAULT_TOTP_PERIOD = '30s';
const DEFAULT_REPORT_DIR = 'sessionprobe-report';
const ALL_FORMATS: ReporterName[] = ['list', 'junit', 'html', 'json', 'markdown', 'sarif'];

/**
 * `file` is absolute. Paths to code and keys (script flows, tls.ca) are relative to the config's folder,
 * where they live beside it; the report folder is relative to the working directory, like --out.
 */
export function normalize(raw: RawConfig, file: string): Config {
  const dir = path.dirname(file);
  const t = raw.target;
  const target: TargetProfile = compact({
    baseUrl: t.baseUrl.replace(/\/+$/, ''),
    account: account(t.account),
    accounts: (t.accounts ?? []).map(account),
    login: flow(t.login, dir),
    logout: t.logout && flow(t.logout, dir),
    passwordChange: t.passwordChange && flow(t.passwordChange, dir),
    passwordRotation: t.passwordRotation ?? 'restore',
    privilegeChange: t.privilegeChange && flow(t.privilegeChange, dir),
    elevatedCheck: t.privilegeChange?.elevatedCheck && compact(t.privilegeChange.elevatedCheck),
    signOutEverywhere: t.signOutEverywhere && flow(t.signOutEverywhere, dir),
    sso: t.sso && compact({ logout: t.sso.logout && flow(t.sso.logout, dir) }),
    rememberMe: t.rememberMe && { fields: t.rememberMe.fields ?? {}, cookie: t.rememberMe.cookie },
    authenticated: compact(t.authenticated),
    sessionCookies: t.sessionCookie === undefined ? undefined : [t.sessionCookie].flat(),
    allowedHosts: t.allowedHosts ?? [],
    instances: (t.instances ?? []).map((i) => i.replace(/\/+$/, '')),
    ui: compact({ pages: t.ui?.pages ?? [t.authenticated.url], logoutControl: t.ui?.logoutControl }),
    userAgent: t.userAgent ?? `sessionprobe/${VERSION}`,
    requestTimeoutMs: parseDuration(t.requestTimeout ?? DEFAULT_REQUEST_TIMEOUT),
    loginBackoff: loginBackoff(t.loginBackoff ?? {}),
    tls: t.tls && compact({ ca: t.tls.ca && path.resolve(dir, t.tls.ca), insecure: t.tls.insecure ?? false }),
    loginRate: {
      intervalMs: loginInterval(t),
      maxSessionsPerAccount: t.loginRate?.maxSessionsPerAccount ?? null,
    },
    jwksUrl: t.jwksUrl,
    refresh: t.refresh && refreshProfile(t.refresh),
  });
  return {
    file,
    target,
    spec: buildSpec(raw.spec),
    checks: { include: raw.checks?.include ?? [], exclude: raw.checks?.exclude ?? [] },
    waivers: (raw.waivers ?? []).map((w) => compact(w)),
    report: { dir: path.resolve(raw.report?.dir ?? DEFAULT_REPORT_DIR), formats: raw.report?.formats ?? ALL_FORMATS },
  };
}

function account(raw: RawAccount): Account {
  const { totp, ...rest } = raw;
  return compact({
    ...rest,
    totp: totp && {
      secret: totp.secret,
      digits: totp.digits ?? DEFAULT_TOTP_DIGITS,
      periodMs: parseDuration(totp.period ?? DEFAULT_TOTP_PERIOD),
      algorithm: totp.algorithm ?? 'SHA1',
    },
  });
}

/**
 * Logins are spaced out at least target.loginRate.interval; with a TOTP second factor at least one
 * time step, since each login needs a code of its own (servers accept a code once) and probes that
 * plan many logins (timeouts, several devices) must plan with that pace.
 */
function loginInterval(t: RawConfig['target']): number {
  const configured = parseDuration(t.loginRate?.interval ?? DEFAULT_LOGIN_INTERVAL);
  const steps = [t.account, ...(t.accounts ?? [])].flatMap((a) => (a.totp ? [parseDuration(a.totp.period ?? DEFAULT_TOTP_PERIOD)] : []));
  return Math.max(configured, ...steps);
}

function flow(raw: RawFlow, dir: string): Flow {
  if (raw.form) {
    const { url, selector, fields = {}, headers, then } = raw.form;
    return compact({ kind: 'form', url, selector, fields, headers, then: then?.map((step) => followUp(step, dir)) });
  }
  if (raw.json) {
    const { url, method = 'POST', body = {}, token, refreshToken, headers, then } = raw.json;
    return compact({ kind: 'json', method, url, body, token: token && tokenExtraction(token), refreshToken, headers, then: then?.map((step) => followUp(step, dir)) });
  }
  if (raw.request) return compact({ kind: 'request', ...raw.request });
  if (raw.link) return compact({ kind: 'link', url: raw.link.url, selector: raw.link.selector, headers: raw.link.headers });
  if (raw.browser) return { kind: 'browser', steps: raw.browser.steps.map(browserStep) };
  if (raw.script !== undefined) return { kind: 'script', path: path.resolve(dir, raw.script) };
  throw new Error('a flow without a kind got past the schema');
}

function followUp(raw: RawFlow, dir: string): FollowUpStep {
  const step = flow(raw, dir);
  if (step.kind === 'browser' || step.kind === 'script') throw new Error('a browser step in then: got past the schema');
  return step;
}

function browserStep(raw: RawBrowserStep): BrowserStep {
  if (!('waitFor' in raw)) return raw;
  const { timeout, ...rest } = raw.waitFor;
  return { ...raw, waitFor: compact({ ...rest, timeoutMs: timeout === undefined ? undefined : parseDuration(timeout) }) };
}

function loginBackoff(raw: { retries?: number; maxWait?: string; lockoutText?: string }): LoginBackoff {
  return compact({
    retries: raw.retries ?? DEFAULT_LOGIN_RETRIES,
    maxWaitMs: parseDuration(raw.maxWait ?? DEFAULT_LOGIN_MAX_WAIT),
    lockoutText: raw.lockoutText,
  });
}

/** The json shorthand (POST, a JSON body) and a request flow (any method, a form or JSON body) become one request. */
function refreshProfile(raw: NonNullable<RawConfig['target']['refresh']>): RefreshProfile {
  const request = raw.json ? { method: raw.json.method ?? 'POST', url: raw.json.url, json: raw.json.body ?? {}, headers: raw.json.headers } : raw.request;
  if (!request) throw new Error('a refresh without a request got past the semantic checks');
  return compact({ request: compact(request), accessToken: raw.accessToken, refreshToken: raw.refreshToken, cookie: raw.cookie });
}

function tokenExtraction(raw: { from: string; header?: string; scheme?: string }): TokenExtraction {
  const header = raw.header ?? 'Authorization';
  const scheme = raw.scheme ?? (header.toLowerCase() === 'authorization' ? 'Bearer' : undefined);
  return compact({ from: raw.from, header, scheme });
}

/** Optional fields stay absent rather than present-and-undefined, so configs compare and print cleanly. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
