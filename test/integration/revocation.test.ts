/**
 * Revocation against the examples built for it, through the CLI: a session that a second cookie brings
 * back after logout (two-cookie), judged by replaying the whole jar (CHECKS.md rule 24).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EXAMPLES } from '../../examples/index.js';
import { runCli, type CliRun } from '../e2e/cli.js';
import type { RunResult } from '../../src/model/result.js';
import { CACHE_SECONDS } from '../../examples/multi-instance/server.js';

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

describe('two-cookie: an auth cookie re-creates the session after logout; the config names only sid', () => {
  let r: Awaited<ReturnType<typeof runExample>>;
  beforeAll(async () => {
    r = await runExample('two-cookie', ['--check', 'logout.*']);
  }, 120_000);
  afterAll(async () => r?.close());

  it('fails logout.server-revocation on the whole jar, naming both cookies and the one that revives the session', () => {
    const c = check(r.report, 'logout.server-revocation');
    expect(c.verdict).toBe('fail');
    expect(c.observed).toMatch(/whole jar held before logout \(sid \+ auth\) is logged in again/);
    expect(c.observed).toMatch(/auth brings the session back/);
    expect(c.findings.map((f) => f.cookie)).toEqual(['auth']);
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

  it('shows the logout row of the revocation matrix as alive, judged by the failed check', () => {
    const cell = r.report.revocationMatrix!.find((m) => m.event === 'logout' && m.scope === 'this device' && m.artifact === 'session')!;
    expect(cell).toMatchObject({ outcome: 'alive', check: 'logout.server-revocation' });
    expect(cell.delay).toMatch(/^baseUrl: refused from the first replay/);
  });
});

describe('conformant: the whole jar (with its CSRF and distractor cookies) is dead after logout', () => {
  let r: Awaited<ReturnType<typeof runExample>>;
  beforeAll(async () => {
    r = await runExample('conformant', ['--check', 'logout.*']);
  }, 120_000);
  afterAll(async () => r?.close());

  it('passes logout.server-revocation, having replayed the whole jar too', () => {
    const c = check(r.report, 'logout.server-revocation');
    expect(c.verdict).toBe('pass');
    expect(c.observed).toMatch(/so was the whole jar the device held/);
    expect(check(r.report, 'logout.cookie-cleared').verdict).toBe('pass');
    expect(r.report.notices).toEqual([]);
  });
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
