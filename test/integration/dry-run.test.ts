/**
 * `run --dry-run` against real example targets: one login, the oracle and the session cookie proven,
 * the plan printed with its expected duration, no probe run and no report written; exit 3 when the
 * config cannot test the target, as a run would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EXAMPLES } from '../../examples/index.js';
import { CHECKS } from '../../suites/index.js';
import type { RunningServer } from '../../examples/shared.js';
import { runCli } from '../e2e/cli.js';

const example = (name: string) => EXAMPLES.find((e) => e.name === name)!;
let conformant: RunningServer;
let timeouts: RunningServer;
let work: string;

beforeAll(async () => {
  [conformant, timeouts] = await Promise.all([example('conformant').start(), example('timeouts-enforcing').start()]);
  work = await mkdtemp(path.join(tmpdir(), 'sp-dry-run-'));
});

afterAll(async () => {
  await Promise.all([conformant?.close(), timeouts?.close()]);
  await rm(work, { recursive: true, force: true });
});

describe('run --dry-run', () => {
  it('proves login, oracle and session cookie, prints the plan, runs no probe and writes no report', async () => {
    const out = path.join(work, 'conformant-out');
    const run = await runCli(['run', '--dry-run', '--config', path.join(example('conformant').dir, 'sessionprobe.yaml'), '--base-url', conformant.url, '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`dry run: ${conformant.url} can be tested`);
    expect(run.stdout).toMatch(/oracle +logged in when \S+\/account answers 200; logged out when it answers 302 → \/login/);
    expect(run.stdout).toMatch(/session +cookie __Host-sid \(found by ablation\)/);
    expect(run.stdout).toMatch(new RegExp(`checks +${CHECKS.length} selected, gathered by \\d+ probes: session fixation, `));
    expect(run.stdout).toMatch(/duration +seconds: no probe waits/);
    // No probe ran: the only traffic was the login, the calibration and the ablation, and nothing was judged.
    expect(run.stderr).not.toMatch(/fixation:|concurrency:|sampling/);
    await expect(readdir(out)).rejects.toThrow(/ENOENT/);
  });

  it('prints the sessions and the expected duration of the timeout waits', async () => {
    const run = await runCli(['run', '--dry-run', '--config', path.join(example('timeouts-enforcing').dir, 'sessionprobe.yaml'), '--base-url', timeouts.url]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/plan +timeout\.idle: 1 session left idle, read alive at /);
    expect(run.stdout).toMatch(/plan +timeouts: \d+ sessions, expected to take about \d/);
    expect(run.stdout).toMatch(/duration +about \d[\dms.]* of planned waits \(timeouts\), plus seconds for each of the \d+ other probes/);
  });

  it('exits 3, like a run, when the config cannot test the target (a page that does not depend on the session)', async () => {
    const run = await runCli(['run', '--dry-run', '--config', await badOracleConfig(), '--base-url', conformant.url]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/cannot test .*authentication oracle cannot tell logged-in from logged-out at \S+\/login/);
    expect(run.stdout).toBe('');
  });
});

describe('validate --live', () => {
  /** Durations measured in the run (establishing the session) differ between two runs; nothing else may. */
  const timeless = (text: string) => text.replace(/\d+(\.\d+)?(ms|s)\b/g, 'T');

  it('is run --dry-run: the same proof and plan, the same exit code', async () => {
    const config = path.join(example('conformant').dir, 'sessionprobe.yaml');
    // One after the other: both hold the account's run lock.
    const live = await runCli(['validate', '--live', '--config', config, '--base-url', conformant.url]);
    const dry = await runCli(['run', '--dry-run', '--config', config, '--base-url', conformant.url]);
    expect(live.code, live.stderr).toBe(0);
    expect(live.stdout).toContain(`dry run: ${conformant.url} can be tested`);
    expect(timeless(live.stdout)).toBe(timeless(dry.stdout));
  });

  it('exits 3 with the reason, as run --dry-run does, when the config cannot test the target', async () => {
    const live = await runCli(['validate', '--live', '--config', await badOracleConfig(), '--base-url', conformant.url]);
    expect(live.code).toBe(3);
    expect(live.stderr).toMatch(/cannot test .*authentication oracle cannot tell logged-in from logged-out at \S+\/login/);
  });

  it('takes --base-url only with --live: validate alone never contacts the target', async () => {
    const run = await runCli(['validate', '--config', path.join(example('conformant').dir, 'sessionprobe.yaml'), '--base-url', conformant.url]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('validate: --base-url: only with --live');
  });
});

/** The conformant config with an oracle page that answers the same logged in and out. */
async function badOracleConfig(): Promise<string> {
  const original = await readFile(path.join(example('conformant').dir, 'sessionprobe.yaml'), 'utf8');
  const file = path.join(work, 'bad-oracle.yaml');
  await writeFile(file, original.replace('url: /account ', 'url: /login '));
  return file;
}
