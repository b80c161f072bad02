/**
 * Runs time-dependent probes ("tracks") concurrently, each on its own session, so a run lasts about
 * as long as its longest wait instead of the sum of the waits. Tracks start longest first whenever a
 * session slot is free: an account holds at most `maxSessionsPerAccount` of the tool's sessions at a
 * time, so a concurrency limit on the target cannot evict a probe's session and make a broken
 * timeout look enforced. Logins are spaced out (`loginIntervalMs`) so the run does not look like
 * credential stuffing. Every wait goes through a Clock, so tests run the whole thing in virtual time.
 * Whenever a track ends, the scheduler forecasts when the rest will (onTrackEnd), so a probe whose
 * plan the target proved wrong can revise its estimate.
 */
import { setTimeout as sleepReal } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import { formatDuration } from './config/durations.js';

export interface Clock {
  /** Milliseconds on a monotonic scale that reads like epoch time. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * Node fires a timer longer than 2^31−1 ms (about 24.8 days) after 1 ms instead (TimeoutOverflowWarning):
 * longer waits are slept in pieces.
 */
export const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** Monotonic (immune to wall-clock jumps), anchored at the epoch time the process started. */
export const systemClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  sleep: async (ms, signal) => {
    for (let left = Math.max(0, ms); ; left -= LONGEST_TIMER_MS) {
      await sleepReal(Math.min(left, LONGEST_TIMER_MS), undefined, { signal });
      if (left <= LONGEST_TIMER_MS) return;
    }
  },
};

export interface TrackContext<A> {
  /** The account this track's session belongs to. */
  account: A;
  /** Waits for this track's turn to log in; call it right before the login. */
  loginTurn(): Promise<void>;
  /** Waits until clock time `at`, shown as "`what` in 12s" while it lasts. */
  sleepUntil(at: number, what: string): Promise<void>;
  now(): number;
  signal: AbortSignal;
}

export interface Track<A, T> {
  name: string;
  /** How long the track is expected to take from its login turn, login included: the longest start first. */
  expectedMs: number;
  run(ctx: TrackContext<A>): Promise<T>;
}

export type TrackOutcome<T> =
  | { status: 'done'; value: T }
  | { status: 'interrupted' }
  | { status: 'failed'; error: unknown };

export interface SchedulerOptions<A> {
  clock: Clock;
  accounts: ReadonlyArray<{ account: A; slots: number }>;
  loginIntervalMs: number;
  signal?: AbortSignal;
  /** Receives the countdown line (what is waited for, time left) every `tickMs` while tracks wait. */
  onStatus?: (line: string) => void;
  tickMs?: number;
  /**
   * Called when a track ends while others are still to finish, with when they are now expected to be
   * done: the tracks running at their expected end, the waiting ones scheduled into the slots (forecastEnd).
   */
  onTrackEnd?: (ended: EndedTrack, forecastEndAt: number) => void;
}

/** A track that has ended, against what it was expected to take. */
export interface EndedTrack {
  name: string;
  /** Its login turn (or, before it took one, when it got its slot). */
  startedAt: number;
  endedAt: number;
  expectedMs: number;
  failed: boolean;
}

/** A track holding a slot, from its login turn on. */
interface Running {
  startedAt: number;
  expectedMs: number;
}

interface Waiting {
  track: string;
  what: string;
  until: number;
}

export class Scheduler<A> {
  private readonly free: number[];
  private readonly queue: Array<() => void> = [];
  private nextLoginAt = -Infinity;
  private readonly waits = new Set<Waiting>();
  private readonly controller = new AbortController();
  /** For the forecast: the tracks holding a slot, and the expected durations of those still waiting for one. */
  private readonly running = new Set<Running>();
  private readonly pending = new Set<{ expectedMs: number }>();

  constructor(private readonly options: SchedulerOptions<A>) {
    if (options.accounts.every((a) => a.slots < 1)) throw new Error('the scheduler needs at least one session slot');
    this.free = options.accounts.map((a) => a.slots);
    options.signal?.addEventListener('abort', () => this.controller.abort(options.signal!.reason), { once: true });
    if (options.signal?.aborted) this.controller.abort(options.signal.reason);
  }

  /** Runs every track; never rejects. A track still waiting when the signal aborts is `interrupted`. */
  async run<T>(tracks: ReadonlyArray<Track<A, T>>): Promise<Array<TrackOutcome<T>>> {
    const order = tracks.map((t, i) => ({ t, i })).sort((a, b) => b.t.expectedMs - a.t.expectedMs || a.i - b.i);
    for (const { t } of order) this.pending.add(t);
    const outcomes = new Array<TrackOutcome<T>>(tracks.length);
    const ticker = new AbortController();
    const ticking = this.tick(ticker.signal);
    try {
      await Promise.all(order.map(async ({ t, i }) => (outcomes[i] = await this.runTrack(t))));
    } finally {
      ticker.abort();
      await ticking;
    }
    return outcomes;
  }

  private async runTrack<T>(track: Track<A, T>): Promise<TrackOutcome<T>> {
    const signal = this.controller.signal;
    let slot: number;
    try {
      slot = await this.acquire(signal);
    } catch {
      return { status: 'interrupted' };
    } finally {
      this.pending.delete(track);
    }
    const running: Running = { startedAt: this.options.clock.now(), expectedMs: track.expectedMs };
    this.running.add(running);
    const ctx: TrackContext<A> = {
      account: this.options.accounts[slot]!.account,
      loginTurn: async () => {
        running.startedAt = await this.loginTurn(track.name, signal);
      },
      sleepUntil: (at, what) => this.sleepUntil(track.name, at, what, signal),
      now: () => this.options.clock.now(),
      signal,
    };
    let outcome: TrackOutcome<T>;
    try {
      outcome = { status: 'done', value: await track.run(ctx) };
    } catch (error) {
      outcome = signal.aborted ? { status: 'interrupted' } : { status: 'failed', error };
    }
    this.running.delete(running);
    this.release(slot);
    if (outcome.status !== 'interrupted') this.ended({ name: track.name, startedAt: running.startedAt, endedAt: this.options.clock.now(), expectedMs: track.expectedMs, failed: outcome.status === 'failed' });
    return outcome;
  }

