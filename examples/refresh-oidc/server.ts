/**
 * An OAuth authorization server built on oidc-provider (OpenID Certified) that rotates refresh tokens:
 * every refresh consumes the presented token and hands out a new one (`rotateRefreshToken: true`); a
 * consumed token presented again makes oidc-provider revoke the whole grant — every refresh and access
 * token of that login (lib/actions/grants/refresh_token.js). A family ends REFRESH_LIFETIME_S after its
 * login however often it rotates: a rotated token inherits what its predecessor had left.
 *
 * The tool signs in over plain HTTP, so a small first-party login API stands next to the provider: POST
 * /api/login checks the password, then runs an ordinary authorization-code + PKCE flow against the
 * provider's own endpoints on behalf of the first-party client and answers with the provider's token
 * response. POST /api/logout revokes the grant behind the bearer access token. Refreshes go straight to
 * the provider's token endpoint (form-encoded, as OAuth has it), and GET /me is its userinfo endpoint.
 * There is no password change. Lifetimes are seconds so the demo can watch a family die.
 */
import express from 'express';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { memoryAdapter } from '../sso/store.js';
import { escapeHtml, listen, noStore, page, verifyCredentials, type RunningServer, type StartOptions } from '../shared.js';
import { OIDC_REFRESH_LIFETIME_S as REFRESH_LIFETIME_S } from '../timings.js';

const ACCESS_LIFETIME_S = 60;
export const CLIENT_ID = 'first-party-web';

export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  // The issuer is only known once the port is: the provider is created after listening.
  let provider: Provider | undefined;
  let issuer = '';
  const redirectUri = () => `${issuer}/callback`;

  const app = express();
  app.disable('x-powered-by');
  app.use(noStore);
  app.use((_req, res, next) => (provider ? next() : void res.status(503).end()));

  app.post('/api/login', express.json(), async (req, res, next) => {
    try {
      const { username, password } = (req.body ?? {}) as Record<string, unknown>;
      if (!verifyCredentials(username, password)) return void res.status(401).json({ error: 'invalid credentials' });
      const tokens = await signInThroughProvider(issuer, redirectUri(), username, password as string);
      res.status(tokens.status).json(tokens.body);
    } catch (error) {
      next(error);
    }
  });

  // The first-party login's interaction, driven by /api/login: the first-party client is granted its
  // scopes without a consent page.
  app.post('/interaction/:uid', express.urlencoded({ extended: false }), async (req, res, next) => {
    try {
      const { username, password } = req.body as Record<string, unknown>;
      if (!verifyCredentials(username, password)) return void res.status(401).end();
      const grant = new provider!.Grant({ accountId: username, clientId: CLIENT_ID });
      grant.addOIDCScope('openid offline_access');
      const grantId = await grant.save();
      await provider!.interactionFinished(req, res, { login: { accountId: username }, consent: { grantId } }, { mergeWithLastSubmission: false });
    } catch (error) {
      next(error);
    }
  });

  app.post('/api/logout', async (req, res, next) => {
    try {
      const header = req.headers.authorization ?? '';
      const token = header.startsWith('Bearer ') ? await provider!.AccessToken.find(header.slice(7)) : undefined;
      // The grant revoked as oidc-provider revokes one (lib/helpers/revoke.js): its tokens and the grant itself,
      // without which the refresh and userinfo endpoints refuse any token of it.
      const grantId = token?.grantId;
      if (grantId) {
        const { AccessToken, RefreshToken, Grant } = provider!;
        await Promise.all([AccessToken.revokeByGrantId(grantId), RefreshToken.revokeByGrantId(grantId), Grant.adapter.destroy(grantId)]);
      }
      res.status(204).end();
    } catch (error) {
      next(error);
    }
  });

  app.use((req, res) => provider!.callback()(req, res));

  const server = await listen(app, opts);
  issuer = server.url;
  provider = new Provider(issuer, configuration(redirectUri()));
  return server;
}

function configuration(redirectUri: string): Configuration {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    adapter: memoryAdapter(),
    clients: [
      {
        client_id: CLIENT_ID,
        token_endpoint_auth_method: 'none', // a public client: PKCE, and refresh tokens bound to it by client_id
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'example', use: 'sig', alg: 'RS256' }] as never },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    findAccount: (_ctx: KoaContextWithOIDC, sub: string) => ({ accountId: sub, claims: () => ({ sub }) }),
    rotateRefreshToken: true,
    ttl: {
      Interaction: 60,
      Session: 3600,
      Grant: 3600,
      AuthorizationCode: 60,
      IdToken: ACCESS_LIFETIME_S,
      AccessToken: ACCESS_LIFETIME_S,
      // A rotated token inherits its predecessor's remaining life: the family has an absolute deadline (oidc-provider's own default for public web clients, shortened).
      RefreshToken: (ctx) => ctx.oidc.entities.RotatedRefreshToken?.remainingTTL ?? REFRESH_LIFETIME_S,
    },
    features: { devInteractions: { enabled: false } },
    // A browser client may call the token endpoint from any origin: it authenticates by the token in the
    // body, never by cookies, so there is nothing ambient for another origin to ride on.
    clientBasedCORS: () => true,
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page('Error', `<p>${escapeHtml(String(out.error))}: ${escapeHtml(String(out.error_description ?? ''))}</p>`);
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  };
}

/**
 * An authorization-code + PKCE flow run by the server for its first-party client: /auth, the
 * interaction, /auth/:uid, then the code at /token. Returns the provider's token response as it is.
 */
async function signInThroughProvider(issuer: string, redirectUri: string, username: string, password: string): Promise<{ status: number; body: unknown }> {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const jar = new Map<string, string>();
  const step = async (url: string, body?: URLSearchParams) => {
    const res = await fetch(new URL(url, issuer), {
      method: body ? 'POST' : 'GET',
      body,
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    const location = res.headers.get('location');
    if (!location) throw new Error(`the provider answered ${res.status} without a redirect at ${url}`);
    return new URL(location, issuer);
  };
  const authorize = new URLSearchParams({
    client_id: CLIENT_ID,
    response_type: 'code',
    scope: 'openid offline_access',
    prompt: 'consent',
    redirect_uri: redirectUri,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  const interaction = await step(`/auth?${authorize.toString()}`);
  // The interaction checks the password itself: anyone can start an authorization request and reach it.
  const resume = await step(interaction.pathname, new URLSearchParams({ username, password }));
  const callback = await step(resume.href);
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`the provider refused the sign-in: ${callback.searchParams.get('error') ?? 'no code'}`);
  const token = await fetch(new URL('/token', issuer), {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier, client_id: CLIENT_ID }),
  });
  return { status: token.status, body: await token.json() };
}
