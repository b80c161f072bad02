/**
 * Hand-rolled session management with every tier-1 defect: a short, fixable, URL-leaked ID in a cookie
 * with bad attributes, and a logout that only forgets the cookie on the client.
 * Only logout.cookie-cleared passes.
 */
import express, { type Request, type Response } from 'express';
import { randomBytes } from 'node:crypto';
import { cookieValue, escapeHtml, listen, loginFormPage, page, verifyCredentials, type RunningServer, type StartOptions } from '../shared.js';

interface Session {
  userId?: string;
}

const COOKIE = 'JSESSIONID';
const ID_SHAPE = /^[0-9a-f]{8}$/;

const loginPage = (message = ''): string => loginFormPage('/app/login', message);

export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  const domain = opts.host ?? '127.0.0.1';
  const sessions = new Map<string, Session>();

  // Permissive session management: an unknown but plausible ID is adopted, so an attacker can plant one.
  function currentId(req: Request): string | undefined {
    const id = cookieValue(req.headers.cookie, COOKIE);
    if (id === undefined || !ID_SHAPE.test(id)) return undefined;
    if (!sessions.has(id)) sessions.set(id, {});
    return id;
  }

  // No Path (so it defaults to /app), Domain widens it beyond host-only, no Secure/HttpOnly, 30 days.
  function issue(res: Response): string {
    const id = randomBytes(4).toString('hex');
    sessions.set(id, {});
    res.append('Set-Cookie', `${COOKIE}=${id}; Domain=${domain}; SameSite=None; Max-Age=2592000`);
    return id;
  }

  const app = express();
  app.use(express.urlencoded({ extended: false }));

  app.get('/', (_req, res) => res.redirect('/app/login'));

  app.get('/app/login', (req, res) => {
    if (currentId(req) === undefined) issue(res);
    res.send(loginPage());
  });

  app.post('/app/login', (req, res) => {
    const { username, password } = req.body as Record<string, unknown>;
    if (!verifyCredentials(username, password)) {
      res.status(401).send(loginPage('Wrong username or password.'));
      return;
    }
    // Fixation: the pre-login ID simply becomes the authenticated one.
    const id = currentId(req) ?? issue(res);
    sessions.get(id)!.userId = username;
    res.redirect(`/app/account?${COOKIE}=${id}`);
  });

  // The JSESSIONID query parameter the login redirect carries is ignored: only the cookie counts.
  app.get('/app/account', (req, res) => {
    const id = currentId(req);
    const userId = id === undefined ? undefined : sessions.get(id)?.userId;
    if (userId === undefined) {
      res.redirect('/app/login');
      return;
    }
    res.append('Set-Cookie', '__Secure-prefs=dark; Path=/');
    res.append('Set-Cookie', 'theme=light; Path=/; Path=/app');
    res.append('Set-Cookie', `tracking=${'a'.repeat(5000)}; Path=/`);
    res.send(page('Account', `<p>Signed in as ${escapeHtml(userId)}</p><form method="post" action="/app/logout"><button type="submit">Sign out</button></form>`));
  });

  // Expires the cookie in the browser but leaves the server-side session signed in.
  app.post('/app/logout', (_req, res) => {
    res.append('Set-Cookie', `${COOKIE}=; Domain=${domain}; Max-Age=0`);
    res.redirect(303, '/app/login');
  });

  return listen(app, opts);
}
