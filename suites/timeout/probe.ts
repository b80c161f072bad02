/**
 * Timeouts, measured from outside. Every reading of a session is activity on a sliding store, so each
 * session is planned as a short list of readings whose meaning holds on sliding and non-sliding stores
 * alike (README: "How timeouts are measured"). All sessions run at once through the Scheduler, within
 * the account's session budget, so the probe lasts about as long as its longest wait.
 *
 * - idle: one session left alone, read alive as late as possible (its positive control), then T+g later;
 *   on a roomy schedule the sliding reading rides on it too (T−g after the control)
 * - absolute: one session kept busy (requests every < T_idle/2) until A+g
 * - sliding: otherwise its own session, active between 0.6T and T−g and read at max(1.2T, T+g)
 * - server-enforced: a session's login cookie replayed after its own expiry, from the idle or the absolute
 *   session once its readings are done; with its timestamps moved forward from a session of its own
 * - renewal (opt-in): one session kept active until its ID changes; the previous ID replayed after the overlap
 *
 * An idle or absolute session still logged in at its decisive reading has the jar it held right before that
 * reading replayed, once its readings are over (each replay is activity): ablation names the cookie that
 * keeps or brings the session back (rule 24).
 */
import type { ExpiryReplay, TimedRequestKind, TimedSession, TimeoutArtifact } from '../../src/model/artifacts.js';
import type { Account } from '../../src/config/types.js';
import type { Credentials, HttpClient } from '../../src/drivers/http.js';
import { establishedLoginExchanges, establishedLoginMs, oracleRttMs as rtt, type Probe, type ProbeContext, type ProbePlan } from '../../src/probe.js';
import { describeBudget } from '../../src/session-budget.js';
import { Scheduler, estimateMakespan, type EndedTrack, type Track, type TrackContext } from '../../src/scheduler.js';
import { formatDuration } from '../../src/config/durations.js';
import { idsChanged } from '../shared/checks-common.js';
import { lifetimeMayExplain } from './judge.js';
import { clientExpiry, extendTimeFields, issuedAt } from './expiry.js';
import { heldJar, replayJar } from '../../src/target/jar-replay.js';
import { clientExpiryMs, graceFor, plannedSessions, planTimeouts, type PlannedSession, type TimeoutPlan } from './plan.js';
import type { OracleObservation } from '../../src/model/observation.js';

