/**
 * The scheduler in virtual time: concurrency, slot caps per account, login spacing, interruption and
 * the countdown — minutes of schedule, milliseconds of test.
 */
import { describe, expect, it } from 'vitest';
import { Scheduler, countdownLine, estimateMakespan, type Track } from '../../src/scheduler.js';
import { VirtualClock } from '../fixtures/virtual-clock.js';

const S = 1000;

interface Log {
  track: string;
  account: string;
  loginAt: number;
  doneAt: number;
}

/** A track that logs in, waits `waitMs` and records when. */
function waiting(name: string, waitMs: number, clock: VirtualClock, log: Log[]): Track<string, string> {
  return {
    name,
    expectedMs: waitMs,
    async run(t) {
      await t.loginTurn();
      const loginAt = clock.now();
      await t.sleepUntil(loginAt + waitMs, `${name} probe`);
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
    expect(estimateMakespan([10 * S, 10 * S, 10 * S, 10 * S, 10 * S], 3, 200, 0)).toBe(20.2 * S);
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

describe('countdownLine', () => {
  it('lists the three nearest waits, counts the rest and says when the last ends', () => {
    const waits = [1, 2, 3, 4, 5].map((s) => ({ track: `t${s}`, what: 'probe', until: s * S }));
    expect(countdownLine(waits, 0)).toBe('waiting · t1: probe in 1s · t2: probe in 2s · t3: probe in 3s · 2 more · last wait ends in 5s');
    expect(countdownLine([], 0)).toBe('');
  });
});
