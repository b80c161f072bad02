/**
 * Configs written to break the loader: absurd durations, secrets in URLs, pathological globs, deep
 * nesting, duplicate keys, special files. Each is a located config error (exit 2), found quickly.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, type ConfigProblem } from '../../src/config/errors.js';
import { loadConfig } from '../../src/config/load.js';
import { systemClock } from '../../src/scheduler.js';

const TARGET = [
  'target:',
  '  baseUrl: http://127.0.0.1:3000',
  '  account: { username: alice, password: hunter2 }',
  '  login: { form: { url: /login, fields: { username: "{{username}}", password: "{{password}}" } } }',
  '  authenticated: { url: /account }',
];

async function tempFile(name: string, content: string | Uint8Array): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sessionprobe-hardening-'));
  const file = path.join(dir, name);
  await writeFile(file, content);
  return file;
}

async function problemsOf(file: string): Promise<Array<Omit<ConfigProblem, 'file'>>> {
  const error = await loadConfig(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).problems.map(({ path: at, message }) => ({ path: at, message }));
}

const yamlProblems = async (...lines: string[]) => problemsOf(await tempFile('sessionprobe.yaml', [...TARGET, ...lines].join('\n')));

beforeEach(() => vi.stubEnv('SP_PASSWORD', 'hunter2'));
afterEach(() => vi.unstubAllEnvs());

describe('durations', () => {
  it('refuses durations beyond the longest the tool supports, and says why', async () => {
    expect(await yamlProblems('  requestTimeout: 9999999999999999999999d', 'spec:', '  timeouts: { idle: 25d, absolute: 3651d }')).toEqual([
      { path: '$.target.requestTimeout', message: expect.stringMatching(/^"9999999999999999999999d" is longer than 3650d, the longest duration sessionprobe supports: no run waits that long/) },
      { path: '$.spec.timeouts.absolute', message: expect.stringMatching(/^"3651d" is longer than 3650d/) },
    ]);
  });

  it('sleeps past Node’s 24.8-day timer limit instead of firing after 1 ms', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    const stop = new AbortController();
    const sleeping = systemClock.sleep(25 * 24 * 3_600_000, stop.signal).then(
      () => 'woke up',
      () => 'still asleep',
    );
    await new Promise((r) => setTimeout(r, 50));
    stop.abort();
    expect(await sleeping).toBe('still asleep');
    process.off('warning', onWarning);
    expect(warnings).not.toContain('TimeoutOverflowWarning');
  });
});

describe('URLs', () => {
  it('refuses credentials in any URL of the target, without echoing them, and non-http(s) flow URLs', async () => {
    const file = await tempFile(
      'sessionprobe.yaml',
      [
        'target:',
        '  baseUrl: http://user:s3cr3t-pass@127.0.0.1:3000',
        // A password may look like anything: the account is never searched for URLs.
        '  account: { username: alice, password: "http://x:y@z" }',
        '  login: { browser: { steps: [ { goto: "javascript:alert(1)" } ] } }',
        '  authenticated: { url: "file:///etc/passwd" }',
        '  logout: { request: { method: POST, url: "https://u:p4ss@127.0.0.1/logout" } }',
      ].join('\n'),
    );
    const problems = await problemsOf(file);
    expect(problems).toEqual([
      { path: '$.target.baseUrl', message: expect.stringMatching(/^a URL must not carry credentials \(user:password@\)/) },
      { path: '$.target.login.browser.steps[0].goto', message: 'expected an http(s) or relative URL, got a javascript: URL' },
      { path: '$.target.authenticated.url', message: 'expected an http(s) or relative URL, got a file: URL' },
      { path: '$.target.logout.request.url', message: expect.stringMatching(/^a URL must not carry credentials/) },
    ]);
    expect(JSON.stringify(problems)).not.toMatch(/s3cr3t|p4ss/);
  });
});