export const timeoutProbe: Probe<'timeout'> = {
  id: 'timeout',
  title: 'timeouts',
  effect: 'holds-sessions',
  async plan(ctx) {
    return describePlan(ctx, await planFor(ctx));
  },
  async run(ctx) {
    const plan = await planFor(ctx);
    const origin = ctx.clock.now();
    const tracks: Array<Track<Account, void>> = [];
    const session = (): TimedSession => ({ status: 'done', requests: [] });
    const sessions: TimedSession[] = [];
    // The sessions that start at once; once they are logged in (or failed to), the waits have begun.
    const firstWave = () => Math.min(tracks.length, ctx.budget.accounts.reduce((n, a) => n + a.slots, 0));
    let loggedIn = 0;
    const afterLogin = () => {
      if (++loggedIn === firstWave()) ctx.waitsBegun?.();
    };
    // Each track expected to take what the printed estimate gave it, so a revision starts from the same figures.
    const planned = new Map(plannedSessions(plan).map((s) => [s.name, s]));
    const expected = trackDurations(ctx, [...planned.values()]);
    /** Each track's record and planned session, for explaining a track that ends off its plan. */
    const byTrack = new Map<string, { record: TimedSession; planned: PlannedSession }>();
    const add = (name: string, record: TimedSession, body: (d: Device) => Promise<void | Again>) => {
      sessions.push(record);
      byTrack.set(name, { record, planned: planned.get(name)! });
      const expectedMs = expected.get(name)!;
      tracks.push({ name, expectedMs, run: (t) => drive(ctx, t, { name, expectedMs }, record, body, afterLogin) });
    };
    const rttMs = rtt(ctx);
    const f = formatDuration;
    const p = plan;
    const idleSession = session();
    const lowSession = session();
    const slidingSession = 'notPlanned' in p.sliding || p.sliding.onIdleSession ? idleSession : session();
    const idle = idleArtifact(p, idleSession, lowSession);
    const sliding = slidingArtifact(p, idleSession, slidingSession);
    const absolute: TimeoutArtifact['absolute'] = 'notPlanned' in p.absolute ? p.absolute : { ...p.absolute, session: session(), jar: null };
    const replay = (graceMs: number, record = session()): ExpiryReplay => ({ graceMs, expiry: null, waitMs: null, session: record });
    const se = p.serverEnforced;
    const carrier = 'notPlanned' in se ? null : se.carrier === 'idle' ? idleSession : se.carrier === 'absolute' && !('notPlanned' in absolute) ? absolute.session : null;
    const serverEnforced = 'notPlanned' in se ? se : { asIs: replay(se.graceMs, carrier ?? session()), extended: se.extended ? replay(se.graceMs) : null };
    const renewal: TimeoutArtifact['renewal'] = 'notPlanned' in p.renewal ? p.renewal : { ...p.renewal, session: session(), renewedAt: null };
    const artifact: TimeoutArtifact = { origin, budgetMs: ctx.maxWaitMs, rttMs, idle, absolute, sliding, serverEnforced, renewal };

    /** Replays the session's own credentials once its cookie's client-side expiry (and grace) has passed. */
    const replayAfterExpiry = async (d: Device, record: ExpiryReplay, extend: boolean, loginControl: TimedObservationOf) => {
      const credentials = d.credentialsAtLogin;
      const exchanges = [...d.loginExchanges, loginControl.exchange].flatMap((id) => ctx.session.evidence.byId(id) ?? []);
      // This session's own cookie decides, not the estimate the plan was made from.
      const expiry = (record.expiry = clientExpiry(exchanges, ctx.session.sessionCookies, credentials));
      const expiresIn = clientExpiryMs(expiry);
      if (expiresIn === null || (extend && expiry.timeFields.length === 0)) return;
      record.graceMs = graceFor(expiresIn, { timeouts: ctx.spec.timeouts, rttMs });
      const waitMs = (record.waitMs = expiresIn + record.graceMs);
      if (waitMs > ctx.maxWaitMs) return;
      await d.sleepUntil(Math.max(d.now(), loginControl.endedAt + waitMs), extend ? 'replay with its timestamps moved forward' : 'replay after the cookie’s own expiry');
      if (!extend) {
        await d.replay(credentials, 'server-enforced: replay after the cookie’s own expiry');
        return;
      }
      // Moved forward by the time that has passed, the timestamps read as if the session were fresh.
      const elapsed = Math.ceil(d.now() - d.loggedInAt) + 1000;
      await d.replay(extendTimeFields(credentials, issuedAt(exchanges, []), elapsed), 'server-enforced: replay with its timestamps moved forward');
    };

    if (!('notPlanned' in p.idle)) {
      const ip = p.idle;
      /**
       * Why the idle session's logged-out T+g reading (its last) came too late to be judged — past the
       * absolute timeout, or past the age at which sessions kept active were found logged out (idle.ts) —
       * when read on time it would not have been: a busy machine or target delayed it. Null otherwise.
       */
      const lateReading = (loggedInAt: number): string | null => {
        const reading = idleSession.requests.at(-1)!;
        const voidAt = (r: typeof reading) => lifetimeMayExplain(artifact, ctx.spec.timeouts.absoluteMs, idleSession, r, ip.idleMs + ip.graceMs);
        // Where the plan put it: its wait after login, each earlier reading taking one round trip.
        const plannedAt = loggedInAt + planned.get('idle')!.waitMs + (idleSession.requests.length - 1) * rttMs;
        const onTime = { ...reading, startedAt: plannedAt, endedAt: plannedAt + rttMs };
        const lateMs = Math.round(reading.endedAt - onTime.endedAt);
        return voidAt(reading) !== null && voidAt(onTime) === null ? `T+g reading ended ${f(lateMs)} after the plan had it, too late to tell idleness from the session's lifetime` : null;
      };
      const onIdle = !('notPlanned' in p.sliding) && p.sliding.onIdleSession ? p.sliding : null;
      const asIs = !('notPlanned' in serverEnforced) && carrier === idleSession ? serverEnforced.asIs : null;
      add('idle', idleSession, async (d) => {
        const control = await d.control();
        if (control.answer !== 'yes') return;
        let last = control;
        if (ip.controlAtMs !== null) {
          await d.sleepUntil(control.endedAt + ip.controlAtMs, 'positive control of the idle session');
          last = await d.ask('control', `idle: positive control after ${f(ip.controlAtMs)} idle`);
          if (last.answer !== 'yes') return;
        }
        if (onIdle) {
          await d.sleepUntil(last.startedAt + (onIdle.probeAtMs - onIdle.activityAtMs), 'sliding reading, within T−g of the control');
          last = await d.ask('probe', `sliding: read ${f(onIdle.probeAtMs - onIdle.activityAtMs)} after the control`);
        }
        await d.sleepUntil(last.endedAt + ip.idleMs + ip.graceMs, 'probe after T+g idle');
        const jar = await heldJar(ctx.session, d.client);
        const decisive = await d.ask('probe', `idle T+g: probe after ${f(ip.idleMs + ip.graceMs)} idle`);
        const late = d.firstAttempt && decisive.answer === 'no' ? lateReading(d.loggedInAt) : null;
        if (late && d.now() + expected.get('idle')! <= origin + ctx.maxWaitMs) return { again: late };
        if (asIs) await replayAfterExpiry(d, asIs, false, control);
        if (decisive.answer === 'yes' && !('notPlanned' in idle)) idle.jar = await replayJar(ctx.session, jar, 'the idle timeout');
      });
      if (ip.lowRungMs !== null) {
        const lowMs = ip.lowRungMs;
        add('idle T−g', lowSession, async (d) => {
          const control = await d.control();
          if (control.answer !== 'yes') return;
          await d.sleepUntil(control.endedAt + lowMs, `probe after ${f(lowMs)} idle`);
          await d.ask('probe', `idle T−g: probe after ${f(lowMs)} idle`);
        });
      }
    }

    if (!('notPlanned' in absolute)) {
      const ap = absolute;
      const asIs = !('notPlanned' in serverEnforced) && carrier === ap.session ? serverEnforced.asIs : null;
      add('absolute', ap.session, async (d) => {
        const control = await d.control();
        const deadline = d.loggedInAt + ap.absoluteMs + ap.graceMs;
        let answer = control.answer;
        let last = control.endedAt;
        let jar: Credentials | undefined;
        const lifetimeMs = 'notPlanned' in p.absolute ? null : p.absolute.lifetimeReadingAtMs;
        let lifetimeAt = lifetimeMs === null ? Infinity : d.loggedInAt + lifetimeMs;
        while (answer === 'yes') {
          // A keep-alive that came late may have passed it already: a reading right after would add nothing.
          if (lifetimeAt <= last) lifetimeAt = Infinity;
          const lifetime = lifetimeAt < last + ap.keepAliveMs && lifetimeAt < deadline;
          const next = lifetime ? lifetimeAt : Math.min(last + ap.keepAliveMs, deadline);
          if (lifetime) lifetimeAt = Infinity;
          const final = next >= deadline;
          const reading = final
            ? { waitFor: 'probe at A+g', kind: 'probe' as const, label: 'absolute: probe at A+g' }
            : lifetime
              ? { waitFor: 'reading at T+g/2', kind: 'activity' as const, label: 'absolute: reading at T+g/2 (a lifetime from login shorter than T+g?)' }
              : { waitFor: 'next keep-alive request', kind: 'activity' as const, label: 'absolute: keep-alive' };
          await d.sleepUntil(next, reading.waitFor);
          if (final) jar = await heldJar(ctx.session, d.client);
          const o = await d.ask(reading.kind, reading.label);
          ({ answer, endedAt: last } = o);
          if (final) break;
        }
        if (asIs && control.answer === 'yes') await replayAfterExpiry(d, asIs, false, control);
        if (jar && answer === 'yes') ap.jar = await replayJar(ctx.session, jar, 'the absolute timeout');
      });
    }

    if (!('notPlanned' in p.sliding) && !p.sliding.onIdleSession) {
      const sp = p.sliding;
      add('sliding', slidingSession, async (d) => {
        const control = await d.control();
        if (control.answer !== 'yes') return;
        await d.sleepUntil(control.endedAt + sp.activityAtMs, 'activity on the active session');
        const activity = await d.ask('activity', 'sliding: activity on the active session');
        if (activity.answer !== 'yes') return;
        await d.sleepUntil(control.endedAt + sp.probeAtMs, 'probe of the active session');
        await d.ask('probe', 'sliding: the active session, probed');
      });
    }

    if (!('notPlanned' in serverEnforced) && !('notPlanned' in se)) {
      const own = [
        ...(carrier ? [] : [{ name: 'server-enforced', record: serverEnforced.asIs, extend: false }]),
        ...(serverEnforced.extended ? [{ name: 'server-enforced (timestamps moved)', record: serverEnforced.extended, extend: true }] : []),
      ];
      for (const { name, record, extend } of own) {
        add(name, record.session, async (d) => {
          const control = await d.control();
          if (control.answer === 'yes') await replayAfterExpiry(d, record, extend, control);
        });
      }
    }

    if (!('notPlanned' in renewal)) {
      const rp = renewal;
      add('renewal', rp.session, async (d) => {
        const control = await d.control();
        if (control.answer !== 'yes') return;
        const issued = d.credentialsAtLogin;
        const issuedIds = await ctx.session.sessionIds(d.client);
        const deadline = control.endedAt + rp.deadlineMs;
        let last = control.endedAt;
        while (rp.renewedAt === null && last < deadline) {
          const next = Math.min(last + rp.keepAliveMs, deadline);
          await d.sleepUntil(next, 'activity, watching for a new session ID');
          const o = await d.ask('activity', 'renewal: activity, watching for a new ID');
          last = o.endedAt;
          if (o.answer !== 'yes') return;
          if (idsChanged(issuedIds, await ctx.session.sessionIds(d.client))) rp.renewedAt = { startedAt: o.startedAt, endedAt: o.endedAt };
        }
        if (rp.renewedAt === null) return;
        // The server issued the new ID no later than the response that carried it: count the overlap from there.
        await d.sleepUntil(rp.renewedAt.endedAt + rp.overlapMs + rp.graceMs, 'replay of the renewed-away ID after the overlap');
        const current = await d.ask('probe', 'renewal: the renewed session, still logged in');
        if (current.answer !== 'yes') return;
        await d.replay(issued, 'renewal: the previous ID, replayed after the overlap');
      });
    }

    const scheduler = new Scheduler<Account>({
      clock: ctx.clock,
      accounts: ctx.budget.accounts,
      loginIntervalMs: ctx.session.target.loginRate.intervalMs,
      signal: ctx.signal,
      onStatus: (line) => ctx.progress.status(line),
      onTrackEnd: (ended, endsAt) => {
        const track = byTrack.get(ended.name)!;
        ctx.revisePlan?.(endsAt, whyEnded(ended, track.record, track.planned));
      },
    });
    if (tracks.length > 0) ctx.progress.step(`timeouts: ${tracks.length} sessions, each waiting on its own`);
    const outcomes = await scheduler.run(tracks);
    ctx.waitsBegun?.();
    outcomes.forEach((o, i) => {
      const record = sessions[i]!;
      if (o.status === 'interrupted') Object.assign(record, { status: 'interrupted', reason: 'the run was interrupted before this session finished' });
      if (o.status === 'failed') Object.assign(record, { status: 'failed', reason: ctx.session.evidence.redactor.redact(messageOf(o.error)) });
    });
    return artifact;
  },
};

