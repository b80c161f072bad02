/**
 * The scheduler in virtual time: concurrency, slot caps per account, login spacing, interruption and
 * the countdown — minutes of schedule, milliseconds of test.
 */
import { describe, expect, it } from 'vitest';
import { Scheduler, countdownLine, estimateMakespan, forecastEnd, type EndedTrack, type Track } from '../../src/scheduler.js';
import { PlanEstimate, revisionLine } from '../../src/plan-revision.js';
import { VirtualClock } from '../fixtures/virtual-clock.js';

const S = 1000;

interface Log {
  track: string;
  account: string;
  loginAt: number;
  doneAt: number;
}

/** A track that logs in, waits `waitMs` (or ends after `endsAfterMs`, as a session the target logs out early) and records when. */
function waiting(name: string, waitMs: number, clock: VirtualClock, log: Log[], endsAfterMs = waitMs): Track<string, string> {
  return {
    name,
    expectedMs: waitMs,
    async run(t) {
      await t.loginTurn();
      const loginAt = clock.now();
      await t.sleepUntil(loginAt + endsAfterMs, `${name} probe`);
      log.push({ track: name, account: t.account, loginAt, doneAt: clock.now() });
      return name;
    },
  };
}

function scheduler(clock: VirtualClock, accounts: Array<[string, number]>, extra: Partial<ConstructorParameters<typeof Scheduler<string>>[0]> = {}) {
  return new Scheduler<string>({ clock, accounts: accounts.map(([account, slots]) => ({ account, slots })), loginIntervalMs: 200, ...extra });
}

describe('Scheduler', () => {
  it('runs the waits concurrently: the run lasts the longest wait plus login spacing, not the sum', async () => {
    const clock = new VirtualClock();
    const t0 = clock.now();
    const log: Log[] = [];
    const tracks = [waiting('idle', 5 * S, clock, log), waiting('absolute', 10 * S, clock, log), waiting('sliding', 8 * S, clock, log)];
    const outcomes = await clock.run(scheduler(clock, [['alice', 5]]).run(tracks));
    expect(outcomes).toEqual([
      { status: 'done', value: 'idle' },
      { status: 'done', value: 'absolute' },
      { status: 'done', value: 'sliding' },
    ]);
    // Longest first: absolute logs in at once, the others 200 ms apart.
    expect(log.map((l) => [l.track, l.loginAt - t0])).toEqual([
      ['idle', 400],
      ['sliding', 200],
      ['absolute', 0],
    ]);
    expect(clock.now() - t0).toBe(10 * S);
  });

  it('never holds more sessions per account than its slots, and spreads them over the accounts', async () => {
    const clock = new VirtualClock();
    const t0 = clock.now();
    const log: Log[] = [];
    const tracks = Array.from({ length: 5 }, (_, i) => waiting(`t${i}`, 10 * S, clock, log));
    await clock.run(scheduler(clock, [['alice', 1], ['bob', 2]]).run(tracks));
    const at = (ms: number, account: string) => log.filter((l) => l.account === account && l.loginAt - t0 <= ms && l.doneAt - t0 > ms).length;
    for (const ms of [0, 5 * S, 12 * S, 15 * S]) {
      expect(at(ms, 'alice')).toBeLessThanOrEqual(1);
      expect(at(ms, 'bob')).toBeLessThanOrEqual(2);
    }
    expect(new Set(log.slice(0, 3).map((l) => l.account))).toEqual(new Set(['alice', 'bob']));
    // Three slots, five 10 s tracks: two rounds, the second one's logins 200 ms apart too; the estimate agrees.
    expect(clock.now() - t0).toBe(20.2 * S);
    expect(estimateMakespan([10 * S, 10 * S, 10 * S, 10 * S, 10 * S], 3, 200)).toBe(20.2 * S);
  });

  it('spaces logins by the login interval even when slots free up together', async () => {
    const clock = new VirtualClock();
    const t0 = clock.now();
    const log: Log[] = [];
    const tracks = Array.from({ length: 4 }, (_, i) => waiting(`t${i}`, 1 * S, clock, log));
    await clock.run(scheduler(clock, [['alice', 4]], { loginIntervalMs: 750 }).run(tracks));
    expect(log.map((l) => l.loginAt - t0).sort((a, b) => a - b)).toEqual([0, 750, 1500, 2250]);
  });

  it('stops every wait when the signal aborts and reports the unfinished tracks as interrupted', async () => {
    const interruptAt5s = async (slots: number) => {
      const clock = new VirtualClock();
      const t0 = clock.now();
      const controller = new AbortController();
      const log: Log[] = [];
      const tracks = [waiting('short', 2 * S, clock, log), waiting('long', 60 * S, clock, log), waiting('queued', 30 * S, clock, log)];
      const interrupt = clock.sleep(5 * S).then(() => controller.abort(new Error('interrupted')));
      const outcomes = await clock.run(scheduler(clock, [['alice', slots]], { signal: controller.signal }).run(tracks));
      await interrupt;
      return { statuses: outcomes.map((o) => o.status), tookMs: clock.now() - t0 };
    };
    // Enough slots: the short track finishes before the interruption, the others stop at 5 s.
    expect(await interruptAt5s(3)).toEqual({ statuses: ['done', 'interrupted', 'interrupted'], tookMs: 5 * S });
    // Two slots: the short track is still waiting for a slot when the interruption comes.
    expect(await interruptAt5s(2)).toEqual({ statuses: ['interrupted', 'interrupted', 'interrupted'], tookMs: 5 * S });
  });

  it('reports a track that throws as failed and lets the others finish', async () => {
    const clock = new VirtualClock();
    const log: Log[] = [];
    const broken: Track<string, string> = {
      name: 'broken',
      expectedMs: 1,
      run: async () => {
        throw new Error('login failed');
      },
    };
    const outcomes = await clock.run(scheduler(clock, [['alice', 1]]).run([broken, waiting('ok', 3 * S, clock, log)]));
    expect(outcomes[0]).toMatchObject({ status: 'failed', error: new Error('login failed') });
    expect(outcomes[1]).toEqual({ status: 'done', value: 'ok' });
  });

  it('shows each wait with what it waits for and a countdown, in clock time', async () => {
    const clock = new VirtualClock();
    const lines: string[] = [];
    const log: Log[] = [];
    await clock.run(
      scheduler(clock, [['alice', 2]], { onStatus: (l) => lines.push(l), tickMs: 1000 }).run([waiting('idle T+g', 4 * S, clock, log), waiting('absolute', 9 * S, clock, log)]),
    );
    // One line a second; idle T+g logged in 200 ms after absolute (login spacing).
    expect(lines[0]).toBe('waiting · idle T+g: idle T+g probe in 3.2s · absolute: absolute probe in 8s · last wait ends in 8s');
    expect(lines[1]).toBe('waiting · idle T+g: idle T+g probe in 2.2s · absolute: absolute probe in 7s · last wait ends in 7s');
    expect(lines[lines.length - 1]).toBe('waiting · absolute: absolute probe in 1s · last wait ends in 1s');
  });

  it('refuses to run without a single slot', () => {
    expect(() => scheduler(new VirtualClock(), [['alice', 0]])).toThrow(/at least one session slot/);
  });
});

