/**
 * Single sign-on through an identity provider on another origin: which origins the login went
 * through; whether logging out at the provider (target.sso.logout) ends the app session; whether the
 * app's logout ends the provider session (a new login must ask for credentials again). Each device has
 * its own browser context, so each logs in with its own provider session.
 */
import type { LoginRestart, NotConfigured, SsoArtifact } from '../../src/model/artifacts.js';
import type { OracleObservation } from '../../src/model/observation.js';
import type { Flow } from '../../src/config/types.js';
import type { HttpClient } from '../../src/drivers/http.js';
import type { Probe, ProbeContext } from '../../src/probe.js';
import { attemptFlow, runFlow } from '../../src/target/flows.js';
import { replaySchedule } from '../../src/target/revocation-timing.js';
import { REVOCATION_GRACE_MS } from '../../src/revocation/bracket.js';

export const ssoProbe: Probe<'sso'> = {
  id: 'sso',
  title: 'single sign-on',
  async run(ctx) {
    const { session } = ctx;
    const login = session.target.login;
    if (login.kind !== 'browser' && login.kind !== 'script') return { notApplicable: 'the login is not a browser flow, so it goes through no identity provider' };
    const exchanges = session.evidence.exchanges;
    const loginExchanges = ctx.established.login.exchanges;
    const appOrigin = new URL(session.target.baseUrl).origin;
    const providerOrigins = [...new Set(loginExchanges.map((id) => originOf(exchanges.find((e) => e.id === id)?.request.url)).filter((o) => o && o !== appOrigin))] as string[];
    if (providerOrigins.length === 0) return { notApplicable: 'the login stayed on the app’s origin: it went through no identity provider' };
    return { providerOrigins, loginExchanges, idpLogout: await idpLogout(ctx), appLogout: await appLogout(ctx) };
  },
};

type IdpLogout = Exclude<SsoArtifact, { notApplicable: string }>['idpLogout'];
type AppLogout = Exclude<SsoArtifact, { notApplicable: string }>['appLogout'];

async function idpLogout(ctx: ProbeContext): Promise<IdpLogout> {
  const { session, progress, clock } = ctx;
  const flow = session.target.sso?.logout;
  if (!flow) return notConfigured('the target profile has no sso.logout (how to log out at the identity provider)');
  const device = session.newClient('sso: provider logout');
  const bystander = session.newClient('sso: other device');
  progress.step('sso: logging in two devices through the provider, then logging one out at the provider');
  await session.login(device);
  await session.login(bystander);
  const before = await session.ask(device, 'positive control: logged in before the provider logout');
  const held = await session.sessionCredentials(device);
  const logout = await attemptFlow(device, flow, session.account, 'provider logout');
  // The provider tells the app in the background (back-channel) or through the browser (front-channel):
  // like every revocation event (rule 25), the app gets spec.invalidation.maxDelay plus the replays' grace.
  const boundMs = ctx.spec.invalidation.maxDelayMs + REVOCATION_GRACE_MS;
  const started = clock.now();
  const replays: Array<{ afterMs: number; observation: OracleObservation }> = [];
  for (const at of replaySchedule(boundMs)) {
    await clock.sleep(started + at - clock.now(), ctx.signal);
    const observation = await session.replay(held, `replay: the app session ${at} ms after the provider logout`);
    replays.push({ afterMs: Math.round(clock.now() - started), observation });
    if (observation.answer === 'no') break;
  }
  const control = await session.ask(bystander, 'control: the other device, still logged in');
  await session.release(bystander);
  session.forget(device);
  return { before, logout, replays, boundMs, control };
}

async function appLogout(ctx: ProbeContext): Promise<AppLogout> {
  const { session, progress } = ctx;
  if (!session.target.logout) return notConfigured('the target profile has no logout flow');
  const device = session.newClient('sso: app logout');
  progress.step('sso: logging in, logging out in the app, then starting a login again');
  await session.login(device);
  const remembered = await restartLogin(ctx, device, 'sso: a new login while the provider session lives');
  const logout = await attemptFlow(device, session.target.logout, session.account, 'logout');
  session.forget(device);
  const after = await restartLogin(ctx, device, 'sso: a new login after the app’s logout');
  if (after.app.answer === 'yes') session.adopt(device);
  return { remembered, logout, after };
}

/** Opens the login's first page in the device's browser and sees where the provider takes it. */
async function restartLogin(ctx: ProbeContext, device: HttpClient, label: string): Promise<LoginRestart> {
  const { session } = ctx;
  const start = firstPage(session.target.login) ?? session.oracle.url;
  const result = await runFlow(device, { kind: 'browser', steps: [{ goto: start }] }, session.account, label);
  const app = await session.ask(device, `${label}: logged in to the app?`);
  const url = new URL(result.response.url);
  return {
    // A provider's page URL may carry a cookie's value (oidc-provider's interaction id): masked like evidence.
    landedOn: session.evidence.redactor.redact(`${url.origin}${url.pathname}`),
    askedForCredentials: /<input\b[^>]*\btype\s*=\s*["']?password\b/i.test(result.response.body),
    app,
    exchanges: result.exchanges,
  };
}

function firstPage(login: Flow): string | undefined {
  if (login.kind !== 'browser') return undefined;
  const step = login.steps.find((s) => 'goto' in s);
  return step && 'goto' in step ? step.goto : undefined;
}

function originOf(url: string | undefined): string | undefined {
  try {
    return url === undefined ? undefined : new URL(url).origin;
  } catch {
    return undefined;
  }
}

function notConfigured(reason: string): NotConfigured {
  return { notConfigured: reason };
}
