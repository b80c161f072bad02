/**
 * The validated, normalized configuration. Raw YAML/JSON is turned into these types once, at the edge
 * (config/load.ts); everything downstream trusts them. Durations are milliseconds.
 */

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

export type SameSite = 'Strict' | 'Lax' | 'None';

export interface Account {
  username: string;
  password: string;
  newPassword?: string;
  /** The account's second factor: `{{totp}}` in a flow is its current code. */
  totp?: TotpConfig;
}

export type TotpAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';
export const TOTP_ALGORITHMS: readonly TotpAlgorithm[] = ['SHA1', 'SHA256', 'SHA512'];

/** RFC 6238 parameters of an authenticator app's entry. */
export interface TotpConfig {
  /** The shared secret, base32 as authenticator apps show it. */
  secret: string;
  digits: number;
  /** The time step; whole seconds. */
  periodMs: number;
  algorithm: TotpAlgorithm;
}

/** Where a login yields a bearer token instead of (or besides) a cookie. */
export interface TokenExtraction {
  /** JSON path into the login response body, e.g. `$.accessToken`. */
  from: string;
  header: string;
  scheme?: string;
}

/** One way of performing a flow (login, logout, password change, privilege change). */
export type Flow =
  | { kind: 'form'; url: string; selector?: string; fields: Record<string, string>; headers?: Record<string, string>; then?: FollowUpStep[] }
  | {
      kind: 'json';
      method: string;
      url: string;
      body: unknown;
      token?: TokenExtraction;
      /** JSON path to the refresh token in the response (a login's; target.refresh uses it). */
      refreshToken?: string;
      headers?: Record<string, string>;
      then?: FollowUpStep[];
    }
  | {
      kind: 'request';
      method: string;
      url: string;
      headers?: Record<string, string>;
      form?: Record<string, string>;
      json?: unknown;
    }
  | { kind: 'link'; url: string; selector: string; headers?: Record<string, string> }
  | { kind: 'browser'; steps: BrowserStep[] }
  | { kind: 'script'; path: string };

/** A further step of a form or json flow (a second factor, a consent, an account picker): an HTTP flow of its own. */
export type FollowUpStep = Extract<Flow, { kind: 'form' | 'json' | 'request' | 'link' }>;

/**
 * One step of a browser flow, in the file's own shape (one action key per step); durations in
 * milliseconds. `on` makes the step conditional: it runs only when the page is at that URL.
 */
export type BrowserStep = BrowserAction & { on?: string };

type BrowserAction =
  | { goto: string }
  | { fill: { selector: string; value: string } }
  | { click: string }
  | { press: { key: string; selector?: string } }
  | { select: { selector: string; value: string } }
  | { waitFor: { url?: string; selector?: string; text?: string; timeoutMs?: number } };

/** Flow kinds that need a real browser. */
export const BROWSER_FLOW_KINDS: readonly FlowKind[] = ['browser', 'script'];

export type FlowKind = Flow['kind'];

export interface OracleExpectation {
  status?: number;
  bodyContains?: string;
  bodyNotContains?: string;
}

export interface OracleConfig {
  url: string;
  expect?: OracleExpectation;
}

export interface TargetProfile {
  /** Normalized absolute URL without trailing slash, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  account: Account;
  accounts: Account[];
  login: Flow;
  logout?: Flow;
  passwordChange?: Flow;
  /**
   * What happens to the password after the password-change suite: `restore` changes it back at the end
   * of the run; `alternate` (targets that refuse a recently used password) leaves it on the other one
   * and the next run changes it back, with the journal recording which one is current.
   */
  passwordRotation: 'restore' | 'alternate';
  privilegeChange?: Flow;
  /** A page only an elevated session may see: whether an old session ID kept the privilege. */
  elevatedCheck?: OracleConfig;
  /** The "log out my other sessions" action. */
  signOutEverywhere?: Flow;
  /** Single sign-on: how to log out at the identity provider itself. */
  sso?: { logout?: Flow };
  rememberMe?: RememberMe;
  authenticated: OracleConfig;
  /** Names of the auth-critical cookies when the user states them; discovered by ablation otherwise. */
  sessionCookies?: string[];
  allowedHosts: string[];
  /** The same deployment reached per instance, bypassing the load balancer: revocation replays go to each. */
  instances: string[];
  /** What a person sees in the browser, for the browser-only checks. */
  ui: UiProfile;
  userAgent: string;
  requestTimeoutMs: number;
  loginBackoff: LoginBackoff;
  /** TLS settings for https targets; absent = the platform's defaults. */
  tls?: TlsOptions;
  loginRate: LoginRate;
  /** The target's JWKS URL, whose public keys key the algorithm-confusion forgery. */
  jwksUrl?: string;
  /** How a client renews its tokens with a refresh token; enables the refresh suite. */
  refresh?: RefreshProfile;
}

