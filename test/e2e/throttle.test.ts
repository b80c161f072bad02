/**
 * A login endpoint that answers 429: the run backs off as Retry-After asks, retries, finishes, and
 * says so in the report; with no retries left, the probe that needed the login is inconclusive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, type AccountsServer } from '../../examples/accounts/server.js';
import { runCli } from './cli.js';

let dir: string;
let server: AccountsServer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sp-throttle-'));
  // One login per second: every login after the first within a second is refused with 429 and Retry-After: 1.
  server = await startServer({ behaviour: { loginRateLimit: { max: 1, windowMs: 1000 }, concurrency: null } });
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

async function run(backoff: string) {
  const config = path.join(dir, `throttle-${backoff.length}.yaml`);
  await writeFile(
    config,
    [
      'target:',
      '  baseUrl: http://127.0.0.1:9',
      '  account: { username: alice, password: correct-horse-battery-staple }',
      '  login: { form: { url: /login, fields: { username: "{{username}}", password: "{{password}}" } } }',
      '  authenticated: { url: /account }',
      `  loginBackoff: ${backoff}`,
      'checks: { include: ["fixation.rotate-on-login"] }',
    ].join('\n'),
  );
  const out = path.join(dir, `out-${backoff.length}`);
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const result = await runCli(['run', '--config', config, '--base-url', server.url, '--out', out, '--reporter', 'list,json']);
  return { result, report: JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) };
}

describe('a throttled login', () => {
  it('backs off as Retry-After asks, finishes the run and reports the throttling', async () => {
    const { result, report } = await run('{ retries: 3, maxWait: 10s }');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/login throttled \(HTTP 429\) for device .*: retry 1 of 3: waiting 1\.0s/);
    expect(report.checks[0].verdict).toBe('pass');
    expect(report.notices).toEqual([expect.objectContaining({ level: 'warning', message: expect.stringMatching(/the target throttled \d+ login attempt\(s\) \(HTTP 429\)/) })]);
    expect(report.evidence.filter((e: { response?: { status: number } }) => e.response?.status === 429).length).toBeGreaterThan(0);
  });

  it('gives up within its limits: the probe that needed the login is inconclusive, never a verdict', async () => {
    const { result, report } = await run('{ retries: 0 }');
    expect(result.code, result.stderr).toBe(0);
    expect(report.checks[0]).toMatchObject({ verdict: 'inconclusive', observed: expect.stringMatching(/login throttled \(HTTP 429\) and still refused after 0 retries/) });
    expect(report.notices[0].message).toMatch(/gave up on \d+ login/);
  });
});
