/**
 * The plan's estimate while a waiting probe runs: when a reported end moves it enough to revise, the
 * console line a revision prints, why the timeout probe says a session went off its plan, and the refresh
 * chain's estimate on a target that meets the spec.
 */
import { describe, expect, it } from 'vitest';
import { PlanEstimate, REVISE_SHARE, revisionLine } from '../../src/plan-revision.js';
import { whyEnded } from '../../suites/timeout/probe.js';
import { chainEndMs } from '../../suites/refresh/probe.js';
import type { TimedSession } from '../../src/model/artifacts.js';

const S = 1000;
const T0 = 1_700_000_000_000;

describe('PlanEstimate', () => {
  it('keeps the plan while reported ends stay within 5 % of it, in either direction', () => {
    const estimate = new PlanEstimate(T0, 60 * S);
    expect(REVISE_SHARE).toBe(0.05);
    expect(estimate.revise(T0 + 10 * S, T0 + 63 * S, 'late')).toBeNull();
    expect(estimate.revise(T0 + 20 * S, T0 + 57 * S, 'early')).toBeNull();
    expect(estimate.revisions).toEqual([]);
    expect(estimate.expectedMs).toBe(60 * S);
  });

  it('revises past 5 %, counting from the probe’s start, and judges the next report against the revision', () => {
    const estimate = new PlanEstimate(T0, 60 * S);
    expect(estimate.revise(T0 + 20 * S, T0 + 45 * S, 'the absolute session ended early')).toEqual({ atMs: 20 * S, expectedMs: 45 * S, reason: 'the absolute session ended early' });
    expect(estimate.expectedMs).toBe(45 * S);
    // 47 s is within 5 % of 45 s (not of the plan's 60 s): no new revision.
    expect(estimate.revise(T0 + 30 * S, T0 + 47 * S, 'noise')).toBeNull();
    expect(estimate.revise(T0 + 40 * S, T0 + 52 * S, 'the idle session took longer')).toEqual({ atMs: 40 * S, expectedMs: 52 * S, reason: 'the idle session took longer' });
    expect(estimate.revisions.map((r) => r.expectedMs)).toEqual([45 * S, 52 * S]);
    expect(estimate.plannedMs).toBe(60 * S);
  });
});

describe('revisionLine', () => {
  it('says when, the new whole duration, the time left, the first plan and why', () => {
    const line = revisionLine('timeouts', 6_923, { atMs: 3_697, expectedMs: 5_342, reason: 'the target logged out the absolute session 3.654s after its login' });
    expect(line).toBe('timeouts revised at 3.697s: now about 5.342s in all, 1.645s left (planned 6.923s) — the target logged out the absolute session 3.654s after its login');
  });
});

describe('whyEnded (timeout probe)', () => {
  const login = { startedAt: T0, endedAt: T0 + 100, exchanges: [1] };
  const reading = (answer: 'yes' | 'no', atMs: number, kind: 'control' | 'activity' | 'probe' | 'replay' = 'activity') => ({
    answer,
    exchange: 2,
    reason: '',
    startedAt: T0 + atMs - 5,
    endedAt: T0 + atMs,
    kind,
    label: kind,
  });
  const ended = { name: 'absolute', startedAt: T0, endedAt: T0 + 3_700, expectedMs: 6_950, failed: false };
  const planned = { name: 'absolute', waitMs: 6_800, endsLoggedIn: false };

  it('names the session the target logged out before its planned readings were over, and when', () => {
    const record: TimedSession = { status: 'done', login, requests: [reading('yes', 150, 'control'), reading('yes', 1_350), reading('no', 3_650)] };
    expect(whyEnded(ended, record, planned)).toBe('the target logged out the absolute session 3.55s after its login; its readings were planned over 6.8s');
  });

  it('says only how long it took when no reading found it logged out early (a replay does not count)', () => {
    const record: TimedSession = { status: 'done', login, requests: [reading('yes', 150, 'control'), reading('no', 3_650, 'replay')] };
    expect(whyEnded(ended, record, planned)).toBe('the absolute session took 3.7s, planned 6.95s');
    const timedOut: TimedSession = { status: 'done', login, requests: [reading('yes', 150, 'control'), reading('no', 6_900, 'probe')] };
    expect(whyEnded({ ...ended, endedAt: T0 + 6_950 }, timedOut, planned)).toBe('the absolute session took 6.95s, planned 6.95s');
  });

  it('says the session failed when its track did', () => {
    expect(whyEnded({ ...ended, failed: true }, { status: 'done', requests: [] }, planned)).toBe('the absolute session failed after 3.7s');
  });
});

describe('chainEndMs (refresh-token lifetime estimate)', () => {
  const plan = { maxLifetimeMs: 6 * S, everyMs: 2 * S, waitMs: 7 * S };

  it('ends at the answer to the first refresh sent at or after maxLifetime, which a target meeting the spec refuses', () => {
    // Logins 10 ms each, refreshes answered in 5 ms: sent at 2.02 s, 4.025 s and 6.03 s; the third is refused, answered at 6.035 s.
    expect(chainEndMs(plan, 10, 5)).toBe(6_035);
    expect(chainEndMs(plan, 0, 0)).toBe(6 * S);
    // A long login (an authorization-code flow) does not push the third refresh past the deadline.
    expect(chainEndMs(plan, 250, 5)).toBe(6_515);
  });

  it('lasts until maxLifetime + grace, the last refresh and the unused token’s answered, when no refresh falls between maxLifetime and it', () => {
    // Every 2.5 s: sent at 2.52 s and 5.025 s, both before maxLifetime; the next one waits for the deadline at 7 s.
    expect(chainEndMs({ ...plan, everyMs: 2.5 * S }, 10, 5)).toBe(7_010);
  });
});