/**
 * The refresh request and where its tokens travel. The first refresh token comes from the login
 * response (`login.json.refreshToken`) or, with `cookie`, from the cookie of that name; later ones from
 * each refresh response (`refreshToken`, else the cookie again).
 */
export interface RefreshProfile {
  /** One request with a JSON or a form body; `{{refreshToken}}` in its body or headers is the token presented. */
  request: { method: string; url: string; json?: unknown; form?: Record<string, string>; headers?: Record<string, string> };
  /** JSON path to the new access token in the refresh response; sent as the login's token is (login.json.token). */
  accessToken?: string;
  /** JSON path to the new refresh token in the refresh response. */
  refreshToken?: string;
  /** The cookie that carries the refresh token, when it is not in JSON bodies. */
  cookie?: string;
}

/** How hard the tool may log in: timed probes open many sessions at once. */
export interface LoginRate {
  /** At least this long between two logins. */
  intervalMs: number;
  /** Sessions the tool holds at once per account; null = spec.concurrency.maxSessions (the baseline session is ended first), else 4. */
  maxSessionsPerAccount: number | null;
}

export interface UiProfile {
  /** Authenticated pages as a person opens them; at least one (default: the oracle URL). */
  pages: string[];
  /** Selector of the logout control authenticated pages must show; absent = no requirement. */
  logoutControl?: string;
}

/** How to ask for a persistent login, and the cookie that carries it. */
export interface RememberMe {
  /** Added to the login form's fields or the JSON login's body, e.g. `{ remember: "on" }`. */
  fields: Record<string, string>;
  cookie: string;
}

/** What a throttled login (429, or a lockout message) makes the run do: wait and retry, within limits. */
export interface LoginBackoff {
  retries: number;
  /** The longest the run waits for one login, in total. */
  maxWaitMs: number;
  /** Text on a login response that means "locked out, try later" (case-insensitive). */
  lockoutText?: string;
}

export interface TlsOptions {
  /** Absolute path of a PEM file with an extra trusted CA. */
  ca?: string;
  /** Accept any certificate. */
  insecure: boolean;
}

export type CookieMaxAgeRule = { kind: 'session' } | { kind: 'max'; maxMs: number };

export interface CookieSpec {
  httpOnly: boolean;
  secure: boolean;
  /** Accepted SameSite values; empty = no requirement. */
  sameSite: SameSite[];
  /** Required effective path; null = no requirement. */
  path: string | null;
  hostOnly: boolean;
  /** Domains accepted when hostOnly is false. */
  allowedDomains: string[];
  prefix: '__Host-' | '__Secure-' | null;
  maxAge: CookieMaxAgeRule | null;
}

/** Where the session state lives; it decides which invalidation checks can pass at all. */
export type SessionStore = 'redis' | 'postgres' | 'signed-cookie';
export const SESSION_STORES: readonly SessionStore[] = ['redis', 'postgres', 'signed-cookie'];

/** Client properties recorded with a session so changes can be noticed (CS: Binding the Session ID). */
export type BindingSignal = 'ip' | 'user-agent' | 'accept-language' | 'geolocation' | 'device';
export const BINDING_SIGNALS: readonly BindingSignal[] = ['ip', 'user-agent', 'accept-language', 'geolocation', 'device'];

/**
 * A preset's statement that a check weighs differently under its standard: NIST presets lower the
 * severity of checks whose requirement is only a SHOULD by one step, and raise token.web-storage. The runner applies it, and every
 * report shows the original severity and this reason.
 */
export interface SeverityAdjustment {
  check: string;
  direction: 'lower' | 'raise';
  reason: string;
}

