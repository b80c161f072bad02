/**
 * What the timeout probe will do, decided before it starts: which sessions, probed when, and which
 * checks cannot be tested within the wait budget. Pure, so the plan printed before the run is
 * exactly the plan that runs.
 */
import type { ClientExpiry, NotPlanned } from '../../src/model/artifacts.js';
import type { Spec } from '../../src/config/types.js';
import { formatDuration } from '../../src/config/durations.js';

export interface PlanInput {
  timeouts: Spec['timeouts'];
  maxWaitMs: number;
  /** Round-trip time of one oracle request. */
  rttMs: number;
  /** The client-side expiry of the session established before the suites ran (an estimate for a fresh one). */
  expiry: ClientExpiry | null;
  /** The session is a bearer token, which a response cannot renew the way Set-Cookie renews a cookie. */
  bearer: boolean;
}

/**
 * Idle: one session carries the decisive reading. Its positive control comes as late as possible (T−g
 * after login, or earlier when the absolute timeout leaves the decisive reading less than T−g of room
 * before A−g: then halfway into that room, the rest kept for lateness) and proves the session
 * was not lost before it; the reading T+g after that control must find it logged out. On a sliding
 * store the control restarts the idle timer, on a non-sliding one it does not: either way the session
 * has been idle for T+g since its last request at the decisive reading.
 */
export interface IdlePlan {
  idleMs: number;
  graceMs: number;
  /** The decisive session's positive control, this long after its login; null when none fits before the absolute timeout. */
  controlAtMs: number | null;
  /** A separate session read once at T−g after login, for the bracket's low end, when the control comes earlier than that. */
  lowRungMs: number | null;
}

export interface AbsolutePlan {
  absoluteMs: number;
  graceMs: number;
  keepAliveMs: number;
  /**
   * One reading more, this long after login (T + g/2 of the idle timeout): a session that lives a fixed
   * time from login whatever its activity (a fixed idle timeout) is then seen ended before T+g, which
   * timeout.idle needs to tell that lifetime from idleness; keep-alives alone may first see it at 1.2T.
   * Null without an idle timeout, or when it falls past A−g.
   */
  lifetimeReadingAtMs: number | null;
}

/**
 * Sliding: a session active at `activityAtMs` (after login) is read again at `probeAtMs`, within T−g of
 * its activity but past T+g since login; the decisive idle reading is the control that the idle timeout
 * is enforced at all. `onIdleSession`: the idle session's positive control is the activity and a reading
 * T−g later the sliding reading, so one session carries both measurements.
 */
export interface SlidingPlan {
  idleMs: number;
  graceMs: number;
  activityAtMs: number;
  probeAtMs: number;
  onIdleSession: boolean;
}

export interface ServerEnforcedPlan {
  graceMs: number;
  /** Wait after login before replaying: the client-side expiry plus grace. */
  waitMs: number;
  /** The value carries timestamps: a second session is replayed with them moved forward. */
  extended: boolean;
  /**
   * The session whose login credentials the as-is replay presents, after its last reading, so it needs
   * no session of its own: the idle session, or the absolute one when the replay is due after the idle
   * session's last reading anyway (then at A+g at the earliest: before that the session is legitimately
   * alive); null: a session of its own.
   */
  carrier: 'idle' | 'absolute' | null;
}

export interface RenewalPlan {
  everyMs: number;
  overlapMs: number;
  graceMs: number;
  /** Activity on the session this often, so that the renewal is seen soon after it happens. */
  keepAliveMs: number;
  /** After login: the last moment a renewal may be seen (every + keep-alive + grace). */
  deadlineMs: number;
}

export interface TimeoutPlan {
  idle: IdlePlan | NotPlanned;
  absolute: AbsolutePlan | NotPlanned;
  sliding: SlidingPlan | NotPlanned;
  serverEnforced: ServerEnforcedPlan | NotPlanned;
  renewal: RenewalPlan | NotPlanned;
}

