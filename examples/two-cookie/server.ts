/**
 * A session carried by two cookies, as PHP sites with a "stay signed in" auth cookie often do: `sid` is
 * the server-side session, `auth` carries a credential that re-creates a session whenever `sid` is
 * missing or dead. Every revocation event ends `sid` sessions but never revokes an `auth` credential:
 * logout (which also re-sends the *unchanged* session ID, `Set-Cookie: sid=<same id>; Path=/`), a
 * password change (other devices' sessions end, the changing device gets a new ID), "sign out
 * everywhere", and the elevation to administrator mode (a new ID; the credential remembers the
 * elevation, so a session it re-creates comes back elevated). Replaying what a browser held before any
 * of them logs straight back in, and so does a session past its idle timeout (`idleMs`, off by default).
 * Its config names only `sid` (target.sessionCookie), the case rule 24 exists for.
 */
import express, { type Request, type Response } from 'express';
import { randomBytes } from 'node:crypto';
import { cookieValue, escapeHtml, listen, loginFormPage, noStore, page, safeEqual, verifyCredentials, type RunningServer, type StartOptions } from '../shared.js';

const SESSION = 'sid';
const AUTH = 'auth';
const ATTRIBUTES = 'Path=/; Secure; HttpOnly; SameSite=Lax';

interface Grant {
  user: string;
  elevated: boolean;
}

export interface TwoCookieServer extends RunningServer {
  /** Whether `password` is the user's current one (the tests check the run restored it). */
  hasPassword(username: string, password: string): boolean;
}

export interface TwoCookieOptions extends StartOptions {
  /** An idle timeout for `sid` sessions (none by default); `auth` brings an expired one back all the same. */
  idleMs?: number;
}

