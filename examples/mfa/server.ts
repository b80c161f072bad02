/**
 * A site with its own two-step login: username and password, then a TOTP code from an authenticator
 * app (RFC 6238, via otpauth). `right` keeps the half-logged-in session unauthenticated and issues a new
 * session ID at each step; `wrong` marks the session authenticated as soon as the password is right and
 * keeps the same ID across the second factor. Both refuse a code that was already accepted, as RFC 6238
 * §5.2 asks, so the tester must wait for a fresh code. Sessions live in express-session's memory store.
 */
import express, { type Request, type Response } from 'express';
import session from 'express-session';
import { Secret, TOTP } from 'otpauth';
import { behindTlsProxy, escapeHtml, listen, noStore, page, recordIssuedCookies, verifyCredentials, type RunningServer, type StartOptions } from '../shared.js';

export type MfaMode = 'right' | 'wrong';

/** The demo account's authenticator secret (base32); the example configs carry it like the demo password. */
export const DEMO_TOTP_SECRET = 'KRSXG5CTMVZXG2LPNZYHE33CMVSGK3LP';
/** Short time steps keep the demo quick: each login needs a code no earlier login used. */
export const DEMO_TOTP_PERIOD_SECONDS = 2;

declare module 'express-session' {
  interface SessionData {
    user?: string;
    /** The password was right; the second factor is still missing. */
    pendingUser?: string;
  }
}

export async function startServer(opts: StartOptions & { mode: MfaMode }): Promise<RunningServer> {
  const right = opts.mode === 'right';
  const totp = new TOTP({ secret: Secret.fromBase32(DEMO_TOTP_SECRET), period: DEMO_TOTP_PERIOD_SECONDS });
  /** The last accepted time step per user: a code is accepted once. */
  const lastStep = new Map<string, number>();

  const issued = new Set<string>([DEMO_TOTP_SECRET]);
  const app = express();
  app.disable('x-powered-by');
  recordIssuedCookies(app, issued);
  behindTlsProxy(app);
  app.use(noStore);
  app.use(express.urlencoded({ extended: false }));
  app.use(
    session({
      name: '__Host-mfa',
      secret: 'mfa-example-not-a-real-secret',
      resave: false,
      // Every visitor gets a session before login, so its ID can be compared across the login steps.
      saveUninitialized: true,
      cookie: { httpOnly: true, secure: true, sameSite: 'lax', path: '/' },
    }),
  );

  /** right: a new ID for the new privilege level; wrong: the same ID carries on. */
  const renew = (req: Request): Promise<void> =>
    right ? new Promise((resolve, reject) => req.session.regenerate((error: unknown) => (error ? reject(error instanceof Error ? error : new Error('the session could not be regenerated')) : resolve()))) : Promise.resolve();

  const signedIn = (req: Request): string | undefined => req.session.user;

  app.get('/', (_req, res) => res.redirect('/account'));
  app.get('/login', (_req, res) => res.send(passwordPage()));
  app.post('/login', async (req, res) => {
    const { username, password } = req.body as Record<string, unknown>;
    if (!verifyCredentials(username, password)) {
      res.status(401).send(passwordPage('Wrong username or password.'));
      return;
    }
    await renew(req);
    if (right) req.session.pendingUser = username;
    else Object.assign(req.session, { pendingUser: username, user: username });
    res.redirect(303, '/login/otp');
  });

  app.get('/login/otp', (req, res) => {
    if (!req.session.pendingUser) return res.redirect('/login');
    res.send(codePage());
  });
  app.post('/login/otp', async (req, res) => {
    const user = req.session.pendingUser;
    if (!user) return res.redirect(303, '/login');
    const code = (req.body as Record<string, unknown>).code;
    const delta = typeof code === 'string' ? totp.validate({ token: code, window: 1 }) : null;
    const step = delta === null ? null : totp.counter() + delta;
    if (step === null || step <= (lastStep.get(user) ?? -1)) {
      res.status(401).send(codePage(step === null ? 'Wrong code.' : 'That code was already used; wait for the next one.'));
      return;
    }
    lastStep.set(user, step);
    issued.add(code as string);
    await renew(req);
    req.session.user = user;
    delete req.session.pendingUser;
    res.redirect(303, '/account');
  });

  app.get('/account', (req, res) => {
    const user = signedIn(req);
    if (!user) return res.redirect('/login');
    res.send(
      page(
        'Account',
        `<p>Signed in as ${escapeHtml(user)}</p><form id="signout" method="post" action="/logout"><button type="submit">Sign out</button></form>`,
      ),
    );
  });
  app.get('/account/settings', (req, res) => {
    const user = signedIn(req);
    if (!user) return res.redirect('/login');
    res.send(page('Settings', `<p>Signed in as ${escapeHtml(user)}</p><p>Your settings</p>`));
  });

  app.post('/logout', (req, res: Response) => {
    req.session.destroy(() => {
      res.clearCookie('__Host-mfa', { httpOnly: true, secure: true, sameSite: 'lax', path: '/' });
      res.redirect(303, '/login');
    });
  });

  return { ...(await listen(app, opts)), issued: () => [...issued] };
}

function passwordPage(message = ''): string {
  return page(
    'Sign in',
    `${message && `<p>${escapeHtml(message)}</p>`}<form method="post" action="/login">` +
      '<label>Username <input name="username"></label><label>Password <input type="password" name="password"></label>' +
      '<button type="submit">Next</button></form>',
  );
}

function codePage(message = ''): string {
  return page(
    'Second factor',
    `${message && `<p>${escapeHtml(message)}</p>`}<form method="post" action="/login/otp">` +
      '<label>Code from your authenticator app <input name="code" inputmode="numeric" autocomplete="one-time-code"></label>' +
      '<button type="submit">Sign in</button></form>',
  );
}
