/**
 * Login-issued ID sampling on a target without a logout flow leaves every sampled session on the
 * account. On the limited example (one account, the oldest session evicted past 4) those sessions would
 * evict the timed ones if they ran alongside the waits; the run puts the sampling last instead, so the
 * timeouts the app enforces pass. Without a logout flow the baseline session cannot be ended either: it
 * keeps one of the 4 slots, and the plan says both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from '../../examples/limited/server.js';
import { REPO, runCli } from '../e2e/cli.js';

interface Report {
  checks: Array<{ id: string; verdict: string; observed: string }>;
  probeTimings: Array<{ probe: string; startedAt: string; durationMs: number }>;
}

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sp-sampling-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('login sampling on a limited account without a logout flow', () => {
  it('runs after the timed sessions, so none of them is evicted; the baseline keeps a slot', async () => {
    const server = await startServer({ maxSessions: 4, onExceed: 'evict-oldest', idleMs: 1_000, absoluteMs: 5_000 });
    try {
      const example = await readFile(path.join(REPO, 'examples/limited/sessionprobe.yaml'), 'utf8');
      const config = path.join(dir, 'sessionprobe.yaml');
      await writeFile(
        config,
        example
          .replace(/ {2}logout:\n.*\n/, '')
          .replace(/idle: \S+/, 'idle: 1s')
          .replace(/absolute: \S+/, 'absolute: 5s')
          .replace(/grace: \S+/, 'grace: 500ms')
          .replace(/samples: \d+/, 'samples: 20')
          .replace(/maxSessions: 2 .*\n/, 'maxSessions: 4\n'),
      );
      const out = path.join(dir, 'out');
      const result = await runCli(['run', '--config', config, '--base-url', server.url, '--out', out, '--reporter', 'json', '--check', 'timeout.idle', '--check', 'timeout.absolute', '--check', 'token.entropy']);
      expect(result.code, result.stderr).not.toBe(3);
      expect(result.stderr).toContain('plan: the baseline session could not be ended before the probes (the target profile has no logout flow (target.logout))');
      expect(result.stderr).toContain('plan: schedule: last, as they leave sessions behind that the run cannot log out (no target.logout): session-ID sampling');
      const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as Report;
      const timing = (probe: string) => report.probeTimings.find((t) => t.probe === probe)!;
      const timeoutsEnd = Date.parse(timing('timeout').startedAt) + timing('timeout').durationMs;
      expect(Date.parse(timing('tokenSample').startedAt)).toBeGreaterThanOrEqual(timeoutsEnd - 1);
      const verdict = (id: string) => report.checks.find((c) => c.id === id)!;
      expect(verdict('timeout.idle').verdict, verdict('timeout.idle').observed).toBe('pass');
      expect(verdict('timeout.absolute').verdict, verdict('timeout.absolute').observed).toBe('pass');
      expect(verdict('token.entropy').verdict).not.toBe('error');
    } finally {
      await server.close();
    }
  }, 60_000);
});
