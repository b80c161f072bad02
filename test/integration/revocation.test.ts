/**
 * Revocation against the examples built for it, through the CLI: a session that a second cookie brings
 * back after every revocation event (two-cookie), judged by replaying the whole jar (CHECKS.md rule 24),
 * and the conformant targets whose whole jars are dead; then the revocation lag of several instances.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EXAMPLES } from '../../examples/index.js';
import { runCli, type CliRun } from '../e2e/cli.js';
import type { RunResult } from '../../src/model/result.js';
import { CACHE_SECONDS } from '../../examples/timings.js';
import { exampleRun } from '../fixtures/example-runs.js';
import { startServer as startTwoCookie } from '../../examples/two-cookie/server.js';

function example(name: string) {
  const found = EXAMPLES.find((e) => e.name === name);
  if (!found) throw new Error(`no example ${name}`);
  return found;
}

async function runExample(name: string, extra: string[] = []): Promise<{ run: CliRun; report: RunResult; out: string; summary: string; close(): Promise<void> }> {
  const ex = example(name);
  const server = await ex.start();
  const out = await mkdtemp(path.join(tmpdir(), `sp-revocation-${name}-`));
  const instances = (server.instances ?? []).flatMap((i) => ['--instance', i]);
  const run = await runCli(['run', '--config', path.join(ex.dir, 'sessionprobe.yaml'), '--base-url', server.url, ...instances, '--out', out, '--reporter', 'list,json,markdown', ...extra]);
  const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as RunResult;
  const summary = await readFile(path.join(out, 'summary.md'), 'utf8');
  return { run, report, out, summary, close: async () => (await server.close(), await rm(out, { recursive: true, force: true })) };
}

const check = (report: RunResult, id: string) => report.checks.find((c) => c.id === id)!;

/** The shared run of an example (test/fixtures/example-runs.ts): its full report and its Markdown summary. */
async function shared(name: string): Promise<{ run: CliRun; report: RunResult; summary: string }> {
  const { run, out } = await exampleRun(name);
  const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as RunResult;
  return { run, report, summary: await readFile(path.join(out, 'summary.md'), 'utf8') };
}

/** Each revocation event the two-cookie example survives through its auth cookie, with the check that judges it and the matrix row that shows it. */
const TWO_COOKIE_EVENTS = [
  { check: 'logout.server-revocation', observed: /whole jar held before logout \(sid \+ auth\) is logged in again/, cells: [['logout', 'this device']], findings: 1 },
  { check: 'password-change.revoke-others', observed: /whole jar device B held before the password change \(sid \+ auth\) is logged in again/, cells: [['password change', 'other devices']], findings: 2 },
  { check: 'password-change.rotate-current', observed: /whole jar held before the password change \(sid \+ auth\) is logged in again/, cells: [['password change', 'this device']], findings: 1 },
  { check: 'concurrency.signout-everywhere', observed: /whole jar device sign-out B held before sign-out-everywhere \(sid \+ auth\) is logged in again/, cells: [['sign-out-everywhere', 'other devices']], findings: 2 },
  { check: 'privilege-change.rotate', observed: /whole jar held before the elevation \(sid \+ auth\) is logged in again.*has the elevated privilege too/, cells: [['privilege change', 'this device']], findings: 1 },
] as const;

describe('two-cookie: an auth cookie re-creates the session after every revocation event; the config names only sid', () => {
  let r: Awaited<ReturnType<typeof shared>>;
  beforeAll(async () => {
    r = await shared('two-cookie');
  }, 600_000);

  it.each(TWO_COOKIE_EVENTS)('fails $check on the whole jar, naming auth as the cookie that revives the session', ({ check: id, observed, findings }) => {
    const c = check(r.report, id);
    expect(c.verdict).toBe('fail');
    expect(c.observed).toMatch(observed);
    expect(c.observed).toMatch(/auth brings the session back: without it the jar is logged out/);
    expect(c.findings.map((f) => f.cookie)).toEqual(Array(findings).fill('auth'));
  });

  it('shows each of those events as alive in the revocation matrix, the note naming auth', () => {
    for (const { check: id, cells } of TWO_COOKIE_EVENTS) {
      for (const [event, scope] of cells) {
        const cell = r.report.revocationMatrix!.find((m) => m.event === event && m.scope === scope && m.artifact === 'session')!;
        expect(cell, `${event} / ${scope}`).toMatchObject({ outcome: 'alive', check: id });
        expect(cell.note).toContain('with the whole jar (auth brings the session back)');
      }
    }
    const logout = r.report.revocationMatrix!.find((m) => m.event === 'logout' && m.scope === 'this device' && m.artifact === 'session')!;
    expect(logout.delay).toMatch(/^baseUrl: refused from the first replay/);
  });

  it('passes password-change.requires-current and restores the password', async () => {
    expect(check(r.report, 'password-change.requires-current').verdict).toBe('pass');
    expect((await exampleRun('two-cookie')).passwordKept).toBe(true);
  });

  it('fails logout.cookie-cleared: logout re-sends the unchanged session ID', () => {
    const c = check(r.report, 'logout.cookie-cleared');
    expect(c.verdict).toBe('fail');
    expect(c.observed).toBe('sid is re-issued with the same value at logout');
  });

  it('keeps the configured name but says, in every report, that the session lives without it', () => {
    expect(r.report.session.sessionCookies).toEqual(['sid']);
    expect(r.report.session.discovery.mismatch).toMatch(/names sid, but the session lives without sid/);
    expect(r.report.notices.map((n) => n.message)).toContain(r.report.session.discovery.mismatch);
    expect(r.summary).toContain('**Notice (warning):** target.sessionCookie names sid');
    expect(r.run.stderr + r.run.stdout).toContain('target.sessionCookie names sid');
  });
});

