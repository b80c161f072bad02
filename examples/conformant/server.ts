/**
 * A login site whose session management follows the `recommended` spec with a `__Host-` cookie:
 * every tier-1 check passes. Sessions live in Redis when a URL is given, else in memory.
 * `createApp` is shared with the hardened example, which serves the same site over real TLS.
 */
import express, { type Express, type Request } from 'express';
import session from 'express-session';
import { RedisStore } from 'connect-redis';
import { createClient } from 'redis';
import { randomBytes } from 'node:crypto';
import { behindTlsProxy, escapeHtml, listen, page, safeEqual, verifyCredentials, type RunningServer, type StartOptions } from '../shared.js';

declare module 'express-session' {
  interface SessionData {
    userId: string;
    csrf: string;
  }
}

const COOKIE = '__Host-sid';
const COOKIE_ATTRIBUTES = { path: '/', secure: true, httpOnly: true, sameSite: 'lax' } as const;

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

function validCsrf(req: Request): boolean {
  const sent = (req.body as { _csrf?: unknown } | undefined)?._csrf;
  return typeof sent === 'string' && req.session.csrf !== undefined && safeEqual(sent, req.session.csrf);
}

function loginPage(csrf: string, message = ''): string {
  return page(
    'Sign in',
    `${message && `<p>${escapeHtml(message)}</p>`}<form method="post" action="/login" class="login">` +
      `<input type="hidden" name="_csrf" value="${escapeHtml(csrf)}">` +
      '<label>Username <input name="username" autocomplete="username"></label>' +
      '<label>Password <input type="password" name="password" autocomplete="current-password"></label>' +
      '<button type="submit">Sign in</button></form>',
  );
}

export interface AppOptions {
  store: session.Store;
  /** 'proxy': plain http standing in for a TLS-terminating proxy; 'tls': the app itself speaks https. */
  transport: 'proxy' | 'tls';
  /** Session ID generator; express-session's default is 24 random bytes (192 bits). */
  genid?: () => string;
  /** Extra headers on every response (e.g. HSTS). */
  headers?: Record<string, string>;
}

export function createApp(o: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  if (o.transport === 'proxy') behindTlsProxy(app);
  app.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    if (o.headers) res.set(o.headers);
    // Distractors for session-cookie discovery: neither is needed to stay signed in.
    res.append('Set-Cookie', `_sp_analytics=${randomBytes(8).toString('hex')}; Path=/; Secure; SameSite=Lax; Max-Age=3600`);
    res.append('Set-Cookie', 'lb=node-1; Path=/; Secure; HttpOnly; SameSite=Lax');
    next();
  });
  app.use(
    session({
      name: COOKIE,
      // Per process: a restart signs users out, which a demo can afford; a deployment reads it from its secret store.
      secret: randomBytes(32).toString('hex'),
      store: o.store,
      proxy: o.transport === 'proxy',
      ...(o.genid ? { genid: o.genid } : {}),
      resave: false,
      saveUninitialized: false,
      rolling: false,
      cookie: { ...COOKIE_ATTRIBUTES },
    }),
  );
  app.use(express.urlencoded({ extended: false }));

  app.get('/', (_req, res) => res.redirect('/account'));

  app.get('/login', (req, res) => {
    // Storing the CSRF token creates the pre-login session whose ID login must replace.
    req.session.csrf ??= newToken();
    res.send(loginPage(req.session.csrf));
  });

  app.post('/login', (req, res, next) => {
    if (!validCsrf(req)) {
      req.session.csrf = newToken();
      res.status(403).send(loginPage(req.session.csrf, 'The form expired, please try again.'));
      return;
    }
    const { username, password } = req.body as Record<string, unknown>;
    if (!verifyCredentials(username, password)) {
      res.status(401).send(loginPage(req.session.csrf!, 'Wrong username or password.'));
      return;
    }
    req.session.regenerate((err) => {
      if (err) return next(err);
      req.session.userId = username;
      req.session.csrf = newToken();
      res.redirect(303, '/account');
    });
  });

  app.get('/account', (req, res) => {
    if (!req.session.userId) {
      res.redirect('/login');
      return;
    }
    res.send(
      page(
        'Account',
        `<p>Signed in as ${escapeHtml(req.session.userId)}</p>` +
          `<form id="signout" method="post" action="/logout"><input type="hidden" name="_csrf" value="${escapeHtml(req.session.csrf!)}">` +
          '<button type="submit">Sign out</button></form>',
      ),
    );
  });

  app.post('/logout', (req, res, next) => {
    if (!validCsrf(req)) {
      res.status(403).send(page('Sign out', '<p>The form expired, please try again.</p>'));
      return;
    }
    req.session.destroy((err) => {
      if (err) return next(err);
      res.clearCookie(COOKIE, COOKIE_ATTRIBUTES);
      res.set('Clear-Site-Data', '"cache", "cookies", "storage"');
      res.redirect(303, '/login');
    });
  });

  return app;
}

export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  const redisUrl = opts.redisUrl ?? process.env.REDIS_URL;
  const redis = redisUrl ? createClient({ url: redisUrl }) : undefined;
  if (redis) {
    redis.on('error', (err: unknown) => console.error('conformant example: redis error', err));
    await redis.connect();
  }
  const store = redis ? new RedisStore({ client: redis, prefix: 'sp-conformant:' }) : new session.MemoryStore();
  try {
    return await listen(createApp({ store, transport: 'proxy' }), opts, async () => {
      await redis?.close();
    });
  } catch (err) {
    await redis?.close();
    throw err;
  }
}
