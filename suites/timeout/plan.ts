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

export interface IdlePlan {
  idleMs: number;
  graceMs: number;
  rungs: Array<{ label: string; offsetMs: number }>;
}

export interface AbsolutePlan {
  absoluteMs: number;
  graceMs: number;
  keepAliveMs: number;
}

export interface SlidingPlan {
  idleMs: number;
  graceMs: number;
  activityAtMs: number;
  probeAtMs: number;
}

export interface ServerEnforcedPlan {
  graceMs: number;
  /** Wait after login before replaying: the client-side expiry plus grace. */
  waitMs: number;
  /** The value carries timestamps: a second session is replayed with them moved forward. */
  extended: boolean;
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
  const plan: TimeoutPlan = {
    idle: planIdle(input),
    absolute: planAbsolute(input),
    sliding: planSliding(input),
    serverEnforced: planServerEnforced(input),
    renewal: planRenewal(input),
  };
  // A 1.5T rung narrows the bracket on targets that fail, but only when another probe waits that long anyway.
  if (!('notPlanned' in plan.idle)) {
    const longest = Math.max(0, ...mandatedWaits({ ...plan, idle: { notPlanned: { verdict: 'skipped', reason: '' } } }));
    const late = 1.5 * plan.idle.idleMs;
    const last = plan.idle.rungs[plan.idle.rungs.length - 1]!;
    if (late > last.offsetMs && late <= longest && late <= input.maxWaitMs) plan.idle.rungs.push({ label: '1.5T', offsetMs: late });
  }
  return plan;
}

/** How long each planned session waits after its login, longest last. */
export function mandatedWaits(plan: TimeoutPlan): number[] {
  const waits: number[] = [];
  if (!('notPlanned' in plan.idle)) waits.push(...plan.idle.rungs.map((r) => r.offsetMs));
  if (!('notPlanned' in plan.absolute)) waits.push(plan.absolute.absoluteMs + plan.absolute.graceMs);
  if (!('notPlanned' in plan.sliding)) waits.push(plan.sliding.probeAtMs, plan.sliding.probeAtMs);
  if (!('notPlanned' in plan.serverEnforced)) {
    waits.push(plan.serverEnforced.waitMs);
    if (plan.serverEnforced.extended) waits.push(plan.serverEnforced.waitMs);
  }
  if (!('notPlanned' in plan.renewal)) waits.push(renewalWaitMs(plan.renewal));
  return waits.sort((a, b) => a - b);
}

function planIdle(input: PlanInput): IdlePlan | NotPlanned {
  const idleMs = input.timeouts.idleMs;
  if (idleMs === null) return skipped('the spec states no idle timeout (spec.timeouts.idle)');
  const graceMs = graceFor(idleMs, input);
  const over = overBudget('T+g', idleMs + graceMs, input.maxWaitMs, `the idle timeout ${formatDuration(idleMs)}`);
  if (over) return over;
  const rungs = [
    { label: '0.5T', offsetMs: 0.5 * idleMs },
    { label: 'T−g', offsetMs: idleMs - graceMs },
    { label: 'T+g', offsetMs: idleMs + graceMs },
  ];
  // With a grace as large as the timeout itself T−g goes negative or below 0.5T: keep what lies in (0, T+g), in order.
  const useful = rungs.filter((r) => r.label === 'T+g' || (r.offsetMs > 0 && r.offsetMs < idleMs + graceMs));
  return { idleMs, graceMs, rungs: useful.sort((a, b) => a.offsetMs - b.offsetMs) };
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
  return { absoluteMs, graceMs, keepAliveMs };
}

function planSliding(input: PlanInput): SlidingPlan | NotPlanned {
  const { idleMs, sliding } = input.timeouts;
  if (sliding === null) return skipped('the spec states no sliding requirement (spec.timeouts.sliding)');
  if (idleMs === null) return skipped('the spec states no idle timeout (spec.timeouts.idle), so there is nothing to slide');
  const graceMs = graceFor(idleMs, input);
  // The idle session must be surely dead (≥ T+g idle) and the active one surely alive (≤ T−g since its
  // activity) at the same moment; activity at 0.6T, past the half-window renewals of ASP.NET and koa.
  const probeAtMs = Math.max(1.2 * idleMs, idleMs + graceMs);
  const activityAtMs = Math.max(0.6 * idleMs, probeAtMs - (idleMs - graceMs));
  if (activityAtMs > idleMs - graceMs) {
    return {
      notPlanned: {
        verdict: 'inconclusive',
        reason: `the grace ${formatDuration(graceMs)} is too large for the idle timeout ${formatDuration(idleMs)}: no moment separates an idle session that must be dead from an active one that must be alive (needs grace ≤ T/3)`,
      },
    };
  }
  const over = overBudget('the sliding probe', probeAtMs, input.maxWaitMs, `the idle timeout ${formatDuration(idleMs)}`);
  return over ?? { idleMs, graceMs, activityAtMs, probeAtMs };
}

function planServerEnforced(input: PlanInput): ServerEnforcedPlan | NotPlanned {
  const waitMs = clientExpiryMs(input.expiry);
  if (waitMs === null) {
    return skipped('the session cookie has no client-side expiry (no Max-Age or Expires) and carries no timestamps, so there is no client-side expiry the server could rely on');
  }
  const graceMs = graceFor(waitMs, input);
  const over = overBudget('the replay after the cookie expires', waitMs + graceMs, input.maxWaitMs, 'the session cookie’s own expiry');
  return over ?? { graceMs, waitMs: waitMs + graceMs, extended: (input.expiry?.timeFields.length ?? 0) > 0 };
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