describe('conformant targets: the whole jar (with affinity, CSRF and analytics cookies) is dead after every event', () => {
  it('conformant passes logout.server-revocation, having replayed the whole jar too', async () => {
    const { report } = await shared('conformant');
    const c = check(report, 'logout.server-revocation');
    expect(c.verdict).toBe('pass');
    expect(c.observed).toMatch(/so was the whole jar the device held/);
    expect(check(report, 'logout.cookie-cleared').verdict).toBe('pass');
    expect(report.notices).toEqual([]);
  }, 600_000);

  it.each([
    ['logout.server-revocation', /so was the whole jar the device held \(lb \+ __Host-sid\)/],
    ['password-change.revoke-others', /their session artifacts and whole jars \(lb \+ __Host-sid\) replayed/],
    ['password-change.rotate-current', /so was the whole jar the device held \(lb \+ __Host-sid\)/],
    ['concurrency.signout-everywhere', /their session artifacts and whole jars \(lb \+ __Host-sid\) replayed/],
    ['privilege-change.rotate', /so was the whole jar the device held \(lb \+ __Host-sid\)/],
    ['remember-me.revocation', /after logout it was refused, and so was the whole jar the device held \(remember \+ lb \+ __Host-sid\)/],
  ])('accounts-conformant passes %s, the whole jar replayed too', async (id, observed) => {
    const { report } = await shared('accounts-conformant');
    const c = check(report, id);
    expect(c.verdict, c.observed).toBe('pass');
    expect(c.observed).toMatch(observed);
  }, 600_000);
});

describe('multi-instance: two instances sharing Redis, each with an in-process session cache', () => {
  let lagging: Awaited<ReturnType<typeof runExample>>;
  let fixed: Awaited<ReturnType<typeof runExample>>;
  beforeAll(async () => {
    lagging = await runExample('multi-instance-lagging', ['--check', 'revocation.delay,logout.server-revocation']);
    fixed = await runExample('multi-instance-fixed', ['--check', 'revocation.delay,logout.server-revocation']);
  }, 120_000);
  afterAll(async () => {
    await lagging?.close();
    await fixed?.close();
  });

  it('measures the lag on the instance that did not serve the logout, within a second of its cache lifetime, and fails maxDelay 0s', () => {
    const c = check(lagging.report, 'revocation.delay');
    expect(c.verdict).toBe('fail');
    // The baseUrl instance served the logout; the other one answers from its cache until the entry expires.
    const [, first, second] = Object.entries(c.measured!).map(([, v]) => String(v));
    expect(first).toMatch(/^refused from the first replay/);
    const bracket = /still accepted at ([\d.]+)(ms|s), refused at ([\d.]+)(ms|s)/.exec(second!)!;
    const seconds = (n: string, unit: string) => (unit === 'ms' ? Number(n) / 1000 : Number(n));
    const lag = (seconds(bracket[1]!, bracket[2]!) + seconds(bracket[3]!, bracket[4]!)) / 2;
    expect(Math.abs(lag - CACHE_SECONDS)).toBeLessThanOrEqual(1);
    // Without instances the lag is invisible: the logout check, which replays through baseUrl, passes.
    expect(check(lagging.report, 'logout.server-revocation').verdict).toBe('pass');
  });

  it('passes when logout invalidates every cache through Redis pub/sub', () => {
    const c = check(fixed.report, 'revocation.delay');
    expect(c.verdict).toBe('pass');
    expect(Object.keys(c.measured!)).toHaveLength(3);
    expect(Object.values(c.measured!).every((v) => String(v).startsWith('refused from the first replay'))).toBe(true);
  });
});

describe('two-cookie with a 2 s idle timeout on sid and none absolute: auth brings an idle session back past T+g, and nothing ends an active one', () => {
  let server: Awaited<ReturnType<typeof startTwoCookie>>;
  let dir: string;
  let report: RunResult;
  beforeAll(async () => {
    server = await startTwoCookie({ idleMs: 2000 });
    dir = await mkdtemp(path.join(tmpdir(), 'sp-revocation-idle-'));
    const config = (await readFile(path.join(example('two-cookie').dir, 'sessionprobe.yaml'), 'utf8')).replace(
      'preset: recommended\n',
      'preset: recommended\n  timeouts: { idle: 2s, absolute: 4s, grace: 500ms }\n',
    );
    await writeFile(path.join(dir, 'sessionprobe.yaml'), config);
    await runCli(['run', '--config', path.join(dir, 'sessionprobe.yaml'), '--base-url', server.url, '--out', dir, '--reporter', 'json', '--check', 'timeout.idle,timeout.absolute']);
    report = JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')) as RunResult;
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('fails timeout.idle and names auth, found by ablating the jar the session held before its T+g reading', () => {
    const c = check(report, 'timeout.idle');
    expect(c.verdict, c.observed).toBe('fail');
    expect(c.observed).toMatch(/still logged in: .*; replaying the whole jar held before the idle timeout \(sid \+ auth\) is logged in again .*auth brings the session back/);
    expect(c.findings.filter((f) => f.cookie).map((f) => f.cookie)).toEqual(['auth']);
  });

  it('fails timeout.absolute and names both cookies: sid kept alive by activity, auth on its own', () => {
    const c = check(report, 'timeout.absolute');
    expect(c.verdict, c.observed).toBe('fail');
    expect(c.observed).toMatch(/still logged in at A\+g: .*; replaying the whole jar held before the absolute timeout \(sid \+ auth\) is logged in again .*each of sid, auth brings the session back on its own/);
    expect(c.findings.filter((f) => f.cookie).map((f) => f.cookie)).toEqual(['sid', 'auth']);
  });
});
