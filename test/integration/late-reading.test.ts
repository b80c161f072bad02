/**
 * A decisive timeout reading that comes late is read again, not lost. On timeouts-enforcing (idle 3 s,
 * absolute 6 s) a proxy holds the idle session's T+g reading back for 2 s, as a busy machine would: the
 * reading then ends past the absolute timeout, so its logout says nothing about idleness. With budget left,
 * the run reads the idle session again on a new one and judges that (pass, saying so); without budget, the
 * verdict stays inconclusive, never pass.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { EXAMPLES } from '../../examples/index.js';
import { runCli, type CliRun } from '../e2e/cli.js';
import { startRecordingProxy } from '../fixtures/recording-proxy.js';

const example = EXAMPLES.find((e) => e.name === 'timeouts-enforcing')!;
const HELD_MS = 2_000;

interface Run {
  cli: CliRun;
  idle: { verdict: string; observed: string };
  /** How many of the idle session's readings the proxy held back. */
  held: number;
}

/** One run of the timeout checks whose idle session's third oracle request (its T+g reading) is held back. */
async function runWithHeldReading(work: string, maxWait: string): Promise<Run> {
  const server = await example.start();
  let firstSeen: number | undefined;
  let held = 0;
  const holdDecisive = async (req: IncomingMessage) => {
    if (!String(req.headers['user-agent']).endsWith('(device timeout: idle)')) return;
    firstSeen ??= Date.now();
    // Its T+g reading is planned about 4.5 s after its login (the control at 0.7 s, then T+g = 3.8 s); nothing
    // else of that session's reaches the oracle after 4 s.
    if (req.url !== '/account' || held > 0 || Date.now() - firstSeen < 4_000) return;
    held++;
    await sleep(HELD_MS);
  };
  const proxy = await startRecordingProxy(server.url, { beforeForward: holdDecisive });
  try {
    const out = path.join(work, `out-${maxWait}`);
    const cli = await runCli(['run', '--config', path.join(example.dir, 'sessionprobe.yaml'), '--base-url', proxy.url, '--suite', 'timeout', '--max-wait', maxWait, '--out', out, '--reporter', 'json']);
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as { checks: Array<{ id: string; verdict: string; observed: string }> };
    return { cli, idle: report.checks.find((c) => c.id === 'timeout.idle')!, held };
  } finally {
    await proxy.close();
    await server.close();
  }
}

let work: string;
let roomy: Run;
let tight: Run;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'sp-late-reading-'));
  // Both wait on the target's clock and barely use the CPU: side by side.
  [roomy, tight] = await Promise.all([runWithHeldReading(work, '1m'), runWithHeldReading(work, '8s')]);
}, 120_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('a T+g reading held back past the absolute timeout', () => {
  it('is read again on a new session when the budget allows, and judged on that one', () => {
    expect(roomy.held).toBe(1);
    expect(roomy.cli.stderr).toMatch(/timeouts: the idle session's T\+g reading ended [\d.]+m?s after the plan had it, too late to tell idleness from the session's lifetime \(a busy machine or target\): reading it again on a new session/);
    // The estimate moves with it, for that reason (not blamed on a session the target ended).
    expect(roomy.cli.stderr).toMatch(/→ plan: timeouts revised at [\d.]+s: now about [\d.]+s in all, [\d.]+m?s left \(planned [\d.]+s\) — the idle session's T\+g reading ended .*; it is read again on a new session\n/);
    expect(roomy.cli.stderr).not.toContain('the target logged out');
    expect(roomy.idle.verdict).toBe('pass');
    expect(roomy.idle.observed).toMatch(/^logged out at T\+g: .*\(on a second session: the first one's T\+g reading ended [\d.]+m?s after the plan had it/);
  });

  it('stays inconclusive when the budget has no room for another session', () => {
    expect(tight.held).toBe(1);
    expect(tight.cli.stderr).not.toContain('reading it again');
    expect(tight.idle.verdict).toBe('inconclusive');
    expect(tight.idle.observed).toMatch(/past the absolute timeout \(6s\), so its logout may be that lifetime's doing rather than idleness/);
  });
});
