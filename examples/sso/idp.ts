/**
 * The identity provider of the SSO examples: oidc-provider (OpenID Certified) with its own login,
 * TOTP and consent pages instead of the development interactions, RP-initiated logout and back-channel
 * logout. One account (the demo's alice) and one confidential client per relying party.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { Secret, TOTP } from 'otpauth';
import { memoryAdapter } from './store.js';
import { escapeHtml, listen, noStore, page, recordIssuedCookies, verifyCredentials, type RunningServer, type StartOptions } from '../shared.js';

export interface IdpClient {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
  backchannelLogoutUri: string;
}

export interface IdpOptions extends StartOptions {
  clients: IdpClient[];
  /** Ask for a TOTP code after the password (the demo account's authenticator secret). */
  totp?: { secret: string; periodSeconds: number };
  /** Where the cookie values it sets and the codes it accepts are collected (for the leak test). */
  issued: Set<string>;
}

export interface RunningIdp extends RunningServer {
  issuer: string;
}

export async function startIdp(opts: IdpOptions): Promise<RunningIdp> {
  const app = express();
  app.disable('x-powered-by');
  recordIssuedCookies(app, opts.issued);
  app.use(noStore);
  // The issuer is only known once the port is: the provider is created after listening.
  let provider: Provider | undefined;
  const whenReady = (req: Request, res: Response, next: NextFunction) => (provider ? next() : res.status(503).end());
  app.use(whenReady);
  const parse = express.urlencoded({ extended: false });
  const totp = opts.totp && new TOTP({ secret: Secret.fromBase32(opts.totp.secret), period: opts.totp.periodSeconds });
  /** The last accepted time step: a code is accepted once (RFC 6238 §5.2). */
  let lastStep = -1;

  // Each page of the interaction has its own URL below the interaction's (where its cookie is scoped), so a tester's steps can be matched to it.
  app.get(['/interaction/:uid', '/interaction/:uid/:page'], async (req, res, next) => {
    try {
      const details = await provider!.interactionDetails(req, res);
      const uid = escapeHtml(details.uid);
      const pending = details.lastSubmission?.pendingTotp === true;
      const wanted = details.prompt.name === 'login' ? (pending ? 'totp' : 'login') : 'consent';
      if (req.params.page !== wanted) {
        res.redirect(`/interaction/${details.uid}/${wanted}`);
        return;
      }
      if (wanted === 'login') res.send(loginPage(uid));
      else if (wanted === 'totp') res.send(totpPage(uid));
      else res.send(page('Allow access', `<p>Allow the application to see your profile?</p><form method="post" action="/interaction/${uid}/confirm" id="consent"><button type="submit" id="allow">Allow</button></form>`));
    } catch (error) {
      next(error);
    }
  });

  app.post('/interaction/:uid/login', parse, async (req, res, next) => {
    try {
      const { username, password } = req.body as Record<string, unknown>;
      if (!verifyCredentials(username, password)) {
        res.status(401).send(loginPage(escapeHtml(String(req.params.uid)), 'Wrong username or password.'));
        return;
      }
      // With a second factor the interaction goes on: the password step is remembered in the interaction, not as a login.
      if (totp) {
        const details = await provider!.interactionDetails(req, res);
        details.lastSubmission = { pendingTotp: true, accountId: username };
        await details.save(details.exp - Math.floor(Date.now() / 1000));
        res.redirect(303, `/interaction/${details.uid}/totp`);
        return;
      }
      await provider!.interactionFinished(req, res, { login: { accountId: username } }, { mergeWithLastSubmission: false });
    } catch (error) {
      next(error);
    }
  });

  app.post('/interaction/:uid/totp', parse, async (req, res, next) => {
    try {
      const details = await provider!.interactionDetails(req, res);
      const accountId = details.lastSubmission?.accountId;
      if (!totp || details.lastSubmission?.pendingTotp !== true || typeof accountId !== 'string') {
        res.redirect(303, `/interaction/${details.uid}/login`);
        return;
      }
      const code = (req.body as Record<string, unknown>).code;
      const delta = typeof code === 'string' ? totp.validate({ token: code, window: 1 }) : null;
      const step = delta === null ? null : totp.counter() + delta;
      if (step === null || step <= lastStep) {
        res.status(401).send(totpPage(escapeHtml(details.uid), step === null ? 'Wrong code.' : 'That code was already used.'));
        return;
      }
      lastStep = step;
      opts.issued.add(code as string);
      await provider!.interactionFinished(req, res, { login: { accountId, amr: ['pwd', 'otp'] } }, { mergeWithLastSubmission: false });
    } catch (error) {
      next(error);
    }
  });

  app.post('/interaction/:uid/confirm', async (req, res, next) => {
    try {
      const details = await provider!.interactionDetails(req, res);
      const { prompt, params, session } = details;
      const grant = details.grantId
        ? await provider!.Grant.find(details.grantId)
        : new provider!.Grant({ accountId: session!.accountId, clientId: String(params.client_id) });
      const missing = prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
      if (missing.missingOIDCScope) grant!.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (missing.missingOIDCClaims) grant!.addOIDCClaims(missing.missingOIDCClaims);
      const grantId = await grant!.save();
      await provider!.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    } catch (error) {
      next(error);
    }
  });

  app.use((req, res) => provider!.callback()(req, res));

  const server = await listen(app, { ...opts, host: opts.host ?? '127.0.0.1' });
  // Another origin than the apps' (which use 127.0.0.1): the same port, named localhost.
  const issuer = server.url.replace('127.0.0.1', 'localhost');
  provider = new Provider(issuer, configuration(opts.clients));
  return { ...server, url: issuer, issuer };
}