/** Keep-alives without a spec'd idle timeout: often enough for any plausible idle timeout. */
const DEFAULT_KEEP_ALIVE_MS = 5 * 60_000;

/** CHECKS.md: g = max(spec grace, 1 % of the deadline) + RTT. */
export function graceFor(deadlineMs: number, input: Pick<PlanInput, 'timeouts' | 'rttMs'>): number {
  return Math.max(input.timeouts.graceMs, 0.01 * deadlineMs) + input.rttMs;
}

export function planTimeouts(input: PlanInput): TimeoutPlan {
  const absolute = planAbsolute(input);
  const idle = planIdle(input);
  const sliding = planSliding(input, idle);
  const serverEnforced = planServerEnforced(input, idle, absolute, sliding);
  return { idle, absolute, sliding, serverEnforced, renewal: planRenewal(input) };
}

/** One timed session of the plan: how long it waits after its login, and how it ends. */
export interface PlannedSession {
  name: string;
  waitMs: number;
  /**
   * On a target that meets the spec it is still logged in after its last reading, so the probe logs it
   * out (and that logout is part of its time); the idle and absolute sessions end timed out.
   */
  endsLoggedIn: boolean;
}

/** Every session the plan needs, with its wait after login. */
export function plannedSessions(plan: TimeoutPlan): PlannedSession[] {
  const sessions: PlannedSession[] = [];
  const add = (name: string, waitMs: number, endsLoggedIn = true) => sessions.push({ name, waitMs, endsLoggedIn });
  const se = 'notPlanned' in plan.serverEnforced ? null : plan.serverEnforced;
  const replayOn = (carrier: ServerEnforcedPlan['carrier']) => (se?.carrier === carrier ? se.waitMs : 0);
  if (!('notPlanned' in plan.idle)) {
    const sliding = 'notPlanned' in plan.sliding ? null : plan.sliding;
    add('idle', Math.max(idleReadingAtMs(plan.idle, sliding), replayOn('idle')), false);
    if (plan.idle.lowRungMs !== null) add('idle T−g', plan.idle.lowRungMs);
  }
  if (!('notPlanned' in plan.absolute)) add('absolute', Math.max(plan.absolute.absoluteMs + plan.absolute.graceMs, replayOn('absolute')), false);
  if (!('notPlanned' in plan.sliding) && !plan.sliding.onIdleSession) add('sliding', plan.sliding.probeAtMs);
  if (se && se.carrier === null) add('server-enforced', se.waitMs);
  if (se?.extended) add('server-enforced (timestamps moved)', se.waitMs);
  if (!('notPlanned' in plan.renewal)) add('renewal', renewalWaitMs(plan.renewal));
  return sessions;
}

/** When the idle session's decisive reading is due, after its login: T+g after its last earlier reading. */
export function idleReadingAtMs(idle: IdlePlan, sliding: SlidingPlan | null): number {
  const last = sliding?.onIdleSession ? sliding.probeAtMs : (idle.controlAtMs ?? 0);
  return last + idle.idleMs + idle.graceMs;
}

/** The latest moment after login a reading may come and still be about idleness, not the absolute timeout. */
function beforeAbsoluteMs(input: PlanInput): number {
  const A = input.timeouts.absoluteMs;
  return A === null ? Infinity : A - graceFor(A, input);
}

function planIdle(input: PlanInput): IdlePlan | NotPlanned {
  const idleMs = input.timeouts.idleMs;
  if (idleMs === null) return skipped('the spec states no idle timeout (spec.timeouts.idle)');
  const graceMs = graceFor(idleMs, input);
  const over = overBudget('T+g', idleMs + graceMs, input.maxWaitMs, `the idle timeout ${formatDuration(idleMs)}`);
  if (over) return over;
  // The control as late as the budget lets the decisive reading T+g after it be, and no later than halfway
  // to where that reading would meet the absolute timeout: a reading a busy machine delays past A says
  // nothing about idleness, and the margin costs nothing, since a session of its own reads T−g.
  const latest = Math.min(idleMs - graceMs, (beforeAbsoluteMs(input) - (idleMs + graceMs)) / 2, input.maxWaitMs - (idleMs + graceMs));
  const controlAtMs = latest > 0 ? latest : null;
  const lowRungMs = idleMs - graceMs > 0 && controlAtMs !== idleMs - graceMs ? idleMs - graceMs : null;
  return { idleMs, graceMs, controlAtMs, lowRungMs };
}

