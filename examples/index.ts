/**
 * The bundled example targets, for `sessionprobe demo` and the end-to-end tests.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODES } from './accounts/modes.js';
import type { TimeoutMode } from './timeouts/server.js';
import { CACHE_SECONDS, OIDC_REFRESH_LIFETIME_S, REFRESH_API_LIFETIME_S } from './timings.js';
import type { RunningServer, StartOptions } from './shared.js';

export interface Example {
  name: string;
  description: string;
  /** The example's source folder, holding sessionprobe.yaml and expected.json (tsc copies neither into dist). */
  dir: string;
  /** Its config logs in through a real browser: it needs Chromium. */
  browser?: boolean;
  /** It starts a redis-server of its own when no REDIS_URL is given: it needs one installed. */
  redis?: boolean;
  /**
   * Loads the example's server module and starts it: a module is loaded when its example starts, so
   * listing the examples (`demo --example NAME`, the tests that name or filter them) loads none of the
   * servers' dependencies (express, redis, oidc-provider).
   */
  start(opts?: StartOptions): Promise<RunningServer>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const sourceRoot = path.basename(path.dirname(here)) === 'dist' ? path.join(here, '..', '..', 'examples') : here;

export const EXAMPLES: Example[] = [
  {
    name: 'conformant',
    description: 'express-session done right: __Host- cookie, rotation on login, server-side logout with Clear-Site-Data, no-store',
    dir: path.join(sourceRoot, 'conformant'),
    start: async (opts) => (await import('./conformant/server.js')).startServer(opts),
  },
  {
    name: 'vulnerable',
    description: 'hand-rolled sessions with every defect: short fixable ID in the URL, bad cookie attributes, client-only logout',
    dir: path.join(sourceRoot, 'vulnerable'),
    start: async (opts) => (await import('./vulnerable/server.js')).startServer(opts),
  },
  {
    name: 'partial',
    description: 'express-session with defaults left alone: connect.sid, logout keeps the cookie, no-cache instead of no-store',
    dir: path.join(sourceRoot, 'partial'),
    start: async (opts) => (await import('./partial/server.js')).startServer(opts),
  },
  {
    name: 'hardened',
    description: 'the conformant site over real TLS (test CA): 256-bit IDs, HSTS, plain http only redirects',
    dir: path.join(sourceRoot, 'hardened'),
    start: async (opts) => (await import('./hardened/server.js')).startServer(opts),
  },
  {
    name: 'predictable',
    description: 'https, but IDs are clock-counter-16 bits, accepted from ?sid=, echoed and reflected, and served over plain http',
    dir: path.join(sourceRoot, 'predictable'),
    start: async (opts) => (await import('./predictable/server.js')).startServer(opts),
  },
  {
    name: 'jwt-weak',
    description: 'bearer JWT API: HS256 keyed "secret", unverified signatures, a day-long life, e-mail and hash in the claims, no revocation',
    dir: path.join(sourceRoot, 'jwt-weak'),
    start: async (opts) => (await import('./jwt-weak/server.js')).startServer(opts),
  },
  {
    name: 'jwt-strong',
    description: 'bearer JWT API: ES256 with a JWKS, 10-second tokens, jti denylist at logout',
    dir: path.join(sourceRoot, 'jwt-strong'),
    start: async (opts) => (await import('./jwt-strong/server.js')).startServer(opts),
  },
  {
    name: 'spa',
    description: 'single-page app whose login only works with JavaScript (challenge proof computed in the page); browser-side session handling done right',
    dir: path.join(sourceRoot, 'spa'),
    browser: true,
    start: async (opts) => (await import('./spa/server.js')).startServer(opts),
  },
  {
    name: 'spa-leaky',
    description: 'the same single-page app with the browser-side mistakes: readable cookie, JWT in localStorage, logout below the fold, cacheable signed-in page',
    dir: path.join(sourceRoot, 'spa-leaky'),
    browser: true,
    start: async (opts) => (await import('./spa-leaky/server.js')).startServer(opts),
  },
  {
    name: 'accounts-conformant',
    description: 'multi-device flows done right: password change ends other sessions, sudo renews the ID, 5 sessions at most (oldest evicted), remember-me revoked, sessions bound to the User-Agent',
    dir: path.join(sourceRoot, 'accounts', 'conformant'),
    start: async (opts) => (await import('./accounts/server.js')).startServer({ ...opts, behaviour: MODES.conformant }),
  },
  {
    name: 'accounts-vulnerable',
    description: 'multi-device flows wrong: password change keeps every session and needs no current password, sudo keeps the ID, no session limit, remember-me survives everything',
    dir: path.join(sourceRoot, 'accounts', 'vulnerable'),
    start: async (opts) => (await import('./accounts/server.js')).startServer({ ...opts, behaviour: MODES.vulnerable }),
  },
  {
    name: 'accounts-reject',
    description: 'a session limit that refuses the 6th login, a password change that ends every session, a login endpoint that answers 429 to bursts',
    dir: path.join(sourceRoot, 'accounts', 'reject'),
    start: async (opts) => (await import('./accounts/server.js')).startServer({ ...opts, behaviour: MODES.reject }),
  },
  {
    name: 'limited',
    description: 'one account, at most 2 sessions (oldest evicted), express-session with a sliding idle timeout of 3s and an absolute one of 10s',
    dir: path.join(sourceRoot, 'limited'),
    start: async (opts) => (await import('./limited/server.js')).startServer({ ...opts, maxSessions: 2, onExceed: 'evict-oldest' }),
  },
  {
    name: 'two-cookie',
    description: 'a session cookie plus an auth cookie that re-creates it; no revocation event (logout, password change, sign-out-everywhere, elevation) revokes the auth cookie, and logout re-sends the unchanged session ID; the config names only the session cookie',
    dir: path.join(sourceRoot, 'two-cookie'),
    start: async (opts) => (await import('./two-cookie/server.js')).startServer(opts),
  },
  {
    name: 'multi-instance-lagging',
    description: `two instances sharing a real Redis, each trusting its in-process session cache for ${CACHE_SECONDS}s: a logged-out session lives on on the other instance`,
    dir: path.join(sourceRoot, 'multi-instance', 'lagging'),
    redis: true,
    start: async (opts) => (await import('./multi-instance/server.js')).startServer({ ...opts, mode: 'lagging' }),
  },
  {
    name: 'multi-instance-fixed',
    description: 'the same two instances, whose caches drop a session as soon as logout announces it on Redis pub/sub',
    dir: path.join(sourceRoot, 'multi-instance', 'fixed'),
    redis: true,
    start: async (opts) => (await import('./multi-instance/server.js')).startServer({ ...opts, mode: 'fixed' }),
  },
  {
    name: 'mfa-right',
    description: 'password + TOTP form login done right: the half-logged-in session opens nothing, each step issues a new session ID',
    dir: path.join(sourceRoot, 'mfa', 'right'),
    start: async (opts) => (await import('./mfa/server.js')).startServer({ ...opts, mode: 'right' }),
  },
  {
    name: 'mfa-wrong',
    description: 'password + TOTP form login done wrong: signed in as soon as the password is right, one session ID throughout',
    dir: path.join(sourceRoot, 'mfa', 'wrong'),
    start: async (opts) => (await import('./mfa/server.js')).startServer({ ...opts, mode: 'wrong' }),
  },
  {
    name: 'sso-right',
    description: 'an openid-client app signing in through oidc-provider (password + TOTP): new ID at the callback, back-channel and RP-initiated logout',
    dir: path.join(sourceRoot, 'sso', 'right'),
    browser: true,
    start: async (opts) => (await import('./sso/server.js')).startServer({ ...opts, mode: 'right', totp: true }),
  },
  {
    name: 'sso-wrong',
    description: 'the same app done wrong: keeps the pre-login session ID, ignores the provider’s logout, never logs out at the provider',
    dir: path.join(sourceRoot, 'sso', 'wrong'),
    browser: true,
    start: async (opts) => (await import('./sso/server.js')).startServer({ ...opts, mode: 'wrong', totp: true }),
  },
  {
    name: 'refresh-api-leaky',
    description: `a JSON API that rotates refresh tokens but accepts a used one again, keeps them alive after logout and password change, and gives each rotation a full new lifetime`,
    dir: path.join(sourceRoot, 'refresh-api', 'leaky'),
    start: async (opts) => (await import('./refresh-api/server.js')).startServer({ ...opts, mode: 'leaky' }),
  },
  {
    name: 'refresh-api-static',
    description: 'the same API with a refresh token that never rotates: each refresh hands back the token it was given',
    dir: path.join(sourceRoot, 'refresh-api', 'static'),
    start: async (opts) => (await import('./refresh-api/server.js')).startServer({ ...opts, mode: 'static' }),
  },
  {
    name: 'refresh-api-strict',
    description: `the same API done right: a reused refresh token revokes its family and its access tokens, logout and password change revoke, every family ends ${REFRESH_API_LIFETIME_S}s after its login`,
    dir: path.join(sourceRoot, 'refresh-api', 'strict'),
    start: async (opts) => (await import('./refresh-api/server.js')).startServer({ ...opts, mode: 'strict' }),
  },
  {
    name: 'refresh-oidc',
    description: `an oidc-provider authorization server that rotates refresh tokens, revokes the grant when a used one comes back and at logout, and ends every family ${OIDC_REFRESH_LIFETIME_S}s after its login; no password change`,
    dir: path.join(sourceRoot, 'refresh-oidc'),
    start: async (opts) => (await import('./refresh-oidc/server.js')).startServer(opts),
  },
  ...timeoutExamples({
    enforcing: 'idle 3s (reset by every request) and absolute 6s, both enforced on the server',
    none: 'sessions never expire on the server; only the cookie’s Max-Age=6 makes the browser forget them',
    'absolute-only': 'no idle timeout; the 6s absolute one is read from an unsigned expiry time in the cookie value',
    'fixed-idle': 'an idle timeout that activity does not reset: every session ends 8s after login',
    renewing: 'enforcing, and an active session gets a new ID every 2s; the previous one dies 1s later',
    'renewing-leaky': 'renews the ID every 2s, but every previous ID keeps working as long as the session',
  }),
];

/** One server, six modes: each is its own example with its own config and expected verdicts. */
function timeoutExamples(modes: Record<TimeoutMode, string>): Example[] {
  return (Object.entries(modes) as Array<[TimeoutMode, string]>).map(([mode, description]) => ({
    name: `timeouts-${mode}`,
    description,
    dir: path.join(sourceRoot, 'timeouts', mode),
    start: async (opts?: StartOptions) => (await import('./timeouts/server.js')).startServer({ ...opts, mode }),
  }));
}