describe('re-planning when a track ends off its plan', () => {
  /** Runs the tracks; returns each forecast the scheduler made (relative to the start) and the run's length. */
  async function forecasts(tracks: (clock: VirtualClock, log: Log[]) => Array<Track<string, string>>, slots: number) {
    const clock = new VirtualClock();
    const t0 = clock.now();
    const seen: Array<{ ended: string; at: number; endsAt: number }> = [];
    const onTrackEnd = (e: EndedTrack, endsAt: number) => seen.push({ ended: e.name, at: e.endedAt - t0, endsAt: endsAt - t0 });
    await clock.run(scheduler(clock, [['alice', slots]], { onTrackEnd }).run(tracks(clock, [])));
    return { seen, tookMs: clock.now() - t0 };
  }

  it('forecasts the end from the tracks still running when the longest one ends early (a fixed idle timeout)', async () => {
    // As on timeouts-fixed-idle when its idle timeout was 3 s: the kept-active session (6.8 s planned) is logged out at 3.6 s.
    const { seen, tookMs } = await forecasts(
      (c, log) => [waiting('absolute', 6.8 * S, c, log, 3.6 * S), waiting('idle', 5.2 * S, c, log), waiting('sliding', 3.8 * S, c, log), waiting('idle T−g', 2.2 * S, c, log)],
      4,
    );
    // Logins 200 ms apart, longest first: idle at 200 ms, sliding at 400 ms, idle T−g at 600 ms.
    expect(seen).toEqual([
      { ended: 'idle T−g', at: 2.8 * S, endsAt: 6.8 * S },
      { ended: 'absolute', at: 3.6 * S, endsAt: 5.4 * S },
      { ended: 'sliding', at: 4.2 * S, endsAt: 5.4 * S },
    ]);
    // The last track's end is not forecast: nothing is left to wait for.
    expect(tookMs).toBe(5.4 * S);
  });

  it('moves the tracks still waiting for a slot forward when one ends early', async () => {
    const { seen, tookMs } = await forecasts((c, log) => [waiting('a', 10 * S, c, log, 2 * S), waiting('b', 8 * S, c, log), waiting('c', 6 * S, c, log)], 1);
    expect(seen).toEqual([
      { ended: 'a', at: 2 * S, endsAt: 16 * S },
      { ended: 'b', at: 10 * S, endsAt: 16 * S },
    ]);
    expect(tookMs).toBe(16 * S);
  });

  it('feeds a revision only when the estimate moves by more than 5 %, with the time left and why', async () => {
    const clock = new VirtualClock();
    const t0 = clock.now();
    const estimate = new PlanEstimate(t0, estimateMakespan([6.8 * S, 5.2 * S, 3.8 * S, 2.2 * S], 4, 200));
    const lines: string[] = [];
    const onTrackEnd = (e: EndedTrack, endsAt: number) => {
      const r = estimate.revise(clock.now(), endsAt, `the ${e.name} session ended after ${e.endedAt - e.startedAt} ms`);
      if (r) lines.push(revisionLine('timeouts', estimate.plannedMs, r));
    };
    const log: Log[] = [];
    const tracks = [waiting('absolute', 6.8 * S, clock, log, 3.6 * S), waiting('idle', 5.2 * S, clock, log), waiting('sliding', 3.8 * S, clock, log), waiting('idle T−g', 2.2 * S, clock, log)];
    await clock.run(scheduler(clock, [['alice', 4]], { onTrackEnd }).run(tracks));
    expect(estimate.plannedMs).toBe(6.8 * S);
    // idle T−g ending on time forecasts the plan's own end: no revision; absolute ending at 3.6 s does.
    expect(estimate.revisions).toEqual([{ atMs: 3.6 * S, expectedMs: 5.4 * S, reason: 'the absolute session ended after 3600 ms' }]);
    expect(lines).toEqual(['timeouts revised at 3.6s: now about 5.4s in all, 1.8s left (planned 6.8s) — the absolute session ended after 3600 ms']);
    expect(clock.now() - t0).toBe(estimate.expectedMs);
  });
});

