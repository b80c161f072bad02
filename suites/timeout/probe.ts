/**
 * Timeouts, measured from outside: every time-dependent measurement gets its own fresh session (any
 * request resets an idle timer, so one session gives one measurement), and all of them run at once
 * through the Scheduler, so the probe lasts about as long as its longest wait.
 *
 * - idle: sessions left alone after their login, each probed once at its own offset (0.5T, T−g, T+g, 1.5T)
 * - absolute: one session kept busy (requests every < T_idle/2) until A+g
 * - sliding: an idle session and one active at 0.6T, both probed at max(1.2T, T+g)
 * - server-enforced: the session cookie replayed after its own expiry, and with its timestamps moved forward
 * - renewal (opt-in): one session kept active until its ID changes; the previous ID replayed after the overlap
 */
import type { ExpiryReplay, TimedRequestKind, TimedSession, TimeoutArtifact } from '../../src/model/artifacts.js';
import type { Account } from '../../src/config/types.js';
import type { Credentials, HttpClient } from '../../src/drivers/http.js';
import type { Probe, ProbeContext } from '../../src/probe.js';
import { Scheduler, estimateMakespan, type Track, type TrackContext } from '../../src/scheduler.js';
import { formatDuration } from '../../src/config/durations.js';
import { idsChanged } from '../shared/checks-common.js';
import { clientExpiry, extendTimeFields, issuedAt } from './expiry.js';
import { clientExpiryMs, graceFor, mandatedWaits, planTimeouts, renewalWaitMs, type TimeoutPlan } from './plan.js';
import type { OracleObservation } from '../../src/model/observation.js';

