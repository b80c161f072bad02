/**
 * A session carried by two cookies, as PHP sites with a "stay signed in" auth cookie often do: `sid` is
 * the server-side session, `auth` carries a credential that re-creates a session whenever `sid` is
 * missing or dead. Logout destroys the `sid` session and expires `auth` in the browser, but never
 * revokes the credential on the server, and it re-sends the *unchanged* session ID
 * (`Set-Cookie: sid=<same id>; Path=/`). Replaying what the browser held before logout logs straight
 * back in. Its config names only `sid` (target.sessionCookie), the case rule 24 exists for.
 */
import express, { type Request, type Response } from 'express';
import { randomBytes } from 'node:crypto';
import { cookieValue, escapeHtml, listen, loginFormPage, noStore, page, verifyCredentials, type RunningServer, type StartOptions } from '../shared.js';

const SESSION = 'sid';
const AUTH = 'auth';
const ATTRIBUTES = 'Path=/; Secure; HttpOnly; SameSite=Lax';

export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  const sessions = new Map<string, string>();
  /** Auth credentials → user. Issued at login, never revoked: the defect this example shows. */
  const credentials = new Map<string, string>();

  function startSession(res: Response, user: string): void {
    const id = randomBytes(16).toString('hex');
    sessions.set(id, user);
    res.append('Set-Cookie', `${SESSION}=${id}; ${ATTRIBUTES}`);
  }

  /** The signed-in user: from the session, else re-created from the auth cookie with a new session. */
  function signedIn(req: Request, res: Response): string | undefined {
    const user = sessions.get(cookieValue(req.headers.cookie, SESSION) ?? '');
    if (user !== undefined) return user;
    const remembered = credentials.get(cookieValue(req.headers.cookie, AUTH) ?? '');
    if (remembered !== undefined) startSession(res, remembered);
    return remembered;
  }

  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.use(noStore);

  app.get('/', (_req, res) => res.redirect('/login'));
  app.get('/login', (_req, res) => res.send(loginFormPage('/login')));

  app.post('/login', (req, res) => {
    const { username, password } = req.body as Record<string, unknown>;
    if (!verifyCredentials(username, password)) {
      res.status(401).send(loginFormPage('/login', 'Wrong username or password.'));
      return;
    }
    startSession(res, username);
    const credential = randomBytes(24).toString('base64url');
    credentials.set(credential, username);
    res.append('Set-Cookie', `${AUTH}=${credential}; ${ATTRIBUTES}`);
    res.redirect(303, '/account');
  });

  app.get('/account', (req, res) => {
    const user = signedIn(req, res);
    if (user === undefined) {
      res.redirect('/login');
      return;
    }
    res.send(page('Account', `<p>Signed in as ${escapeHtml(user)}</p><form method="post" action="/logout"><button type="submit">Sign out</button></form>`));
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

  return listen(app, opts);
}
