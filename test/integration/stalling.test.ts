/**
 * A target that trickles or floods its answers cannot hold a run or bloat it: every request has one
 * deadline for headers and body, bodies beyond the kept prefix are dropped as they stream, and the
 * first SIGTERM ends the run within seconds with partial reports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCli, type CliRun } from '../e2e/cli.js';
import { STALLING_PASSWORD, startStallingTarget, type StallingTarget } from '../fixtures/stalling-target.js';

let tmp: string;
let target: StallingTarget;

function config(name: string, lines: { loginUrl?: string; oracleUrl?: string; logout?: string; requestTimeout: string; include: string }): Promise<string> {
  const file = path.join(tmp, `${name}.yaml`);
  const text = [
    'target:',
    `  baseUrl: ${target.url}`,
    `  account: { username: alice, password: ${STALLING_PASSWORD} }`,
    `  requestTimeout: ${lines.requestTimeout}`,
    `  login: { form: { url: ${lines.loginUrl ?? '/login'}, fields: { username: "{{username}}", password: "{{password}}" } } }`,
    `  authenticated: { url: ${lines.oracleUrl ?? '/account'}, expect: { status: 200, bodyContains: "Signed in as" } }`,
    `  logout: ${lines.logout ?? '{ request: { method: POST, url: /logout } }'}`,
    `checks: { include: ${lines.include} }`,
  ].join('\n');
  return writeFile(file, text).then(() => file);
}

/** Runs the CLI, sampling the child's peak resident set (VmHWM) while it lives. */
async function measuredRun(args: string[], onStart?: (run: ReturnType<typeof startCli>) => void): Promise<CliRun & { wallMs: number; peakRssMb: number }> {
  const started = Date.now();
  const run = startCli(args);
  let peakKb = 0;
  const sample = setInterval(() => {
    try {
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${run.child.pid}/status`, 'utf8'))?.[1];
      if (hwm) peakKb = Math.max(peakKb, Number(hwm));
    } catch {
      // The process has just exited.
    }
  }, 25);
  onStart?.(run);
  const done = await run.done;
  clearInterval(sample);
  return { ...done, wallMs: Date.now() - started, peakRssMb: Math.round(peakKb / 1024) };
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'sp-stalling-'));
  target = await startStallingTarget();
});
afterAll(async () => {
  await target?.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('a target that trickles or floods', () => {
  it('a login page sent one byte per second ends the run at target.requestTimeout, not never', async () => {
    const file = await config('trickle-login', { loginUrl: '/trickle', requestTimeout: '2s', include: '["cookie.*"]' });
    // The CLI's own start (loading the tool, reading the config) is measured apart: on a loaded machine it alone
    // takes seconds, and it is not what the deadline bounds.
    const start = await measuredRun(['validate', '--config', file]);
    const run = await measuredRun(['run', '--config', file, '--out', path.join(tmp, 'out-trickle'), '--reporter', 'json']);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toContain('no complete answer within 2s (target.requestTimeout)');
    expect(run.wallMs - start.wallMs).toBeLessThan(14_000);
  }, 60_000);

  it('2 GiB answers on every oracle question keep the peak RSS under 250 MB', async () => {
    const file = await config('flood', { oracleUrl: '/flood', requestTimeout: '20s', include: '["logout.server-revocation", "fixation.*"]' });
    const out = path.join(tmp, 'out-flood');
    const run = await measuredRun(['run', '--config', file, '--out', out, '--reporter', 'json']);
    expect([0, 1], run.stderr).toContain(run.code);
    expect(run.peakRssMb, `peak RSS ${run.peakRssMb} MB`).toBeGreaterThan(0);
    expect(run.peakRssMb, `peak RSS ${run.peakRssMb} MB`).toBeLessThan(250);
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as { checks: Array<{ id: string; verdict: string }> };
    expect(report.checks.find((c) => c.id === 'logout.server-revocation')?.verdict).toBe('pass');
  }, 60_000);

  it('the first SIGTERM during a trickling answer ends the run within 5 s with a partial report naming the signal', async () => {
    const file = await config('trickle-logout', {
      logout: '{ link: { url: /trickle, selector: "a.logout" } }',
      requestTimeout: '60s',
      include: '["logout.server-revocation", "cookie.secure"]',
    });
    const out = path.join(tmp, 'out-sigterm');
    let signalledAt = 0;
    const trickling = target.nextTrickle();
    const run = await measuredRun(['run', '--config', file, '--out', out, '--reporter', 'json'], (cli) => {
      void trickling.then(() => {
        signalledAt = Date.now();
        cli.child.kill('SIGTERM');
      });
    });
    const afterSignalMs = Date.now() - signalledAt;
    expect(run.code, run.stderr).toBe(130);
    expect(signalledAt).toBeGreaterThan(0);
    expect(afterSignalMs).toBeLessThan(5_000);
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as { partial?: { reason: string }; checks: Array<{ id: string; verdict: string }> };
    expect(report.partial?.reason).toMatch(/interrupted by SIGTERM/);
    expect(report.checks.find((c) => c.id === 'logout.server-revocation')?.verdict).toBe('inconclusive');
    expect(report.checks.find((c) => c.id === 'cookie.secure')?.verdict).toBe('pass');
  }, 60_000);
});
