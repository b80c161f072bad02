/**
 * Second factors and single sign-on end to end: the CLI against the password + TOTP examples and, in
 * real Chromium, against the apps that sign in through the bundled OpenID provider (the shared example
 * runs that examples.test and leaks.test read too). Each new check fails
 * on the example built to violate it and passes on the one built to conform; the TOTP pacing is visible
 * in the progress output; each login step and both origins are in the evidence; no TOTP secret or code,
 * and no provider cookie, reaches any artifact.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CliRun } from '../e2e/cli.js';
import { exampleRun } from '../fixtures/example-runs.js';
import { expectNoSecrets } from '../fixtures/no-secrets.js';

const PASSWORDS = ['correct-horse-battery-staple'];
type Report = {
  checks: Array<{ id: string; verdict: string; observed: string }>;
  evidence: Array<{ step: string; device: string; request: { method: string; url: string; body?: string } }>;
};

interface Outcome {
  run: CliRun;
  report: Report;
  artifacts: string[];
  issued: string[];
}

/** The shared run of the example (test/fixtures/example-runs.ts: every reporter), with every artifact's text. */
async function runExample(name: string): Promise<Outcome> {
  const { out, run, files, issued } = await exampleRun(name);
  const artifacts = [...(await Promise.all(files.map((f) => readFile(path.join(out, f), 'utf8')))), run.stdout, run.stderr];
  return { run, report: JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as Report, artifacts, issued };
}

const verdicts = (report: Report, prefix: string) => Object.fromEntries(report.checks.filter((c) => c.id.startsWith(prefix)).map((c) => [c.id, c.verdict]));

describe('password + TOTP form login', () => {
  let right: Outcome;
  let wrong: Outcome;
  beforeAll(async () => {
    [right, wrong] = await Promise.all([runExample('mfa-right'), runExample('mfa-wrong')]);
  }, 300_000);

  it('passes the MFA checks where the half-logged-in session opens nothing and each step issues a new ID', () => {
    expect(verdicts(right.report, 'mfa.'), right.run.stderr).toEqual({ 'mfa.partial-session': 'pass', 'mfa.rotate-after-factor': 'pass' });
  });

  it('fails them where the password alone signs in and the ID never changes', () => {
    expect(verdicts(wrong.report, 'mfa.'), wrong.run.stderr).toEqual({ 'mfa.partial-session': 'fail', 'mfa.rotate-after-factor': 'fail' });
    const partial = wrong.report.checks.find((c) => c.id === 'mfa.partial-session')!;
    expect(partial.observed).toMatch(/after the first factor/);
  });

  it('never sends a code twice: it waits for the next time step and says so', () => {
    expect(right.run.stderr).toMatch(/the current TOTP code was already used and servers accept a code once; waiting \S+ for the next one/);
  });

  it('records each login step as evidence', () => {
    const steps = new Set(right.report.evidence.map((e) => e.step));
    expect(steps).toContain('login: step 1 of 2: submit form');
    expect(steps).toContain('login: step 2 of 2: submit form');
    const codeSubmissions = right.report.evidence.filter((e) => e.step === 'login: step 2 of 2: submit form' && e.request.method === 'POST');
    expect(codeSubmissions.length).toBeGreaterThan(1);
    for (const e of codeSubmissions) expect(e.request.body).toMatch(/^code=\[masked TOTP code\]$/);
  });

  it('writes no TOTP secret, code, cookie value or password into any artifact', () => {
    for (const o of [right, wrong]) {
      expect(o.issued.filter((v) => /^\d{6}$/.test(v)).length).toBeGreaterThan(1);
      expectNoSecrets(o.artifacts, [...PASSWORDS, ...o.issued]);
    }
  });
});

describe('single sign-on through an OpenID provider (Chromium)', () => {
  let right: Outcome;
  let wrong: Outcome;
  beforeAll(async () => {
    [right, wrong] = await Promise.all([runExample('sso-right'), runExample('sso-wrong')]);
  }, 300_000);

  it('passes the SSO checks for the app that rotates at the callback and ends sessions at both ends', () => {
    expect(verdicts(right.report, 'sso.'), right.run.stderr).toEqual({
      'sso.rotate-on-login': 'pass',
      'sso.idp-logout-ends-app-session': 'pass',
      'sso.app-logout-ends-idp-session': 'pass',
    });
  });

  it('fails them for the app that keeps its pre-login ID and ignores the provider', () => {
    expect(verdicts(wrong.report, 'sso.'), wrong.run.stderr).toEqual({
      'sso.rotate-on-login': 'fail',
      'sso.idp-logout-ends-app-session': 'fail',
      'sso.app-logout-ends-idp-session': 'fail',
    });
  });

  it('keeps the app and the provider apart in the evidence', () => {
    const app = new URL(right.report.evidence[0]!.request.url).origin;
    const origins = new Set(right.report.evidence.map((e) => new URL(e.request.url).origin));
    expect(origins).toContain(app);
    expect([...origins].some((o) => o.startsWith('http://localhost:'))).toBe(true);
    // The session cookie was found by ablation on the app's origin: the provider's cookies are not it.
    expect(right.report.checks.find((c) => c.id === 'cookie.secure')?.observed).toMatch(/__Host-app/);
  });

  it('writes no provider cookie, TOTP secret or code, or password into any artifact', () => {
    for (const o of [right, wrong]) expectNoSecrets(o.artifacts, [...PASSWORDS, ...o.issued]);
  });
});