  /** Tells the listener when the tracks still to finish are now expected to be done. */
  private ended(track: EndedTrack): void {
    const { onTrackEnd, clock, accounts, loginIntervalMs } = this.options;
    if (!onTrackEnd || (this.running.size === 0 && this.pending.size === 0)) return;
    const forecast = forecastEnd({
      now: clock.now(),
      slots: accounts.reduce((n, a) => n + a.slots, 0),
      running: [...this.running].map((r) => r.startedAt + r.expectedMs),
      waiting: [...this.pending].map((t) => t.expectedMs),
      loginIntervalMs,
      lastLoginAt: this.nextLoginAt,
    });
    onTrackEnd(track, forecast);
  }

  /** The account with the most free slots, so load spreads; waits in FIFO order when all are busy. */
  private async acquire(signal: AbortSignal): Promise<number> {
    for (;;) {
      if (signal.aborted) throw signal.reason;
      const best = this.free.reduce((bi, n, i) => (n > (this.free[bi] ?? 0) ? i : bi), 0);
      if (this.free[best]! > 0) {
        this.free[best]!--;
        return best;
      }
      await new Promise<void>((resolve) => {
        this.queue.push(resolve);
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
    }
  }

  private release(slot: number): void {
    this.free[slot]!++;
    this.queue.shift()?.();
  }

  /** Resolves at the track's turn to log in, with that time. */
  private async loginTurn(track: string, signal: AbortSignal): Promise<number> {
    const { clock, loginIntervalMs } = this.options;
    const at = Math.max(clock.now(), this.nextLoginAt + loginIntervalMs);
    this.nextLoginAt = at;
    if (at > clock.now()) await this.sleepUntil(track, at, 'its turn to log in (logins are spaced out)', signal);
    return at;
  }

  private async sleepUntil(track: string, at: number, what: string, signal: AbortSignal): Promise<void> {
    const wait: Waiting = { track, what, until: at };
    this.waits.add(wait);
    try {
      await this.options.clock.sleep(at - this.options.clock.now(), signal);
    } finally {
      this.waits.delete(wait);
    }
  }

  private async tick(stop: AbortSignal): Promise<void> {
    const { onStatus, clock, tickMs = 1000 } = this.options;
    if (!onStatus) return;
    while (!stop.aborted) {
      const line = countdownLine([...this.waits], clock.now());
      if (line) onStatus(line);
      await clock.sleep(tickMs, stop).catch(() => undefined);
    }
  }
}

/** "waiting · idle T+g: probe in 3.1s · absolute: probe at A+g in 8.0s · all done in 8.0s" — the nearest three. */
export function countdownLine(waits: readonly Waiting[], now: number): string {
  if (waits.length === 0) return '';
  const sorted = [...waits].sort((a, b) => a.until - b.until);
  const left = (w: Waiting) => formatDuration(Math.max(0, Math.ceil((w.until - now) / 100) * 100));
  const shown = sorted.slice(0, 3).map((w) => `${w.track}: ${w.what} in ${left(w)}`);
  const more = sorted.length > 3 ? ` · ${sorted.length - 3} more` : '';
  return `waiting · ${shown.join(' · ')}${more} · last wait ends in ${left(sorted[sorted.length - 1]!)}`;
}

/** Where a schedule stands: what the forecast starts from. */
export interface ScheduleState {
  now: number;
  slots: number;
  /** When each track holding a slot is expected to end (one already overdue is taken to end now). */
  running: readonly number[];
  /** The expected durations, login included, of the tracks still waiting for a slot. */
  waiting: readonly number[];
  loginIntervalMs: number;
  /** The last login turn given (-Infinity before the first). */
  lastLoginAt: number;
}

/**
 * When the last track is expected to end: the same longest-first list scheduling the Scheduler does,
 * each waiting track starting in the first slot to free up, its login at least `loginIntervalMs` after the previous one.
 */
export function forecastEnd(state: ScheduleState): number {
  const { now, slots, running, waiting, loginIntervalMs } = state;
  const busyUntil = [...running.map((end) => Math.max(end, now)), ...new Array<number>(Math.max(0, slots - running.length)).fill(now)];
  let lastLogin = state.lastLoginAt;
  let end = Math.max(now, ...busyUntil);
  for (const d of [...waiting].sort((a, b) => b - a)) {
    const i = busyUntil.indexOf(Math.min(...busyUntil));
    const start = Math.max(busyUntil[i]!, lastLogin + loginIntervalMs);
    lastLogin = start;
    busyUntil[i] = start + d;
    end = Math.max(end, busyUntil[i]);
  }
  return end;
}

/** How long a set of tracks takes with these slots from the start (durations with their logins). */
export function estimateMakespan(durations: readonly number[], slots: number, loginIntervalMs: number): number {
  if (slots < 1) throw new Error('at least one slot');
  return forecastEnd({ now: 0, slots, running: [], waiting: durations, loginIntervalMs, lastLoginAt: -Infinity });
}