/** The idle readings: the idle session's positive control and its decisive T+g reading, and the separate T−g session. */
function idleArtifact(plan: TimeoutPlan, idleSession: TimedSession, lowSession: TimedSession): TimeoutArtifact['idle'] {
  const p = plan.idle;
  if ('notPlanned' in p) return p;
  const onIdle = !('notPlanned' in plan.sliding) && plan.sliding.onIdleSession;
  const atT = p.controlAtMs === p.idleMs - p.graceMs;
  const control = p.controlAtMs === null ? [] : [{ label: atT ? 'T−g' : 'control', offsetMs: p.controlAtMs, session: idleSession, at: 1 }];
  const decisive = { label: 'T+g', offsetMs: p.idleMs + p.graceMs, session: idleSession, at: control.length + (onIdle ? 2 : 1) };
  const low = p.lowRungMs === null ? [] : [{ label: 'T−g', offsetMs: p.lowRungMs, session: lowSession, at: 1 }];
  return { idleMs: p.idleMs, graceMs: p.graceMs, rungs: [...low, ...control, decisive].sort((a, b) => a.offsetMs - b.offsetMs), jar: null };
}

/** Where the sliding readings are: on the idle session (its control is the activity) or on their own session. */
function slidingArtifact(plan: TimeoutPlan, idleSession: TimedSession, activeSession: TimedSession): TimeoutArtifact['sliding'] {
  const p = plan.sliding;
  if ('notPlanned' in p) return p;
  const idle = plan.idle;
  const decisiveAt = 'notPlanned' in idle ? 1 : (idle.controlAtMs === null ? 0 : 1) + (p.onIdleSession ? 2 : 1);
  const { onIdleSession, ...times } = p;
  return { ...times, idle: { session: idleSession, at: decisiveAt }, activity: { session: activeSession, at: 1 }, active: { session: activeSession, at: 2 } };
}

