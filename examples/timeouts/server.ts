/**
 * One login site, four ways of ending sessions (short timeouts, in seconds, so a demo can watch them):
 *
 * - `enforcing`: the server ends a session after `idleMs` without requests (every request resets the
 *   timer) and `absoluteMs` after login, whatever the client does.
 * - `none`: sessions never end on the server; only the cookie's Max-Age makes the browser forget them.
 * - `absolute-only`: no idle timeout; the absolute one is enforced from an expiry time the cookie
 *   value carries, unsigned — so a client that edits it lives forever.
 * - `fixed-idle`: an idle timeout that activity does not reset (like Django without
 *   SESSION_SAVE_EVERY_REQUEST): the session ends `idleMs` after login however busy it is.
 * - `renewing`: `enforcing`, and the ID of an active session is renewed every `renewMs`; the previous ID
 *   keeps working for `overlapMs` (requests already in flight), then dies.
 * - `renewing-leaky`: renews the same way, but every previous ID keeps working as long as the session.
 *
 * Everything else (cookie attributes, rotation at login, server-side logout, no-store) is done right,
 * so the timeout checks are the only difference between the four.
 */
import express, { type Request, type Response } from 'express';
import { randomBytes } from 'node:crypto';
import { cookieValue, escapeHtml, listen, loginFormPage, noStore, page, verifyCredentials, type RunningServer, type StartOptions } from '../shared.js';

export type TimeoutMode = 'enforcing' | 'none' | 'absolute-only' | 'fixed-idle' | 'renewing' | 'renewing-leaky';

export interface TimeoutServerOptions extends StartOptions {
  mode: TimeoutMode;
  idleMs?: number;
  absoluteMs?: number;
  renewMs?: number;
  overlapMs?: number;
}

interface Session {
  userId: string;
  createdAt: number;
  lastSeenAt: number;
}

const COOKIE = '__Host-tsid';
const ATTRIBUTES = 'Path=/; Secure; HttpOnly; SameSite=Lax';
export const DEFAULT_IDLE_MS = 3_000;
export const DEFAULT_ABSOLUTE_MS = 6_000;
/**
 * fixed-idle's timeouts are longer than the others'. Its sessions kept active end exactly at the idle
 * timeout T, and timeout.idle tells idleness from that lifetime only when a keep-alive (every 0.4·T, so
 * at 1.2·T) sees one end by T+g: a margin of g − 0.2·T; timeout.sliding's active session, busy at 0.6·T
 * and read at T+g, needs the reading within T−g of that activity: a margin of 0.6·T − 2g. Both are
 * about 0.067·T at best (g = 0.267·T): 0.2s with T 3s, less than a busy machine's lateness; 0.5s with 8s.
 */
const FIXED_IDLE = { idleMs: 8_000, absoluteMs: 16_000 };
export const DEFAULT_RENEW_MS = 2_000;
export const DEFAULT_OVERLAP_MS = 1_000;

const loginPage = (message = ''): string => loginFormPage('/login', message);

