/**
 * Fixation: does logging in hand out a fresh session ID, and does the server refuse to adopt an ID it
 * never issued? Two devices: one logs in over whatever the target issued before login, the other
 * logs in over IDs planted by the tool.
 */
import type { FixationArtifact } from '../../src/model/artifacts.js';
import { mask, type Masked } from '../../src/evidence.js';
import type { Credentials } from '../../src/drivers/http.js';
import type { Probe, ProbeContext } from '../../src/probe.js';
import { craftLike } from '../../src/token/craft.js';

export const fixationProbe: Probe<'fixation'> = {
  id: 'fixation',
  title: 'session fixation',
  async run(ctx) {
    return { rotation: await rotation(ctx), planted: await planted(ctx) };
  },
};

async function rotation(ctx: ProbeContext): Promise<FixationArtifact['rotation']> {
  const { session } = ctx;
  const client = session.newClient('fixation: rotation');
  ctx.progress.step('fixation: visiting the site before login, then logging in');
  await session.visitBeforeLogin(client);
  const before = await client.credentials(session.oracle.url);
  const login = await session.login(client);
  const postLoginControl = await session.ask(client, 'positive control: logged in after login');
  const after = await session.sessionCredentials(client);
  const preLoginReplay =
    before.cookies.length === 0 ? null : await session.replay(before, 'replay: the pre-login cookies, after login');
  const afterReplayControl = preLoginReplay ? await session.ask(client, 'control: still logged in after the replay') : null;
  return {
    preLogin: valuesOf(session.sessionCookies, before),
    postLogin: valuesOf(session.sessionCookies, after),
    postLoginControl,
    preLoginReplay,
    afterReplayControl,
    loginExchanges: login.exchanges,
  };
}

async function planted(ctx: ProbeContext): Promise<FixationArtifact['planted']> {
  const { session } = ctx;
  const observed = await session.sessionCredentials(session.baseline);
  if (observed.cookies.length === 0) return { notApplicable: 'the session is not carried by a cookie, so no ID can be planted' };
  const crafted: Credentials = { cookies: observed.cookies.map((c) => ({ name: c.name, value: craftLike(c.value) })) };
  const client = session.newClient('fixation: planted ID');
  for (const c of crafted.cookies) await client.setCookie(c.name, c.value);
  ctx.progress.step('fixation: logging in with a session ID the server never issued');
  const login = await session.login(client);
  const postLoginControl = await session.ask(client, 'positive control: logged in after login');
  const after = await session.sessionCredentials(client);
  // As the planted device: a target that binds sessions to the User-Agent must judge the ID, not the replaying tool.
  const craftedReplay = await session.replay({ ...crafted, headers: { 'user-agent': client.userAgent } }, 'replay: the planted ID alone, after login');
  const afterReplayControl = await session.ask(client, 'control: still logged in after the replay');
  return {
    crafted: Object.fromEntries(crafted.cookies.map((c) => [c.name, mask(c.value)])),
    postLogin: valuesOf(session.sessionCookies, after),
    postLoginControl,
    craftedReplay,
    afterReplayControl,
    loginExchanges: login.exchanges,
  };
}

function valuesOf(names: string[], creds: Credentials): Record<string, Masked | null> {
  return Object.fromEntries(names.map((n) => {
    const c = creds.cookies.find((x) => x.name === n);
    return [n, c ? mask(c.value) : null];
  }));
}
