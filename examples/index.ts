/**
 * The bundled example targets, for `sessionprobe demo` and the end-to-end tests.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer as startConformant } from './conformant/server.js';
import { startServer as startVulnerable } from './vulnerable/server.js';
import { startServer as startPartial } from './partial/server.js';
import { startServer as startHardened } from './hardened/server.js';
import { startServer as startPredictable } from './predictable/server.js';
import { startServer as startJwtWeak } from './jwt-weak/server.js';
import { startServer as startJwtStrong } from './jwt-strong/server.js';
import { startServer as startTimeouts, type TimeoutMode } from './timeouts/server.js';
import { startServer as startSpa } from './spa/server.js';
import { startServer as startSpaLeaky } from './spa-leaky/server.js';
import { startServer as startAccounts } from './accounts/server.js';
import { startServer as startTwoCookie } from './two-cookie/server.js';
import { startServer as startMultiInstance, CACHE_SECONDS } from './multi-instance/server.js';
import { MODES } from './accounts/modes.js';
import { startServer as startLimited } from './limited/server.js';
import { startServer as startMfa } from './mfa/server.js';
import { startServer as startSso } from './sso/server.js';
import { startServer as startRefreshApi, REFRESH_LIFETIME_S } from './refresh-api/server.js';
import { startServer as startRefreshOidc, REFRESH_LIFETIME_S as OIDC_REFRESH_LIFETIME_S } from './refresh-oidc/server.js';
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
  start(opts?: StartOptions): Promise<RunningServer>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const sourceRoot = path.basename(path.dirname(here)) === 'dist' ? path.join(here, '..', '..', 'examples') : here;

export const EXAMPLES: Example[] = [
  {
    name: 'conformant',
    description: 'express-session done right: __Host- cookie, rotation on login, server-side logout with Clear-Site-Data, no-store',
    dir: path.join(sourceRoot, 'conformant'),
    start: startConformant,
  },
  {
    name: 'vulnerable',
    description: 'hand-rolled sessions with every defect: short fixable ID in the URL, bad cookie attributes, client-only logout',
    dir: path.join(sourceRoot, 'vulnerable'),
    start: startVulnerable,
  },
  {
    name: 'partial',
    description: 'express-session with defaults left alone: connect.sid, logout keeps the cookie, no-cache instead of no-store',
    dir: path.join(sourceRoot, 'partial'),
    start: startPartial,
  },
  {
    name: 'hardened',
    description: 'the conformant site over real TLS (test CA): 256-bit IDs, HSTS, plain http only redirects',
    dir: path.join(sourceRoot, 'hardened'),
    start: startHardened,
  },
  {
    name: 'predictable',
    description: 'https, but IDs are clock-counter-16 bits, accepted from ?sid=, echoed and reflected, and served over plain http',
    dir: path.join(sourceRoot, 'predictable'),
    start: startPredictable,
  },
  {
    name: 'jwt-weak',
    description: 'bearer JWT API: HS256 keyed "secret", unverified signatures, a day-long life, e-mail and hash in the claims, no revocation',
    dir: path.join(sourceRoot, 'jwt-weak'),
    start: startJwtWeak,
  },
  {
    name: 'jwt-strong',
    description: 'bearer JWT API: ES256 with a JWKS, 10-second tokens, jti denylist at logout',
    dir: path.join(sourceRoot, 'jwt-strong'),
    start: startJwtStrong,
  },
  {
    name: 'spa',
    description: 'single-page app whose login only works with JavaScript (challenge proof computed in the page); browser-side session handling done right',
    dir: path.join(sourceRoot, 'spa'),
    browser: true,
    start: startSpa,
  },
  {
    name: 'spa-leaky',
    description: 'the same single-page app with the browser-side mistakes: readable cookie, JWT in localStorage, logout below the fold, cacheable signed-in page',
    dir: path.join(sourceRoot, 'spa-leaky'),
    browser: true,
    start: startSpaLeaky,
  },
  {
    name: 'accounts-conformant',
    description: 'multi-device flows done right: password change ends other sessions, sudo renews the ID, 5 sessions at most (oldest evicted), remember-me revoked, sessions bound to the User-Agent',
    dir: path.join(sourceRoot, 'accounts', 'conformant'),
    start: (opts) => startAccounts({ ...opts, behaviour: MODES.conformant }),
  },
  {
    name: 'accounts-vulnerable',
    description: 'multi-device flows wrong: password change keeps every session and needs no current password, sudo keeps the ID, no session limit, remember-me survives everything',
    dir: path.join(sourceRoot, 'accounts', 'vulnerable'),
    start: (opts) => startAccounts({ ...opts, behaviour: MODES.vulnerable }),
  },
  {
    name: 'accounts-reject',
    description: 'a session limit that refuses the 6th login, a password change that ends every session, a login endpoint that answers 429 to bursts',
    dir: path.join(sourceRoot, 'accounts', 'reject'),
    start: (opts) => startAccounts({ ...opts, behaviour: MODES.reject }),
  },
  {
    name: 'limited',
    description: 'one account, at most 2 sessions (oldest evicted), express-session with a sliding idle timeout of 3s and an absolute one of 10s',
    dir: path.join(sourceRoot, 'limited'),
    start: (opts) => startLimited({ ...opts, maxSessions: 2, onExceed: 'evict-oldest' }),
  },
  {
    name: 'two-cookie',
    description: 'a session cookie plus an auth cookie that re-creates it; no revocation event (logout, password change, sign-out-everywhere, elevation) revokes the auth cookie, and logout re-sends the unchanged session ID; the config names only the session cookie',
    dir: path.join(sourceRoot, 'two-cookie'),
    start: startTwoCookie,
  },
  {
    name: 'multi-instance-lagging',
    description: `two instances sharing a real Redis, each trusting its in-process session cache for ${CACHE_SECONDS}s: a logged-out session lives on on the other instance`,
    dir: path.join(sourceRoot, 'multi-instance', 'lagging'),
    redis: true,
    start: (opts) => startMultiInstance({ ...opts, mode: 'lagging' }),
  },
  {
    name: 'multi-instance-fixed',
    description: 'the same two instances, whose caches drop a session as soon as logout announces it on Redis pub/sub',
    dir: path.join(sourceRoot, 'multi-instance', 'fixed'),
    redis: true,
    start: (opts) => startMultiInstance({ ...opts, mode: 'fixed' }),
  },
  {
    name: 'mfa-right',
    description: 'password + TOTP form login done right: the half-logged-in session opens nothing, each step issues a new session ID',
    dir: path.join(sourceRoot, 'mfa', 'right'),
    start: (opts) => startMfa({ ...opts, mode: 'right' }),
  },
  {
    name: 'mfa-wrong',
    description: 'password + TOTP form login done wrong: signed in as soon as the password is right, one session ID throughout',
    dir: path.join(sourceRoot, 'mfa', 'wrong'),
    start: (opts) => startMfa({ ...opts, mode: 'wrong' }),
  },
  {
    name: 'sso-right',
    description: 'an openid-client app signing in through oidc-provider (password + TOTP): new ID at the callback, back-channel and RP-initiated logout',
    dir: path.join(sourceRoot, 'sso', 'right'),
    browser: true,
    start: (opts) => startSso({ ...opts, mode: 'right', totp: true }),
  },
  {
    name: 'sso-wrong',
    description: 'the same app done wrong: keeps the pre-login session ID, ignores the provider’s logout, never logs out at the provider',
    dir: path.join(sourceRoot, 'sso', 'wrong'),
    browser: true,
    start: (opts) => startSso({ ...opts, mode: 'wrong', totp: true }),
  },
  {
    name: 'refresh-api-leaky',
    description: `a JSON API that rotates refresh tokens but accepts a used one again, keeps them alive after logout and password change, and gives each rotation a full new lifetime`,
    dir: path.join(sourceRoot, 'refresh-api', 'leaky'),
    start: (opts) => startRefreshApi({ ...opts, mode: 'leaky' }),
  },
  {
    name: 'refresh-api-static',
    description: 'the same API with a refresh token that never rotates: each refresh hands back the token it was given',
    dir: path.join(sourceRoot, 'refresh-api', 'static'),
    start: (opts) => startRefreshApi({ ...opts, mode: 'static' }),
  },
  {
    name: 'refresh-api-strict',
    description: `the same API done right: a reused refresh token revokes its family and its access tokens, logout and password change revoke, every family ends ${REFRESH_LIFETIME_S}s after its login`,
    dir: path.join(sourceRoot, 'refresh-api', 'strict'),
    start: (opts) => startRefreshApi({ ...opts, mode: 'strict' }),
  },
  {
    name: 'refresh-oidc',
    description: `an oidc-provider authorization server that rotates refresh tokens, revokes the grant when a used one comes back and at logout, and ends every family ${OIDC_REFRESH_LIFETIME_S}s after its login; no password change`,
    dir: path.join(sourceRoot, 'refresh-oidc'),
    start: startRefreshOidc,
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
    start: (opts?: StartOptions) => startTimeouts({ ...opts, mode }),
  }));
}
