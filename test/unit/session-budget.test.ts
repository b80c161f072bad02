/**
 * The run's session budget and where each probe goes in it: every slot the spec's limit allows is
 * used (the baseline session is ended first, never counted twice), probes that leave other sessions
 * alone share the slots the waits leave free, and probes that end sessions wait for the waits to end.
 * The schedule itself runs in virtual time.
 */
import { describe, expect, it } from 'vitest';
import { sessionBudget, describeBudget } from '../../src/session-budget.js';
import { schedulePhases } from '../../src/phases.js';
import { Scheduler, estimateMakespan, type Track } from '../../src/scheduler.js';
import type { Probe } from '../../src/probe.js';
import type { Account } from '../../src/config/types.js';
import { VirtualClock } from '../fixtures/virtual-clock.js';

const S = 1000;
const alice: Account = { username: 'alice', password: 'pw-a' };
const bob: Account = { username: 'bob', password: 'pw-b' };
const rate = { intervalMs: 200, maxSessionsPerAccount: null };
const limit = (maxSessions: number | null) => ({ concurrency: { maxSessions, onExceed: 'evict-oldest' as const } });

function probe(id: string, effect?: Probe['effect'], sessions?: number): Probe {
  return { id, title: id, ...(effect && { effect }), ...(sessions !== undefined && { sessions }), run: async () => ({}) } as unknown as Probe;
}

describe('sessionBudget', () => {
  it('gives each account every slot the spec allows: maxSessions 3 is 3, not 3 − 1 − 1', () => {
    expect(sessionBudget(limit(3), rate, [alice]).accounts).toEqual([{ account: alice, slots: 3 }]);
    expect(sessionBudget(limit(3), rate, [alice, bob]).accounts.map((a) => a.slots)).toEqual([3, 3]);
    expect(sessionBudget(limit(1), rate, [alice]).accounts[0]!.slots).toBe(1);
  });

  it('lets target.loginRate.maxSessionsPerAccount decide, and says when the limit is only a guess', () => {
    expect(sessionBudget(limit(5), { ...rate, maxSessionsPerAccount: 2 }, [alice])).toMatchObject({ accounts: [{ slots: 2 }], source: 'target.loginRate.maxSessionsPerAccount' });
    const unknown = sessionBudget(limit(null), rate, [alice]);
    expect(unknown).toMatchObject({ accounts: [{ slots: 4 }], source: 'default' });
    expect(describeBudget(unknown)).toMatch(/session limit is unknown \(spec\.concurrency\.maxSessions: null\), so sessionprobe assumes 4 per account/);
  });
});

describe('schedulePhases', () => {
  const timeouts = probe('timeout', 'holds-sessions');
  const fixation = probe('fixation', 'none', 2);
  const transport = probe('transport');
  const passwordChange = probe('passwordChange', 'ends-other-sessions');
  const all = [fixation, timeouts, transport, passwordChange];

  it('with 3 slots: the waits keep 2, one-session probes run alongside in the third, the rest afterwards', () => {
    const phases = schedulePhases(all, sessionBudget(limit(3), rate, [alice]));
    expect(phases.holding).toEqual([timeouts]);
    expect(phases.alongside).toEqual([transport]);
    expect(phases.after).toEqual([fixation, passwordChange]);
    expect(phases.budgetOf(timeouts).accounts[0]!.slots).toBe(2);
    expect(phases.budgetOf(transport).accounts[0]!.slots).toBe(1);
    expect(phases.budgetOf(fixation).accounts[0]!.slots).toBe(3);
  });

  it('with 1 slot: nothing runs alongside the waits', () => {
    const phases = schedulePhases(all, sessionBudget(limit(1), rate, [alice]));
    expect(phases.alongside).toEqual([]);
    expect(phases.after).toEqual([fixation, transport, passwordChange]);
    expect(phases.budgetOf(timeouts).accounts[0]!.slots).toBe(1);
  });

  it('with room for everything: every quiet probe alongside, only the session-ending ones after', () => {
    const phases = schedulePhases(all, sessionBudget(limit(6), rate, [alice, bob]));
    expect(phases.alongside).toEqual([fixation, transport]);
    expect(phases.after).toEqual([passwordChange]);
    expect(phases.budgetOf(timeouts).accounts.map((a) => a.slots)).toEqual([4, 6]);
  });

  it('without a probe that waits, keeps the listed order and the whole budget', () => {
    const phases = schedulePhases([fixation, transport, passwordChange], sessionBudget(limit(3), rate, [alice]));
    expect(phases.alongside).toEqual([fixation, transport]);
    expect(phases.after).toEqual([passwordChange]);
    expect(phases.budgetOf(fixation).accounts[0]!.slots).toBe(3);
    expect(phases.describe()).toEqual([]);
  });
});

describe('the timed sessions in virtual time, within the budget', () => {
  /** A track that logs in and waits `waitMs`; `live` counts the sessions held at once. */
  function waiting(name: string, waitMs: number, clock: VirtualClock, live: { now: number; most: number }): Track<Account, void> {
    return {
      name,
      expectedMs: waitMs,
      async run(t) {
        await t.loginTurn();
        live.most = Math.max(live.most, ++live.now);
        await t.sleepUntil(clock.now() + waitMs, `${name} probe`);
        live.now--;
      },
    };
  }

  it('runs idle and absolute at once with maxSessions 3 (2 slots after the probes alongside take theirs): the longest wait, not the sum', async () => {
    const clock = new VirtualClock();
    const t0 = clock.now();
    const live = { now: 0, most: 0 };
    const phases = schedulePhases([probe('timeout', 'holds-sessions'), probe('transport')], sessionBudget(limit(3), rate, [alice]));
    const scheduler = new Scheduler<Account>({ clock, accounts: phases.budgetOf(phases.holding[0]!).accounts, loginIntervalMs: 200 });
    const waits = [23 * S, 31 * S];
    await clock.run(scheduler.run(waits.map((w, i) => waiting(`t${i}`, w, clock, live))));
    expect(live.most).toBe(2);
    expect(clock.now() - t0).toBe(31 * S);
    expect(estimateMakespan(waits, 2, 200, 0)).toBe(31 * S);
  });

  it('with maxSessions 1 runs them one after another, never two sessions at once', async () => {
    const clock = new VirtualClock();
    const t0 = clock.now();
    const live = { now: 0, most: 0 };
    const scheduler = new Scheduler<Account>({ clock, accounts: sessionBudget(limit(1), rate, [alice]).accounts, loginIntervalMs: 200 });
    await clock.run(scheduler.run([waiting('idle', 23 * S, clock, live), waiting('absolute', 31 * S, clock, live)]));
    expect(live.most).toBe(1);
    expect(clock.now() - t0).toBe(54 * S);
  });
});
