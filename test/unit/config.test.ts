import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DURATION_PATTERN, formatDuration, parseDuration } from '../../src/config/durations.js';
import { ConfigError, type ConfigProblem } from '../../src/config/errors.js';
import { interpolateEnv } from '../../src/config/interpolate.js';
import { findDefaultConfig, loadConfig, type LoadOptions } from '../../src/config/load.js';
import { DEFAULT_PRESET, PRESETS } from '../../src/config/presets.js';
import { buildSpec } from '../../src/config/spec.js';
import type { Config } from '../../src/config/types.js';
import { VERSION } from '../../src/version.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/configs/', import.meta.url));
const fixture = (name: string): string => path.join(FIXTURES, name);

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The problems a config yields, without the file (each test knows which file it loaded). */
async function problemsOf(file: string, options?: LoadOptions): Promise<Array<Omit<ConfigProblem, 'file'>>> {
  const error = await loadConfig(file, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  const { problems, message } = error as ConfigError;
  expect(problems.every((p) => p.file === file)).toBe(true);
  expect(message.split('\n')).toEqual(problems.map((p) => `${file}: ${p.path}: ${p.message}`));
  return problems.map(({ path: at, message: text }) => ({ path: at, message: text }));
}

async function tempFile(name: string, content: string | Uint8Array): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sessionprobe-config-'));
  const file = path.join(dir, name);
  await writeFile(file, content);
  return file;
}