export async function startServer(opts: TwoCookieOptions = {}): Promise<TwoCookieServer> {
  const sessions = new Map<string, Grant & { seenAt: number }>();
  /** Auth credentials → what they grant. Issued at login, never revoked: the defect this example shows. */
  const credentials = new Map<string, Grant>();
  /** Passwords changed since the start; the others are the shared demo accounts'. */
  const changed = new Map<string, string>();
  const passwordOk = (user: unknown, password: unknown): user is string =>
    typeof user === 'string' && (changed.has(user) ? typeof password === 'string' && safeEqual(password, changed.get(user)!) : verifyCredentials(user, password));

  function startSession(res: Response, grant: Grant): string {
    const id = randomBytes(16).toString('hex');
    sessions.set(id, { user: grant.user, elevated: grant.elevated, seenAt: performance.now() });
    res.append('Set-Cookie', `${SESSION}=${id}; ${ATTRIBUTES}`);
    return id;
  }

  /** The signed-in session: from `sid`, else re-created from the auth cookie with a new `sid`. */
  function signedIn(req: Request, res: Response): { id: string; grant: Grant } | undefined {
    const id = cookieValue(req.headers.cookie, SESSION) ?? '';
    const grant = sessions.get(id);
    if (grant && opts.idleMs !== undefined && performance.now() - grant.seenAt > opts.idleMs) sessions.delete(id);
    else if (grant) {
      grant.seenAt = performance.now();
      return { id, grant };
    }
    const remembered = credentials.get(cookieValue(req.headers.cookie, AUTH) ?? '');
    if (!remembered) return undefined;
    const renewed = startSession(res, remembered);
    return { id: renewed, grant: sessions.get(renewed)! };
  }

  /** Ends every `sid` session of the user but `keep`; the auth credentials stay valid. */
  function endSessions(user: string, keep?: string): void {
    for (const [id, grant] of sessions) if (grant.user === user && id !== keep) sessions.delete(id);
  }

  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.use(noStore);

  app.get('/', (_req, res) => res.redirect('/login'));
  app.get('/login', (_req, res) => res.send(loginFormPage('/login')));

  app.post('/login', (req, res) => {
    const { username, password } = req.body as Record<string, unknown>;
    if (!passwordOk(username, password)) {
      res.status(401).send(loginFormPage('/login', 'Wrong username or password.'));
      return;
    }
    startSession(res, { user: username, elevated: false });
    const credential = randomBytes(24).toString('base64url');
    credentials.set(credential, { user: username, elevated: false });
    res.append('Set-Cookie', `${AUTH}=${credential}; ${ATTRIBUTES}`);
    res.redirect(303, '/account');
  });

  app.get('/account', (req, res) => {
    const found = signedIn(req, res);
    if (!found) {
      res.redirect('/login');
      return;
    }
    res.send(
      page(
        'Account',
        `<p>Signed in as ${escapeHtml(found.grant.user)}</p><a href="/account/password">Change password</a><form method="post" action="/logout"><button type="submit">Sign out</button></form>`,
      ),
    );
  });

  app.get('/account/password', (req, res) => {
    if (!signedIn(req, res)) return void res.redirect('/login');
    res.send(
      page(
        'Change password',
        '<form method="post" action="/account/password"><label>Current password <input type="password" name="current"></label><label>New password <input type="password" name="next"></label><button>Change</button></form>',
      ),
    );
  });

  app.post('/logout', (req, res) => {
    const id = cookieValue(req.headers.cookie, SESSION);
    if (id !== undefined) {
      sessions.delete(id);
      // The framework writes the session cookie back on every response, logout included, unchanged.
      res.append('Set-Cookie', `${SESSION}=${id}; path=/`);
    }
    res.append('Set-Cookie', `${AUTH}=; ${ATTRIBUTES}; Max-Age=0`);
    res.redirect(303, '/login');
  });

  app.post('/account/password', (req, res) => {
    const found = signedIn(req, res);
    if (!found) return void res.redirect('/login');
    const { current, next } = req.body as Record<string, unknown>;
    if (!passwordOk(found.grant.user, current)) return void res.status(403).send(page('Change password', '<p>Your current password is not correct.</p>'));
    if (typeof next !== 'string' || next.length < 8) return void res.status(400).send(page('Change password', '<p>Choose a longer password.</p>'));
    changed.set(found.grant.user, next);
    // Every session ends and this device gets a new one; the auth credentials are forgotten about.
    endSessions(found.grant.user);
    startSession(res, found.grant);
    res.redirect(303, '/account');
  });

  app.post('/sessions/revoke-others', (req, res) => {
    const found = signedIn(req, res);
    if (!found) return void res.redirect('/login');
    if (!passwordOk(found.grant.user, (req.body as Record<string, unknown>).password)) return void res.status(403).send(page('Sign out', '<p>Wrong password.</p>'));
    endSessions(found.grant.user, found.id);
    res.redirect(303, '/account');
  });

  app.post('/sudo', (req, res) => {
    const found = signedIn(req, res);
    if (!found) return void res.redirect('/login');
    if (!passwordOk(found.grant.user, (req.body as Record<string, unknown>).password)) return void res.status(403).send(page('Administrator mode', '<p>Wrong password.</p>'));
    // A new ID for the elevated session, done right; but the credential remembers the elevation too.
    sessions.delete(found.id);
    startSession(res, { ...found.grant, elevated: true });
    const credential = credentials.get(cookieValue(req.headers.cookie, AUTH) ?? '');
    if (credential) credential.elevated = true;
    res.redirect(303, '/admin');
  });

  app.get('/admin', (req, res) => {
    const found = signedIn(req, res);
    if (!found) return void res.redirect('/login');
    if (!found.grant.elevated) return void res.status(403).send(page('Administrator mode', '<p>Enter your password to use administrator mode.</p>'));
    res.send(page('Administrator console', `<p>Administrator console for ${escapeHtml(found.grant.user)}</p>`));
  });

  const server = await listen(app, opts);
  return { ...server, hasPassword: (username, password) => passwordOk(username, password) };
}
