/**
 * Time-to-revoke (CHECKS.md rule 25): after a revocation event, the old artifacts are replayed on a
 * rising schedule until they are refused — through baseUrl and, with target.instances, on each
 * instance directly, since instances with their own caches revoke at their own pace. Each place
 * keeps being asked until it refuses; the bracket (last accepted, first refused) is the measurement.
 * A probe records it; revocation.delay judges it.
 */
import type { RevocationTiming } from '../model/artifacts.js';
import type { Credentials } from '../drivers/http.js';
import type { Clock } from '../scheduler.js';
import { formatDuration } from '../config/durations.js';
import { REVOCATION_GRACE_MS } from '../revocation/bracket.js';
import type { Progress } from '../progress.js';
import type { ProbeContext } from '../probe.js';
import type { TargetSession } from './session.js';

/** The schedule runs this much longer than the allowed delay plus grace, to measure the lag itself. */
const MEASURE_BEYOND_MS = 10_000;

/** The first gaps are short (most targets revoke at once), then grow by half, never beyond this. */
const MAX_STEP_MS = 1000;
const FIRST_STEP_MS = 250;

/**
 * Replay times after the event (ms): 0, 250, 500, 750, 1125, 1688 … with gaps growing by half but at
 * most a second, so a bracket is never wider than a second; the last one is `boundMs` itself.
 */
export function replaySchedule(boundMs: number): number[] {
  const times = [0];
  let at = 0;
  for (;;) {
    at += Math.min(MAX_STEP_MS, Math.max(FIRST_STEP_MS, Math.round(at / 2)));
    if (at >= boundMs) break;
    times.push(at);
  }
  if (boundMs > 0) times.push(boundMs);
  return times;
}

/** Where replays go: through baseUrl, and on each instance directly. */
export interface Place {
  /** 'baseUrl', or the instance's origin. */
  target: string;
  /** The oracle URL on that instance; undefined for baseUrl. */
  url?: string;
}

export function places(session: TargetSession, instances: readonly string[]): Place[] {
  const oracle = new URL(session.oracle.url);
  return [{ target: 'baseUrl' }, ...instances.map((origin) => ({ target: origin, url: new URL(oracle.pathname + oracle.search, origin).toString() }))];
}

function ask(session: TargetSession, credentials: Credentials, place: Place, step: string) {
  return session.replay(credentials, `${step} on ${place.target}`, place.url ? { url: place.url } : undefined);
}

/**
 * Positive control before the event: the artifacts are alive on every place. It also warms each
 * instance's cache, as real traffic would, so a cache lag shows at its full length.
 */
export async function askEverywhere(session: TargetSession, credentials: Credentials, where: readonly Place[], step: string): Promise<RevocationTiming['before']> {
  const out: RevocationTiming['before'] = [];
  for (const place of where) out.push({ target: place.target, observation: await ask(session, credentials, place, step) });
  return out;
}

export interface TimingOptions {
  event: string;
  /** Stop asking after this long: maxDelay + grace, within the run's wait budget. */
  boundMs: number;
  clock: Clock;
  signal: AbortSignal;
  progress: Progress;
}

/** Runs the schedule from `eventAt`, the moment the event's last response arrived. */
export async function measureRevocation(
  session: TargetSession,
  credentials: Credentials,
  where: readonly Place[],
  before: RevocationTiming['before'],
  eventAt: number,
  o: TimingOptions,
): Promise<RevocationTiming> {
  const timing: RevocationTiming = { event: o.event, boundMs: o.boundMs, before, places: where.map((p) => ({ target: p.target, replays: [] })) };
  const schedule = replaySchedule(o.boundMs);
  for (const [index, at] of schedule.entries()) {
    const waiting = where.filter((_p, i) => !timing.places[i]!.replays.some((r) => r.observation.answer === 'no'));
    if (waiting.length === 0 || o.signal.aborted) break;
    // A replay slower than the gaps (a stalled target waits out its request timeout and retries) leaves several
    // points past due: ask once, for the latest of them, so the schedule still ends near its bound instead of
    // replaying every missed point back to back, long after the bound.
    const following = schedule[index + 1];
    if (following !== undefined && eventAt + following <= o.clock.now()) continue;
    const wait = eventAt + at - o.clock.now();
    if (wait > 0) {
      o.progress.status(`${o.event}: replaying the old session until ${waiting.length} place(s) refuse it; ${formatDuration(eventAt + o.boundMs - o.clock.now())} left`);
      try {
        await o.clock.sleep(wait, o.signal);
      } catch {
        break;
      }
    }
    for (const place of waiting) {
      const sentAt = o.clock.now() - eventAt;
      const observation = await ask(session, credentials, place, `time-to-revoke after ${o.event}: replay at +${formatDuration(at)}`);
      timing.places.find((p) => p.target === place.target)!.replays.push({ atMs: Math.round(sentAt), observation });
    }
  }
  return timing;
}

/**
 * One revocation event, timed: `start` asks every place before the event (control, cache warm-up),
 * `eventDone` marks the moment the event's last response arrived, `measure` runs the schedule from
 * there. The probe may ask its own controls in between; they only use up the first schedule points.
 */
export class RevocationTimer {
  private eventAt = 0;

  private constructor(
    private readonly ctx: ProbeContext,
    private readonly credentials: Credentials,
    private readonly event: string,
    private readonly where: Place[],
    private readonly before: RevocationTiming['before'],
  ) {}

  static async start(ctx: ProbeContext, credentials: Credentials, event: string): Promise<RevocationTimer> {
    const where = places(ctx.session, revocationPolicy(ctx).instances);
    const before = await askEverywhere(ctx.session, credentials, where, `time-to-revoke: positive control before ${event}`);
    return new RevocationTimer(ctx, credentials, event, where, before);
  }

  eventDone(): void {
    this.eventAt = this.ctx.clock.now();
  }

  measure(): Promise<RevocationTiming> {
    const { ctx } = this;
    const boundMs = Math.min(revocationPolicy(ctx).boundMs, ctx.maxWaitMs);
    return measureRevocation(ctx.session, this.credentials, this.where, this.before, this.eventAt, {
      event: this.event,
      boundMs,
      clock: ctx.clock,
      signal: ctx.signal,
      progress: ctx.progress,
    });
  }
}

/**
 * Where replays go (baseUrl and the instances) and how long after an event they go on at most: the
 * allowed delay (spec.invalidation.maxDelay) plus grace, and then MEASURE_BEYOND_MS more, so a report can
 * say how long a lag really is rather than only that it is too long.
 */
function revocationPolicy(ctx: ProbeContext): { instances: string[]; boundMs: number } {
  return { instances: ctx.session.target.instances, boundMs: ctx.spec.invalidation.maxDelayMs + REVOCATION_GRACE_MS + MEASURE_BEYOND_MS };
}