export async function startServer(opts: TimeoutServerOptions): Promise<RunningServer> {
  const { mode } = opts;
  const defaults = mode === 'fixed-idle' ? FIXED_IDLE : { idleMs: DEFAULT_IDLE_MS, absoluteMs: DEFAULT_ABSOLUTE_MS };
  const { idleMs = defaults.idleMs, absoluteMs = defaults.absoluteMs, renewMs = DEFAULT_RENEW_MS, overlapMs = DEFAULT_OVERLAP_MS } = opts;
  /** Session IDs to their session; after a renewal the previous ID points at the same session until it dies. */
  const sessions = new Map<string, Session>();
  const issuedAt = new Map<string, number>();
  /** Renewed-away IDs and when they stop working. */
  const retired = new Map<string, number>();
  const enforces = mode === 'enforcing' || mode === 'renewing' || mode === 'renewing-leaky';
  const renews = mode === 'renewing' || mode === 'renewing-leaky';

  function forget(id: string): void {
    sessions.delete(id);
    issuedAt.delete(id);
    retired.delete(id);
  }

  /** Every ID of a session, the current and the renewed-away ones. */
  function end(session: Session): void {
    for (const [id, s] of sessions) if (s === session) forget(id);
  }

  /**
   * The session a request carries, if it is still valid by this mode's rules; expired ones are deleted.
   * With `res`, a request that finds its ID due for renewal gets a new one.
   */
  function current(req: Request, res?: Response): { id: string; session: Session } | undefined {
    const raw = cookieValue(req.headers.cookie, COOKIE);
    if (raw === undefined) return undefined;
    const [id = '', expiresAt] = raw.split('.');
    const session = sessions.get(id);
    if (!session) return undefined;
    const now = Date.now();
    if (now >= (retired.get(id) ?? Infinity)) {
      forget(id);
      return undefined;
    }
    const valid =
      mode === 'none' ||
      (mode === 'absolute-only' && expiresAt !== undefined && now < Number(expiresAt)) ||
      (mode === 'fixed-idle' && now - session.lastSeenAt < idleMs) ||
      (enforces && now - session.lastSeenAt < idleMs && now - session.createdAt < absoluteMs);
    if (!valid) {
      end(session);
      return undefined;
    }
    // Only the enforcing modes slide: fixed-idle never saves the session again after login.
    if (enforces) session.lastSeenAt = now;
    if (renews && res && !retired.has(id) && now - (issuedAt.get(id) ?? now) >= renewMs) {
      retired.set(id, mode === 'renewing' ? now + overlapMs : Infinity);
      return { id: setCookie(res, session, now), session };
    }
    return { id, session };
  }

  function setCookie(res: Response, session: Session, now: number): string {
    const id = randomBytes(32).toString('base64url');
    sessions.set(id, session);
    issuedAt.set(id, now);
    const lifetimeMs = mode === 'fixed-idle' ? idleMs : session.createdAt + absoluteMs - now;
    const value = mode === 'absolute-only' ? `${id}.${now + absoluteMs}` : id;
    res.append('Set-Cookie', `${COOKIE}=${value}; ${ATTRIBUTES}; Max-Age=${Math.ceil(lifetimeMs / 1000)}`);
    return id;
  }

  function issue(res: Response, userId: string): void {
    const now = Date.now();
    setCookie(res, { userId, createdAt: now, lastSeenAt: now }, now);
  }

  const app = express();
  app.disable('x-powered-by');
  app.use(express.urlencoded({ extended: false }));
  app.use(noStore);

  app.get('/', (_req, res) => res.redirect('/account'));
  app.get('/login', (_req, res) => res.send(loginPage()));

  app.post('/login', (req, res) => {
    const { username, password } = req.body as Record<string, unknown>;
    if (!verifyCredentials(username, password)) {
      res.status(401).send(loginPage('Wrong username or password.'));
      return;
    }
    const previous = current(req);
    if (previous) end(previous.session);
    issue(res, username);
    res.redirect(303, '/account');
  });

  app.get('/account', (req, res) => {
    const found = current(req, res);
    if (!found) {
      res.redirect('/login');
      return;
    }
    res.send(page('Account', `<p>Signed in as ${escapeHtml(found.session.userId)}</p><form method="post" action="/logout"><button type="submit">Sign out</button></form>`));
  });

  // For the tests: how many sessions the server still holds (a run must log out what it opened).
  app.get('/_sessions', (_req, res) => {
    res.json({ count: new Set(sessions.values()).size });
  });

  app.post('/logout', (req, res) => {
    const found = current(req);
    if (found) end(found.session);
    res.append('Set-Cookie', `${COOKIE}=; ${ATTRIBUTES}; Max-Age=0`);
    res.set('Clear-Site-Data', '"cache", "cookies", "storage"');
    res.redirect(303, '/login');
  });

  return listen(app, opts);
}
