/**
 * An account site with everything the multi-device suites exercise: password change, sudo-style
 * privilege elevation, "sign out everywhere", remember-me, a concurrent-session limit, User-Agent
 * binding and login throttling. Each of them can be done right or wrong (`Behaviour`), so one server
 * backs several example targets (examples/index.ts). Sessions and passwords live in memory.
 */
import express, { type Request, type Response } from 'express';
import { randomBytes } from 'node:crypto';
import { escapeHtml, listen, noStore, page, safeEqual, type RunningServer, type StartOptions } from '../shared.js';

export interface Behaviour {
  /** What a password change does to the account's sessions. */
  passwordChange: 'revoke-others' | 'revoke-all' | 'keep';
  /** The changing session gets a new ID (with revoke-others). */
  rotateOnPasswordChange: boolean;
  requireCurrentPassword: boolean;
  /** A password change is refused this soon after the previous one (a password-age rule). */
  minPasswordAgeMs: number;
  rotateOnElevation: boolean;
  concurrency: { max: number; onExceed: 'reject' | 'evict-oldest' } | null;
  /** "Sign out everywhere" really ends the other sessions (else it only says so). */
  signOutEverywhere: boolean;
  /** Logout and password change revoke remember-me tokens, and a token is single-use. */
  revokeRememberMe: boolean;
  /** A session seen with another User-Agent than the one it was created with is ended. */
  bindUserAgent: boolean;
  /** Logins beyond `max` per window get 429 with Retry-After. */
  loginRateLimit: { max: number; windowMs: number } | null;
}

export const CONFORMANT: Behaviour = {
  passwordChange: 'revoke-others',
  rotateOnPasswordChange: true,
  requireCurrentPassword: true,
  minPasswordAgeMs: 0,
  rotateOnElevation: true,
  concurrency: { max: 5, onExceed: 'evict-oldest' },
  signOutEverywhere: true,
  revokeRememberMe: true,
  bindUserAgent: true,
  loginRateLimit: null,
};

export interface AccountsOptions extends StartOptions {
  behaviour?: Partial<Behaviour>;
  /** Called when a password change has been applied, before the response is sent (tests kill the client here). */
  onPasswordChange?: () => Promise<void> | void;
  /** Called when "sign out everywhere" has been applied, before the response is sent (tests restart the server here). */
  onSignOutEverywhere?: () => Promise<void> | void;
}

export interface AccountsServer extends RunningServer {
  /** Whether `password` is alice's password right now. */
  hasPassword(username: string, password: string): boolean;
  /** What a restart does to an in-memory store: every session and remember-me token is forgotten (passwords stay). */
  restart(): void;
  /** Changes how it behaves from now on (a test lifting a refusal it set up, whatever the clock says). */
  behave(changes: Partial<Behaviour>): void;
}

export const USERNAME = 'alice';
export const ORIGINAL_PASSWORD = 'correct-horse-battery-staple';
/** A second account, for configs that list it in target.accounts (a control no event of alice's may end). */
export const SECOND_USER = { username: 'bob', password: 'velvet-orbit-lantern-quarry' };

const COOKIE = '__Host-sid';
const AFFINITY = 'lb';
const REMEMBER = 'remember';
const COOKIE_ATTRIBUTES = 'Path=/; HttpOnly; Secure; SameSite=Lax';
const REMEMBER_DAYS = 30;

interface Session {
  user: string;
  createdAt: number;
  userAgent: string;
  csrf: string;
  elevated: boolean;
}

interface User {
  password: string;
  changedAt: number;
}

function token(): string {
  return randomBytes(32).toString('base64url');
}

