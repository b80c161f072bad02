/**
 * A target that resets connections, answers 503 in bursts, stalls, or restarts mid-run never yields a
 * false verdict: transient faults are retried away, and what cannot be observed is inconclusive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BRIEF_REVOCATION_REPLAYS, runCli } from './cli.js';
import { FAULT_PASSWORD, startFaultTarget, type Fault } from '../fixtures/fault-target.js';

let tmp: string;
const config = (extraAccount: boolean) =>
  [
    'target:',
    '  baseUrl: http://127.0.0.1:1',
    `  account: { username: alice, password: ${FAULT_PASSWORD} }`,
    ...(extraAccount ? [`  accounts: [{ username: bob, password: ${FAULT_PASSWORD} }]`] : []),
    '  requestTimeout: 1500ms',
    '  login: { form: { url: /login, fields: { username: "{{username}}", password: "{{password}}" } } }',
    '  authenticated: { url: /account }',
    '  logout: { request: { method: POST, url: /logout } }',
    'checks:',
    '  include: ["fixation.*", "logout.server-revocation", "cookie.secure"]',
  ].join('\n');

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'sp-faults-'));
  await writeFile(path.join(tmp, 'one-account.yaml'), config(false));
  await writeFile(path.join(tmp, 'two-accounts.yaml'), config(true));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function verdicts(fault: Fault, revokeOnLogout: boolean, configName = 'one-account.yaml'): Promise<Record<string, string>> {
  const target = await startFaultTarget(fault, { revokeOnLogout });
  try {
    const out = path.join(tmp, `${fault}-${revokeOnLogout}-${configName}`);
    const run = await runCli(['run', '--config', path.join(tmp, configName), '--base-url', target.url, '--out', out, '--reporter', 'json', ...BRIEF_REVOCATION_REPLAYS]);
    expect([0, 1], run.stderr).toContain(run.code);
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as { checks: Array<{ id: string; verdict: string }> };
    return Object.fromEntries(report.checks.map((c) => [c.id, c.verdict]));
  } finally {
    await target.close();
  }
}

const SOUND = { 'cookie.secure': 'pass', 'fixation.rotate-on-login': 'pass', 'fixation.reject-unknown-id': 'pass', 'logout.server-revocation': 'pass' };

// Each test has its own target and report folder, and most of their time is waiting (a stalled replay waits out
// target.requestTimeout, nine times): they run side by side.
describe.concurrent('faults', () => {
  it('a sound target without faults passes (the baseline the faults are compared to)', async () => {
    expect(await verdicts('none', true)).toEqual(SOUND);
  });

  it('connection resets and 503 bursts are retried away: same verdicts', async () => {
    expect(await verdicts('flaky', true)).toEqual(SOUND);
  });

  // Every stalled replay waits out target.requestTimeout, and the time-to-revoke schedule replays several times.
  it('a replay that never gets an answer is inconclusive, not pass', async () => {
    expect(await verdicts('stall', true)).toEqual({ ...SOUND, 'logout.server-revocation': 'inconclusive' });
  }, 240_000);

  it('a broken logout is still caught as fail when nothing goes wrong', async () => {
    expect(await verdicts('none', false)).toEqual({ ...SOUND, 'logout.server-revocation': 'fail' });
  });

  it('a restart between logout and replay cannot make a broken logout look revoked: inconclusive', async () => {
    expect(await verdicts('restart', false)).toEqual({ ...SOUND, 'logout.server-revocation': 'inconclusive' });
  });

  it('with a second account as control, even a restart right at logout is caught: inconclusive', async () => {
    expect(await verdicts('restart-at-logout', false, 'two-accounts.yaml')).toEqual({ ...SOUND, 'logout.server-revocation': 'inconclusive' });
    expect(await verdicts('none', true, 'two-accounts.yaml')).toEqual(SOUND);
  });
});
