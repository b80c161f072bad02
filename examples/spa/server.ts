/**
 * A single-page app whose login only works with JavaScript running: the pages are an empty shell, the
 * script builds the sign-in form, fetches a challenge and computes a proof (SHA-256 in the page) that
 * the login API requires. A plain form POST cannot log in; a real browser can.
 *
 * Two variants share this code. `conformant` keeps the session in an HttpOnly `__Host-` cookie, stores
 * nothing in web storage, shows the logout button in the first screen and marks every page no-store.
 * `leaky` (examples/spa-leaky) gets the browser-side things wrong: a cookie scripts can read, a JWT in
 * localStorage, a logout button below the fold, and an authenticated page the browser may cache, so
 * Back after logout shows it again. Both revoke sessions server-side at logout.
 */
import express, { type Request, type Response } from 'express';
import session from 'express-session';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { behindTlsProxy, escapeHtml, listen, noStore, page, safeEqual, verifyCredentials, type RunningServer, type StartOptions } from '../shared.js';

declare module 'express-session' {
  interface SessionData {
    userId: string;
    csrf: string;
    challenge: string;
  }
}

export type SpaVariant = 'conformant' | 'leaky';

/** The workspace the sign-in form's <select> must name. */
const WORKSPACE = 'staging';

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The proof the page computes: SHA-256 over the session's challenge and the username. */
function expectedNonce(challenge: string, username: string): string {
  return createHash('sha256').update(`${challenge}:${username}`).digest('hex');
}

function jwt(subject: string, secret: Buffer): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: subject, iat: now, exp: now + 900 })}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

function shell(title: string, variant: SpaVariant, body = ''): string {
  return page(title, `<div id="app">${body}</div><script src="/app.js?v=${variant}"></script>`);
}

export async function startSpa(variant: SpaVariant, opts: StartOptions = {}): Promise<RunningServer> {
  const leaky = variant === 'leaky';
  const cookieName = leaky ? 'sid' : '__Host-sid';
  const cookie = { path: '/', secure: true, httpOnly: !leaky, sameSite: 'lax' } as const;
  const jwtSecret = randomBytes(32);

  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  behindTlsProxy(app);
  app.use(noStore);
  app.use(
    session({
      name: cookieName,
      secret: randomBytes(32).toString('hex'),
      store: new session.MemoryStore(),
      proxy: true,
      resave: false,
      saveUninitialized: false,
      cookie: { ...cookie },
    }),
  );
  app.use(express.json());

  app.get('/', (_req, res) => res.redirect('/dashboard'));
  app.get('/app.js', (_req, res) => {
    res.type('application/javascript').send(clientScript(leaky));
  });
  app.get('/login', (_req, res) => res.send(shell('Sign in', variant)));
  app.get('/dashboard', (req, res) => {
    if (!leaky) {
      res.send(shell('Dashboard', variant));
      return;
    }
    if (!req.session.userId) {
      res.redirect('/login');
      return;
    }
    // The leak: the signed-in page rendered on the server and cacheable, so Back after logout shows it.
    res.set('Cache-Control', 'private, max-age=600');
    res.send(
      shell(
        'Dashboard',
        variant,
        `<h1>Dashboard</h1><p>Signed in as ${escapeHtml(req.session.userId)}</p>` +
          '<div style="height:2400px">Recent activity</div>' +
          `<button id="signout" type="button" data-csrf="${escapeHtml(req.session.csrf!)}">Sign out</button>`,
      ),
    );
  });

  app.get('/api/challenge', (req, res) => {
    // Storing the challenge creates the pre-login session whose ID the login must replace.
    req.session.challenge ??= newToken();
    res.json({ challenge: req.session.challenge });
  });

  app.post('/api/login', (req, res, next) => {
    const { username, password, nonce, workspace } = (req.body ?? {}) as Record<string, unknown>;
    const challenge = req.session.challenge;
    if (!challenge || typeof username !== 'string' || typeof nonce !== 'string' || !safeEqual(nonce, expectedNonce(challenge, username))) {
      res.status(403).json({ error: 'sign-in expired, reload the page' });
      return;
    }
    if (workspace !== WORKSPACE || !verifyCredentials(username, password)) {
      res.status(401).json({ error: 'wrong username, password or workspace' });
      return;
    }
    req.session.regenerate((err) => {
      if (err) return next(err);
      req.session.userId = username;
      req.session.csrf = newToken();
      res.json(leaky ? { user: username, accessToken: jwt(username, jwtSecret) } : { user: username });
    });
  });

  app.get('/api/me', (req, res) => {
    if (!req.session.userId) {
      res.status(401).json({ error: 'not signed in' });
      return;
    }
    res.json({ user: req.session.userId, csrf: req.session.csrf });
  });

  app.post('/api/logout', (req: Request, res: Response, next) => {
    const sent = req.get('x-csrf-token');
    if (!req.session.csrf || !sent || !safeEqual(sent, req.session.csrf)) {
      res.status(403).json({ error: 'bad CSRF token' });
      return;
    }
    req.session.destroy((err) => {
      if (err) return next(err);
      res.clearCookie(cookieName, cookie);
      if (!leaky) res.set('Clear-Site-Data', '"cache", "cookies", "storage"');
      res.status(204).end();
    });
  });

  return listen(app, opts);
}

