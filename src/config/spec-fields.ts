/**
 * What each spec setting means, in one place: what it is, why it matters (one line, for `init` prompts
 * and the design-review document), the standards that speak to it, and which checks verify it (so a
 * preset's SHOULD-level setting can lower exactly those checks' severity).
 */
import type { SpecField } from './raw-spec.js';
import type { SessionStore } from './types.js';

export interface SpecFieldInfo {
  /** What the setting is, as a heading. */
  title: string;
  /** Why it matters, in one line. */
  why: string;
  /** The standards that speak to it, in the notation of check refs. */
  refs: string[];
  /** Ids of the checks (CHECKS.md) that verify it. */
  checks: string[];
}

/** In the order `init` asks and documents them. The compiler insists every field of the file has an entry. */
export const SPEC_FIELDS: Record<SpecField, SpecFieldInfo> = {
  store: {
    title: 'Session store',
    why: 'where session state lives decides whether the server can revoke a session at all',
    refs: ['OWASP CS: Session Expiration', 'ASVS v5.0.0-7.4.1'],
    checks: [],
  },
  'cookie.httpOnly': {
    title: 'HttpOnly',
    why: 'scripts cannot read the cookie, so an XSS bug cannot steal the session',
    refs: ['ASVS v4.0.3-3.4.2', 'ASVS v5.0.0-3.3.4', 'NIST SP 800-63B-4 §5.1.1(3)', 'OWASP CS: Cookies (HttpOnly)'],
    checks: ['cookie.httponly'],
  },
  'cookie.secure': {
    title: 'Secure',
    why: 'the cookie never travels over plain HTTP, where anyone on the network could read it',
    refs: ['ASVS v4.0.3-3.4.1', 'ASVS v5.0.0-3.3.1', 'NIST SP 800-63B-4 §5.1.1(1)', 'RFC 6265bis §4.1.2.5'],
    checks: ['cookie.secure'],
  },
  'cookie.sameSite': {
    title: 'SameSite',
    why: 'other sites cannot make the browser send the cookie (CSRF); set it explicitly, browser defaults differ',
    refs: ['ASVS v4.0.3-3.4.3', 'ASVS v5.0.0-3.3.2', 'NIST SP 800-63B-4 §5.1.1(6)', 'RFC 6265bis §4.1.2.7'],
    checks: ['cookie.samesite'],
  },
  'cookie.path': {
    title: 'Path',
    why: 'the cookie is sent to the whole application and nowhere the spec does not expect',
    refs: ['ASVS v4.0.3-3.4.5', 'NIST SP 800-63B-4 §5.1.1(2)', 'RFC 6265bis §4.1.2.4'],
    checks: ['cookie.path'],
  },
  'cookie.hostOnly': {
    title: 'Host-only (no Domain)',
    why: 'without Domain the cookie stays on this host; with it every subdomain receives the session',
    refs: ['ASVS v5.0.0-3.3.3', 'NIST SP 800-63B-4 §5.1.1(2)', 'RFC 6265bis §4.1.2.3', 'WSTG-SESS-09'],
    checks: ['cookie.host-only'],
  },
  'cookie.domains': {
    title: 'Allowed Domain values',
    why: 'when the cookie must be shared with subdomains, exactly which domain may carry it',
    refs: ['RFC 6265bis §4.1.2.3', 'OWASP CS: Domain and Path Attributes'],
    checks: ['cookie.host-only'],
  },
  'cookie.prefix': {
    title: 'Name prefix',
    why: 'browsers enforce the prefix: __Host- pins the cookie to this host over HTTPS, so subdomains cannot overwrite it',
    refs: ['ASVS v4.0.3-3.4.4', 'ASVS v5.0.0-3.3.1', 'ASVS v5.0.0-3.3.3', 'NIST SP 800-63B-4 §5.1.1(5)', 'RFC 6265bis §4.1.3'],
    checks: ['cookie.prefix-host', 'cookie.prefix-secure'],
  },
  'cookie.maxAge': {
    title: 'Cookie lifetime (Max-Age/Expires)',
    why: 'a persistent cookie outlives the browser session; it must never outlive the session on the server',
    refs: ['NIST SP 800-63B-4 §5.1', 'RFC 6265bis §4.1.2.2', 'OWASP CS: Expire and Max-Age Attributes'],
    checks: ['cookie.max-age'],
  },
  'token.minEntropyBits': {
    title: 'Session ID entropy',
    why: 'enough random bits that guessing a live session ID is infeasible',
    refs: ['ASVS v4.0.3-3.2.2', 'ASVS v5.0.0-7.2.3', 'NIST SP 800-63B-4 §5.1(2)', 'OWASP CS: Session ID Entropy'],
    checks: ['token.length', 'token.entropy'],
  },
  'token.samples': {
    title: 'Entropy samples',
    why: 'how many fresh IDs the entropy estimate collects (below 100 it is inconclusive)',
    refs: ['OWASP CS: Session ID Entropy'],
    checks: ['token.entropy'],
  },
  'token.sessionStorage': {
    title: 'Session token in sessionStorage',
    why: 'any script on the page can read web storage; localStorage is never allowed, sessionStorage only when this says so',
    refs: ['ASVS v4.0.3-3.2.3', 'ASVS v5.0.0-14.3.3', 'NIST SP 800-63B-4 §5.1', 'OWASP CS: HTML5 Web Storage API'],
    checks: ['token.web-storage'],
  },
  'timeouts.idle': {
    title: 'Idle timeout',
    why: 'an unattended session ends by itself; shorter for higher-value applications',
    refs: ['ASVS v4.0.3-3.3.2', 'ASVS v5.0.0-7.3.1', 'NIST SP 800-63B-4 §2.2.3, §2.3.3', 'OWASP CS: Idle Timeout'],
    checks: ['timeout.idle'],
  },
  'timeouts.absolute': {
    title: 'Absolute timeout',
    why: 'even an active session ends and re-authenticates, which limits a stolen session\'s life',
    refs: ['ASVS v4.0.3-3.3.2', 'ASVS v5.0.0-7.3.2', 'NIST SP 800-63B-4 §2.1.3–§2.3.3', 'OWASP CS: Absolute Timeout'],
    checks: ['timeout.absolute'],
  },
  'timeouts.sliding': {
    title: 'Sliding expiry',
    why: 'activity resets the idle timer, so working users are not logged out mid-task',
    refs: ['NIST SP 800-63B-4 §5.2', 'OWASP CS: Idle Timeout'],
    checks: ['timeout.sliding'],
  },
  'timeouts.renewal': {
    title: 'Session-ID renewal (opt-in)',
    why: 'a long-lived session changes its ID now and then, so a stolen ID stops working soon after the next renewal',
    refs: ['OWASP CS: Renewal Timeout'],
    checks: ['timeout.renewal'],
  },
  'timeouts.grace': {
    title: 'Grace when probing deadlines',
    why: 'tolerance for sweep intervals and latency, so a deadline is probed just after it, not at it',
    refs: [],
    checks: ['timeout.idle', 'timeout.absolute', 'timeout.sliding', 'timeout.renewal'],
  },
  'invalidation.logout': {
    title: 'Logout revokes server-side',
    why: 'a copied session cookie is dead after logout, not merely deleted from one browser',
    refs: ['ASVS v4.0.3-3.3.1', 'ASVS v5.0.0-7.4.1', 'NIST SP 800-63B-4 §5.2', 'WSTG-SESS-06'],
    checks: ['logout.server-revocation', 'logout.cookie-cleared'],
  },
  'invalidation.rotateOnLogin': {
    title: 'New session ID at login',
    why: 'an ID planted before login (session fixation) is worthless after it',
    refs: ['ASVS v4.0.3-3.2.1', 'ASVS v5.0.0-7.2.4', 'NIST SP 800-63B-4 §5.1', 'WSTG-SESS-03'],
    checks: ['fixation.rotate-on-login', 'fixation.reject-unknown-id'],
  },
  'invalidation.passwordChange': {
    title: 'Password change',
    why: 'whoever knew the old password loses their sessions when it changes',
    refs: ['ASVS v4.0.3-3.3.3', 'ASVS v5.0.0-7.4.3', 'WSTG-ATHN-09'],
    checks: ['password-change.revoke-others', 'password-change.rotate-current'],
  },
  'invalidation.privilegeChange': {
    title: 'Privilege change',
    why: 'a session ID seen before an elevation does not carry the elevated rights',
    refs: ['ASVS v5.0.0-7.2.4', 'ASVS v4.0.3-3.7.1', 'OWASP CS: Renew the Session ID After Any Privilege Level Change'],
    checks: ['privilege-change.rotate'],
  },
  'invalidation.clearSiteData': {
    title: 'Clear-Site-Data on logout',
    why: 'the browser also drops cached pages and storage of the logged-out user',
    refs: ['ASVS v5.0.0-14.3.1', 'OWASP CS: Web Content Caching and Clear-Site-Data'],
    checks: ['logout.clear-site-data'],
  },
  'invalidation.signOutEverywhere': {
    title: 'Sign out everywhere',
    why: 'a user who lost a device can end every other session themselves',
    refs: ['ASVS v4.0.3-3.3.4', 'ASVS v5.0.0-7.5.2', 'OWASP CS: Simultaneous Session Logons'],
    checks: ['concurrency.signout-everywhere'],
  },
  'cache.noStore': {
    title: 'Cache-Control: no-store',
    why: 'authenticated pages and the response that sets the session are never kept by browser or shared caches',
    refs: ['ASVS v4.0.3-8.2.1', 'ASVS v5.0.0-14.3.2', 'WSTG-ATHN-06'],
    checks: ['cache.no-store'],
  },
  'transport.hstsMaxAge': {
    title: 'HSTS max-age',
    why: 'browsers refuse plain http to the site for this long, so no first request leaks the cookie',
    refs: ['ASVS v4.0.3-14.4.5', 'ASVS v5.0.0-3.4.1', 'WSTG-SESS-09'],
    checks: ['transport.hsts'],
  },
  'transport.hstsIncludeSubDomains': {
    title: 'HSTS includeSubDomains',
    why: 'a plain-http subdomain cannot be used to plant or read cookies scoped to the parent domain',
    refs: ['ASVS v5.0.0-3.4.1', 'WSTG-SESS-09'],
    checks: ['transport.hsts'],
  },
  'concurrency.maxSessions': {
    title: 'Concurrent sessions per user',
    why: 'caps how many live sessions one account holds, which bounds what a credential leak yields',
    refs: ['ASVS v5.0.0-7.1.2', 'WSTG-SESS-11', 'OWASP CS: Simultaneous Session Logons'],
    checks: ['concurrency.limit'],
  },
  'concurrency.onExceed': {
    title: 'At the session limit',
    why: 'reject the new login, or evict the oldest session so the user is never locked out',
    refs: ['OWASP CS: Simultaneous Session Logons'],
    checks: ['concurrency.limit'],
  },
  'rememberMe.maxAge': {
    title: 'Remember-me lifetime',
    why: 'a persistent login cookie logs in without a password for as long as it lives',
    refs: ['WSTG-ATHN-05', 'NIST SP 800-63B-4 §5.1'],
    checks: ['remember-me.revocation'],
  },
  'jwt.algorithms': {
    title: 'JWT algorithms',
    why: 'only these signature algorithms are accepted; `none` never is',
    refs: ['ASVS v5.0.0-9.1.2', 'RFC 8725', 'OWASP JWT Cheat Sheet'],
    checks: ['jwt.alg', 'jwt.signature-verified'],
  },
  'jwt.maxLifetime': {
    title: 'JWT lifetime',
    why: 'a bearer token cannot be revoked cheaply, so it must expire soon',
    refs: ['ASVS v5.0.0-9.2.1', 'RFC 7519 §4.1.4'],
    checks: ['jwt.exp'],
  },
  'jwt.leeway': {
    title: 'JWT clock leeway',
    why: 'how long after exp the target may still accept a token; an expired token is replayed only after it',
    refs: ['RFC 7519 §4.1.4', 'RFC 8725 §3.10'],
    checks: ['jwt.exp'],
  },
  'jwt.expiryWait': {
    title: 'Wait for JWT expiry',
    why: 'the longest a run may wait to see a token rejected after it expires',
    refs: ['ASVS v5.0.0-9.2.1'],
    checks: ['jwt.exp'],
  },
  'jwt.sensitiveClaims': {
    title: 'Claims a JWT must not carry',
    why: 'anyone holding the token can read its claims: no personal data or secrets belong there',
    refs: ['WSTG-SESS-10', 'NIST SP 800-63B-4 §5.1.1(7)', 'ASVS v5.0.0-14.3.3'],
    checks: ['jwt.sensitive-claims'],
  },
  'binding.signals': {
    title: 'Signals recorded with the session',
    why: 'client properties kept with the session, so anomalies (a new IP, another browser) can be noticed',
    refs: ['NIST SP 800-63B-4 §5.3', 'OWASP CS: Binding the Session ID to Other User Properties'],
    checks: ['binding.ua-change'],
  },
  'binding.rejectOnChange': {
    title: 'Signals whose change ends the session',
    why: 'a change of these is treated as theft; IP changes are normal on mobile networks, so few apps bind to IP',
    refs: ['OWASP CS: Binding the Session ID to Other User Properties'],
    checks: ['binding.ua-change', 'binding.cross-client-replay'],
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
