/**
 * An SSO example target: a relying-party app (on 127.0.0.1) and its identity provider (on localhost,
 * another origin), started together. The provider's URL reaches the example's config as
 * ${SP_EXAMPLE_IDP_URL}, the way a real config names its provider.
 */
import type { RunningServer, StartOptions } from '../shared.js';
import { startApp, type SsoMode } from './app.js';
import { startIdp } from './idp.js';
import { DEMO_TOTP_PERIOD_SECONDS, DEMO_TOTP_SECRET } from '../mfa/server.js';

export const IDP_URL_VARIABLE = 'SP_EXAMPLE_IDP_URL';

export async function startServer(opts: StartOptions & { mode: SsoMode; totp?: boolean }): Promise<RunningServer> {
  const clientId = `app-${opts.mode}`;
  const clientSecret = `${clientId}-example-secret-not-a-real-one`;
  let issuer = '';
  const issued = new Set<string>([DEMO_TOTP_SECRET, clientSecret]);
  const app = await startApp({ ...opts, clientId, clientSecret, issuer: () => issuer, issued });
  const idp = await startIdp({
    host: opts.host,
    issued,
    clients: [
      {
        clientId,
        clientSecret,
        redirectUri: `${app.url}/callback`,
        postLogoutRedirectUri: `${app.url}/signed-out`,
        backchannelLogoutUri: `${app.url}/backchannel-logout`,
      },
    ],
    ...(opts.totp && { totp: { secret: DEMO_TOTP_SECRET, periodSeconds: DEMO_TOTP_PERIOD_SECONDS } }),
  });
  issuer = idp.issuer;
  return {
    url: app.url,
    env: { [IDP_URL_VARIABLE]: idp.issuer },
    issued: () => [...issued],
    async close() {
      await app.close();
      await idp.close();
    },
  };
}
