/**
 * What a probe is: something that drives the target to gather one suite's evidence. It records and
 * returns artifacts; it never decides a verdict.
 */
import type { Spec } from './config/types.js';
import type { Artifacts, ProbeId, SessionArtifact } from './model/artifacts.js';
import type { Progress } from './progress.js';
import type { TargetSession } from './target/session.js';
import type { Clock } from './scheduler.js';
import type { SessionBudget } from './session-budget.js';
import type { Exchange } from './evidence.js';

export interface ProbeContext {
  session: TargetSession;
  established: SessionArtifact;
  spec: Spec;
  progress: Progress;
  /** Every wait and timing goes through it, so tests can run probes in virtual time. */
  clock: Clock;
  /** Aborts when the user interrupts the run (Ctrl-C): stop waiting, return what was observed. */
  signal: AbortSignal;
  /** The longest wait the run may make (--max-wait); a check that needs more is inconclusive. */
  maxWaitMs: number;
  /** The sessions of each account this probe may hold at once (the run shares the spec's limit out). */
  budget: SessionBudget;
  /**
   * Given to probes that hold sessions through waits: called once their first sessions are logged in, so
   * the probes alongside start only then and their traffic does not slow the timed logins.
   */
  waitsBegun?: () => void;
  /**
   * Given to probes whose plan estimated their duration: they report when they now expect to end (clock
   * time) and why, whenever something happened that the plan did not foresee; the run decides whether the
   * estimate moved enough to print and record a revision (src/plan-revision.ts).
   */
  revisePlan?: (endsAt: number, reason: string) => void;
}

/**
 * What a probe does to the account's other sessions, which decides where the run puts it:
 * - `none`: it touches only sessions it opened itself, so it runs while the timed sessions wait;
 * - `ends-other-sessions`: it ends, evicts or fills up the account's sessions (password change, sign
 *   out everywhere, the concurrency limit), so it runs only when no timed session is alive;
 * - `leaves-sessions`: it opens sessions it cannot end (logins without a logout flow), which stay on the
 *   account until they expire and, under a session limit, evict or lock out any later one: it runs last;
 * - `holds-sessions`: it holds sessions through long waits (timeouts); the others are scheduled around it.
 */
export type ProbeEffect = 'none' | 'ends-other-sessions' | 'leaves-sessions' | 'holds-sessions';

/** What a probe's effect may depend on: how the session was established and which flows the target has. */
export type EffectContext = Pick<ProbeContext, 'session' | 'established'>;

/** The probe's effect on this target. */
export function effectOf(probe: Probe, ctx: EffectContext): ProbeEffect {
  return typeof probe.effect === 'function' ? probe.effect(ctx) : (probe.effect ?? 'none');
}

export interface Probe<K extends ProbeId = ProbeId> {
  id: K;
  title: string;
  /** Default `none`; a function when it depends on the target. */
  effect?: ProbeEffect | ((ctx: EffectContext) => ProbeEffect);
  /** The most sessions of the main account it holds at once (default 1); with `none`, the slots it needs to overlap the waits. */
  sessions?: number;
  /** What the probe will do and how long it will take, printed before the run starts (and by `run --dry-run`). */
  plan?(ctx: ProbeContext): Promise<ProbePlan>;
  run(ctx: ProbeContext): Promise<NonNullable<Artifacts[K]>>;
}

export interface ProbePlan {
  lines: string[];
  /** How long the probe is expected to take, when it waits (the timeouts); probes without waits take seconds. */
  expectedMs?: number;
}

/** The recorded exchanges of the login that established the session. */
export function establishedLoginExchanges({ session, established }: Pick<ProbeContext, 'session' | 'established'>): Exchange[] {
  return established.login.exchanges.flatMap((id) => session.evidence.byId(id) ?? []);
}

/**
 * How long a new device's login takes, for estimates: as long as the one that established the session, from
 * its first request to its last response (a browser login's requests overlap; a new device opens a new
 * connection, TLS handshake included).
 */
export function establishedLoginMs(ctx: Pick<ProbeContext, 'session' | 'established'>): number {
  const login = establishedLoginExchanges(ctx);
  return login.length ? Math.max(...login.map((e) => e.startedAt + e.durationMs)) - Math.min(...login.map((e) => e.startedAt)) : 0;
}

/**
 * One request's round trip, for estimates and the timeout plans' grace: the shorter of the oracle's two
 * readings when the run was established (logged in and logged out). A single reading a busy machine
 * delayed (200 ms on loopback) had stood for every request, widened the grace past T/3 and left the
 * sliding timeout unplanned; the readings themselves are judged by their own recorded times.
 */
export function oracleRttMs({ session, established }: Pick<ProbeContext, 'session' | 'established'>): number {
  const durations = [established.oracle.authenticated, established.oracle.anonymous].flatMap((o) => session.evidence.byId(o.exchange)?.durationMs ?? []);
  return durations.length ? Math.min(...durations) : 0;
}