function configuration(clients: IdpClient[]): Configuration {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    adapter: memoryAdapter(),
    clients: clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: [c.redirectUri],
      post_logout_redirect_uris: [c.postLogoutRedirectUri],
      backchannel_logout_uri: c.backchannelLogoutUri,
      backchannel_logout_session_required: true,
      grant_types: ['authorization_code'],
      response_types: ['code'],
    })),
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'example', use: 'sig', alg: 'RS256' }] as never },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    findAccount: (_ctx: KoaContextWithOIDC, sub: string) => ({ accountId: sub, claims: () => ({ sub, name: sub }) }),
    claims: { openid: ['sub'], profile: ['name'] },
    // Lifetimes in seconds, stated so the provider does not warn about its defaults.
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    features: {
      devInteractions: { enabled: false },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.body = page('Sign out', `<p>Sign out of the identity provider?</p>${form}<button type="submit" form="op.logoutForm" value="yes" name="logout" id="confirm-logout">Yes, sign me out</button>`);
        },
        postLogoutSuccessSource: (ctx) => {
          ctx.body = page('Signed out', '<p>You are signed out of the identity provider.</p>');
        },
      },
    },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page('Error', `<p>${escapeHtml(String(out.error))}: ${escapeHtml(String(out.error_description ?? ''))}</p>`);
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  };
}

function loginPage(uid: string, message = ''): string {
  return page(
    'Sign in to the identity provider',
    `${message && `<p>${escapeHtml(message)}</p>`}<form method="post" action="/interaction/${uid}/login" id="idp-login">` +
      '<label>Username <input name="username" id="idp-username"></label><label>Password <input type="password" name="password" id="idp-password"></label>' +
      '<button type="submit">Sign in</button></form>',
  );
}

function totpPage(uid: string, message = ''): string {
  return page(
    'Second factor',
    `${message && `<p>${escapeHtml(message)}</p>`}<form method="post" action="/interaction/${uid}/totp" id="idp-totp">` +
      '<label>Code <input name="code" id="idp-code" inputmode="numeric" autocomplete="one-time-code"></label><button type="submit">Verify</button></form>',
  );
}