export const timeoutProbe: Probe<'timeout'> = {
  id: 'timeout',
  title: 'timeouts',
  async plan(ctx) {
    return describePlan(ctx, await planFor(ctx));
  },
  async run(ctx) {
    const plan = await planFor(ctx);
    const origin = ctx.clock.now();
    const tracks: Array<Track<Account, void>> = [];
    const session = (): TimedSession => ({ status: 'done', requests: [] });
    const sessions: TimedSession[] = [];
    const add = (name: string, expectedMs: number, record: TimedSession, body: (d: Device) => Promise<void>) => {
      sessions.push(record);
      tracks.push({ name, expectedMs, run: (t) => drive(ctx, t, name, record, body) });
    };
    const rttMs = rtt(ctx);
    const idle = 'notPlanned' in plan.idle ? plan.idle : { ...plan.idle, rungs: plan.idle.rungs.map((r) => ({ ...r, session: session() })) };
    const absolute = 'notPlanned' in plan.absolute ? plan.absolute : { ...plan.absolute, session: session() };
    const sliding = 'notPlanned' in plan.sliding ? plan.sliding : { ...plan.sliding, idleSession: session(), activeSession: session() };
    const replay = (graceMs: number): ExpiryReplay => ({ graceMs, expiry: null, waitMs: null, session: session() });
    const se = plan.serverEnforced;
    const serverEnforced = 'notPlanned' in se ? se : { asIs: replay(se.graceMs), extended: se.extended ? replay(se.graceMs) : null };
    const renewal: TimeoutArtifact['renewal'] = 'notPlanned' in plan.renewal ? plan.renewal : { ...plan.renewal, session: session(), renewedAt: null };
    const artifact: TimeoutArtifact = { origin, budgetMs: ctx.maxWaitMs, rttMs, idle, absolute, sliding, serverEnforced, renewal };

    if (!('notPlanned' in idle)) {
      for (const rung of idle.rungs) {
        add(`idle ${rung.label}`, rung.offsetMs, rung.session, async (d) => {
          const control = await d.control();
          if (control.answer !== 'yes') return;
          await d.sleepUntil(control.endedAt + rung.offsetMs, `probe after ${formatDuration(rung.offsetMs)} idle`);
          await d.ask('probe', `idle ${rung.label}: probe after ${formatDuration(rung.offsetMs)} idle`);
        });
      }
    }

    if (!('notPlanned' in absolute)) {
      const p = absolute;
      add('absolute', p.absoluteMs + p.graceMs, p.session, async (d) => {
        const control = await d.control();
        const deadline = d.loggedInAt + p.absoluteMs + p.graceMs;
        let answer = control.answer;
        let last = control.endedAt;
        while (answer === 'yes') {
          const next = Math.min(last + p.keepAliveMs, deadline);
          const final = next >= deadline;
          await d.sleepUntil(next, final ? 'probe at A+g' : 'next keep-alive request');
          const o = await d.ask(final ? 'probe' : 'activity', final ? 'absolute: probe at A+g' : 'absolute: keep-alive');
          ({ answer, endedAt: last } = o);
          if (final) break;
        }
      });
    }

    if (!('notPlanned' in sliding)) {
      const p = sliding;
      add('sliding (idle)', p.probeAtMs, p.idleSession, async (d) => {
        const control = await d.control();
        if (control.answer !== 'yes') return;
        await d.sleepUntil(control.endedAt + p.probeAtMs, 'probe of the idle session');
        await d.ask('probe', 'sliding: the idle session, probed');
      });
      add('sliding (active)', p.probeAtMs, p.activeSession, async (d) => {
        const control = await d.control();
        if (control.answer !== 'yes') return;
        await d.sleepUntil(control.endedAt + p.activityAtMs, 'activity on the active session');
        const activity = await d.ask('activity', 'sliding: activity on the active session');
        if (activity.answer !== 'yes') return;
        await d.sleepUntil(control.endedAt + p.probeAtMs, 'probe of the active session');
        await d.ask('probe', 'sliding: the active session, probed');
      });
    }

    if (!('notPlanned' in serverEnforced) && !('notPlanned' in se)) {
      const variants = [
        { name: 'server-enforced', record: serverEnforced.asIs, extend: false },
        ...(serverEnforced.extended ? [{ name: 'server-enforced (timestamps moved)', record: serverEnforced.extended, extend: true }] : []),
      ];
      for (const { name, record, extend } of variants) {
        add(name, se.waitMs, record.session, async (d) => {
          const control = await d.control();
          if (control.answer !== 'yes') return;
          const credentials = await ctx.session.sessionCredentials(d.client);
          const exchanges = [...d.loginExchanges, control.exchange].flatMap((id) => ctx.session.evidence.byId(id) ?? []);
          // This session's own cookie decides, not the estimate the plan was made from.
          const expiry = (record.expiry = clientExpiry(exchanges, ctx.session.sessionCookies, credentials));
          const expiresIn = clientExpiryMs(expiry);
          if (expiresIn === null || (extend && expiry.timeFields.length === 0)) return;
          record.graceMs = graceFor(expiresIn, { timeouts: ctx.spec.timeouts, rttMs });
          const waitMs = (record.waitMs = expiresIn + record.graceMs);
          if (waitMs > ctx.maxWaitMs) return;
          await d.sleepUntil(control.endedAt + waitMs, extend ? 'replay with its timestamps moved forward' : 'replay after the cookie’s own expiry');
          if (!extend) {
            await d.replay(credentials, 'server-enforced: replay after the cookie’s own expiry');
            return;
          }
          // Moved forward by the time that has passed, the timestamps read as if the session were fresh.
          const elapsed = Math.ceil(d.now() - d.loggedInAt) + 1000;
          await d.replay(extendTimeFields(credentials, issuedAt(exchanges, []), elapsed), 'server-enforced: replay with its timestamps moved forward');
        });
      }
    }

    if (!('notPlanned' in renewal)) {
      const p = renewal;
      add('renewal', renewalWaitMs(p), p.session, async (d) => {
        const control = await d.control();
        if (control.answer !== 'yes') return;
        const issued = await ctx.session.sessionCredentials(d.client);
        const issuedIds = await ctx.session.sessionIds(d.client);
        const deadline = control.endedAt + p.deadlineMs;
        let last = control.endedAt;
        while (p.renewedAt === null && last < deadline) {
          const next = Math.min(last + p.keepAliveMs, deadline);
          await d.sleepUntil(next, 'activity, watching for a new session ID');
          const o = await d.ask('activity', 'renewal: activity, watching for a new ID');
          last = o.endedAt;
          if (o.answer !== 'yes') return;
          if (idsChanged(issuedIds, await ctx.session.sessionIds(d.client))) p.renewedAt = { startedAt: o.startedAt, endedAt: o.endedAt };
        }
        if (p.renewedAt === null) return;
        // The server issued the new ID no later than the response that carried it: count the overlap from there.
        await d.sleepUntil(p.renewedAt.endedAt + p.overlapMs + p.graceMs, 'replay of the renewed-away ID after the overlap');
        const current = await d.ask('probe', 'renewal: the renewed session, still logged in');
        if (current.answer !== 'yes') return;
        await d.replay(issued, 'renewal: the previous ID, replayed after the overlap');
      });
    }

    const slots = slotsFor(ctx);
    const scheduler = new Scheduler<Account>({
      clock: ctx.clock,
      accounts: slots,
      loginIntervalMs: ctx.session.target.loginRate.intervalMs,
      signal: ctx.signal,
      onStatus: (line) => ctx.progress.status(line),
    });
    if (tracks.length > 0) ctx.progress.step(`timeouts: ${tracks.length} sessions, each waiting on its own`);
    const outcomes = await scheduler.run(tracks);
    outcomes.forEach((o, i) => {
      const record = sessions[i]!;
      if (o.status === 'interrupted') Object.assign(record, { status: 'interrupted', reason: 'the run was interrupted before this session finished' });
      if (o.status === 'failed') Object.assign(record, { status: 'failed', reason: ctx.session.evidence.redactor.redact(messageOf(o.error)) });
    });
    return artifact;
  },
};

