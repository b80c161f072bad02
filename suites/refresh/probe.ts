/**
 * Refresh tokens (target.refresh), each part on a device of its own:
 * 1. rotation: RT1 → RT2 → RT3, each time with the newest; the first minted access token is asked
 *    (the control that minted tokens work);
 * 2. reuse: the used RT2 presented again, then the newest access token asked and RT3 used;
 * 3. logout: a holder refreshes once, logs out, and presents its newest refresh token;
 * 4. lifetime, a probe of its own since it holds sessions through a wait (when spec.refresh.maxLifetime fits
 *    the wait budget): one family refreshed every third of maxLifetime until maxLifetime + grace after its
 *    login, and another login's unused RT1 presented then.
 * The password-change part runs inside the password-change probe, which owns that event.
 */
import type { Credentials, HttpClient } from '../../src/drivers/http.js';
import type { RefreshArtifact, RefreshChain, RefreshLifetimeArtifact } from '../../src/model/artifacts.js';
import { establishedLoginMs, oracleRttMs, type Probe, type ProbeContext } from '../../src/probe.js';
import { formatDuration } from '../../src/config/durations.js';
import { RefreshClient, type HeldToken } from '../../src/target/refresh.js';
import { refreshHolder, replayAfterEvent } from '../shared/refresh-trial.js';

type Observed = Exclude<RefreshArtifact, { notConfigured: string }>;

const NOT_CONFIGURED = { notConfigured: 'the target profile does not say how its clients refresh tokens (target.refresh)' };

export const refreshProbe: Probe<'refresh'> = {
  id: 'refresh',
  title: 'refresh tokens',
  sessions: 2,
  async plan({ session }) {
    return { lines: session.target.refresh ? ['refresh tokens: rotation (RT1 → RT2 → RT3), reuse of RT2, the newest refresh token after logout'] : [] };
  },
  async run(ctx): Promise<RefreshArtifact> {
    const { session } = ctx;
    const profile = session.target.refresh;
    if (!profile) return NOT_CONFIGURED;
    const device = session.newClient('refresh: rotation');
    try {
      const observed: Observed = { carrier: RefreshClient.carrier(profile), rotation: { issued: null, attempts: [], access: null }, reuse: null, logout: { notConfigured: '' } };
      await rotationAndReuse(ctx, observed, device);
      observed.logout = await aroundLogout(ctx);
      return observed;
    } finally {
      await session.release(device);
    }
  },
};

export const refreshLifetimeProbe: Probe<'refreshLifetime'> = {
  id: 'refreshLifetime',
  title: 'refresh-token lifetime',
  // The family is held through a wait that nothing of the run may end early.
  effect: 'holds-sessions',
  sessions: 2,
  async plan(ctx) {
    if (!ctx.session.target.refresh) return { lines: [] };
    const chain = chainPlan(ctx.spec, ctx.maxWaitMs);
    if (typeof chain === 'string') return { lines: [`refresh tokens: family lifetime not measured: ${chain}`] };
    const f = formatDuration;
    const expectedMs = Math.round(chainEndMs(chain, establishedLoginMs(ctx), oracleRttMs(ctx)));
    return {
      lines: [
        `refresh tokens: one family refreshed every ${f(chain.everyMs)} until ${f(chain.waitMs)} after its login, expected to take about ${f(expectedMs)}: a target that meets the spec refuses its first refresh after maxLifetime ${f(chain.maxLifetimeMs)} (one that does not is followed until ${f(chain.waitMs)})`,
      ],
      expectedMs,
    };
  },
  async run(ctx): Promise<RefreshLifetimeArtifact> {
    const { session } = ctx;
    if (!session.target.refresh) return NOT_CONFIGURED;
    const plan = chainPlan(ctx.spec, ctx.maxWaitMs);
    if (typeof plan === 'string') return { notPlanned: plan };
    const devices = ['refresh lifetime: refreshed family', 'refresh lifetime: unused token'].map((label) => session.newClient(label));
    for (const device of devices) session.hold(device);
    try {
      return await lifetimeChain(ctx, plan, devices as [HttpClient, HttpClient]);
    } finally {
      for (const device of devices) {
        session.letGo(device);
        await session.release(device);
      }
    }
  },
};

async function rotationAndReuse({ session, clock, progress }: ProbeContext, observed: Observed, device: HttpClient): Promise<void> {
  progress.step('refresh tokens: rotation, RT1 → RT2 → RT3');
  const login = await session.login(device, { label: 'refresh rotation: login' });
  const refresher = new RefreshClient(session, session.target.refresh!, clock.now(), () => clock.now());
  const rt1 = await refresher.fromLogin(device, login);
  observed.rotation.issued = refresher.issued(rt1);
  if (!rt1) return;
  const held: HeldToken[] = [rt1];
  let newestAccess: Credentials | undefined;
  for (const label of ['first refresh', 'second refresh, with the newest token']) {
    const { attempt, next, access } = await refresher.refresh(held[held.length - 1]!, label);
    observed.rotation.attempts.push(attempt);
    if (attempt.outcome !== 'issued' || !next) return;
    held.push(next);
    newestAccess = access;
    if (access && observed.rotation.access === null) observed.rotation.access = await session.replay(access, 'control: the access token the first refresh minted');
  }
  const [used, newest] = held.slice(-2) as [HeldToken, HeldToken];
  // Without rotation there is no used token: presenting the same one again is an ordinary refresh.
  if (used.value === newest.value) return;
  progress.step(`refresh tokens: presenting the used ${used.name} again`);
  const replay = await refresher.refresh(used, 'replay of a used refresh token');
  // The newest access token is asked before the newest refresh token is used (which would mint another).
  const access = newestAccess ? await session.replay(newestAccess, `the access token minted with ${newest.name}, after the replay`) : null;
  const newestRefresh = await refresher.refresh(newest, 'the newest refresh token, after the replay');
  observed.reuse = { replay: replay.attempt, newestAccess: access, newest: newestRefresh.attempt };
}