function cookie(req: Request, name: string): string | undefined {
  for (const pair of (req.headers.cookie ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim();
  }
  return undefined;
}

export async function startServer(opts: AccountsOptions = {}): Promise<AccountsServer> {
  const b: Behaviour = { ...CONFORMANT, ...opts.behaviour };
  const users = new Map<string, User>([
    [USERNAME, { password: ORIGINAL_PASSWORD, changedAt: -Infinity }],
    [SECOND_USER.username, { password: SECOND_USER.password, changedAt: -Infinity }],
  ]);
  const sessions = new Map<string, Session>();
  const rememberTokens = new Map<string, string>();
  const logins: number[] = [];

  const userSessions = (user: string) => [...sessions].filter(([, s]) => s.user === user);

  function current(req: Request): { id: string; session: Session } | undefined {
    const id = cookie(req, COOKIE);
    const session = id === undefined ? undefined : sessions.get(id);
    if (!id || !session) return undefined;
    if (b.bindUserAgent && session.userAgent !== (req.headers['user-agent'] ?? '')) {
      // Someone else presents this session: end it for everyone.
      sessions.delete(id);
      return undefined;
    }
    return { id, session };
  }

  /** Opens a session and returns its ID, or undefined when the account is at its limit and the policy is to reject. */
  function openSession(req: Request, res: Response, user: string): string | undefined {
    const live = userSessions(user).sort((x, y) => x[1].createdAt - y[1].createdAt);
    if (b.concurrency && live.length >= b.concurrency.max) {
      if (b.concurrency.onExceed === 'reject') return undefined;
      for (const [id] of live.slice(0, live.length - b.concurrency.max + 1)) sessions.delete(id);
    }
    return issue(res, { user, createdAt: performance.now(), userAgent: req.headers['user-agent'] ?? '', csrf: token(), elevated: false });
  }

  function issue(res: Response, session: Session): string {
    const id = token();
    sessions.set(id, session);
    res.append('Set-Cookie', `${COOKIE}=${id}; ${COOKIE_ATTRIBUTES}`);
    return id;
  }

  function remember(res: Response, user: string): void {
    const value = token();
    rememberTokens.set(value, user);
    res.append('Set-Cookie', `${REMEMBER}=${value}; ${COOKIE_ATTRIBUTES}; Max-Age=${REMEMBER_DAYS * 86_400}`);
  }

  function forgetRememberMe(req: Request, res: Response): void {
    const value = cookie(req, REMEMBER);
    if (b.revokeRememberMe && value) rememberTokens.delete(value);
    res.append('Set-Cookie', `${REMEMBER}=; ${COOKIE_ATTRIBUTES}; Max-Age=0`);
  }

  const loginPage = (message = '', status = 200) => (res: Response) =>
    res
      .status(status)
      .send(
        page(
          'Sign in',
          `${message && `<p class="message">${escapeHtml(message)}</p>`}<form method="post" action="/login" class="login">` +
            '<label>Username <input name="username"></label><label>Password <input type="password" name="password"></label>' +
            '<label><input type="checkbox" name="remember" value="on"> Keep me signed in</label><button type="submit">Sign in</button></form>',
        ),
      );

  function requireSession(req: Request, res: Response): { id: string; session: Session } | undefined {
    const found = current(req);
    if (!found) res.redirect('/login');
    return found;
  }

  function validCsrf(req: Request, session: Session): boolean {
    const sent = (req.body as { _csrf?: unknown } | undefined)?._csrf;
    return typeof sent === 'string' && safeEqual(sent, session.csrf);
  }

  const app = express();
  app.disable('x-powered-by');
  app.use(express.urlencoded({ extended: false }));
  app.use(noStore);
  // A load balancer's affinity cookie, as deployments add one: in every jar, never part of the session, so
  // the whole-jar replays after each revocation event (CHECKS.md rule 24) carry a cookie besides the session's.
  app.use((req, res, next) => {
    if (cookie(req, AFFINITY) === undefined) res.append('Set-Cookie', `${AFFINITY}=node-1; ${COOKIE_ATTRIBUTES}`);
    next();
  });

  app.get('/', (_req, res) => res.redirect('/account'));
  app.get('/login', (_req, res) => loginPage()(res));

  app.post('/login', (req, res) => {
    if (b.loginRateLimit) {
      const now = performance.now();
      while (logins.length > 0 && now - logins[0]! > b.loginRateLimit.windowMs) logins.shift();
      if (logins.length >= b.loginRateLimit.max) {
        res.set('Retry-After', String(Math.ceil(b.loginRateLimit.windowMs / 1000)));
        loginPage('Too many login attempts. Please try again later.', 429)(res);
        return;
      }
      logins.push(now);
    }
    const { username, password, remember: wantsRemember } = req.body as Record<string, unknown>;
    const user = typeof username === 'string' ? users.get(username) : undefined;
    if (!user || typeof password !== 'string' || !safeEqual(password, user.password)) {
      loginPage('Wrong username or password.', 401)(res);
      return;
    }
    if (openSession(req, res, username as string) === undefined) {
      loginPage('You are signed in on too many devices. Sign out on one of them first.', 409)(res);
      return;
    }
    if (wantsRemember === 'on') remember(res, username as string);
    res.redirect(303, '/account');
  });

  app.get('/account', (req, res) => {
    let found = current(req);
    const remembered = cookie(req, REMEMBER);
    const rememberedUser = remembered === undefined ? undefined : rememberTokens.get(remembered);
    if (!found && rememberedUser) {
      // A persistent login: a new session from the remember-me cookie, which is single-use when done right.
      const id = openSession(req, res, rememberedUser);
      if (id === undefined) return loginPage('You are signed in on too many devices.', 409)(res);
      if (b.revokeRememberMe) {
        rememberTokens.delete(remembered!);
        remember(res, rememberedUser);
      }
      found = { id, session: sessions.get(id)! };
    }
    if (!found) return res.redirect('/login');
    const { session } = found;
    const csrf = `<input type="hidden" name="_csrf" value="${escapeHtml(session.csrf)}">`;
    res.send(
      page(
        'Account',
        `<p>Signed in as ${escapeHtml(session.user)}${session.elevated ? ' (administrator mode)' : ''}</p>` +
          `<form id="signout" method="post" action="/logout">${csrf}<button>Sign out</button></form>` +
          `<form id="signout-everywhere" method="post" action="/sessions/revoke-others">${csrf}<label>Password <input type="password" name="password"></label><button>Sign out on all other devices</button></form>` +
          `<form id="sudo" method="post" action="/sudo">${csrf}<label>Password <input type="password" name="password"></label><button>Administrator mode</button></form>` +
          `<a href="/account/password">Change password</a>`,
      ),
    );
  });

  app.post('/logout', (req, res) => {
    const found = current(req);
    if (found) {
      if (!validCsrf(req, found.session)) return res.status(403).send(page('Sign out', '<p>The form expired.</p>'));
      sessions.delete(found.id);
    }
    forgetRememberMe(req, res);
    res.append('Set-Cookie', `${COOKIE}=; ${COOKIE_ATTRIBUTES}; Max-Age=0`);
    res.set('Clear-Site-Data', '"cache", "cookies", "storage"');
    res.redirect(303, '/login');
  });

  app.get('/account/password', (req, res) => {
    const found = requireSession(req, res);
    if (!found) return;
    res.send(
      page(
        'Change password',
        `<form id="change-password" method="post" action="/account/password"><input type="hidden" name="_csrf" value="${escapeHtml(found.session.csrf)}">` +
          '<label>Current password <input type="password" name="current"></label><label>New password <input type="password" name="next"></label><button>Change</button></form>',
      ),
    );
  });

  app.post('/account/password', async (req, res) => {
    const found = requireSession(req, res);
    if (!found) return;
    if (!validCsrf(req, found.session)) return res.status(403).send(page('Change password', '<p>The form expired.</p>'));
    const user = users.get(found.session.user)!;
    const { current: given, next } = req.body as Record<string, unknown>;
    if (b.requireCurrentPassword && (typeof given !== 'string' || !safeEqual(given, user.password))) {
      return res.status(403).send(page('Change password', '<p>Your current password is not correct.</p>'));
    }
    if (typeof next !== 'string' || next.length < 8) return res.status(400).send(page('Change password', '<p>Choose a longer password.</p>'));
    if (performance.now() - user.changedAt < b.minPasswordAgeMs) {
      return res.status(400).send(page('Change password', '<p>Your password was changed too recently; try again later.</p>'));
    }
    user.password = next;
    user.changedAt = performance.now();
    if (b.revokeRememberMe) for (const [value, owner] of rememberTokens) if (owner === found.session.user) rememberTokens.delete(value);
    if (b.passwordChange !== 'keep') {
      for (const [id] of userSessions(found.session.user)) if (b.passwordChange === 'revoke-all' || id !== found.id) sessions.delete(id);
      if (b.passwordChange === 'revoke-others' && b.rotateOnPasswordChange) {
        sessions.delete(found.id);
        issue(res, { ...found.session, csrf: token() });
      }
    }
    await opts.onPasswordChange?.();
    res.redirect(303, b.passwordChange === 'revoke-all' ? '/login' : '/account');
  });

  /** A logged-in form post that re-asks for the password (sudo, sign out everywhere); answers 403 itself otherwise. */
  function reauthenticated(req: Request, res: Response, title: string): { id: string; session: Session } | undefined {
    const found = requireSession(req, res);
    if (!found) return undefined;
    if (!validCsrf(req, found.session)) {
      res.status(403).send(page(title, '<p>The form expired.</p>'));
      return undefined;
    }
    const { password } = req.body as Record<string, unknown>;
    if (typeof password !== 'string' || !safeEqual(password, users.get(found.session.user)!.password)) {
      res.status(403).send(page(title, '<p>Wrong password.</p>'));
      return undefined;
    }
    return found;
  }

  app.post('/sudo', (req, res) => {
    const found = reauthenticated(req, res, 'Administrator mode');
    if (!found) return;
    if (b.rotateOnElevation) {
      sessions.delete(found.id);
      issue(res, { ...found.session, elevated: true, csrf: token() });
    } else {
      found.session.elevated = true;
    }
    res.redirect(303, '/admin');
  });

  app.get('/admin', (req, res) => {
    const found = requireSession(req, res);
    if (!found) return;
    if (!found.session.elevated) return res.status(403).send(page('Administrator mode', '<p>Enter your password to use administrator mode.</p>'));
    res.send(page('Administrator console', `<p>Administrator console for ${escapeHtml(found.session.user)}</p>`));
  });

  app.post('/sessions/revoke-others', async (req, res) => {
    const found = reauthenticated(req, res, 'Sign out');
    if (!found) return;
    if (b.signOutEverywhere) for (const [id] of userSessions(found.session.user)) if (id !== found.id) sessions.delete(id);
    await opts.onSignOutEverywhere?.();
    res.redirect(303, '/account');
  });

  const server = await listen(app, opts);
  return {
    ...server,
    hasPassword: (username, password) => {
      const user = users.get(username);
      return user !== undefined && safeEqual(password, user.password);
    },
    restart: () => {
      sessions.clear();
      rememberTokens.clear();
    },
    behave: (changes) => Object.assign(b, changes),
  };
}
