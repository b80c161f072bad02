/**
 * The one table of spec settings: per field, what it is, why it matters (one line, for `init` prompts
 * and the design-review document), the standards that speak to it, which checks verify it (so a
 * preset's SHOULD-level setting can lower exactly those checks' severity), and how its value in the
 * file maps onto the resolved spec and back. The schema's spec half, the presets' provenance and
 * init's questions are checked against it (test/unit/spec-fields.test.ts).
 */
import { formatDuration, parseDuration } from './durations.js';
import type { SpecValues } from './presets.js';
import type { RawSpec, Sections, SpecField, TopLevel } from './raw-spec.js';
import type { CookieMaxAgeRule, SessionStore } from './types.js';

/** A field's value as the config file writes it (`timeouts.idle` → `string | null`). */
export type RawValue<F extends SpecField> = F extends TopLevel
  ? Exclude<RawSpec[F], undefined>
  : F extends `${infer S extends keyof Sections}.${infer K extends string}`
    ? Exclude<Required<Sections[S]>[K & keyof Sections[S]], undefined>
    : never;

export interface SpecFieldInfo<V = unknown> {
  /** What the setting is, as a heading. */
  title: string;
  /** Why it matters, in one line. */
  why: string;
  /** The standards that speak to it, in the notation of check refs. */
  refs: string[];
  /** Ids of the checks (CHECKS.md) that verify it. */
  checks: string[];
  /** Lays the file's value over the resolved spec. */
  set(spec: SpecValues, value: V): void;
  /** The inverse of `set`: the resolved value as the file writes it (durations as `30m`). */
  get(spec: SpecValues): V;
}

const durationOrNull = (text: string | null): number | null => (text === null ? null : parseDuration(text));

const maxAgeRule = (value: 'session' | { max: string } | null | false): CookieMaxAgeRule | null => {
  if (value === 'session') return { kind: 'session' };
  return value ? { kind: 'max', maxMs: parseDuration(value.max) } : null;
};

const durationText = (ms: number | null): string | null => (ms === null ? null : formatDuration(ms));