async function aroundLogout({ session, clock, progress }: ProbeContext): Promise<Observed['logout']> {
  if (!session.target.logout) return { notConfigured: 'the target profile has no logout flow (target.logout)' };
  progress.step('refresh tokens: refresh, log out, then the newest refresh token');
  const holder = await refreshHolder(session, clock, 'logout');
  if (!holder.newest) return holder.trial;
  holder.trial.eventExchanges = (await session.logout(holder.device)).exchanges;
  holder.trial.afterEvent = await session.ask(holder.device, 'control: the holder is logged out after logout');
  return replayAfterEvent(holder, 'logout');
}

export interface ChainPlan {
  maxLifetimeMs: number;
  everyMs: number;
  /** maxLifetime + grace: the family's last refresh, and the unused token's. */
  waitMs: number;
}

/** How the family's lifetime is measured within the run's wait budget, or why it is not. */
function chainPlan(spec: ProbeContext['spec'], maxWaitMs: number): ChainPlan | string {
  const maxMs = spec.refresh.maxLifetimeMs;
  if (maxMs === null) return 'the spec sets no refresh-token lifetime (spec.refresh.maxLifetime)';
  const waitMs = maxMs + spec.timeouts.graceMs;
  if (waitMs > maxWaitMs) return `waiting ${formatDuration(waitMs)} (maxLifetime + grace) exceeds the wait budget (--max-wait ${formatDuration(maxWaitMs)})`;
  // A third of the lifetime: each token is used well before it could expire on its own.
  return { maxLifetimeMs: maxMs, everyMs: Math.max(1, Math.floor(maxMs / 3)), waitMs };
}

/**
 * How long the chain takes on a target that meets the spec, driven as lifetimeChain drives it: two logins
 * of `loginMs`, then a refresh (a round trip of `rttMs`) every `everyMs` after the previous answer, until
 * the first one sent at or after maxLifetime, which is refused; or, when none comes before maxLifetime +
 * grace, the refresh then and the unused token's.
 */
export function chainEndMs(plan: ChainPlan, loginMs: number, rttMs: number): number {
  let t = 2 * loginMs;
  for (;;) {
    const left = plan.waitMs - t;
    t += left > plan.everyMs ? plan.everyMs : Math.max(0, left);
    if (t >= plan.waitMs) return t + 2 * rttMs;
    if (t >= plan.maxLifetimeMs) return t + rttMs;
    t += rttMs;
  }
}

async function lifetimeChain(ctx: ProbeContext, plan: ChainPlan, [family, unusedHolder]: [HttpClient, HttpClient]): Promise<RefreshChain> {
  const { session, spec, clock, progress, signal } = ctx;
  const origin = clock.now();
  const login = await session.login(family, { label: 'refresh lifetime: login' });
  const refresher = new RefreshClient(session, session.target.refresh!, origin, () => clock.now());
  const unusedLogin = await session.login(unusedHolder, { label: 'refresh lifetime: login (token kept unused)' });
  const chain: RefreshChain = { maxLifetimeMs: spec.refresh.maxLifetimeMs!, graceMs: spec.timeouts.graceMs, everyMs: plan.everyMs, attempts: [], unused: null };
  let newest = await refresher.fromLogin(family, login);
  const unused = await refresher.fromLogin(unusedHolder, unusedLogin);
  const deadline = origin + plan.waitMs;
  while (newest && !signal.aborted) {
    const left = deadline - clock.now();
    const wait = left > plan.everyMs ? plan.everyMs : Math.max(0, left);
    progress.step(`refresh tokens: family lifetime — next refresh in ${Math.ceil(wait / 1000)}s, ${Math.ceil(left / 1000)}s left until maxLifetime + grace`);
    try {
      await clock.sleep(wait, signal);
    } catch {
      break; // interrupted: what was observed stands
    }
    const sentAt = clock.now();
    const last = sentAt >= deadline;
    const { attempt, next } = await refresher.refresh(newest, last ? 'after maxLifetime + grace' : 'keeping the family alive');
    chain.attempts.push(attempt);
    if (last || attempt.outcome !== 'issued') break;
    newest = next ?? newest;
    // The plan counted on this refresh being refused: the family is followed until maxLifetime + grace instead.
    if (sentAt - origin >= plan.maxLifetimeMs) {
      ctx.revisePlan?.(deadline + 2 * oracleRttMs(ctx), `the family was still refreshed ${formatDuration(sentAt - origin)} after its login, past maxLifetime ${formatDuration(plan.maxLifetimeMs)}: it is followed until ${formatDuration(plan.waitMs)}`);
    }
  }
  if (unused && clock.now() >= deadline) chain.unused = (await refresher.refresh(unused, 'a token never used, after maxLifetime + grace')).attempt;
  return chain;
}
