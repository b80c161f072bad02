/**
 * Every refresh.* check fails on the leaky refresh API and passes on the strict one and on oidc-provider
 * (refresh-oidc), over the shared example runs (test/fixtures/example-runs.ts); the leaky run's failures
 * name what survived. The jwt
 * suite attacks the access token a refresh minted.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleRun, type ReportedCheck } from '../fixtures/example-runs.js';
import { EXAMPLES } from '../../examples/index.js';
import { runCli } from '../e2e/cli.js';
import { OIDC_REFRESH_LIFETIME_S, REFRESH_API_LIFETIME_S as REFRESH_LIFETIME_S } from '../../examples/timings.js';

const REFRESH_CHECKS = ['refresh.rotation', 'refresh.reuse-detection', 'refresh.revoked-on-logout', 'refresh.revoked-on-password-change', 'refresh.lifetime'];

/** [check, verdict] of every refresh check, in REFRESH_CHECKS order. */
function refreshVerdicts(by: Map<string, ReportedCheck>): Array<[string, string | undefined]> {
  return REFRESH_CHECKS.map((id) => [id, by.get(id)?.verdict]);
}

/** The seconds a check's observed text states where `pattern`'s group is; NaN (failing any bound) when absent. */
function secondsIn(observed: string, pattern: RegExp): number {
  return Number(pattern.exec(observed)?.[1]);
}

describe('refresh-api examples', () => {
  it('leaky: rotation passes, every other refresh check fails and says what survived', async () => {
    const { report } = await exampleRun('refresh-api-leaky');
    const by = new Map(report.checks.map((c) => [c.id, c]));
    expect(refreshVerdicts(by)).toEqual([
      ['refresh.rotation', 'pass'],
      ['refresh.reuse-detection', 'fail'],
      ['refresh.revoked-on-logout', 'fail'],
      ['refresh.revoked-on-password-change', 'fail'],
      ['refresh.lifetime', 'fail'],
    ]);
    expect(by.get('refresh.reuse-detection')!.observed).toMatch(/replayed RT2: issued a new refresh token.*the newest access token is still accepted/);
    expect(by.get('refresh.revoked-on-logout')!.observed).toMatch(/after logout, RT2 still refreshes/);
    // Read at the 6 s lifetime plus the 1 s grace, later on a busy machine: past the lifetime either way.
    expect(secondsIn(by.get('refresh.lifetime')!.observed, /the rotated family still refreshed (\d+\.\d+)s after its login/)).toBeGreaterThanOrEqual(REFRESH_LIFETIME_S + 1);
  }, 120_000);

  it('strict: every refresh check passes', async () => {
    const { report } = await exampleRun('refresh-api-strict');
    const verdicts = Object.fromEntries(report.checks.filter((c) => c.id.startsWith('refresh.')).map((c) => [c.id, c.verdict]));
    expect(verdicts).toEqual(Object.fromEntries(REFRESH_CHECKS.map((id) => [id, 'pass'])));
  }, 120_000);
});

describe('refresh-oidc example (oidc-provider)', () => {
  it('rotation, reuse detection (the grant revoked), revocation at logout and the family deadline pass; no password change to judge', async () => {
    const { report } = await exampleRun('refresh-oidc');
    const by = new Map(report.checks.map((c) => [c.id, c]));
    expect(refreshVerdicts(by)).toEqual([
      ['refresh.rotation', 'pass'],
      ['refresh.reuse-detection', 'pass'],
      ['refresh.revoked-on-logout', 'pass'],
      ['refresh.revoked-on-password-change', 'skipped'],
      ['refresh.lifetime', 'pass'],
    ]);
    // The form-encoded refresh reached oidc-provider's token endpoint, and its refusals are OAuth's invalid_grant.
    expect(by.get('refresh.rotation')!.observed).toBe('RT1: issued a new refresh token (RT2); RT2: issued a new refresh token (RT3)');
    expect(by.get('refresh.reuse-detection')!.observed).toMatch(/replayed RT2: refused with 400; then RT3: refused with 400; the newest access token is refused/);
    // Refused once the 6 s family deadline had passed: no earlier than it, and by its 1 s grace.
    expect(secondsIn(by.get('refresh.lifetime')!.observed, /refused at (\d+\.\d+)s/)).toBeGreaterThanOrEqual(OIDC_REFRESH_LIFETIME_S - 1);
  }, 120_000);
});

describe('access tokens minted by a refresh', () => {
  it('go through the jwt checks: the JWT attacked and revoked is the one the refresh minted', async () => {
    const example = EXAMPLES.find((e) => e.name === 'refresh-api-strict')!;
    const dir = await mkdtemp(path.join(tmpdir(), 'sp-refresh-jwt-'));
    const server = await example.start();
    try {
      const config = (await readFile(path.join(example.dir, 'sessionprobe.yaml'), 'utf8'))
        .replace(/include: \["refresh\.\*"\].*/, 'include: [jwt.alg, jwt.revocation]')
        // No wait for the 30 s tokens to expire: jwt.exp is not what this test is about.
        .replace(/^spec:$/m, 'spec:\n  jwt: { expiryWait: 1s, algorithms: [ES256] }');
      await writeFile(path.join(dir, 'sessionprobe.yaml'), config);
      const run = await runCli(['run', '--config', path.join(dir, 'sessionprobe.yaml'), '--base-url', server.url, '--out', path.join(dir, 'out'), '--reporter', 'json']);
      const report = JSON.parse(await readFile(path.join(dir, 'out', 'report.json'), 'utf8')) as { checks: Array<{ id: string; verdict: string; observed: string }>; evidence: Array<{ step: string }> };
      const by = new Map(report.checks.map((c) => [c.id, c]));
      expect(by.get('jwt.alg')?.verdict, run.stdout).toBe('pass');
      expect(by.get('jwt.revocation')).toMatchObject({ verdict: 'pass', observed: expect.stringContaining('(minted by a refresh)') });
      expect(report.evidence.some((e) => /jwt: mint an access token/.test(e.step))).toBe(true);
    } finally {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
