/**
 * A decisive timeout reading that comes late is read again, not lost. On an enforcing timeouts target
 * (idle 3 s, absolute 12 s) a proxy holds the idle session's T+g reading back 6 s, as a busy machine would:
 * the reading then ends past the absolute timeout, so its logout says nothing about idleness. With budget
 * left, the run reads the idle session again on a new one and judges that (pass, saying so); without
 * budget, the verdict stays inconclusive, never pass. The idle session also carries the sliding reading
 * here, so its T+g reading is planned at 8.15 s: the 3.85 s before the absolute timeout keep a slow login
 * on a loaded machine from voiding the plan itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse, stringify } from 'yaml';
import { EXAMPLES } from '../../examples/index.js';
import { startServer } from '../../examples/timeouts/server.js';
import { runCli, type CliRun } from '../e2e/cli.js';
import { startRecordingProxy } from '../fixtures/recording-proxy.js';

const ABSOLUTE_MS = 12_000;
const HELD_MS = 6_000;

interface Run {
  cli: CliRun;
  idle: { verdict: string; observed: string };
  /** How many of the idle session's readings the proxy held back. */
  held: number;
}

/** timeouts-enforcing's config, its absolute timeout the target's. */
async function configFile(work: string): Promise<string> {
  const dir = EXAMPLES.find((e) => e.name === 'timeouts-enforcing')!.dir;
  const config = parse(await readFile(path.join(dir, 'sessionprobe.yaml'), 'utf8')) as { spec: { timeouts: Record<string, unknown> } };
  config.spec.timeouts.absolute = `${ABSOLUTE_MS / 1000}s`;
  const file = path.join(work, 'sessionprobe.yaml');
  await writeFile(file, stringify(config));
  return file;
}

/** One run of the timeout checks whose idle session's T+g reading is held back. */
async function runWithHeldReading(work: string, config: string, maxWait: string): Promise<Run> {
  const server = await startServer({ mode: 'enforcing', absoluteMs: ABSOLUTE_MS });
  let lastReadingAt: number | undefined;
  let held = 0;
  const holdDecisive = async (req: IncomingMessage) => {
    if (req.url !== '/account' || !String(req.headers['user-agent']).endsWith('(device timeout: idle)')) return;
    // The T+g reading is the only one of that session's to come T+g (3.8 s) after its previous one (its
    // control at T−g, then the sliding reading 2.15 s later).
    const gapMs = lastReadingAt === undefined ? 0 : Date.now() - lastReadingAt;
    lastReadingAt = Date.now();
    if (held > 0 || gapMs < 3_000) return;
    held++;
    await sleep(HELD_MS);
  };
  const proxy = await startRecordingProxy(server.url, { beforeForward: holdDecisive });
  try {
    const out = path.join(work, `out-${maxWait}`);
    const cli = await runCli(['run', '--config', config, '--base-url', proxy.url, '--suite', 'timeout', '--max-wait', maxWait, '--out', out, '--reporter', 'json']);
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
  const config = await configFile(work);
  // Both wait on the target's clock and barely use the CPU: side by side. 15 s holds A+g (12.8 s) but not
  // a second idle session (8.4 s) after a reading that ends past 12 s.
  [roomy, tight] = await Promise.all([runWithHeldReading(work, config, '1m'), runWithHeldReading(work, config, '15s')]);
}, 120_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('a T+g reading held back past the absolute timeout', () => {
  it('is read again on a new session when the budget allows, and judged on that one', () => {
    expect(roomy.held).toBe(1);
    expect(roomy.cli.stderr).toMatch(/timeouts: the idle session's T\+g reading ended [\d.]+m?s after the plan had it, too late to tell idleness from the session's lifetime \(a busy machine or target\): reading it again on a new session/);
    // The estimate moves with it, for that reason (not blamed on the idle session's end). The absolute
    // session may rightly be reported ended: its keep-alives every 1.2 s put one 12 s after the login, at
    // the target's absolute timeout, whose clock started with the login request, before the tool's did.
    expect(roomy.cli.stderr).toMatch(/→ plan: timeouts revised at [\d.]+s: now about [\d.]+s in all, [\d.]+m?s left \(planned [\d.]+s\) — the idle session's T\+g reading ended .*; it is read again on a new session\n/);
    expect(roomy.cli.stderr).not.toContain('the target logged out the idle session');
    expect(roomy.idle.verdict).toBe('pass');
    expect(roomy.idle.observed).toMatch(/^logged out at T\+g: .*\(on a second session: the first one's T\+g reading ended [\d.]+m?s after the plan had it/);
  });

  it('stays inconclusive when the budget has no room for another session', () => {
    expect(tight.held).toBe(1);
    expect(tight.cli.stderr).not.toContain('reading it again');
    expect(tight.idle.verdict).toBe('inconclusive');
    expect(tight.idle.observed).toMatch(/past the absolute timeout \(12s\), so its logout may be that lifetime's doing rather than idleness/);
  });
});
