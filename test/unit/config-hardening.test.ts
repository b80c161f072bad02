/**
 * Configs written to break the loader: absurd durations, secrets in URLs, pathological globs, deep
 * nesting, duplicate keys, special files. Each is a located config error (exit 2), found quickly.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, type ConfigProblem } from '../../src/config/errors.js';
import { loadConfig } from '../../src/config/load.js';
import { reportDirProblem } from '../../src/config/files.js';
import { systemClock } from '../../src/scheduler.js';
import { globMatcher } from '../../src/glob.js';
import fc from 'fast-check';

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

describe('globs', () => {
  it('match like the regular expression they stand for', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', '*', '.') , maxLength: 8 }), fc.string({ unit: fc.constantFrom('a', 'b', '.'), maxLength: 10 }), (glob, text) => {
        const regex = new RegExp(`^${glob.replace(/[.]/g, '\\.').replace(/\*/g, '.*')}$`, 's');
        expect(globMatcher(glob)(text)).toBe(regex.test(text));
      }),
    );
  });

  // A backtracking matcher would not finish these within the test timeout; the 10 ms limit is `npm run bench config-scale`.
  it('answer patterns that make a backtracking matcher explode: thirty stars against a long id', () => {
    expect(globMatcher(`${'*'.repeat(30)}!`)('cookie.'.repeat(1_000))).toBe(false);
    expect(globMatcher('*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b')('a'.repeat(5_000))).toBe(false);
  });
});

describe('files and structure', () => {
  it('refuses a config that is not a regular file, or too large, before reading it', async () => {
    const fifo = path.join(await mkdtemp(path.join(tmpdir(), 'sessionprobe-fifo-')), 'sessionprobe.yaml');
    execFileSync('mkfifo', [fifo]);
    expect(await problemsOf(fifo)).toEqual([{ path: '$', message: 'is not a regular file (a device, FIFO or socket); expected a config file' }]);
    expect(await problemsOf('/dev/zero')).toEqual([{ path: '$', message: 'is not a regular file (a device, FIFO or socket); expected a config file' }]);
    const big = await tempFile('sessionprobe.yaml', `${TARGET.join('\n')}\n# ${'x'.repeat(1024 * 1024)}\n`);
    expect(await problemsOf(big)).toEqual([{ path: '$', message: expect.stringMatching(/^is 1,048,\d{3} bytes; a config file may be at most 1,048,576$/) }]);
  });

  it('refuses a CA file that is a device, without reading it', async () => {
    expect(await yamlProblems('  tls: { ca: /dev/zero }')).toEqual([
      { path: '$.target.tls.ca', message: 'cannot use the CA file /dev/zero: it is not a regular file (a device, FIFO or socket); expected a PEM file of CA certificates' },
    ]);
  });

  it('bounds nesting in JSON and YAML with a located error', async () => {
    const deepJson = await tempFile('sessionprobe.json', `{"target": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    expect(await problemsOf(deepJson)).toEqual([{ path: `$.target${'[0]'.repeat(63)}`, message: 'nested deeper than 64 levels; a config needs far fewer' }]);
    const deepYaml = await tempFile('sessionprobe.yaml', `target: ${'['.repeat(100)}${']'.repeat(100)}\n`);
    expect(await problemsOf(deepYaml)).toEqual([{ path: `$.target${'[0]'.repeat(63)}`, message: 'nested deeper than 64 levels; a config needs far fewer' }]);
  });

  it('rejects duplicate keys in JSON as in YAML, with both places', async () => {
    const json = await tempFile('sessionprobe.json', '{"target": {"baseUrl": "http://127.0.0.1:1",\n "baseUrl": "http://127.0.0.1:2"}}');
    expect(await problemsOf(json)).toEqual([
      { path: '$.target.baseUrl', message: 'duplicate key "baseUrl" at line 2, column 2 (first at line 1, column 13); a key may appear once' },
    ]);
    expect(await yamlProblems('  userAgent: a', '  userAgent: b')).toEqual([
      { path: '$.target.userAgent', message: 'duplicate key "userAgent" at line 7, column 3 (first at line 6, column 3); a key may appear once' },
    ]);
  });

  // Its 5-second limit (linear time) is `npm run bench config-scale`: a wall-clock limit here fails on a busy machine.
  it('finds a duplicate among 40,000 keys', async () => {
    const keys = Array.from({ length: 40_000 }, (_, i) => `    k${i}: ${i}`);
    const file = await tempFile('sessionprobe.yaml', [...TARGET, '  tls:', '    x: 1', ...keys, '    k7: again'].join('\n'));
    expect((await problemsOf(file))[0]).toEqual({ path: '$.target.tls.k7', message: expect.stringMatching(/^duplicate key "k7" at line 40008/) });
  });

  it('caps the printed problems: fifty thousand missing variables print twenty lines and a count', async () => {
    const refs = Array.from({ length: 50_000 }, (_, i) => `\${M${i}}`).join('');
    const error = await loadConfig(await tempFile('sessionprobe.yaml', [...TARGET, `  userAgent: "${refs}"`].join('\n'))).catch((e: unknown) => e as ConfigError);
    expect(error).toBeInstanceOf(ConfigError);
    const lines = (error as ConfigError).message.split('\n');
    expect(lines).toHaveLength(21);
    expect(lines.at(-1)).toBe('… and 49,980 more');
  });

  it('refuses header values with CR, LF or NUL, and control characters in URLs, without echoing them', async () => {
    expect(
      await yamlProblems('  userAgent: "probe\\r\\nX-Evil: 1"', '  logout: { request: { method: POST, url: /logout, headers: { X-Token: "abc\\u0000def", "Bad Name": x } } }'),
    ).toEqual([
      { path: '$.target.userAgent', message: expect.stringMatching(/control characters .* found U\+000D at character 6$/) },
      { path: '$.target.logout.request.headers["X-Token"]', message: expect.stringMatching(/found U\+0000 at character 4$/) },
      { path: '$.target.logout.request.headers["Bad Name"]', message: expect.stringMatching(/^"Bad Name" is not a header name/) },
    ]);
    const file = await tempFile('sessionprobe.yaml', TARGET.join('\n').replace('http://127.0.0.1:3000', '"http://127.0.0.1:3101/\\u0000\\r\\nX-Evil: 1"'));
    expect(await problemsOf(file)).toEqual([{ path: '$.target.baseUrl', message: 'a URL cannot contain control characters; found U+0000 at character 23' }]);
  });
});

describe('report folder', () => {
  it('must be a directory, or creatable in one', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sessionprobe-out-'));
    expect(await reportDirProblem(dir)).toBeUndefined();
    expect(await reportDirProblem(path.join(dir, 'new', 'deeper'))).toBeUndefined();
    expect(await reportDirProblem('/dev/null')).toBe('the report folder is not a directory');
    const file = await tempFile('report', 'x');
    expect(await reportDirProblem(path.join(file, 'out'))).toBe(`${file}, where the report folder would be created, is not a directory`);
  });
});
