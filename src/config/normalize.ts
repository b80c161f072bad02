/**
 * The schema-valid file turned into the types everything downstream trusts (types.ts): defaults filled
 * in, durations in milliseconds, flows as a tagged union, paths resolved.
 */
import path from 'node:path';
import { parseDuration } from './durations.js';
import { buildSpec } from './spec.js';
import type { Account, BrowserStep, Config, Flow, LoginBackoff, OracleConfig, ReporterName, TargetProfile, TokenExtraction, Waiver } from './types.js';
import { VERSION } from '../version.js';
import type { RawSpec } from './raw-spec.js';

type StringMap = Record<string, string>;

interface RawFlow {
  form?: { url: string; selector?: string; fields?: StringMap; headers?: StringMap };
  json?: { url: string; method?: string; body?: unknown; token?: { from: string; header?: string; scheme?: string }; headers?: StringMap };
  request?: { method: string; url: string; headers?: StringMap; form?: StringMap; json?: unknown };
  link?: { url: string; selector: string; headers?: StringMap };
  browser?: { steps: RawBrowserStep[] };
  script?: string;
}

type RawBrowserStep =
  | Exclude<BrowserStep, { waitFor: unknown }>
  | { waitFor: { url?: string; selector?: string; text?: string; timeout?: string } };

/** The file as written, after schema validation and semantic checks. */
export interface RawConfig {
  target: {
    baseUrl: string;
    account: Account;
    accounts?: Account[];
    login: RawFlow;
    authenticated: OracleConfig;
    logout?: RawFlow;
    passwordChange?: RawFlow;
    passwordRotation?: 'restore' | 'alternate';
    privilegeChange?: RawFlow & { elevatedCheck?: OracleConfig };
    signOutEverywhere?: RawFlow;
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
    account: compact(t.account),
    accounts: (t.accounts ?? []).map((a) => compact(a)),
    login: flow(t.login, dir),
    logout: t.logout && flow(t.logout, dir),
    passwordChange: t.passwordChange && flow(t.passwordChange, dir),
    passwordRotation: t.passwordRotation ?? 'restore',
    privilegeChange: t.privilegeChange && flow(t.privilegeChange, dir),
    elevatedCheck: t.privilegeChange?.elevatedCheck && compact(t.privilegeChange.elevatedCheck),
    signOutEverywhere: t.signOutEverywhere && flow(t.signOutEverywhere, dir),
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
      intervalMs: parseDuration(t.loginRate?.interval ?? DEFAULT_LOGIN_INTERVAL),
      maxSessionsPerAccount: t.loginRate?.maxSessionsPerAccount ?? null,
    },
    jwksUrl: t.jwksUrl,
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

function flow(raw: RawFlow, dir: string): Flow {
  if (raw.form) return compact({ kind: 'form', url: raw.form.url, selector: raw.form.selector, fields: raw.form.fields ?? {}, headers: raw.form.headers });
  if (raw.json) {
    const { url, method = 'POST', body = {}, token, headers } = raw.json;
    return compact({ kind: 'json', method, url, body, token: token && tokenExtraction(token), headers });
  }
  if (raw.request) return compact({ kind: 'request', ...raw.request });
  if (raw.link) return compact({ kind: 'link', url: raw.link.url, selector: raw.link.selector, headers: raw.link.headers });
  if (raw.browser) return { kind: 'browser', steps: raw.browser.steps.map(browserStep) };
  if (raw.script !== undefined) return { kind: 'script', path: path.resolve(dir, raw.script) };
  throw new Error('a flow without a kind got past the schema');
}

function browserStep(raw: RawBrowserStep): BrowserStep {
  if (!('waitFor' in raw)) return raw;
  const { timeout, ...rest } = raw.waitFor;
  return { waitFor: compact({ ...rest, timeoutMs: timeout === undefined ? undefined : parseDuration(timeout) }) };
}

function loginBackoff(raw: { retries?: number; maxWait?: string; lockoutText?: string }): LoginBackoff {
  return compact({
    retries: raw.retries ?? DEFAULT_LOGIN_RETRIES,
    maxWaitMs: parseDuration(raw.maxWait ?? DEFAULT_LOGIN_MAX_WAIT),
    lockoutText: raw.lockoutText,
  });
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