beforeEach(() => {
  vi.stubEnv('SP_TEST_PASSWORD', 'hunter2');
  vi.stubEnv('SP_PASSWORD', 'old-secret');
  vi.stubEnv('SP_NEW_PASSWORD', 'new-secret');
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('loading good configs', () => {
  it('loads a minimal YAML config with every default filled in', async () => {
    const file = fixture('good/minimal.yaml');
    const config = await loadConfig(file);
    const expected: Config = {
      file,
      target: {
        baseUrl: 'https://staging.example.com/app',
        account: { username: 'alice', password: 'hunter2' },
        accounts: [],
        login: {
          kind: 'json',
          method: 'POST',
          url: '/api/login',
          body: { email: '{{username}}', password: '{{password}}' },
          token: { from: '$.accessToken', header: 'Authorization', scheme: 'Bearer' },
        },
        authenticated: { url: '/api/me' },
        passwordRotation: 'restore',
        allowedHosts: [],
        instances: [],
        ui: { pages: ['/api/me'] },
        userAgent: `sessionprobe/${VERSION}`,
        requestTimeoutMs: 15 * SECOND,
        loginBackoff: { retries: 3, maxWaitMs: 60 * SECOND },
        loginRate: { intervalMs: 200, maxSessionsPerAccount: null },
      },
      spec: buildSpec(),
      checks: { include: [], exclude: [] },
      waivers: [],
      report: { dir: path.resolve('sessionprobe-report'), formats: ['list', 'junit', 'html', 'json', 'markdown', 'sarif'] },
    };
    expect(config).toStrictEqual(expected);
  });

  it('loads a JSON config using every flow kind and target field', async () => {
    const file = fixture('good/full.json');
    const config = await loadConfig(file);
    const dir = path.dirname(file);
    expect(config.target).toStrictEqual({
      baseUrl: 'http://127.0.0.1:8080',
      account: { username: 'alice', password: 'pw-1', newPassword: 'pw-2' },
      accounts: [{ username: 'bob', password: 'pw-3' }],
      login: { kind: 'script', path: path.join(dir, 'flows/login.ts') },
      authenticated: { url: '/account', expect: { bodyNotContains: 'Sign in' } },
      logout: { kind: 'link', url: '/home', selector: 'a.logout' },
      passwordChange: {
        kind: 'browser',
        steps: [
          { goto: '/account/password' },
          { fill: { selector: '#current', value: '{{password}}' } },
          { fill: { selector: '#next', value: '{{ newPassword }}' } },
          { select: { selector: '#reason', value: 'routine' } },
          { click: 'button[type=submit]' },
          { press: { key: 'Enter' } },
          { waitFor: { url: '/account', text: 'Password changed', timeoutMs: 30 * SECOND } },
        ],
      },
      passwordRotation: 'alternate',
      privilegeChange: { kind: 'json', method: 'PUT', url: '/api/sudo', body: { password: '{{password}}' } },
      elevatedCheck: { url: '/admin', expect: { status: 200 } },
      signOutEverywhere: { kind: 'form', url: '/account/sessions', selector: 'form#revoke', fields: { password: '{{password}}' } },
      loginBackoff: { retries: 2, maxWaitMs: 30 * SECOND, lockoutText: 'Account locked' },
      sessionCookies: ['__Host-sid', 'remember'],
      allowedHosts: ['idp.example.com', '127.0.0.1:9090'],
      instances: ['http://127.0.0.1:8081', 'http://127.0.0.1:8082'],
      ui: { pages: ['/home', '/account'], logoutControl: 'a.logout' },
      userAgent: 'ci-probe/1',
      requestTimeoutMs: 2 * SECOND,
      tls: { ca: path.join(dir, 'certs/ca.pem'), insecure: false },
      loginRate: { intervalMs: 1 * SECOND, maxSessionsPerAccount: 2 },
      jwksUrl: '/.well-known/jwks.json',
    });
    expect(config.checks).toEqual({ include: ['cookie.*'], exclude: ['cookie.size'] });
    expect(config.report).toEqual({ dir: path.resolve('out/reports'), formats: ['junit', 'json'] });
    expect(config.spec.preset).toBe('nist-aal2');
    expect(config.spec.overrides).toEqual(['cookie.sameSite', 'cookie.hostOnly', 'cookie.domains', 'cookie.maxAge', 'timeouts.idle', 'timeouts.absolute']);
    expect(config.spec.cookie).toMatchObject({ sameSite: ['Strict'], hostOnly: false, allowedDomains: ['example.com'], maxAge: { kind: 'session' } });
    expect(config.spec.timeouts).toEqual({ idleMs: 90 * MINUTE, absoluteMs: null, sliding: true, renewal: null, graceMs: 5 * SECOND });
  });

  it('validates the CONTRACT.md example once its variables are set', async () => {
    const config = await loadConfig(fixture('good/contract.yaml'));
    expect(config.target.account).toEqual({ username: 'alice', password: 'old-secret', newPassword: 'new-secret' });
    expect(config.target.login).toEqual({ kind: 'form', url: '/login', fields: { username: '{{username}}', password: '{{password}}' } });
    expect(config.target.logout).toEqual({ kind: 'request', method: 'POST', url: '/logout' });
    expect(config.target.privilegeChange).toEqual({ kind: 'request', method: 'POST', url: '/sudo', form: { password: '{{password}}' } });
    expect(config.target.authenticated).toEqual({ url: '/account', expect: { status: 200, bodyContains: 'Signed in as' } });
    expect(config.target.sessionCookies).toEqual(['sid']);
    expect(config.spec.preset).toBe('owasp-asvs-l2');
    expect(config.spec.cookie).toEqual({
      httpOnly: true,
      secure: true,
      sameSite: ['Strict', 'Lax'],
      path: '/',
      hostOnly: true,
      allowedDomains: [],
      prefix: '__Host-',
      maxAge: { kind: 'max', maxMs: 8 * HOUR },
    });
    expect(config.spec.concurrency).toEqual({ maxSessions: 5, onExceed: 'evict-oldest' });
    expect(config.spec.jwt).toEqual({ algorithms: ['RS256', 'ES256'], maxLifetimeMs: 15 * MINUTE, leewayMs: MINUTE, expiryWaitMs: 2 * MINUTE, sensitiveClaims: [] });
    expect(config.checks.exclude).toEqual(['timeout.absolute']);
  });

  it('records the fields laid over a preset, and keeps the rest of the preset', async () => {
    const { spec } = await loadConfig(fixture('good/preset-override.yaml'));
    expect(spec.preset).toBe('owasp-asvs4-l2');
    expect(spec.overrides).toEqual(['timeouts.idle', 'cookie.prefix']);
    expect(spec.timeouts.idleMs).toBe(10 * MINUTE);
    expect(spec.timeouts.absoluteMs).toBe(12 * HOUR);
    expect(spec.cookie.prefix).toBeNull();
    expect(spec.cookie.httpOnly).toBe(true);
    // Loading must not have altered the shared preset.
    expect(PRESETS['owasp-asvs4-l2']!.spec.cookie.prefix).toBe('__Host-');
  });

  it("lets a preset's cookie Max-Age follow an overridden absolute timeout", async () => {
    const file = await tempFile(
      'sessionprobe.yaml',
      (await readFile(fixture('good/preset-override.yaml'), 'utf8')).replace(/spec:[\s\S]*$/, 'spec:\n  timeouts: { absolute: 12h }\n'),
    );
    const { spec } = await loadConfig(file);
    expect(spec.preset).toBe(DEFAULT_PRESET);
    expect(spec.overrides).toEqual(['timeouts.absolute']);
    expect(spec.cookie.maxAge).toEqual({ kind: 'max', maxMs: 12 * HOUR });
    expect(spec.jwt.maxLifetimeMs).toBe(15 * MINUTE);
  });

  it('lets --base-url replace the file value before it is validated', async () => {
    const config = await loadConfig(fixture('bad/bad-url.yaml'), { baseUrl: 'https://staging.example.com/' });
    expect(config.target.baseUrl).toBe('https://staging.example.com');
    expect(await problemsOf(fixture('good/minimal.yaml'), { baseUrl: 'staging.example.com' })).toEqual([
      { path: '$.target.baseUrl', message: 'expected an absolute http(s) URL such as http://127.0.0.1:3000, got "staging.example.com" (from --base-url)' },
    ]);
  });

  it('reads target.instances, lets --instance replace them, and locates a bad one', async () => {
    const minimal = await readFile(fixture('good/minimal.yaml'), 'utf8');
    const file = await tempFile('instances.yaml', minimal.replace('target:\n', 'target:\n  instances: [http://127.0.0.1:4001/, "app-2"]\n'));
    expect(await problemsOf(file)).toEqual([
      { path: '$.target.instances[1]', message: 'expected an absolute http(s) URL such as http://127.0.0.1:3000, got "app-2"' },
    ]);
    const config = await loadConfig(file, { instances: ['http://127.0.0.1:4001/', 'http://127.0.0.1:4002'] });
    expect(config.target.instances).toEqual(['http://127.0.0.1:4001', 'http://127.0.0.1:4002']);
    expect(await problemsOf(file, { instances: ['nope'] })).toEqual([
      { path: '$.target.instances[0]', message: 'expected an absolute http(s) URL such as http://127.0.0.1:3000, got "nope" (from --instance)' },
    ]);
  });

  it('finds sessionprobe.yaml, .yml or .json in a folder', async () => {
    const file = await tempFile('sessionprobe.yml', 'target: {}\n');
    expect(await findDefaultConfig(path.dirname(file))).toBe(file);
    expect(await findDefaultConfig(path.join(FIXTURES, 'good'))).toBeUndefined();
  });
});

describe('reporting problems', () => {
  it('reports a wrong type and missing variables together, each at its path', async () => {
    expect(await problemsOf(fixture('bad/type-and-missing-var.yaml'))).toEqual([
      { path: '$.target.account.password', message: 'environment variable SP_TEST_MISSING_PASSWORD is not set' },
      { path: '$.target.account.newPassword', message: 'environment variable SP_TEST_MISSING_NEW is not set' },
      { path: '$.spec.cookie.httpOnly', message: 'expected boolean, got string "yes"' },
    ]);
  });

  it('names unknown keys and suggests the likely one', async () => {
    expect(await problemsOf(fixture('bad/unknown-key.yaml'))).toEqual([
      {
        path: '$.target.loginTimeout',
        message:
          'unknown key "loginTimeout"; expected one of baseUrl, account, accounts, login, authenticated, logout, passwordChange, passwordRotation, privilegeChange, sso, refresh, signOutEverywhere, rememberMe, sessionCookie, instances, allowedHosts, ui, userAgent, requestTimeout, jwksUrl, loginBackoff, tls, loginRate',
      },
      { path: '$.spec.cookie.htpOnly', message: 'unknown key "htpOnly"; did you mean "httpOnly"?' },
    ]);
  });

  it('reports bad durations where they are', async () => {
    expect(await problemsOf(fixture('bad/bad-duration.yaml'))).toEqual([
      { path: '$.spec.timeouts.idle', message: 'expected a duration greater than zero (e.g. 30m, 8h) or null, got string "30 minutes"' },
      { path: '$.spec.timeouts.absolute', message: 'expected a duration greater than zero (e.g. 30m, 8h) or null, got string "0h"' },
    ]);
  });

  it('locates bad login-rate limits', async () => {
    expect(await problemsOf(fixture('bad/bad-login-rate.yaml'))).toEqual([
      { path: '$.target.loginRate.interval', message: expect.stringContaining('expected a duration') },
      { path: '$.target.loginRate.maxSessionsPerAccount', message: expect.stringMatching(/>= 1|at least 1|minimum/) },
    ]);
  });

  it('loads extra headers on every flow kind and locates a bad header name or value', async () => {
    const target = (headers: string) =>
      `target:\n  baseUrl: http://127.0.0.1:3000\n  account: { username: a, password: b }\n  login:\n    form: { url: /login, fields: { u: "{{username}}" }, headers: ${headers} }\n  authenticated: { url: /me }\n  logout:\n    link: { url: /me, selector: a.out, headers: { X-Flow: out } }\n`;
    const good = await loadConfig(await tempFile('good.yaml', target('{ X-Requested-With: XMLHttpRequest }')));
    expect(good.target.login).toMatchObject({ kind: 'form', headers: { 'X-Requested-With': 'XMLHttpRequest' } });
    expect(good.target.logout).toMatchObject({ kind: 'link', headers: { 'X-Flow': 'out' } });
    expect(await problemsOf(await tempFile('bad.yaml', target('{ "X Bad": v, X-Ok: "tab\\u0007bell" }')))).toEqual([
      { path: '$.target.login.form.headers["X Bad"]', message: expect.stringContaining('is not a header name') },
      { path: '$.target.login.form.headers["X-Ok"]', message: expect.stringContaining('found U+0007 at character 4') },
    ]);
  });

  it('requires an absolute http(s) base URL', async () => {
    expect(await problemsOf(fixture('bad/bad-url.yaml'))).toEqual([
      { path: '$.target.baseUrl', message: 'expected an absolute http(s) URL such as http://127.0.0.1:3000, got "127.0.0.1:3000/app"' },
    ]);
  });

  it('gives one message for a flow with two kinds, and names an unknown kind', async () => {
    expect(await problemsOf(fixture('bad/two-login-kinds.yaml'))).toEqual([
      { path: '$.target.login', message: 'a login flow takes exactly one of form, json, browser, script; got 2: form, json' },
      { path: '$.target.logout.post', message: '"post" is not a flow kind; expected one of request, form, link, json, browser, script' },
    ]);
  });

  it('locates every mistake in browser steps, ui and a missing script file', async () => {
    const file = await tempFile(
      'sessionprobe.yaml',
      [
        'target:',
        '  baseUrl: http://127.0.0.1:3000',
        '  account: { username: alice, password: pw }',
        '  login:',
        '    browser:',
        '      steps:',
        '        - goto: /login',
        '        - type: { selector: "#u", value: "{{username}}" }',
        '        - press: { selector: "#p" }',
        '        - select: { selector: "#w" }',
        '        - waitFor: { timeout: 10s }',
        '        - waitFor: { url: /home, timeout: soon }',
        '        - { click: "#a", goto: /b }',
        '        - fill: { selector: "#p", value: "{{pasword}}" }',
        '  authenticated: { url: /me }',
        '  logout: { script: ./flows/missing.mjs }',
        '  ui: { pages: [], logoutControl: "" }',
      ].join('\n'),
    );
    expect(await problemsOf(file)).toEqual([
      { path: '$.target.login.browser.steps[1].type', message: '"type" is not a browser step kind; expected one of goto, fill, click, press, select, waitFor' },
      { path: '$.target.login.browser.steps[2].press', message: 'missing required key "key"' },
      { path: '$.target.login.browser.steps[3].select', message: 'missing required key "value"' },
      { path: '$.target.login.browser.steps[4].waitFor', message: 'expected at least one of url, selector, text to wait for, got an object' },
      {
        path: '$.target.login.browser.steps[5].waitFor.timeout',
        message: 'expected a duration greater than zero, e.g. 500ms, 45s, 30m, 8h, 7d or 1h30m, got string "soon"',
      },
      { path: '$.target.ui.pages', message: 'expected at least 1 item(s), got 0' },
      { path: '$.target.ui.logoutControl', message: 'expected a non-empty string' },
      {
        path: '$.target.login.browser.steps[7].fill.value',
        message: 'unknown placeholder {{pasword}}; flows may use {{username}}, {{password}}, {{newPassword}} and {{totp}}',
      },
      // Counting a step's kinds beside its `on` is semantics' job, reported after the schema's problems.
      { path: '$.target.login.browser.steps[6]', message: 'a browser step takes exactly one of goto, fill, click, press, select, waitFor; got 2: click, goto' },
    ]);
    // Only a config that is otherwise valid gets its files looked at.
    const missing = await tempFile(
      'script.yaml',
      ['target:', '  baseUrl: http://127.0.0.1:3000', '  account: { username: alice, password: pw }', '  login: { script: ./flows/login.mjs }', '  authenticated: { url: /me }'].join('\n'),
    );
    expect(await problemsOf(missing)).toEqual([
      { path: '$.target.login.script', message: `no script file at ${path.join(path.dirname(missing), 'flows/login.mjs')} (the path is relative to the config file's folder)` },
    ]);
  });

  it('lists the valid presets for an unknown one, next to an unknown placeholder', async () => {
    const names = Object.keys(PRESETS).map((n) => `"${n}"`).join(', ');
    expect(await problemsOf(fixture('bad/unknown-preset.yaml'))).toEqual([
      { path: '$.spec.preset', message: `expected one of ${names}, got string "owasp-asvs-l4"` },
      {
        path: '$.target.login.form.fields.password',
        message: 'unknown placeholder {{pass}}; flows may use {{username}}, {{password}}, {{newPassword}} and {{totp}}',
      },
    ]);
  });

  it('locates bad token, jwt, transport and TLS settings', async () => {
    const base = await readFile(fixture('good/preset-override.yaml'), 'utf8');
    const file = await tempFile(
      'sessionprobe.yaml',
      base
        .replace(/^target:\n/m, 'target:\n  jwksUrl: ""\n')
        .replace(/spec:[\s\S]*$/, 'spec:\n  token: { samples: 50000 }\n  jwt: { leeway: soon, sensitiveClaims: [""] }\n  transport: { hstsMaxAge: 1 year }\n'),
    );
    expect(await problemsOf(file)).toEqual([
      { path: '$.target.jwksUrl', message: expect.stringMatching(/empty|non-empty|at least 1/) },
      { path: '$.spec.token.samples', message: expect.stringMatching(/20000/) },
      { path: '$.spec.transport.hstsMaxAge', message: expect.stringMatching(/duration .* got string "1 year"/) },
      { path: '$.spec.jwt.leeway', message: expect.stringMatching(/duration .* got string "soon"/) },
      { path: '$.spec.jwt.sensitiveClaims[0]', message: expect.stringMatching(/empty|non-empty|at least 1/) },
    ]);
    const missingCa = await tempFile('sessionprobe.yaml', base.replace(/^target:\n/m, 'target:\n  tls: { ca: nowhere.pem }\n'));
    expect(await problemsOf(missingCa)).toEqual([{ path: '$.target.tls.ca', message: expect.stringMatching(/cannot use the CA file .*nowhere\.pem: it does not exist/) }]);
  });

  it('folds anyOf noise into the branch that fits, or into one message', async () => {
    const file = await tempFile(
      'sessionprobe.yaml',
      (await readFile(fixture('good/preset-override.yaml'), 'utf8')).replace(
        /spec:[\s\S]*$/,
        'spec:\n  cookie:\n    sameSite: [Strict, Lx]\n    maxAge: { max: 8 hours }\n  jwt: { maxLifetime: sesion }\n',
      ),
    );
    expect(await problemsOf(file)).toEqual([
      { path: '$.spec.cookie.sameSite[1]', message: 'expected one of "Strict", "Lax", "None", got string "Lx"' },
      {
        path: '$.spec.cookie.maxAge.max',
        message: 'expected a duration greater than zero, e.g. 500ms, 45s, 30m, 8h, 7d or 1h30m, got string "8 hours"',
      },
      { path: '$.spec.jwt.maxLifetime', message: 'expected a duration greater than zero (e.g. 30m, 8h) or null, got string "sesion"' },
    ]);
    const other = await tempFile('sessionprobe.yaml', (await readFile(file, 'utf8')).replace('[Strict, Lx]', 'Stric').replace('{ max: 8 hours }', 'forever'));
    expect((await problemsOf(other)).slice(0, 2)).toEqual([
      { path: '$.spec.cookie.sameSite', message: 'expected "Strict", "Lax" or "None", or a list of them, got string "Stric"' },
      { path: '$.spec.cookie.maxAge', message: 'expected "session", { max: <duration> }, null or false, got string "forever"' },
    ]);
  });

  it('reports YAML syntax errors with line and column', async () => {
    expect(await problemsOf(fixture('bad/syntax.yaml'))).toEqual([
      { path: '$', message: 'YAML syntax error at line 5, column 1: All mapping items must start at the same column' },
    ]);
  });

  it('reports JSON syntax errors with line and column', async () => {
    expect(await problemsOf(fixture('bad/syntax.json'))).toEqual([
      { path: '$', message: 'JSON syntax error at line 4, column 39: Expected double-quoted property name' },
    ]);
    const file = await tempFile('sessionprobe.json', '{\n  "target": }\n');
    expect(await problemsOf(file)).toEqual([{ path: '$', message: "JSON syntax error at line 2, column 13: Unexpected token '}'" }]);
  });

  it('reports an empty file, a list at the root, a binary file and a missing file', async () => {
    expect(await problemsOf(fixture('bad/empty.yaml'))).toEqual([{ path: '$', message: 'the file is empty' }]);
    expect(await problemsOf(fixture('bad/root-list.yaml'))).toEqual([
      { path: '$', message: 'expected a mapping with target (and spec, checks, report) at the top, got a list' },
    ]);
    const binary = await tempFile('sessionprobe.yaml', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]));
    expect(await problemsOf(binary)).toEqual([{ path: '$', message: 'not a text file (it contains NUL bytes); expected YAML or JSON' }]);
    const latin1 = await tempFile('sessionprobe.yaml', Uint8Array.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]));
    expect(await problemsOf(latin1)).toEqual([{ path: '$', message: 'not UTF-8 text; expected YAML or JSON' }]);
    expect(await problemsOf(fixture('bad/missing.yaml'))).toEqual([{ path: '$', message: 'file not found' }]);
  });

  it('reports an undefined YAML alias without a stack trace', async () => {
    const file = await tempFile('sessionprobe.yaml', 'target: *nowhere\n');
    const [problem, ...rest] = await problemsOf(file);
    expect(rest).toEqual([]);
    expect(problem?.path).toBe('$');
    expect(problem?.message).toMatch(/^YAML error: Unresolved alias .*nowhere/);
  });

  it('reports a request flow with two bodies and {{newPassword}} without an account newPassword', async () => {
    const file = await tempFile(
      'sessionprobe.yaml',
      [
        'target:',
        '  baseUrl: http://127.0.0.1:3000',
        '  account: { username: alice, password: secret }',
        '  login: { form: { url: /login } }',
        '  authenticated: { url: /account }',
        '  passwordChange: { request: { method: POST, url: /pw, form: { next: "{{newPassword}}" }, json: {} } }',
      ].join('\n'),
    );
    expect(await problemsOf(file)).toEqual([
      { path: '$.target.passwordChange.request', message: 'a request has one body: give form or json, not both' },
      { path: '$.target.account', message: 'the flows use {{newPassword}} but the account has no newPassword' },
    ]);
  });

  it('locates waiver problems: missing owner, a malformed or impossible date, an unknown check', async () => {
    const file = await tempFile(
      'waivers.yaml',
      (await readFile(fixture('good/minimal.yaml'), 'utf8')) +
        [
          'waivers:',
          '  - { check: cookie.samesite, reason: legacy, expires: 2026-06-30 }',
          '  - { check: cookie.samesite, reason: legacy, owner: me, expires: 30.06.2026 }',
          '  - { check: cookie.samesite, reason: legacy, owner: me, expires: 2026-02-30 }',
          '  - { check: cookie.samsite, reason: legacy, owner: me, expires: 2026-06-30 }',
          '',
        ].join('\n'),
    );
    expect(await problemsOf(file, { knownChecks: ['cookie.samesite', 'cookie.secure'] })).toEqual([
      { path: '$.waivers[0]', message: 'missing required key "owner"' },
      { path: '$.waivers[1].expires', message: 'expected a date YYYY-MM-DD, e.g. 2026-06-30, got string "30.06.2026"' },
      { path: '$.waivers[2].expires', message: '2026-02-30 is not a calendar date' },
      { path: '$.waivers[3].check', message: 'no check matches "cookie.samsite"; did you mean "cookie.samesite"?' },
    ]);
  });

  it('loads waivers, and new spec settings, as written', async () => {
    const file = await tempFile(
      'waivers-good.yaml',
      (await readFile(fixture('good/minimal.yaml'), 'utf8')) +
        'spec:\n  store: redis\n  invalidation: { signOutEverywhere: true }\n  binding: { signals: [ip, user-agent], rejectOnChange: [user-agent] }\n' +
        'waivers:\n  - { check: "cookie.*", cookie: legacy_sid, url: /sso/*, reason: legacy, owner: me, expires: 2026-06-30 }\n',
    );
    const config = await loadConfig(file, { knownChecks: ['cookie.samesite'] });
    expect(config.waivers).toEqual([{ check: 'cookie.*', cookie: 'legacy_sid', url: '/sso/*', reason: 'legacy', owner: 'me', expires: '2026-06-30' }]);
    expect(config.spec).toMatchObject({ store: 'redis', invalidation: { signOutEverywhere: true }, binding: { signals: ['ip', 'user-agent'], rejectOnChange: ['user-agent'] } });
    expect(config.spec.overrides).toEqual(['store', 'invalidation.signOutEverywhere', 'binding.signals', 'binding.rejectOnChange']);
  });

  it('never echoes a password given with the wrong type', async () => {
    const file = await tempFile('sessionprobe.yaml', (await readFile(fixture('good/minimal.yaml'), 'utf8')).replace('"${SP_TEST_PASSWORD}"', '123456'));
    expect(await problemsOf(file)).toEqual([{ path: '$.target.account.password', message: 'expected string, got number' }]);
  });
});