describe('forecastEnd', () => {
  const state = { now: 10 * S, slots: 2, loginIntervalMs: 200, lastLoginAt: -Infinity };

  it('is the latest running end when nothing waits, never earlier than now', () => {
    expect(forecastEnd({ ...state, running: [14 * S, 12 * S], waiting: [] })).toBe(14 * S);
    expect(forecastEnd({ ...state, running: [8 * S], waiting: [] })).toBe(10 * S);
  });

  it('puts the waiting tracks, longest first, into the first slots to free up, a login interval after the last login', () => {
    // One slot free now (login at 10 s), the other at 14 s.
    expect(forecastEnd({ ...state, running: [14 * S], waiting: [3 * S, 5 * S] })).toBe(17 * S);
    // The last login was at 9.9 s: the next one waits until 10.1 s.
    expect(forecastEnd({ ...state, lastLoginAt: 9.9 * S, running: [], waiting: [5 * S] })).toBe(15.1 * S);
  });

  it('from the start is the plan: estimateMakespan', () => {
    expect(estimateMakespan([10 * S, 4 * S, 4 * S], 2, 200)).toBe(forecastEnd({ now: 0, slots: 2, running: [], waiting: [4 * S, 10 * S, 4 * S], loginIntervalMs: 200, lastLoginAt: -Infinity }));
    // The two short ones share a slot: 0.2–4.2 s and 4.2–8.2 s, within the long one's 10 s.
    expect(estimateMakespan([10 * S, 4 * S, 4 * S], 2, 200)).toBe(10 * S);
  });
});

describe('countdownLine', () => {
  it('lists the three nearest waits, counts the rest and says when the last ends', () => {
    const waits = [1, 2, 3, 4, 5].map((s) => ({ track: `t${s}`, what: 'probe', until: s * S }));
    expect(countdownLine(waits, 0)).toBe('waiting · t1: probe in 1s · t2: probe in 2s · t3: probe in 3s · 2 more · last wait ends in 5s');
    expect(countdownLine([], 0)).toBe('');
  });
});