/** One session of one track: its device, its login, and every request on it, recorded with timings. */
interface Device {
  client: HttpClient;
  loginExchanges: number[];
  /** The session's credentials right after its login, for replays. */
  credentialsAtLogin: Credentials;
  loggedInAt: number;
  now(): number;
  control(): Promise<TimedObservationOf>;
  ask(kind: TimedRequestKind, label: string): Promise<TimedObservationOf>;
  replay(credentials: Credentials, label: string): Promise<TimedObservationOf>;
  sleepUntil(at: number, what: string): Promise<void>;
  /** This track's first session, not the one that reads again after a late reading. */
  firstAttempt: boolean;
}

type TimedObservationOf = OracleObservation & { startedAt: number; endedAt: number };

/** What a track's body returns when its decisive reading came too late to be judged: read it again, once, on a new session. */
interface Again {
  again: string;
}

/**
 * Logs in a session for the track and runs its body; when the body asks, once more on a new session,
 * its record then holding only the new session's readings (the first's stay in the evidence log).
 */
async function drive(
  ctx: ProbeContext,
  t: TrackContext<Account>,
  { name, expectedMs }: { name: string; expectedMs: number },
  record: TimedSession,
  body: (d: Device) => Promise<void | Again>,
  afterLogin: () => void,
): Promise<void> {
  const { session } = ctx;
  for (let attempt = 1; ; attempt++) {
    const client = session.newClient(attempt === 1 ? `timeout: ${name}` : `timeout: ${name}, again`);
    // Probes running alongside free their own sessions; this one's must last until its readings are done.
    session.hold(client);
    let outcome: void | Again;
    try {
      outcome = await driveHeld(ctx, t, client, record, body, afterLogin, attempt === 1);
    } finally {
      session.letGo(client);
    }
    if (!outcome) return;
    const why = `the ${name} session's ${outcome.again} (a busy machine or target)`;
    ctx.progress.step(`timeouts: ${why}: reading it again on a new session`);
    // At least that long again; a track that ends later revises the estimate once more, with its own reason.
    ctx.revisePlan?.(ctx.clock.now() + expectedMs, `${why}; it is read again on a new session`);
    record.requests = [];
    delete record.login;
    record.readAgain = outcome.again;
  }
}

