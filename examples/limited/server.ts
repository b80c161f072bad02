/**
 * The case a staging app usually is: one test account and a concurrent-session limit. Real
 * express-session (in memory) with the timeouts enforced on the server: an idle timeout that every
 * request resets (the last request is stored with the session), an absolute timeout from login (the
 * cookie's Max-Age a second shorter), and at most `maxSessions` sessions per user — the oldest evicted,
 * or the next login refused. `enforceTimeouts: false` keeps every session forever, so a test can show that an eviction
 * never passes for an enforced timeout.
 */
import express, { type Request } from 'express';
import session from 'express-session';
import { randomBytes } from 'node:crypto';
import { behindTlsProxy, escapeHtml, listen, loginFormPage, noStore, page, verifyCredentials, type RunningServer, type StartOptions } from '../shared.js';

declare module 'express-session' {
  interface SessionData {
    user?: string;
    loggedInAt: number;
    lastSeenAt: number;
  }
}

export interface LimitedOptions extends StartOptions {
  maxSessions: number;
  onExceed: 'evict-oldest' | 'reject';
  idleMs?: number;
  absoluteMs?: number;
  enforceTimeouts?: boolean;
}

export const DEFAULT_IDLE_MS = 3_000;
export const DEFAULT_ABSOLUTE_MS = 10_000;
const COOKIE = '__Host-lsid';

export async function startServer(opts: LimitedOptions): Promise<RunningServer> {
  const { maxSessions, onExceed, idleMs = DEFAULT_IDLE_MS, absoluteMs = DEFAULT_ABSOLUTE_MS, enforceTimeouts = true } = opts;
  const store = new session.MemoryStore();
  /** Each user's sessions, oldest first. */
  const byUser = new Map<string, string[]>();

  const alive = (sid: string) =>
    new Promise<boolean>((resolve) =>
      store.get(sid, (err, s) => resolve(!err && s?.user !== undefined && (!enforceTimeouts || (Date.now() - s.loggedInAt < absoluteMs && Date.now() - s.lastSeenAt < idleMs)))),
    );

  /** The user's live sessions, oldest first (expired and logged-out ones dropped). */
  async function live(user: string): Promise<string[]> {
    const sids = byUser.get(user) ?? [];
    const kept: string[] = [];
    for (const sid of sids) if (await alive(sid)) kept.push(sid);
    byUser.set(user, kept);
    return kept;
  }

  const app = express();
  app.disable('x-powered-by');
  behindTlsProxy(app);
  app.use(noStore);
  app.use(
    session({
      name: COOKIE,
      secret: randomBytes(32).toString('hex'),
      store,
      proxy: true,
      resave: false,
      saveUninitialized: false,
      // A second short of the absolute timeout: express-session re-sends the cookie with a fresh Expires, and
      // Node's Date header may lag by up to a second, so a cookie of exactly A would read as outliving it.
      cookie: { path: '/', secure: true, httpOnly: true, sameSite: 'lax', ...(enforceTimeouts && { maxAge: absoluteMs - 1000 }) },
    }),
  );
  app.use(express.urlencoded({ extended: false }));
  app.use((req, _res, next) => {
    const s = req.session;
    if (!enforceTimeouts || !s.user) return next();
    const now = Date.now();
    if (now - s.loggedInAt! >= absoluteMs || now - s.lastSeenAt! >= idleMs) {
      s.destroy(() => next());
      return;
    }
    // Every request is activity: the idle timer slides.
    s.lastSeenAt = now;
    next();
  });

  const signedIn = (req: Request) => (req.session as Partial<session.SessionData> | undefined)?.user;

  app.get('/', (_req, res) => res.redirect('/account'));
  app.get('/login', (_req, res) => res.send(loginFormPage('/login')));

  app.post('/login', async (req, res, next) => {
    const { username, password } = req.body as Record<string, unknown>;
    if (!verifyCredentials(username, password)) {
      res.status(401).send(loginFormPage('/login', 'Wrong username or password.'));
      return;
    }
    const sessions = await live(username);
    if (sessions.length >= maxSessions) {
      if (onExceed === 'reject') {
        res.status(409).send(loginFormPage('/login', 'You are signed in on too many devices. Sign out on one of them first.'));
        return;
      }
      for (const sid of sessions.splice(0, sessions.length - maxSessions + 1)) store.destroy(sid);
    }
    req.session.regenerate((err) => {
      if (err) return next(err);
      req.session.user = username;
      req.session.loggedInAt = req.session.lastSeenAt = Date.now();
      sessions.push(req.sessionID);
      res.redirect(303, '/account');
    });
  });

  app.get('/account', (req, res) => {
    const user = signedIn(req);
    if (!user) {
      res.redirect('/login');
      return;
    }
    res.send(page('Account', `<p>Signed in as ${escapeHtml(user)}</p><form id="signout" method="post" action="/logout"><button type="submit">Sign out</button></form>`));
  });

  app.post('/logout', (req, res) => {
    req.session.destroy(() => {
      res.append('Set-Cookie', `${COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0`);
      res.set('Clear-Site-Data', '"cache", "cookies", "storage"');
      res.redirect(303, '/login');
    });
  });

  return listen(app, opts);
}