function planAbsolute(input: PlanInput): AbsolutePlan | NotPlanned {
  const absoluteMs = input.timeouts.absoluteMs;
  if (absoluteMs === null) return skipped('the spec states no absolute timeout (spec.timeouts.absolute)');
  const graceMs = graceFor(absoluteMs, input);
  const over = overBudget('A+g', absoluteMs + graceMs, input.maxWaitMs, `the absolute timeout ${formatDuration(absoluteMs)}`);
  if (over) return over;
  // CHECKS.md: requests every < T_idle/2, so an idle timeout (even one that renews only past half-window) never ends it.
  const idle = input.timeouts.idleMs;
  const keepAliveMs = idle === null ? Math.min(absoluteMs / 8, DEFAULT_KEEP_ALIVE_MS) : 0.4 * idle;
  const lifetimeAtMs = idle === null ? null : idle + graceFor(idle, input) / 2;
  const lifetimeReadingAtMs = lifetimeAtMs !== null && lifetimeAtMs < absoluteMs - graceMs ? lifetimeAtMs : null;
  return { absoluteMs, graceMs, keepAliveMs, lifetimeReadingAtMs };
}

function planSliding(input: PlanInput, idle: IdlePlan | NotPlanned): SlidingPlan | NotPlanned {
  const { idleMs, sliding } = input.timeouts;
  if (sliding === null) return skipped('the spec states no sliding requirement (spec.timeouts.sliding)');
  if (idleMs === null) return skipped('the spec states no idle timeout (spec.timeouts.idle), so there is nothing to slide');
  const graceMs = graceFor(idleMs, input);
  // The active session must be surely alive (≤ T−g since its activity) and surely dead if activity does not
  // count (≥ T+g since login) at its reading; activity at 0.6T or later, past the half-window renewals of ASP.NET and koa.
  const probeAtMs = Math.max(1.2 * idleMs, idleMs + graceMs);
  const earliestActivityMs = Math.max(0.6 * idleMs, probeAtMs - (idleMs - graceMs));
  if (earliestActivityMs > idleMs - graceMs) {
    return {
      notPlanned: {
        verdict: 'inconclusive',
        reason: `the grace ${formatDuration(graceMs)} is too large for the idle timeout ${formatDuration(idleMs)}: no moment separates an idle session that must be dead from an active one that must be alive (needs grace ≤ T/3)`,
      },
    };
  }
  const over = overBudget('the sliding probe', probeAtMs, input.maxWaitMs, `the idle timeout ${formatDuration(idleMs)}`);
  if (over) return over;
  // On the idle session: its control at T−g is the activity, a reading T−g later the sliding reading, and
  // the decisive idle reading T+g after that must still come before the absolute timeout and the budget.
  if (!('notPlanned' in idle) && idle.controlAtMs === idleMs - graceMs) {
    // Read a little early, so that the whole reading, its round trip included, lies within T−g of the activity.
    const slackMs = Math.max(50, 2 * input.rttMs);
    const chained = { idleMs, graceMs, activityAtMs: idle.controlAtMs, probeAtMs: 2 * idle.controlAtMs - slackMs, onIdleSession: true };
    const endMs = idleReadingAtMs(idle, chained);
    if (chained.probeAtMs >= idleMs + graceMs && endMs <= beforeAbsoluteMs(input) && endMs <= input.maxWaitMs) return chained;
  }
  // Activity halfway between the earliest moment that leaves the reading within T−g of it and T−g (the
  // latest at which the session surely lives): a reading a busy machine delays then still comes within T−g.
  const activityAtMs = (earliestActivityMs + idleMs - graceMs) / 2;
  return { idleMs, graceMs, activityAtMs, probeAtMs, onIdleSession: false };
}