async function driveHeld(
  ctx: ProbeContext,
  t: TrackContext<Account>,
  client: HttpClient,
  record: TimedSession,
  body: (d: Device) => Promise<void | Again>,
  afterLogin: () => void,
  firstAttempt: boolean,
): Promise<void | Again> {
  const { session, clock } = ctx;
  await t.loginTurn();
  const loginStart = clock.now();
  const login = await session.login(client, { account: t.account }).finally(afterLogin);
  const loggedInAt = clock.now();
  record.login = { startedAt: loginStart, endedAt: loggedInAt, exchanges: login.exchanges };
  const credentialsAtLogin = await session.sessionCredentials(client);
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
    credentialsAtLogin,
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
    firstAttempt,
  };
  const outcome = await body(device);
  // Free the account's slot on the target too: a live session is logged out, an expired one forgotten.
  const lastOwn = [...record.requests].reverse().find((r) => r.kind !== 'replay');
  if (lastOwn?.answer === 'no') session.forget(client);
  else if (session.target.logout) await session.logout(client).catch(() => undefined);
  return outcome;
}

async function planFor(ctx: ProbeContext): Promise<TimeoutPlan> {
  const { session, established } = ctx;
  const exchanges = establishedLoginExchanges(ctx);
  const credentials = await session.sessionCredentials(session.baseline);
  return planTimeouts({
    timeouts: ctx.spec.timeouts,
    maxWaitMs: ctx.maxWaitMs,
    rttMs: rtt(ctx),
    expiry: clientExpiry(exchanges, established.sessionCookies, credentials),
    bearer: established.authKind === 'bearer',
  });
}