/** One session of one track: its device, its login, and every request on it, recorded with timings. */
interface Device {
  client: HttpClient;
  loginExchanges: number[];
  loggedInAt: number;
  now(): number;
  control(): Promise<TimedObservationOf>;
  ask(kind: TimedRequestKind, label: string): Promise<TimedObservationOf>;
  replay(credentials: Credentials, label: string): Promise<TimedObservationOf>;
  sleepUntil(at: number, what: string): Promise<void>;
}

type TimedObservationOf = OracleObservation & { startedAt: number; endedAt: number };

async function drive(ctx: ProbeContext, t: TrackContext<Account>, name: string, record: TimedSession, body: (d: Device) => Promise<void>): Promise<void> {
  const { session, clock } = ctx;
  const client = session.newClient(`timeout: ${name}`);
  await t.loginTurn();
  const loginStart = clock.now();
  const login = await session.login(client, { account: t.account });
  const loggedInAt = clock.now();
  record.login = { startedAt: loginStart, endedAt: loggedInAt, exchanges: login.exchanges };
  const timed = async (kind: TimedRequestKind, label: string, ask: () => Promise<OracleObservation>) => {
    const startedAt = clock.now();
    const o = await ask();
    const observation = { ...o, startedAt, endedAt: clock.now() };
    record.requests.push({ ...observation, kind, label });
    return observation;
  };
  const device: Device = {
    client,
    loginExchanges: login.exchanges,
    loggedInAt,
    now: () => clock.now(),
    control: () => timed('control', 'positive control: logged in after login', () => session.ask(client, 'timeout: positive control after login')),
    ask: (kind, label) => timed(kind, label, () => session.ask(client, `timeout: ${label}`)),
    replay: (credentials, label) => {
      for (const c of credentials.cookies) session.evidence.redactor.addToken(c.value);
      if (credentials.authorization) session.evidence.redactor.addToken(credentials.authorization);
      return timed('replay', label, () => session.replay(credentials, label));
    },
    sleepUntil: (at, what) => t.sleepUntil(at, what),
  };
  await body(device);
  // Free the account's slot on the target too: a live session is logged out, an expired one forgotten.
  const lastOwn = [...record.requests].reverse().find((r) => r.kind !== 'replay');
  if (lastOwn?.answer === 'no') session.forget(client);
  else if (session.target.logout) await session.logout(client).catch(() => undefined);
}

