/**
 * The plan tells the truth on a target that ends sessions early: on timeouts-fixed-idle the kept-active
 * session is logged out at T, long before A+g, and the run says so as it happens — a revised estimate on
 * the console and in report.json — while on timeouts-enforcing, where every session lasts its plan, no
 * revision blames the target. The refresh-token family is planned to end at maxLifetime, as the spec
 * requires: refresh-api-leaky, whose family outlives it, revises upwards; refresh-api-strict does not.
 * Reads the shared example runs (test/fixtures/example-runs.ts).
 */
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { exampleRun } from '../fixtures/example-runs.js';
import type { ProbeTiming } from '../../src/model/result.js';

async function timeoutTiming(name: string, probe = 'timeout') {
  const shared = await exampleRun(name);
  const report = JSON.parse(await readFile(path.join(shared.out, 'report.json'), 'utf8')) as { probeTimings: ProbeTiming[] };
  const timing = report.probeTimings.find((t) => t.probe === probe)!;
  const summary = await readFile(path.join(shared.out, 'summary.md'), 'utf8');
  return { timing, stderr: shared.run.stderr, summary };
}

describe('the plan revised on a target that ends sessions early', () => {
  it('timeouts-fixed-idle: the kept-active session logged out early revises the estimate downwards, printed and reported', async () => {
    const { timing, stderr, summary } = await timeoutTiming('timeouts-fixed-idle');
    expect(timing.plannedMs).toBeGreaterThan(0);
    const [revision] = timing.revisions ?? [];
    expect(revision).toBeDefined();
    expect(revision!.reason).toMatch(/^the target logged out the absolute session [\d.]+m?s after its login; its readings were planned over [\d.]+s$/);
    expect(revision!.expectedMs).toBeLessThan(timing.plannedMs!);
    // Made while the probe still waited, not after the fact.
    expect(revision!.atMs).toBeLessThan(timing.durationMs);
    expect(stderr).toMatch(/→ plan: timeouts revised at [\d.]+m?s: now about [\d.]+s in all, [\d.]+m?s left \(planned [\d.]+s\) — the target logged out the absolute session/);
    expect(summary).toMatch(/- \*\*Waits:\*\* timeouts planned [\d.]+s, revised at [\d.]+m?s to [\d.]+s \(the target logged out the absolute session .*\), took [\d.]+s \([+-]\d+ % against the last estimate, [+-]\d+ % against the plan\)/);
  });

  it('timeouts-enforcing: sessions last their plan, so no revision says the target ended one early', async () => {
    const { timing, stderr } = await timeoutTiming('timeouts-enforcing');
    expect(timing.plannedMs).toBeGreaterThan(0);
    expect((timing.revisions ?? []).filter((r) => r.reason.startsWith('the target logged out'))).toEqual([]);
    expect(stderr).toMatch(/→ plan: timeouts: \d+ sessions, expected to take about/);
    expect(stderr).not.toContain('the target logged out');
  });
});

describe('the plan revised when a refresh-token family outlives maxLifetime', () => {
  it('refresh-api-leaky: the refresh past maxLifetime that was still issued revises the estimate upwards, unless the plan already held it', async () => {
    const { timing, stderr } = await timeoutTiming('refresh-api-leaky', 'refreshLifetime');
    const [revision] = timing.revisions ?? [];
    // A slow first login (a busy machine) can put the plan itself within the 5 % a revision needs; either way
    // the estimate in force at the end tells the truth.
    const lastEstimateMs = revision?.expectedMs ?? timing.plannedMs!;
    expect(timing.durationMs / lastEstimateMs).toBeGreaterThan(0.9);
    expect(timing.durationMs / lastEstimateMs).toBeLessThan(1.1);
    if (revision === undefined) return;
    expect(revision.reason).toMatch(/^the family was still refreshed [\d.]+s after its login, past maxLifetime 6s: it is followed until 7s$/);
    expect(revision.expectedMs).toBeGreaterThan(timing.plannedMs!);
    expect(revision.atMs).toBeLessThan(timing.durationMs);
    expect(stderr).toMatch(/→ plan: refresh-token lifetime revised at [\d.]+s: now about [\d.]+s in all/);
  });

  it('refresh-api-strict: the family ends at maxLifetime as planned, no revision', async () => {
    const { timing, stderr } = await timeoutTiming('refresh-api-strict', 'refreshLifetime');
    expect(timing.plannedMs).toBeGreaterThan(0);
    expect(timing.revisions).toBeUndefined();
    expect(stderr).toMatch(/→ plan: refresh tokens: one family refreshed every 2s until 7s after its login, expected to take about 6[\d.]*s/);
  });
});