function describePlan(ctx: ProbeContext, plan: TimeoutPlan): ProbePlan {
  const lines: string[] = [];
  const part = (name: string, p: TimeoutPlan[keyof TimeoutPlan], what: () => string) =>
    lines.push(`timeout.${name}: ${'notPlanned' in p ? `not probed (${p.notPlanned.verdict}): ${p.notPlanned.reason}` : what()}`);
  const f = formatDuration;
  const slidingOnIdle = !('notPlanned' in plan.sliding) && plan.sliding.onIdleSession;
  part('idle', plan.idle, () => {
    const p = plan.idle as Exclude<TimeoutPlan['idle'], { notPlanned: unknown }>;
    const control = p.controlAtMs === null ? 'no positive control fits before the absolute timeout' : `read alive at ${f(p.controlAtMs)}`;
    const sliding = slidingOnIdle ? ', read again for timeout.sliding,' : '';
    const low = p.lowRungMs === null ? '' : `; 1 more read once at T−g=${f(p.lowRungMs)}`;
    return `1 session left idle, ${control}${sliding} then probed T+g=${f(p.idleMs + p.graceMs)} after its last request${low} (T=${f(p.idleMs)}, g=${f(p.graceMs)})`;
  });
  part('absolute', plan.absolute, () => {
    const p = plan.absolute as Exclude<TimeoutPlan['absolute'], { notPlanned: unknown }>;
    const lifetime = p.lifetimeReadingAtMs === null ? '' : `, and read once at T+g/2=${f(p.lifetimeReadingAtMs)}`;
    return `1 session kept active every ${f(p.keepAliveMs)} until A+g=${f(p.absoluteMs + p.graceMs)}${lifetime}`;
  });
  part('sliding', plan.sliding, () => {
    const p = plan.sliding as Exclude<TimeoutPlan['sliding'], { notPlanned: unknown }>;
    return p.onIdleSession
      ? `on the idle session: its control at ${f(p.activityAtMs)} is the activity, read again at ${f(p.probeAtMs)}`
      : `1 session active at ${f(p.activityAtMs)}, probed at ${f(p.probeAtMs)}; the idle session is the control`;
  });
  part('server-enforced', plan.serverEnforced, () => {
    const p = plan.serverEnforced as Exclude<TimeoutPlan['serverEnforced'], { notPlanned: unknown }>;
    const extended = p.extended ? ', and 1 more session with the timestamps in its value moved forward' : '';
    const who = p.carrier === 'idle' ? 'the idle session' : p.carrier === 'absolute' ? 'the absolute session (at A+g at the earliest)' : '1 session';
    return `${who} replayed ${f(p.waitMs)} after login (or after its last reading), past the cookie’s own expiry${extended}`;
  });
  part('renewal', plan.renewal, () => {
    const p = plan.renewal as Exclude<TimeoutPlan['renewal'], { notPlanned: unknown }>;
    return `1 session active every ${f(p.keepAliveMs)} until its ID changes (by ${f(p.deadlineMs)}), the previous ID replayed ${f(p.overlapMs + p.graceMs)} later`;
  });
  const sessions = plannedSessions(plan);
  if (sessions.length === 0) return { lines };
  const waits = sessions.map((s) => s.waitMs);
  const total = ctx.budget.accounts.reduce((n, s) => n + s.slots, 0);
  const expectedMs = Math.round(estimateMakespan([...trackDurations(ctx, sessions).values()], total, ctx.session.target.loginRate.intervalMs));
  const batches = waits.length > total ? `; only ${total} at once: more slots (spec.concurrency.maxSessions, target.accounts) would run them all together` : '';
  lines.push(`timeouts: ${waits.length} sessions, expected to take about ${f(expectedMs)} (longest wait ${f(Math.max(...waits))}); ${describeBudget(ctx.budget)}${batches}`);
  return { lines, expectedMs };
}