describe('environment interpolation', () => {
  it('replaces references in nested strings, keeps $${X} literal and leaves keys alone', () => {
    const env = { HOST: 'example.com', PORT: '8443' };
    const { value, issues } = interpolateEnv({ a: ['https://${HOST}:${PORT}/', { '${HOST}': 'x$${HOST}y' }], n: 3, b: true, z: null }, env);
    expect(issues).toEqual([]);
    expect(value).toEqual({ a: ['https://example.com:8443/', { '${HOST}': 'x${HOST}y' }], n: 3, b: true, z: null });
  });

  it('reports missing, empty and malformed references at their paths', () => {
    const { issues } = interpolateEnv({ list: ['${GONE}', '${EMPTY}'], deep: { 'odd key': '${not valid}', open: 'x${UNCLOSED' } }, { EMPTY: '' });
    expect(issues).toEqual([
      { path: '$.list[0]', message: 'environment variable GONE is not set' },
      { path: '$.list[1]', message: 'environment variable EMPTY is empty' },
      { path: '$.deep["odd key"]', message: '"${not valid}" is not a valid environment reference: write ${NAME} (letters, digits, _), or $${ for a literal ${' },
      { path: '$.deep.open', message: '"${UNCLOSED" is not a valid environment reference: write ${NAME} (letters, digits, _), or $${ for a literal ${' },
    ]);
  });
});

