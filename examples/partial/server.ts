/**
 * A typical express-session app: the security-relevant basics are right (rotation, server-side logout,
 * cookie attributes) but the defaults nobody revisits are not: the `connect.sid` name, a logout that
 * leaves the cookie behind without Clear-Site-Data, and cacheable authenticated pages.
 */
import express from 'express';
import session from 'express-session';
import { randomBytes } from 'node:crypto';
import { behindTlsProxy, escapeHtml, listen, page, safeEqual, verifyCredentials, type RunningServer, type StartOptions } from '../shared.js';

declare module 'express-session' {
  interface SessionData {
    userId: string;
    logoutToken: string;
  }
}

export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  const app = express();
  behindTlsProxy(app);
  app.use((_req, res, next) => {
    // Revalidation, not no-store: authenticated pages may still be written to disk caches.
    res.set('Cache-Control', 'private, no-cache');
    next();
  });
  app.use(
    session({
      // The secret from the express-session README, pasted as-is, and no `name`: the cookie is connect.sid.
      secret: 'keyboard cat',
      store: new session.MemoryStore(),
      proxy: true,
      resave: false,
      saveUninitialized: false,
      cookie: { httpOnly: true, secure: true, sameSite: 'strict', path: '/' },
    }),
  );
  app.use(express.json());

  app.get('/', (_req, res) => res.redirect('/home'));

  app.post('/api/login', (req, res, next) => {
    const { email, password } = (req.body ?? {}) as Record<string, unknown>;
    if (!verifyCredentials(email, password)) {
      res.status(401).json({ ok: false });
      return;
    }
    req.session.regenerate((err) => {
      if (err) return next(err);
      req.session.userId = email;
      req.session.logoutToken = randomBytes(16).toString('hex');
      res.json({ ok: true });
    });
  });

  // Signed in or not, the answer is 200: only the body tells the two states apart.
  app.get('/home', (req, res) => {
    const { userId, logoutToken } = req.session;
    if (!userId || !logoutToken) {
      res.send(page('Home', '<p>Please sign in</p>'));
      return;
    }
    res.send(
      page('Home', `<p>Signed in as ${escapeHtml(userId)}</p><a class="logout" href="/logout?token=${escapeHtml(logoutToken)}">Sign out</a>`),
    );
  });

  // Destroys the session server-side, yet sends neither an expired cookie nor Clear-Site-Data.
  app.get('/logout', (req, res, next) => {
    const token: unknown = req.query.token;
    const expected = req.session.logoutToken;
    if (typeof token !== 'string' || expected === undefined || !safeEqual(token, expected)) {
      res.status(403).send(page('Sign out', '<p>Invalid sign-out link.</p>'));
      return;
    }
    req.session.destroy((err) => {
      if (err) return next(err);
      res.redirect('/home');
    });
  });

  return listen(app, opts);
}