export function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  return startSpa('conformant', opts);
}

/**
 * The page script. It builds every element with textContent (never innerHTML), so nothing the API
 * returns can inject markup.
 */
function clientScript(leaky: boolean): string {
  return `'use strict';
(() => {
  const LEAKY = ${leaky};
  const app = document.getElementById('app');
  const h = (tag, attrs, ...kids) => {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
    for (const kid of kids) el.append(kid);
    return el;
  };
  const api = (path, init = {}) => {
    const headers = { 'content-type': 'application/json', ...(init.headers || {}) };
    const token = LEAKY && localStorage.getItem('auth_token');
    if (token) headers.authorization = 'Bearer ' + token;
    return fetch(path, { ...init, headers, credentials: 'same-origin' });
  };
  const sha256hex = async (text) => {
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
  };

  async function showLogin() {
    const { challenge } = await (await api('/api/challenge')).json();
    const user = h('input', { id: 'username', autocomplete: 'username' });
    const pass = h('input', { id: 'password', type: 'password', autocomplete: 'current-password' });
    const workspace = h('select', { id: 'workspace' }, h('option', { value: '' }, 'Choose a workspace'), h('option', { value: '${WORKSPACE}' }, 'Staging'));
    const message = h('p', { id: 'message' });
    const button = h('button', { id: 'signin', type: 'button' }, 'Sign in');
    app.replaceChildren(h('h1', {}, 'Sign in'), message, h('label', {}, 'Username ', user), h('label', {}, 'Password ', pass), h('label', {}, 'Workspace ', workspace), button);
    const submit = async () => {
      const nonce = await sha256hex(challenge + ':' + user.value);
      const res = await api('/api/login', { method: 'POST', body: JSON.stringify({ username: user.value, password: pass.value, workspace: workspace.value, nonce }) });
      if (!res.ok) {
        message.textContent = res.status === 401 ? 'Wrong username, password or workspace.' : 'Sign-in expired, please reload.';
        return;
      }
      const body = await res.json();
      if (LEAKY) localStorage.setItem('auth_token', body.accessToken);
      location.assign('/dashboard');
    };
    button.addEventListener('click', submit);
    pass.addEventListener('keydown', (e) => { if (e.key === 'Enter') submit(); });
  }

  function wireSignout(csrf) {
    document.getElementById('signout').addEventListener('click', async () => {
      await api('/api/logout', { method: 'POST', headers: { 'x-csrf-token': csrf } });
      // A new history entry, as most sites do: Back then returns to the dashboard, which must not show.
      location.assign('/login');
    });
  }

  async function showDashboard() {
    const rendered = document.getElementById('signout');
    if (rendered) return wireSignout(rendered.dataset.csrf);
    const res = await api('/api/me');
    if (res.status !== 200) return location.replace('/login');
    const me = await res.json();
    app.replaceChildren(h('h1', {}, 'Dashboard'), h('p', {}, 'Signed in as ' + me.user), h('button', { id: 'signout', type: 'button' }, 'Sign out'));
    wireSignout(me.csrf);
  }

  // A page restored from the back/forward cache must ask the server again whether it is still signed in.
  window.addEventListener('pageshow', (e) => { if (e.persisted && !LEAKY) location.reload(); });
  if (location.pathname === '/login') showLogin();
  else showDashboard();
})();
`;
}