export interface Spec {
  /** The preset the spec starts from. */
  preset: string;
  /** JSON paths (e.g. `cookie.sameSite`) the config overrode on top of the preset. */
  overrides: string[];
  /** Paths whose value is sessionprobe's choice because the preset's standard only asks for a documented value. */
  toolDefaults: string[];
  severityAdjustments: SeverityAdjustment[];
  /** The declared session store; null = not stated. */
  store: SessionStore | null;
  cookie: CookieSpec;
  token: {
    minEntropyBits: number;
    samples: number;
    /** Whether a session token may sit in sessionStorage (localStorage and IndexedDB never may). */
    sessionStorage: 'allowed' | 'forbidden';
  };
  timeouts: {
    idleMs: number | null;
    absoluteMs: number | null;
    sliding: boolean | null;
    /** Opt-in (CHECKS.md timeout.renewal): the ID of an active session is renewed at least every `everyMs`, the previous one dies `overlapMs` later. */
    renewal: { everyMs: number; overlapMs: number } | null;
    graceMs: number;
  };
  invalidation: {
    logout: boolean;
    rotateOnLogin: boolean;
    passwordChange: 'revoke-all' | 'revoke-others' | 'none' | null;
    privilegeChange: 'rotate' | null;
    /** Whether logout must send Clear-Site-Data (an info-level recommendation by default). */
    clearSiteData: boolean;
    /** Users can end all their other sessions ("sign out everywhere"). */
    signOutEverywhere: boolean;
    /** How long an old artifact may keep working after a revocation event, on every instance (cache lag). */
    maxDelayMs: number;
    /** What a password change does to the session that made it; null = no requirement beyond its old ID dying. */
    passwordChangeCurrent: PasswordChangeCurrent | null;
  };
  cache: { noStore: boolean };
  /** HSTS on authenticated https responses; hstsMaxAgeMs null = no HSTS requirement. */
  transport: { hstsMaxAgeMs: number | null; hstsIncludeSubDomains: boolean };
  concurrency: { maxSessions: number | null; onExceed: 'reject' | 'evict-oldest' | null };
  /** Longest lifetime of a remember-me cookie; null = no requirement. */
  rememberMe: { maxAgeMs: number | null };
  jwt: {
    algorithms: string[];
    maxLifetimeMs: number | null;
    /** Validator clock tolerance after exp: expired tokens are replayed after exp + leeway. */
    leewayMs: number;
    /** Longest the run waits for a token to expire naturally. */
    expiryWaitMs: number;
    /** Claim names that must not appear, besides the built-in secret-like ones. */
    sensitiveClaims: string[];
  };
  /** Signals recorded with each session, and those whose change must end it. */
  binding: { signals: BindingSignal[]; rejectOnChange: BindingSignal[] };
  /** Single sign-on: what logging out at either end must do to the other; false = no requirement. */
  sso: { idpLogoutEndsAppSession: boolean; appLogoutEndsIdpSession: boolean };
  /** Refresh tokens (target.refresh); null/false = no requirement. */
  refresh: {
    /** Every refresh returns a new refresh token. */
    rotation: boolean;
    /** What presenting an already used refresh token must do. */
    reuse: RefreshReuse | null;
    maxLifetimeMs: number | null;
    accessMaxLifetimeMs: number | null;
  };
}

export const REFRESH_REUSE = ['revoke-family', 'reject', 'allow'] as const;
/** revoke-family: the replayed token is refused and every token of its family dies; reject: only it is refused; allow: no requirement. */
export type RefreshReuse = (typeof REFRESH_REUSE)[number];

export const PASSWORD_CHANGE_CURRENT = ['keep', 'renew', 'end'] as const;
/** keep: it stays logged in as it is; renew: it stays logged in with a new ID; end: it is logged out. */
export type PasswordChangeCurrent = (typeof PASSWORD_CHANGE_CURRENT)[number];

export interface ChecksSelection {
  include: string[];
  exclude: string[];
}

export type ReporterName = 'list' | 'junit' | 'html' | 'json' | 'markdown' | 'sarif';
export const REPORTERS: readonly ReporterName[] = ['list', 'junit', 'html', 'json', 'markdown', 'sarif'];

/**
 * An accepted, owned, time-boxed exception: a failing (or inconclusive) check it covers is reported as
 * waived instead of failing the gate, until the end of its expiry day (UTC).
 */
export interface Waiver {
  /** Check id or glob. */
  check: string;
  /** Only findings about this cookie (name or glob). */
  cookie?: string;
  /** Only findings whose exchanges all went to this URL (glob; a leading / matches the path). */
  url?: string;
  reason: string;
  owner: string;
  /** YYYY-MM-DD, the last day the waiver applies. */
  expires: string;
}

export interface ReportConfig {
  dir: string;
  formats: ReporterName[];
}

export interface Config {
  /** Absolute path of the file the config was read from. */
  file: string;
  target: TargetProfile;
  spec: Spec;
  checks: ChecksSelection;
  waivers: Waiver[];
  report: ReportConfig;
}