/**
 * How long each session's track takes, driven as the run will: its login (as long as the one that
 * established the session), its wait, its positive control and last reading (an oracle round trip each),
 * and, when it ends still logged in, its logout, as long as the baseline session's was.
 */
function trackDurations(ctx: ProbeContext, sessions: readonly PlannedSession[]): Map<string, number> {
  const loginMs = establishedLoginMs(ctx);
  const logoutMs = ctx.session.target.logout ? (ctx.budget.baseline.logoutMs ?? 0) : 0;
  const readingsMs = 2 * rtt(ctx);
  return new Map(sessions.map((s) => [s.name, loginMs + s.waitMs + readingsMs + (s.endsLoggedIn ? logoutMs : 0)]));
}

/**
 * Why a track ended off its plan, in the target's terms where its readings say: a session the target
 * logged out before its planned last reading (a fixed idle timeout ends even the kept-active one early).
 */
export function whyEnded(ended: EndedTrack, record: TimedSession, planned: PlannedSession): string {
  const f = formatDuration;
  const took = ended.endedAt - ended.startedAt;
  const loggedOut = record.requests.find((r) => r.kind !== 'replay' && r.answer === 'no');
  if (ended.failed) return `the ${ended.name} session failed after ${f(took)}`;
  if (loggedOut && record.login && loggedOut.endedAt - record.login.endedAt < planned.waitMs) {
    return `the target logged out the ${ended.name} session ${f(loggedOut.endedAt - record.login.endedAt)} after its login; its readings were planned over ${f(planned.waitMs)}`;
  }
  return `the ${ended.name} session took ${f(took)}, planned ${f(ended.expectedMs)}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
