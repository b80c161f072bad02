/**
 * A target that restarts (forgetting every session) right after a password change or "sign out
 * everywhere" must not turn a failing check into a pass: the sessions that should have survived are
 * gone too, so the verdict is inconclusive. Against the vulnerable accounts example, which keeps every
 * session through both events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BRIEF_REVOCATION_REPLAYS, runCli } from '../e2e/cli.js';
import { startServer, type AccountsServer } from '../../examples/accounts/server.js';
import { MODES } from '../../examples/accounts/modes.js';

const CONFIG = fileURLToPath(new URL('../../examples/accounts/vulnerable/sessionprobe.yaml', import.meta.url));
const CHECKS = ['password-change.revoke-others', 'password-change.rotate-current', 'concurrency.signout-everywhere'];
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'sp-restarts-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function verdicts(restarting: boolean): Promise<Record<string, string>> {
  let server: AccountsServer | undefined;
  const restart = () => (restarting ? server!.restart() : undefined);
  server = await startServer({ behaviour: MODES.vulnerable, onPasswordChange: restart, onSignOutEverywhere: restart });
  try {
    const out = path.join(tmp, String(restarting));
    const run = await runCli(['run', '--config', CONFIG, '--base-url', server.url, '--out', out, '--reporter', 'json', ...CHECKS.flatMap((c) => ['--check', c]), ...BRIEF_REVOCATION_REPLAYS]);
    expect([0, 1], run.stderr).toContain(run.code);
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as { checks: Array<{ id: string; verdict: string }> };
    return Object.fromEntries(report.checks.map((c) => [c.id, c.verdict]));
  } finally {
    await server.close();
  }
}

describe('a target that restarts right after the event', () => {
  it('the broken target fails every check when it does not restart', async () => {
    expect(await verdicts(false)).toEqual(Object.fromEntries(CHECKS.map((c) => [c, 'fail'])));
  }, 60_000);

  it('a restart that forgets every session makes each verdict inconclusive, never pass', async () => {
    expect(await verdicts(true)).toEqual(Object.fromEntries(CHECKS.map((c) => [c, 'inconclusive'])));
  }, 60_000);
});
