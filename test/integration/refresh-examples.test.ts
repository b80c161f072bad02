/**
 * Every refresh.* check fails on the leaky refresh API and passes on the strict one, over the shared
 * example runs (test/fixtures/example-runs.ts); the leaky run's failures name what survived.
 */
import { describe, expect, it } from 'vitest';
import { exampleRun } from '../fixtures/example-runs.js';

const REFRESH_CHECKS = ['refresh.rotation', 'refresh.reuse-detection', 'refresh.revoked-on-logout', 'refresh.revoked-on-password-change', 'refresh.lifetime'];

describe('refresh-api examples', () => {
  it('leaky: rotation passes, every other refresh check fails and says what survived', async () => {
    const { report } = await exampleRun('refresh-api-leaky');
    const by = new Map(report.checks.map((c) => [c.id, c]));
    expect(REFRESH_CHECKS.map((id) => [id, by.get(id)?.verdict])).toEqual([
      ['refresh.rotation', 'pass'],
      ['refresh.reuse-detection', 'fail'],
      ['refresh.revoked-on-logout', 'fail'],
      ['refresh.revoked-on-password-change', 'fail'],
      ['refresh.lifetime', 'fail'],
    ]);
    expect(by.get('refresh.reuse-detection')!.observed).toMatch(/replayed RT2: issued a new refresh token.*the newest access token is still accepted/);
    expect(by.get('refresh.revoked-on-logout')!.observed).toMatch(/after logout, RT2 still refreshes/);
    expect(by.get('refresh.lifetime')!.observed).toMatch(/the rotated family still refreshed 7\.\d+s after its login/);
  }, 120_000);

  it('strict: every refresh check passes', async () => {
    const { report } = await exampleRun('refresh-api-strict');
    const verdicts = Object.fromEntries(report.checks.filter((c) => c.id.startsWith('refresh.')).map((c) => [c.id, c.verdict]));
    expect(verdicts).toEqual(Object.fromEntries(REFRESH_CHECKS.map((id) => [id, 'pass'])));
  }, 120_000);
});