/** In the order `init` asks and documents them. The compiler insists every field of the file has an entry. */
export const SPEC_FIELDS: { [F in SpecField]: SpecFieldInfo<RawValue<F>> } = {
  store: {
    title: 'Session store',
    why: 'where session state lives decides whether the server can revoke a session at all',
    refs: ['OWASP CS: Session Expiration', 'ASVS v5.0.0-7.4.1'],
    checks: [],
    set: (s, v) => { s.store = v; },
    get: (s) => s.store,
  },
  'cookie.httpOnly': {
    title: 'HttpOnly',
    why: 'scripts cannot read the cookie, so an XSS bug cannot steal the session',
    refs: ['ASVS v4.0.3-3.4.2', 'ASVS v5.0.0-3.3.4', 'NIST SP 800-63B-4 §5.1.1(3)', 'OWASP CS: Cookies (HttpOnly)'],
    checks: ['cookie.httponly'],
    set: (s, v) => { s.cookie.httpOnly = v; },
    get: (s) => s.cookie.httpOnly,
  },
  'cookie.secure': {
    title: 'Secure',
    why: 'the cookie never travels over plain HTTP, where anyone on the network could read it',
    refs: ['ASVS v4.0.3-3.4.1', 'ASVS v5.0.0-3.3.1', 'NIST SP 800-63B-4 §5.1.1(1)', 'RFC 6265bis §4.1.2.5'],
    checks: ['cookie.secure'],
    set: (s, v) => { s.cookie.secure = v; },
    get: (s) => s.cookie.secure,
  },
  'cookie.sameSite': {
    title: 'SameSite',
    why: 'other sites cannot make the browser send the cookie (CSRF); set it explicitly, browser defaults differ',
    refs: ['ASVS v4.0.3-3.4.3', 'ASVS v5.0.0-3.3.2', 'NIST SP 800-63B-4 §5.1.1(6)', 'RFC 6265bis §4.1.2.7'],
    checks: ['cookie.samesite'],
    set: (s, v) => { s.cookie.sameSite = Array.isArray(v) ? v : [v]; },
    get: (s) => s.cookie.sameSite,
  },
  'cookie.path': {
    title: 'Path',
    why: 'the cookie is sent to the whole application and nowhere the spec does not expect',
    refs: ['ASVS v4.0.3-3.4.5', 'NIST SP 800-63B-4 §5.1.1(2)', 'RFC 6265bis §4.1.2.4'],
    checks: ['cookie.path'],
    set: (s, v) => { s.cookie.path = v; },
    get: (s) => s.cookie.path,
  },
  'cookie.hostOnly': {
    title: 'Host-only (no Domain)',
    why: 'without Domain the cookie stays on this host; with it every subdomain receives the session',
    refs: ['ASVS v5.0.0-3.3.3', 'NIST SP 800-63B-4 §5.1.1(2)', 'RFC 6265bis §4.1.2.3', 'WSTG-SESS-09'],
    checks: ['cookie.host-only'],
    set: (s, v) => { s.cookie.hostOnly = v; },
    get: (s) => s.cookie.hostOnly,
  },
  'cookie.domains': {
    title: 'Allowed Domain values',
    why: 'when the cookie must be shared with subdomains, exactly which domain may carry it',
    refs: ['RFC 6265bis §4.1.2.3', 'OWASP CS: Domain and Path Attributes'],
    checks: ['cookie.host-only'],
    set: (s, v) => { s.cookie.allowedDomains = v; },
    get: (s) => s.cookie.allowedDomains,
  },
  'cookie.prefix': {
    title: 'Name prefix',
    why: 'browsers enforce the prefix: __Host- pins the cookie to this host over HTTPS, so subdomains cannot overwrite it',
    refs: ['ASVS v4.0.3-3.4.4', 'ASVS v5.0.0-3.3.1', 'ASVS v5.0.0-3.3.3', 'NIST SP 800-63B-4 §5.1.1(5)', 'RFC 6265bis §4.1.3'],
    checks: ['cookie.prefix-host', 'cookie.prefix-secure'],
    set: (s, v) => { s.cookie.prefix = v; },
    get: (s) => s.cookie.prefix,
  },
  'cookie.maxAge': {
    title: 'Cookie lifetime (Max-Age/Expires)',
    why: 'a persistent cookie outlives the browser session; it must never outlive the session on the server',
    refs: ['NIST SP 800-63B-4 §5.1', 'RFC 6265bis §4.1.2.2', 'OWASP CS: Expire and Max-Age Attributes'],
    checks: ['cookie.max-age'],
    set: (s, v) => { s.cookie.maxAge = maxAgeRule(v); },
    get: ({ cookie: { maxAge } }) => (maxAge === null ? null : maxAge.kind === 'session' ? 'session' : { max: formatDuration(maxAge.maxMs) }),
  },
  'token.minEntropyBits': {
    title: 'Session ID entropy',
    why: 'enough random bits that guessing a live session ID is infeasible',
    refs: ['ASVS v4.0.3-3.2.2', 'ASVS v5.0.0-7.2.3', 'NIST SP 800-63B-4 §5.1(2)', 'OWASP CS: Session ID Entropy'],
    checks: ['token.length', 'token.entropy'],
    set: (s, v) => { s.token.minEntropyBits = v; },
    get: (s) => s.token.minEntropyBits,
  },
  'token.samples': {
    title: 'Entropy samples',
    why: 'how many fresh IDs the entropy estimate collects (below 100 it is inconclusive)',
    refs: ['OWASP CS: Session ID Entropy'],
    checks: ['token.entropy'],
    set: (s, v) => { s.token.samples = v; },
    get: (s) => s.token.samples,
  },
  'token.sessionStorage': {
    title: 'Session token in sessionStorage',
    why: 'any script on the page can read web storage; localStorage is never allowed, sessionStorage only when this says so',
    refs: ['ASVS v4.0.3-3.2.3', 'ASVS v5.0.0-14.3.3', 'NIST SP 800-63B-4 §5.1', 'OWASP CS: HTML5 Web Storage API'],
    checks: ['token.web-storage'],
    set: (s, v) => { s.token.sessionStorage = v; },
    get: (s) => s.token.sessionStorage,
  },
  'timeouts.idle': {
    title: 'Idle timeout',
    why: 'an unattended session ends by itself; shorter for higher-value applications',
    refs: ['ASVS v4.0.3-3.3.2', 'ASVS v5.0.0-7.3.1', 'NIST SP 800-63B-4 §2.2.3, §2.3.3', 'OWASP CS: Idle Timeout'],
    checks: ['timeout.idle'],
    set: (s, v) => { s.timeouts.idleMs = durationOrNull(v); },
    get: (s) => durationText(s.timeouts.idleMs),
  },
  'timeouts.absolute': {
    title: 'Absolute timeout',
    why: 'even an active session ends and re-authenticates, which limits a stolen session\'s life',
    refs: ['ASVS v4.0.3-3.3.2', 'ASVS v5.0.0-7.3.2', 'NIST SP 800-63B-4 §2.1.3–§2.3.3', 'OWASP CS: Absolute Timeout'],
    checks: ['timeout.absolute'],
    set: (s, v) => { s.timeouts.absoluteMs = durationOrNull(v); },
    get: (s) => durationText(s.timeouts.absoluteMs),
  },
  'timeouts.sliding': {
    title: 'Sliding expiry',
    why: 'activity resets the idle timer, so working users are not logged out mid-task',
    refs: ['NIST SP 800-63B-4 §5.2', 'OWASP CS: Idle Timeout'],
    checks: ['timeout.sliding'],
    set: (s, v) => { s.timeouts.sliding = v; },
    get: (s) => s.timeouts.sliding,
  },
  'timeouts.renewal': {
    title: 'Session-ID renewal (opt-in)',
    why: 'a long-lived session changes its ID now and then, so a stolen ID stops working soon after the next renewal',
    refs: ['OWASP CS: Renewal Timeout'],
    checks: ['timeout.renewal'],
    set: (s, v) => { s.timeouts.renewal = v === null ? null : { everyMs: parseDuration(v.every), overlapMs: v.overlap === undefined ? 0 : parseDuration(v.overlap) }; },
    get: ({ timeouts: { renewal } }) => (renewal === null ? null : { every: formatDuration(renewal.everyMs), overlap: formatDuration(renewal.overlapMs) }),
  },
  'timeouts.grace': {
    title: 'Grace when probing deadlines',
    why: 'tolerance for sweep intervals and latency, so a deadline is probed just after it, not at it',
    refs: [],
    checks: ['timeout.idle', 'timeout.absolute', 'timeout.sliding', 'timeout.renewal'],
    set: (s, v) => { s.timeouts.graceMs = parseDuration(v); },
    get: (s) => formatDuration(s.timeouts.graceMs),
  },
  'invalidation.logout': {
    title: 'Logout revokes server-side',
    why: 'a copied session cookie is dead after logout, not merely deleted from one browser',
    refs: ['ASVS v4.0.3-3.3.1', 'ASVS v5.0.0-7.4.1', 'NIST SP 800-63B-4 §5.2', 'WSTG-SESS-06'],
    checks: ['logout.server-revocation', 'logout.cookie-cleared'],
    set: (s, v) => { s.invalidation.logout = v; },
    get: (s) => s.invalidation.logout,
  },
  'invalidation.rotateOnLogin': {
    title: 'New session ID at login',
    why: 'an ID planted before login (session fixation) is worthless after it',
    refs: ['ASVS v4.0.3-3.2.1', 'ASVS v5.0.0-7.2.4', 'NIST SP 800-63B-4 §5.1', 'WSTG-SESS-03'],
    checks: ['fixation.rotate-on-login', 'fixation.reject-unknown-id'],
    set: (s, v) => { s.invalidation.rotateOnLogin = v; },
    get: (s) => s.invalidation.rotateOnLogin,
  },
  'invalidation.passwordChange': {
    title: 'Password change',
    why: 'whoever knew the old password loses their sessions when it changes',
    refs: ['ASVS v4.0.3-3.3.3', 'ASVS v5.0.0-7.4.3', 'WSTG-ATHN-09'],
    checks: ['password-change.revoke-others', 'password-change.rotate-current'],
    set: (s, v) => { s.invalidation.passwordChange = v; },
    get: (s) => s.invalidation.passwordChange,
  },
  'invalidation.privilegeChange': {
    title: 'Privilege change',
    why: 'a session ID seen before an elevation does not carry the elevated rights',
    refs: ['ASVS v5.0.0-7.2.4', 'ASVS v4.0.3-3.7.1', 'OWASP CS: Renew the Session ID After Any Privilege Level Change'],
    checks: ['privilege-change.rotate'],
    set: (s, v) => { s.invalidation.privilegeChange = v; },
    get: (s) => s.invalidation.privilegeChange,
  },
  'invalidation.clearSiteData': {
    title: 'Clear-Site-Data on logout',
    why: 'the browser also drops cached pages and storage of the logged-out user',
    refs: ['ASVS v5.0.0-14.3.1', 'OWASP CS: Web Content Caching and Clear-Site-Data'],
    checks: ['logout.clear-site-data'],
    set: (s, v) => { s.invalidation.clearSiteData = v; },
    get: (s) => s.invalidation.clearSiteData,
  },
  'invalidation.signOutEverywhere': {
    title: 'Sign out everywhere',
    why: 'a user who lost a device can end every other session themselves',
    refs: ['ASVS v4.0.3-3.3.4', 'ASVS v5.0.0-7.5.2', 'OWASP CS: Simultaneous Session Logons'],
    checks: ['concurrency.signout-everywhere'],
    set: (s, v) => { s.invalidation.signOutEverywhere = v; },
    get: (s) => s.invalidation.signOutEverywhere,
  },
  'invalidation.maxDelay': {
    title: 'Revocation delay',
    why: 'how long a stolen session keeps working after logout or a password change, on any instance (cache lag)',
    refs: ['ASVS v5.0.0-7.4.1', 'ASVS v5.0.0-7.4.3', 'WSTG-SESS-06', 'OWASP CS: Session Expiration'],
    checks: ['revocation.delay'],
    set: (s, v) => { s.invalidation.maxDelayMs = parseDuration(v); },
    get: (s) => formatDuration(s.invalidation.maxDelayMs),
  },
  'invalidation.passwordChangeCurrent': {
    title: 'The session that changed the password',
    why: 'teams decide differently whether the device that changed the password stays logged in',
    refs: ['ASVS v5.0.0-7.4.3', 'OWASP CS: Renew the Session ID After Any Privilege Level Change'],
    checks: ['password-change.rotate-current'],
    set: (s, v) => { s.invalidation.passwordChangeCurrent = v; },
    get: (s) => s.invalidation.passwordChangeCurrent,
  },
  'cache.noStore': {
    title: 'Cache-Control: no-store',
    why: 'authenticated pages and the response that sets the session are never kept by browser or shared caches',
    refs: ['ASVS v4.0.3-8.2.1', 'ASVS v5.0.0-14.3.2', 'WSTG-ATHN-06'],
    checks: ['cache.no-store'],
    set: (s, v) => { s.cache.noStore = v; },
    get: (s) => s.cache.noStore,
  },
  'transport.hstsMaxAge': {
    title: 'HSTS max-age',
    why: 'browsers refuse plain http to the site for this long, so no first request leaks the cookie',
    refs: ['ASVS v4.0.3-14.4.5', 'ASVS v5.0.0-3.4.1', 'WSTG-SESS-09'],
    checks: ['transport.hsts'],
    set: (s, v) => { s.transport.hstsMaxAgeMs = durationOrNull(v); },
    get: (s) => durationText(s.transport.hstsMaxAgeMs),
  },
  'transport.hstsIncludeSubDomains': {
    title: 'HSTS includeSubDomains',
    why: 'a plain-http subdomain cannot be used to plant or read cookies scoped to the parent domain',
    refs: ['ASVS v5.0.0-3.4.1', 'WSTG-SESS-09'],
    checks: ['transport.hsts'],
    set: (s, v) => { s.transport.hstsIncludeSubDomains = v; },
    get: (s) => s.transport.hstsIncludeSubDomains,
  },
  'concurrency.maxSessions': {
    title: 'Concurrent sessions per user',
    why: 'caps how many live sessions one account holds, which bounds what a credential leak yields',
    refs: ['ASVS v5.0.0-7.1.2', 'WSTG-SESS-11', 'OWASP CS: Simultaneous Session Logons'],
    checks: ['concurrency.limit'],
    set: (s, v) => { s.concurrency.maxSessions = v; },
    get: (s) => s.concurrency.maxSessions,
  },
  'concurrency.onExceed': {
    title: 'At the session limit',
    why: 'reject the new login, or evict the oldest session so the user is never locked out',
    refs: ['OWASP CS: Simultaneous Session Logons'],
    checks: ['concurrency.limit'],
    set: (s, v) => { s.concurrency.onExceed = v; },
    get: (s) => s.concurrency.onExceed,
  },
  'rememberMe.maxAge': {
    title: 'Remember-me lifetime',
    why: 'a persistent login cookie logs in without a password for as long as it lives',
    refs: ['WSTG-ATHN-05', 'NIST SP 800-63B-4 §5.1'],
    checks: ['remember-me.revocation'],
    set: (s, v) => { s.rememberMe.maxAgeMs = durationOrNull(v); },
    get: (s) => durationText(s.rememberMe.maxAgeMs),
  },
  'jwt.algorithms': {
    title: 'JWT algorithms',
    why: 'only these signature algorithms are accepted; `none` never is',
    refs: ['ASVS v5.0.0-9.1.2', 'RFC 8725', 'OWASP JWT Cheat Sheet'],
    checks: ['jwt.alg', 'jwt.signature-verified'],
    set: (s, v) => { s.jwt.algorithms = v; },
    get: (s) => s.jwt.algorithms,
  },
  'jwt.maxLifetime': {
    title: 'JWT lifetime',
    why: 'a bearer token cannot be revoked cheaply, so it must expire soon',
    refs: ['ASVS v5.0.0-9.2.1', 'RFC 7519 §4.1.4'],
    checks: ['jwt.exp'],
    set: (s, v) => { s.jwt.maxLifetimeMs = durationOrNull(v); },
    get: (s) => durationText(s.jwt.maxLifetimeMs),
  },
  'jwt.leeway': {
    title: 'JWT clock leeway',
    why: 'how long after exp the target may still accept a token; an expired token is replayed only after it',
    refs: ['RFC 7519 §4.1.4', 'RFC 8725 §3.10'],
    checks: ['jwt.exp'],
    set: (s, v) => { s.jwt.leewayMs = parseDuration(v); },
    get: (s) => formatDuration(s.jwt.leewayMs),
  },
  'jwt.expiryWait': {
    title: 'Wait for JWT expiry',
    why: 'the longest a run may wait to see a token rejected after it expires',
    refs: ['ASVS v5.0.0-9.2.1'],
    checks: ['jwt.exp'],
    set: (s, v) => { s.jwt.expiryWaitMs = parseDuration(v); },
    get: (s) => formatDuration(s.jwt.expiryWaitMs),
  },
  'jwt.sensitiveClaims': {
    title: 'Claims a JWT must not carry',
    why: 'anyone holding the token can read its claims: no personal data or secrets belong there',
    refs: ['WSTG-SESS-10', 'NIST SP 800-63B-4 §5.1.1(7)', 'ASVS v5.0.0-14.3.3'],
    checks: ['jwt.sensitive-claims'],
    set: (s, v) => { s.jwt.sensitiveClaims = v; },
    get: (s) => s.jwt.sensitiveClaims,
  },
  'binding.signals': {
    title: 'Signals recorded with the session',
    why: 'client properties kept with the session, so anomalies (a new IP, another browser) can be noticed',
    refs: ['NIST SP 800-63B-4 §5.3', 'OWASP CS: Binding the Session ID to Other User Properties'],
    checks: ['binding.ua-change'],
    set: (s, v) => { s.binding.signals = v; },
    get: (s) => s.binding.signals,
  },
  'binding.rejectOnChange': {
    title: 'Signals whose change ends the session',
    why: 'a change of these is treated as theft; IP changes are normal on mobile networks, so few apps bind to IP',
    refs: ['OWASP CS: Binding the Session ID to Other User Properties'],
    checks: ['binding.ua-change', 'binding.cross-client-replay'],
    set: (s, v) => { s.binding.rejectOnChange = v; },
    get: (s) => s.binding.rejectOnChange,
  },
  'sso.idpLogoutEndsAppSession': {
    title: 'Logout at the identity provider ends the app session',
    why: 'a user who signs out at the provider (or whose account is disabled there) must not stay signed in to the apps',
    refs: ['ASVS v5.0.0-7.6.1', 'OpenID Connect Back-Channel Logout 1.0', 'OpenID Connect Front-Channel Logout 1.0'],
    checks: ['sso.idp-logout-ends-app-session'],
    set: (s, v) => { s.sso.idpLogoutEndsAppSession = v; },
    get: (s) => s.sso.idpLogoutEndsAppSession,
  },
  'sso.appLogoutEndsIdpSession': {
    title: 'The app’s logout ends the identity provider session',
    why: 'otherwise the next person at the computer signs in again without a password (RP-initiated logout)',
    refs: ['ASVS v5.0.0-7.6.1', 'OpenID Connect RP-Initiated Logout 1.0'],
    checks: ['sso.app-logout-ends-idp-session'],
    set: (s, v) => { s.sso.appLogoutEndsIdpSession = v; },
    get: (s) => s.sso.appLogoutEndsIdpSession,
  },
  'refresh.rotation': {
    title: 'Refresh-token rotation',
    why: 'every refresh hands out a new refresh token, so a stolen one is noticed the moment both parties use it',
    refs: ['ASVS v5.0.0-10.4.5', 'RFC 9700 §4.14.2'],
    checks: ['refresh.rotation'],
    set: (s, v) => { s.refresh.rotation = v; },
    get: (s) => s.refresh.rotation,
  },
  'refresh.reuse': {
    title: 'A used refresh token presented again',
    why: 'reuse means a copy exists: refusing it is the minimum, revoking the whole family locks the thief out too',
    refs: ['ASVS v5.0.0-10.4.5', 'RFC 9700 §4.14.2'],
    checks: ['refresh.reuse-detection'],
    set: (s, v) => { s.refresh.reuse = v; },
    get: (s) => s.refresh.reuse,
  },
  'refresh.maxLifetime': {
    title: 'Refresh-token lifetime',
    why: 'an absolute end to a login renewed by refresh tokens, however often they rotate',
    refs: ['ASVS v5.0.0-10.4.8', 'RFC 9700 §4.14.2'],
    checks: ['refresh.lifetime'],
    set: (s, v) => { s.refresh.maxLifetimeMs = durationOrNull(v); },
    get: (s) => durationText(s.refresh.maxLifetimeMs),
  },
  'refresh.accessMaxLifetime': {
    title: 'Access-token lifetime',
    why: 'an access token cannot be recalled once issued; a short life bounds what a stolen one yields',
    refs: ['ASVS v5.0.0-9.2.1', 'RFC 9700 §4.14'],
    checks: ['refresh.lifetime'],
    set: (s, v) => { s.refresh.accessMaxLifetimeMs = durationOrNull(v); },
    get: (s) => durationText(s.refresh.accessMaxLifetimeMs),
  },
};

/** What each session store means for the checks: which can pass at all, and what to watch for. */
export const STORE_TRADE_OFFS: Record<SessionStore, string> = {
  redis:
    'Redis: expiry by key TTL (exact, enforced on access); sliding = refresh the TTL per request; logout = DEL the key, so revocation checks can pass. Sessions vanish on eviction under memory pressure (use noeviction or volatile-ttl) and on restart without persistence; listing a user\'s sessions (sign-out-everywhere, limits) needs a per-user index.',
  postgres:
    'Postgres: durable across restarts and queryable — list, limit and revoke a user\'s sessions with one query, keep an audit trail. Expiry is only as good as the lookup (WHERE expires_at > now()); expired rows linger until a sweeper deletes them. One database read per request.',
  'signed-cookie':
    'Signed cookie: no server state, so nothing to look up — and nothing to revoke. Logout only asks the browser to drop the cookie; a copied cookie stays valid until its embedded expiry, so logout, password-change and sign-out-everywhere revocation fail by design unless the server keeps a denylist or a per-user not-before time. Idle timeouts need a re-issued cookie per request; size is capped at 4096 bytes.',
};
