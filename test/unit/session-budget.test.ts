/**
 * The run's session budget and where each probe goes in it: every slot the spec's limit allows is
 * used (the baseline session is ended first, never counted twice), probes that leave other sessions
 * alone share the slots the waits leave free, and probes that end sessions wait for the waits to end.
 * The schedule itself runs in virtual time.
 */
import { describe, expect, it } from 'vitest';
import { baselineLine, sessionBudget, describeBudget } from '../../src/session-budget.js';
import { schedulePhases } from '../../src/phases.js';
import { Scheduler, estimateMakespan, type Track } from '../../src/scheduler.js';
import type { EffectContext, Probe } from '../../src/probe.js';
import type { Account } from '../../src/config/types.js';
import { VirtualClock } from '../fixtures/virtual-clock.js';

const S = 1000;
const alice: Account = { username: 'alice', password: 'pw-a' };
const bob: Account = { username: 'bob', password: 'pw-b' };
const rate = { intervalMs: 200, maxSessionsPerAccount: null };
const limit = (maxSessions: number | null) => ({ concurrency: { maxSessions, onExceed: 'evict-oldest' as const } });

/** The baseline session was logged out before the probes. */
const over = { ended: true, logoutMs: 10 } as const;

/** What the probes' effects may depend on: nothing here, as every probe below declares a fixed effect. */
const target = {} as EffectContext;

function probe(id: string, effect?: Probe['effect'], sessions?: number): Probe {
  return { id, title: id, ...(effect && { effect }), ...(sessions !== undefined && { sessions }), run: async () => ({}) } as unknown as Probe;
}

describe('sessionBudget', () => {
  it('gives each account every slot the spec allows: maxSessions 3 is 3, not 3 − 1 − 1', () => {
    expect(sessionBudget(limit(3), rate, [alice], over).accounts).toEqual([{ account: alice, slots: 3 }]);
    expect(sessionBudget(limit(3), rate, [alice, bob], over).accounts.map((a) => a.slots)).toEqual([3, 3]);
    expect(sessionBudget(limit(1), rate, [alice], over).accounts[0]!.slots).toBe(1);
  });

  it('lets target.loginRate.maxSessionsPerAccount decide, and says when the limit is only a guess', () => {
    expect(sessionBudget(limit(5), { ...rate, maxSessionsPerAccount: 2 }, [alice], over)).toMatchObject({ accounts: [{ slots: 2 }], source: 'target.loginRate.maxSessionsPerAccount' });
    const unknown = sessionBudget(limit(null), rate, [alice], over);
    expect(unknown).toMatchObject({ accounts: [{ slots: 4 }], source: 'default' });
    expect(describeBudget(unknown)).toMatch(/session limit is unknown \(spec\.concurrency\.maxSessions: null\), so sessionprobe assumes 4 per account/);
  });

  it('counts a baseline session the run could not end as holding one slot of the main account, and says why', () => {
    const held = { ended: false, reason: 'its logout did not end it (its credentials are still accepted)', logoutMs: 12 } as const;
    const budget = sessionBudget(limit(3), rate, [alice, bob], held);
    expect(budget.accounts.map((a) => a.slots)).toEqual([2, 3]);
    expect(describeBudget(budget)).toMatch(/at most 2 of alice, 3 of bob at once .*the baseline session still holds one/);
    expect(baselineLine(budget)).toBe(
      "the baseline session could not be ended before the probes (its logout did not end it (its credentials are still accepted)): it holds one of alice's session slots until it expires",
    );
    expect(baselineLine(sessionBudget(limit(3), rate, [alice], over))).toBeUndefined();
    // One slot stays one: the first timed login then evicts the baseline, or is refused (inconclusive, never pass).
    expect(sessionBudget(limit(1), rate, [alice], held).accounts[0]!.slots).toBe(1);
  });
});