function planServerEnforced(input: PlanInput, idle: IdlePlan | NotPlanned, absolute: AbsolutePlan | NotPlanned, sliding: SlidingPlan | NotPlanned): ServerEnforcedPlan | NotPlanned {
  const waitMs = clientExpiryMs(input.expiry);
  if (waitMs === null) {
    return skipped('the session cookie has no client-side expiry (no Max-Age or Expires) and carries no timestamps, so there is no client-side expiry the server could rely on');
  }
  const graceMs = graceFor(waitMs, input);
  const over = overBudget('the replay after the cookie expires', waitMs + graceMs, input.maxWaitMs, 'the session cookie’s own expiry');
  if (over) return over;
  const replayMs = waitMs + graceMs;
  const idleEndMs = 'notPlanned' in idle ? null : idleReadingAtMs(idle, 'notPlanned' in sliding ? null : sliding);
  const carrier = idleEndMs !== null && replayMs <= idleEndMs ? 'idle' : !('notPlanned' in absolute) ? 'absolute' : idleEndMs !== null ? 'idle' : null;
  return { graceMs, waitMs: replayMs, extended: (input.expiry?.timeFields.length ?? 0) > 0, carrier };
}

function planRenewal(input: PlanInput): RenewalPlan | NotPlanned {
  const renewal = input.timeouts.renewal;
  if (renewal === null) return skipped('opt-in: the spec asks for no periodic ID renewal (spec.timeouts.renewal)');
  if (input.bearer) return skipped('the session is a bearer token: renewing it is the client’s refresh, not something a response does');
  const graceMs = graceFor(renewal.everyMs, input);
  // Often enough to see the renewal within a quarter of its interval, and to keep any idle timeout at bay.
  const idle = input.timeouts.idleMs;
  const keepAliveMs = Math.min(renewal.everyMs / 4, idle === null ? DEFAULT_KEEP_ALIVE_MS : 0.4 * idle);
  const plan = { ...renewal, graceMs, keepAliveMs, deadlineMs: renewal.everyMs + keepAliveMs + graceMs };
  const over = overBudget('the replay of a renewed-away ID', renewalWaitMs(plan), input.maxWaitMs, `the renewal interval ${formatDuration(renewal.everyMs)} and overlap ${formatDuration(renewal.overlapMs)}`);
  return over ?? plan;
}

/** The longest the renewal session can wait: renewal seen at the deadline, then the overlap and a grace. */
export function renewalWaitMs(p: RenewalPlan): number {
  return p.deadlineMs + p.overlapMs + p.graceMs;
}

/** When every client-side expiry has passed: the cookie's own expiry and every future timestamp in its value. */
export function clientExpiryMs(expiry: ClientExpiry | null): number | null {
  if (!expiry) return null;
  const deadlines = [
    ...(expiry.cookie ? [expiry.cookie.lifetimeMs] : []),
    ...expiry.timeFields.map((f) => f.offsetMs).filter((ms) => ms > 0),
  ];
  return deadlines.length ? Math.max(...deadlines) : null;
}

function skipped(reason: string): NotPlanned {
  return { notPlanned: { verdict: 'skipped', reason } };
}

function overBudget(what: string, waitMs: number, budgetMs: number, from: string): NotPlanned | null {
  if (waitMs <= budgetMs) return null;
  return {
    notPlanned: {
      verdict: 'inconclusive',
      reason: `wait budget: ${what} is ${formatDuration(waitMs)} away (${from} plus grace), beyond the run's wait budget of ${formatDuration(budgetMs)}; raise --max-wait, or test a deployment configured with shorter timeouts`,
    },
  };
}
