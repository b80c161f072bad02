/**
 * Hand-rolled sessions over https whose IDs are `<Unix ms>-<counter>-<16 random bits>`: predictable,
 * and handled carelessly — the ID is also read from a `sid` query parameter, echoed in an
 * `X-Session-Id` header, reflected unescaped when unknown, and a malformed cookie crashes the request
 * with a stack trace. Plain http on the same port serves the same site, and there is no HSTS.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { randomBytes } from 'node:crypto';
import { escapeHtml, listenTls, noStore, page, verifyCredentials, type RunningServer, type StartOptions } from '../shared.js';

interface Session {
  userId?: string;
}

const COOKIE = 'sid';
const ATTRIBUTES = 'Path=/; Secure; HttpOnly; SameSite=Lax';

export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  const sessions = new Map<string, Session>();
  let counter = 0;
  // The classic "unique enough" ID: a clock, a counter and a little randomness.
  const newId = () => `${Date.now()}-${++counter}-${randomBytes(2).toString('hex')}`;

  function issue(res: Response, data: Session = {}): string {
    const id = newId();
    sessions.set(id, data);
    res.append('Set-Cookie', `${COOKIE}=${id}; ${ATTRIBUTES}`);
    return id;
  }

  /** The presented ID (cookie first, else the `sid` query parameter, as URL-rewriting frameworks did), decoded without care. */
  function presented(req: Request): string | undefined {
    for (const pair of (req.headers.cookie ?? '').split(';')) {
      const eq = pair.indexOf('=');
      if (eq > 0 && pair.slice(0, eq).trim() === COOKIE) return decodeURIComponent(pair.slice(eq + 1).trim());
    }
    return typeof req.query.sid === 'string' ? req.query.sid : undefined;
  }

  const loginPage = (notice = '') =>
    page(
      'Sign in',
      `${notice}<form method="post" action="/login"><label>Username <input name="username"></label>` +
        '<label>Password <input type="password" name="password"></label><button type="submit">Sign in</button></form>',
    );

  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.use(noStore);

  app.get('/', (_req, res) => res.redirect('/account'));

  app.get('/login', (req, res) => {
    const id = presented(req);
    // Unknown IDs are named in the page, unescaped.
    const notice = id !== undefined && !sessions.has(id) ? `<p>Session ${id} has expired, please sign in again.</p>` : '';
    if (id === undefined || !sessions.has(id)) issue(res);
    res.send(loginPage(notice));
  });

  app.post('/login', (req, res) => {
    const { username, password } = req.body as Record<string, unknown>;
    if (!verifyCredentials(username, password)) {
      res.status(401).send(loginPage('<p>Wrong username or password.</p>'));
      return;
    }
    const old = presented(req);
    if (old !== undefined) sessions.delete(old);
    issue(res, { userId: username });
    res.redirect(303, '/account');
  });

  app.get('/account', (req, res) => {
    const id = presented(req);
    const userId = id === undefined ? undefined : sessions.get(id)?.userId;
    if (userId === undefined) {
      res.redirect('/login');
      return;
    }
    res.set('X-Session-Id', id);
    res.send(page('Account', `<p>Signed in as ${escapeHtml(userId)}</p><form id="signout" method="post" action="/logout"><button type="submit">Sign out</button></form>`));
  });

  app.post('/logout', (req, res) => {
    const id = presented(req);
    if (id !== undefined) sessions.delete(id);
    res.append('Set-Cookie', `${COOKIE}=; ${ATTRIBUTES}; Max-Age=0`);
    res.redirect(303, '/login');
  });

  // "Debug mode" left on in production: errors answer with their stack trace.
  app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
    res.status(500).type('text/plain').send(err.stack ?? String(err));
  });

  // Plain http gets the very same site: no redirect to https.
  return listenTls(app, app, opts);
}
