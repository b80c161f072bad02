/**
 * Two runs on one account at once interfere; the second is refused while the first holds the lock,
 * and the first releases it when it ends, even when interrupted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli, startCli } from '../e2e/cli.js';
import { STALLING_PASSWORD, startStallingTarget, type StallingTarget } from '../fixtures/stalling-target.js';

let tmp: string;
let target: StallingTarget;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'sp-run-lock-'));
  target = await startStallingTarget();
});
afterAll(async () => {
  await target?.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('one account, one run', () => {
  it('refuses a second run on the account while the first runs, and frees it when the first ends', async () => {
    const file = path.join(tmp, 'sessionprobe.yaml');
    await writeFile(
      file,
      [
        'target:',
        `  baseUrl: ${target.url}`,
        `  account: { username: alice, password: ${STALLING_PASSWORD} }`,
        '  requestTimeout: 30s',
        '  login: { form: { url: /login, fields: { username: "{{username}}", password: "{{password}}" } } }',
        '  authenticated: { url: /account, expect: { status: 200, bodyContains: "Signed in as" } }',
        // The logout page trickles: the first run is busy there while the second one starts.
        '  logout: { link: { url: /trickle, selector: "a.logout" } }',
        'checks: { include: ["logout.server-revocation"] }',
      ].join('\n'),
    );
    const trickling = target.nextTrickle();
    const first = startCli(['run', '--config', file, '--out', path.join(tmp, 'first'), '--reporter', 'json']);
    await trickling;
    const second = await runCli(['run', '--config', file, '--out', path.join(tmp, 'second'), '--reporter', 'json']);
    expect(second.code, second.stderr).toBe(2);
    expect(second.stderr).toMatch(new RegExp(`another sessionprobe run \\(pid ${first.child.pid} on .*\\) is testing ${target.url} as alice`));
    expect(second.stderr).toContain('give each parallel job its own account');
    first.child.kill('SIGTERM');
    expect((await first.done).code).toBe(130);
    expect((await readdir(path.join(tmp, '.sessionprobe'))).filter((f) => f.endsWith('.lock'))).toEqual([]);
  }, 60_000);
});
