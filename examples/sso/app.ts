/**
 * A relying party of the SSO examples: an express-session app that signs users in through the
 * provider with openid-client (authorization code + PKCE). `right` issues a new session ID at the
 * callback, ends its sessions on the provider's back-channel logout, and logs out at the provider too
 * (RP-initiated logout); `wrong` keeps the pre-login session ID, ignores the provider's logout and only
 * ends its own session.
 */
import express, { type Request } from 'express';
import session from 'express-session';
import * as oidc from 'openid-client';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { behindTlsProxy, escapeHtml, listen, noStore, page, recordIssuedCookies, type RunningServer, type StartOptions } from '../shared.js';

export type SsoMode = 'right' | 'wrong';

export interface AppOptions extends StartOptions {
  mode: SsoMode;
  clientId: string;
  clientSecret: string;
  /** The provider's issuer URL; known once the provider listens, after this app. */
  issuer: () => string;
  /** Where the cookie values it sets are collected (for the leak test). */
  issued: Set<string>;
}

declare module 'express-session' {
  interface SessionData {
    oidc?: { state: string; nonce: string; verifier: string };
    ssoUser?: string;
    /** The provider's session (the ID token's sid): back-channel logout names it. */
    idpSid?: string;
    idToken?: string;
  }
}

const COOKIE = '__Host-app';
const BACKCHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

export async function startApp(opts: AppOptions): Promise<RunningServer> {
  const right = opts.mode === 'right';
  const store = new session.MemoryStore();
  /** App sessions per provider session, so a back-channel logout can end them. */
  const byIdpSid = new Map<string, Set<string>>();
  let client: Promise<oidc.Configuration> | undefined;
  const config = () =>
    (client ??= oidc.discovery(new URL(opts.issuer()), opts.clientId, opts.clientSecret, undefined, { execute: [oidc.allowInsecureRequests] }).catch((error: unknown) => {
      client = undefined;
      throw error;
    }));

  const app = express();
  app.disable('x-powered-by');
  recordIssuedCookies(app, opts.issued);
  behindTlsProxy(app);
  app.use(noStore);
  app.use(
    session({
      name: COOKIE,
      store,
      secret: 'sso-example-not-a-real-secret',
      resave: false,
      saveUninitialized: true,
      cookie: { httpOnly: true, secure: true, sameSite: 'lax', path: '/' },
    }),
  );
  let base = '';
  const redirectUri = () => `${base}/callback`;

  app.get('/', (_req, res) => res.redirect('/account'));
  app.get('/login', async (req, res, next) => {
    try {
      const verifier = oidc.randomPKCECodeVerifier();
      const flow = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier };
      req.session.oidc = flow;
      const url = oidc.buildAuthorizationUrl(await config(), {
        redirect_uri: redirectUri(),
        scope: 'openid profile',
        state: flow.state,
        nonce: flow.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
      });
      req.session.save(() => res.redirect(url.href));
    } catch (error) {
      next(error);
    }
  });

  app.get('/callback', async (req, res, next) => {
    try {
      const flow = req.session.oidc;
      if (!flow) return res.redirect('/login');
      const tokens = await oidc.authorizationCodeGrant(await config(), new URL(req.originalUrl, base), {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
      });
      const claims = tokens.claims()!;
      if (right) await new Promise<void>((resolve, reject) => req.session.regenerate((e: unknown) => (e ? reject(e instanceof Error ? e : new Error('the session could not be regenerated')) : resolve())));
      delete req.session.oidc;
      Object.assign(req.session, { ssoUser: typeof claims.name === 'string' ? claims.name : claims.sub, idpSid: typeof claims.sid === 'string' ? claims.sid : undefined, idToken: tokens.id_token });
      if (right && typeof claims.sid === 'string') {
        const set = byIdpSid.get(claims.sid) ?? new Set<string>();
        set.add(req.sessionID);
        byIdpSid.set(claims.sid, set);
      }
      req.session.save(() => res.redirect(303, '/account'));
    } catch (error) {
      next(error);
    }
  });

  const signedIn = (req: Request) => req.session.ssoUser;
  app.get('/account', (req, res) => {
    const user = signedIn(req);
    if (!user) {
      res.status(401).send(page('Signed out', '<p>You are not signed in.</p><a href="/login" id="signin">Sign in</a>'));
      return;
    }
    res.send(page('Account', `<p>Signed in as ${escapeHtml(user)}</p><form id="signout" method="post" action="/logout"><button type="submit">Sign out</button></form>`));
  });

  app.post('/logout', async (req, res, next) => {
    try {
      const { idToken } = req.session;
      await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
      res.clearCookie(COOKIE, { httpOnly: true, secure: true, sameSite: 'lax', path: '/' });
      if (right && idToken) {
        // RP-initiated logout: the provider's session ends too.
        res.redirect(303, oidc.buildEndSessionUrl(await config(), { id_token_hint: idToken, post_logout_redirect_uri: `${base}/signed-out` }).href);
        return;
      }
      res.redirect(303, '/signed-out');
    } catch (error) {
      next(error);
    }
  });
  app.get('/signed-out', (_req, res) => res.send(page('Signed out', '<p>You are signed out.</p>')));

  app.post('/backchannel-logout', express.urlencoded({ extended: false }), async (req, res) => {
    if (!right) {
      // Provider logout is not implemented: app sessions outlive the provider's.
      res.status(501).end();
      return;
    }
    try {
      const raw = (req.body as Record<string, unknown>).logout_token;
      const token = typeof raw === 'string' ? raw : '';
      const meta = (await config()).serverMetadata();
      const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(meta.jwks_uri!)), { issuer: meta.issuer, audience: opts.clientId });
      const events = payload.events as Record<string, unknown> | undefined;
      if (!events || !(BACKCHANNEL_EVENT in events) || typeof payload.sid !== 'string' || 'nonce' in payload) throw new Error('not a logout token');
      for (const id of byIdpSid.get(payload.sid) ?? []) store.destroy(id);
      byIdpSid.delete(payload.sid);
      res.status(200).end();
    } catch {
      res.status(400).end();
    }
  });

  const server = await listen(app, opts);
  base = server.url;
  return server;
}