describe('durations', () => {
  it.each([
    ['500ms', 500],
    ['45s', 45 * SECOND],
    ['30m', 30 * MINUTE],
    ['8h', 8 * HOUR],
    ['7d', 7 * DAY],
    ['1h30m', 90 * MINUTE],
    ['1.5s', 1_500],
    ['1d2h3m4s5ms', DAY + 2 * HOUR + 3 * MINUTE + 4 * SECOND + 5],
    ['0s', 0],
  ])('parses %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '30', 'm', '30 m', '30min', '-5s', '30m1h', '1h1h', '.5s', ' 5s'])('rejects %j with a message', (text) => {
    expect(() => parseDuration(text)).toThrow(`${JSON.stringify(text)} is not a duration: write a number and a unit (ms, s, m, h, d)`);
  });

  it.each([
    [0, '0ms'],
    [250, '250ms'],
    [1_500, '1.5s'],
    [45 * SECOND, '45s'],
    [30 * MINUTE, '30m'],
    [8 * HOUR, '8h'],
    [90 * MINUTE, '1h30m'],
    [7 * DAY, '7d'],
    [MINUTE + 1_500, '1m1.5s'],
  ])('formats %d ms as %s, which parses back', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    expect(parseDuration(text)).toBe(ms);
  });

  it('uses the same grammar as the schema', async () => {
    const schema = JSON.parse(await readFile(fileURLToPath(new URL('../../schema/config.schema.json', import.meta.url)), 'utf8')) as {
      definitions: Record<string, { pattern?: string }>;
    };
    for (const name of ['duration', 'positiveDuration', 'positiveDurationOrNull']) {
      expect(schema.definitions[name]!.pattern).toBe(DURATION_PATTERN.source);
    }
  });
});