describe('schedulePhases', () => {
  const timeouts = probe('timeout', 'holds-sessions');
  const fixation = probe('fixation', 'none', 2);
  const transport = probe('transport');
  const passwordChange = probe('passwordChange', 'ends-other-sessions');
  const all = [fixation, timeouts, transport, passwordChange];

  it('with 3 slots: the waits keep 2, one-session probes run alongside in the third, the rest afterwards', () => {
    const phases = schedulePhases(all, sessionBudget(limit(3), rate, [alice], over), target);
    expect(phases.holding).toEqual([timeouts]);
    expect(phases.alongside).toEqual([transport]);
    expect(phases.after).toEqual([fixation, passwordChange]);
    expect(phases.budgetOf(timeouts).accounts[0]!.slots).toBe(2);
    expect(phases.budgetOf(transport).accounts[0]!.slots).toBe(1);
    expect(phases.budgetOf(fixation).accounts[0]!.slots).toBe(3);
  });

  it('with 1 slot: nothing runs alongside the waits', () => {
    const phases = schedulePhases(all, sessionBudget(limit(1), rate, [alice], over), target);
    expect(phases.alongside).toEqual([]);
    expect(phases.after).toEqual([fixation, transport, passwordChange]);
    expect(phases.budgetOf(timeouts).accounts[0]!.slots).toBe(1);
  });

  it('with room for everything: every quiet probe alongside, only the session-ending ones after', () => {
    const phases = schedulePhases(all, sessionBudget(limit(6), rate, [alice, bob], over), target);
    expect(phases.alongside).toEqual([fixation, transport]);
    expect(phases.after).toEqual([passwordChange]);
    expect(phases.budgetOf(timeouts).accounts.map((a) => a.slots)).toEqual([4, 6]);
  });

  it('without a probe that waits, keeps the listed order and the whole budget', () => {
    const phases = schedulePhases([fixation, transport, passwordChange], sessionBudget(limit(3), rate, [alice], over), target);
    expect(phases.alongside).toEqual([fixation, transport]);
    expect(phases.after).toEqual([passwordChange]);
    expect(phases.budgetOf(fixation).accounts[0]!.slots).toBe(3);
    expect(phases.describe()).toEqual([]);
  });

  it('puts a probe that leaves sessions behind after everything, session-ending probes included, and says why', () => {
    const sampling = probe('tokenSample', 'leaves-sessions');
    const phases = schedulePhases([sampling, ...all], sessionBudget(limit(3), rate, [alice], over), target);
    expect(phases.alongside).toEqual([transport]);
    expect(phases.after).toEqual([fixation, passwordChange, sampling]);
    expect(phases.budgetOf(sampling).accounts[0]!.slots).toBe(3);
    expect(phases.describe()).toContain('schedule: last, as they leave sessions behind that the run cannot log out (no target.logout): tokenSample');
  });

  it('asks a probe whose effect depends on the target', () => {
    const seen: EffectContext[] = [];
    const depends = { ...probe('tokenSample'), effect: (ctx: EffectContext) => (seen.push(ctx), 'leaves-sessions' as const) } as Probe;
    const phases = schedulePhases([depends, transport], sessionBudget(limit(3), rate, [alice], over), target);
    expect(seen).toEqual([target]);
    expect(phases.after).toEqual([depends]);
    expect(phases.alongside).toEqual([transport]);
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
    const phases = schedulePhases([probe('timeout', 'holds-sessions'), probe('transport')], sessionBudget(limit(3), rate, [alice], over), target);
    const scheduler = new Scheduler<Account>({ clock, accounts: phases.budgetOf(phases.holding[0]!).accounts, loginIntervalMs: 200 });
    const waits = [23 * S, 31 * S];
    await clock.run(scheduler.run(waits.map((w, i) => waiting(`t${i}`, w, clock, live))));
    expect(live.most).toBe(2);
    expect(clock.now() - t0).toBe(31 * S);
    expect(estimateMakespan(waits, 2, 200)).toBe(31 * S);
  });

  it('with maxSessions 1 runs them one after another, never two sessions at once', async () => {
    const clock = new VirtualClock();
    const t0 = clock.now();
    const live = { now: 0, most: 0 };
    const scheduler = new Scheduler<Account>({ clock, accounts: sessionBudget(limit(1), rate, [alice], over).accounts, loginIntervalMs: 200 });
    await clock.run(scheduler.run([waiting('idle', 23 * S, clock, live), waiting('absolute', 31 * S, clock, live)]));
    expect(live.most).toBe(1);
    expect(clock.now() - t0).toBe(54 * S);
  });
});