async function planFor(ctx: ProbeContext): Promise<TimeoutPlan> {
  const { session, established } = ctx;
  const exchanges = established.login.exchanges.flatMap((id) => session.evidence.byId(id) ?? []);
  const credentials = await session.sessionCredentials(session.baseline);
  return planTimeouts({
    timeouts: ctx.spec.timeouts,
    maxWaitMs: ctx.maxWaitMs,
    rttMs: rtt(ctx),
    expiry: clientExpiry(exchanges, established.sessionCookies, credentials),
    bearer: established.authKind === 'bearer',
  });
}

/** The oracle's round trip, measured on the positive control of the established session. */
function rtt(ctx: ProbeContext): number {
  return ctx.session.evidence.byId(ctx.established.oracle.authenticated.exchange)?.durationMs ?? 0;
}

/** Session slots per account: `loginRate.maxSessionsPerAccount`, or one below the spec's concurrency limit; the baseline session holds one of the main account's. */
function slotsFor(ctx: ProbeContext): Array<{ account: Account; slots: number }> {
  const max = ctx.spec.concurrency.maxSessions;
  const cap = ctx.session.target.loginRate.maxSessionsPerAccount ?? (max === null ? 4 : Math.max(1, max - 1));
  return ctx.session.accounts.map((account, i) => ({ account, slots: i === 0 ? Math.max(1, cap - 1) : cap }));
}

function describePlan(ctx: ProbeContext, plan: TimeoutPlan): string[] {
  const lines: string[] = [];
  const part = (name: string, p: TimeoutPlan[keyof TimeoutPlan], what: () => string) =>
    lines.push(`timeout.${name}: ${'notPlanned' in p ? `not probed (${p.notPlanned.verdict}): ${p.notPlanned.reason}` : what()}`);
  const f = formatDuration;
  part('idle', plan.idle, () => {
    const p = plan.idle as Exclude<TimeoutPlan['idle'], { notPlanned: unknown }>;
    return `${p.rungs.length} idle sessions probed once each at ${p.rungs.map((r) => `${r.label}=${f(r.offsetMs)}`).join(', ')} (T=${f(p.idleMs)}, g=${f(p.graceMs)})`;
  });
  part('absolute', plan.absolute, () => {
    const p = plan.absolute as Exclude<TimeoutPlan['absolute'], { notPlanned: unknown }>;
    return `1 session kept active every ${f(p.keepAliveMs)} until A+g=${f(p.absoluteMs + p.graceMs)}`;
  });
  part('sliding', plan.sliding, () => {
    const p = plan.sliding as Exclude<TimeoutPlan['sliding'], { notPlanned: unknown }>;
    return `2 sessions (one active at ${f(p.activityAtMs)}) probed at ${f(p.probeAtMs)}`;
  });
  part('server-enforced', plan.serverEnforced, () => {
    const p = plan.serverEnforced as Exclude<TimeoutPlan['serverEnforced'], { notPlanned: unknown }>;
    const extended = p.extended ? ', and 1 more with the timestamps in its value moved forward' : '';
    return `1 session replayed ${f(p.waitMs)} after login, past the cookie’s own expiry${extended}`;
  });
  part('renewal', plan.renewal, () => {
    const p = plan.renewal as Exclude<TimeoutPlan['renewal'], { notPlanned: unknown }>;
    return `1 session active every ${f(p.keepAliveMs)} until its ID changes (by ${f(p.deadlineMs)}), the previous ID replayed ${f(p.overlapMs + p.graceMs)} later`;
  });
  const waits = mandatedWaits(plan);
  if (waits.length > 0) {
    const slots = slotsFor(ctx);
    const total = slots.reduce((n, s) => n + s.slots, 0);
    const loginMs = ctx.established.login.exchanges.reduce((ms, id) => ms + (ctx.session.evidence.byId(id)?.durationMs ?? 0), 0);
    const estimate = estimateMakespan(waits, total, ctx.session.target.loginRate.intervalMs, loginMs);
    const batches = waits.length > total ? `; only ${total} at once (${slots.length} account(s), target.loginRate.maxSessionsPerAccount): add target.accounts to run them all together` : '';
    lines.push(`timeouts: ${waits.length} sessions, expected to take about ${f(Math.round(estimate))} (longest wait ${f(Math.max(...waits))})${batches}`);
  }
  return lines;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