describe('presets', () => {
  it('implements recommended exactly as CHECKS.md states', () => {
    expect(DEFAULT_PRESET).toBe('recommended');
    expect(PRESETS.recommended!.spec).toEqual({
      store: null,
      cookie: {
        httpOnly: true,
        secure: true,
        sameSite: ['Strict', 'Lax'],
        path: '/',
        hostOnly: true,
        allowedDomains: [],
        prefix: null,
        maxAge: { kind: 'max', maxMs: 8 * HOUR },
      },
      token: { minEntropyBits: 128, samples: 500, sessionStorage: 'allowed' },
      timeouts: { idleMs: 30 * MINUTE, absoluteMs: 8 * HOUR, sliding: true, renewal: null, graceMs: 5 * SECOND },
      invalidation: {
        logout: true,
        rotateOnLogin: true,
        passwordChange: 'revoke-others',
        privilegeChange: 'rotate',
        clearSiteData: true,
        signOutEverywhere: false,
        maxDelayMs: 0,
        passwordChangeCurrent: null,
      },
      cache: { noStore: true },
      transport: { hstsMaxAgeMs: 365 * 24 * HOUR, hstsIncludeSubDomains: false },
      concurrency: { maxSessions: 5, onExceed: 'evict-oldest' },
      rememberMe: { maxAgeMs: null },
      jwt: { algorithms: ['RS256', 'ES256'], maxLifetimeMs: 15 * MINUTE, leewayMs: MINUTE, expiryWaitMs: 2 * MINUTE, sensitiveClaims: [] },
      binding: { signals: [], rejectOnChange: [] },
      sso: { idpLogoutEndsAppSession: false, appLogoutEndsIdpSession: false },
      refresh: { rotation: true, reuse: 'revoke-family', maxLifetimeMs: 24 * HOUR, accessMaxLifetimeMs: 15 * MINUTE },
    });
  });

  it('lists the same preset names as the schema', async () => {
    const schema = JSON.parse(await readFile(fileURLToPath(new URL('../../schema/config.schema.json', import.meta.url)), 'utf8')) as {
      definitions: { spec: { properties: { preset: { enum: string[] } } } };
    };
    expect(schema.definitions.spec.properties.preset.enum).toEqual(Object.keys(PRESETS));
  });
});
