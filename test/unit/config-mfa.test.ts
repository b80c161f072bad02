import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { configFiles } from '../fixtures/config-files.js';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DP';

const { write: configFile, problems } = configFiles();

beforeEach(() => vi.stubEnv('SP_TOTP_SECRET', SECRET));
afterEach(() => vi.unstubAllEnvs());

describe('account.totp and then: steps', () => {
  it('loads a TOTP second factor with its defaults, a then: step, and paces logins to the time step', async () => {
    const config = await loadConfig(
      await configFile([
        'target:',
        '  baseUrl: http://127.0.0.1:3000',
        '  account: { username: alice, password: pw, totp: { secret: "${SP_TOTP_SECRET}", period: 5s } }',
        '  login:',
        '    form:',
        '      url: /login',
        '      fields: { username: "{{username}}", password: "{{password}}" }',
        '      then:',
        '        - form: { url: /login/otp, fields: { code: "{{totp}}" } }',
        '  authenticated: { url: /account }',
      ]),
    );
    expect(config.target.account.totp).toEqual({ secret: SECRET, digits: 6, periodMs: 5_000, algorithm: 'SHA1' });
    expect(config.target.login).toEqual({
      kind: 'form',
      url: '/login',
      fields: { username: '{{username}}', password: '{{password}}' },
      then: [{ kind: 'form', url: '/login/otp', fields: { code: '{{totp}}' } }],
    });
    expect(config.target.loginRate.intervalMs).toBe(5_000);
  });

  it('keeps on: beside a browser step action', async () => {
    const config = await loadConfig(
      await configFile([
        'target:',
        '  baseUrl: http://127.0.0.1:3000',
        '  account: { username: alice, password: pw }',
        '  allowedHosts: [localhost]',
        '  login:',
        '    browser:',
        '      steps:',
        '        - goto: /login',
        '        - { on: "localhost:4000/interaction/", fill: { selector: "#u", value: "{{username}}" } }',
        '        - { on: "localhost:4000/interaction/", waitFor: { url: /dashboard, timeout: 5s } }',
        '  authenticated: { url: /account }',
      ]),
    );
    expect(config.target.login).toEqual({
      kind: 'browser',
      steps: [
        { goto: '/login' },
        { on: 'localhost:4000/interaction/', fill: { selector: '#u', value: '{{username}}' } },
        { on: 'localhost:4000/interaction/', waitFor: { url: '/dashboard', timeoutMs: 5_000 } },
      ],
    });
  });

  it('locates {{totp}} without a totp, a bad secret (never echoed), a fractional period, a browser step with two actions and a browser then: step', async () => {
    const found = await problems([
      'target:',
      '  baseUrl: http://127.0.0.1:3000',
      '  account: { username: alice, password: pw }',
      '  accounts:',
      '    - { username: bob, password: pw, totp: { secret: "not base32!", period: 1500ms } }',
      '  login:',
      '    form:',
      '      url: /login',
      '      then: [ { browser: { steps: [ { goto: /otp } ] } } ]',
      '  logout: { browser: { steps: [ { on: /x, goto: /a, click: "#b" }, { on: /y } ] } }',
      '  passwordChange: { form: { url: /pw, fields: { code: "{{totp}}", next: "{{newPassword}}" } } }',
      '  sso: { logout: { browser: { steps: [ { goto: /a, click: "#b" } ] } } }',
      '  authenticated: { url: /account }',
    ]);
    expect(found).toEqual([
      { path: '$.target.login.form.then[0].browser', message: '"browser" is not a login step kind; expected one of form, json, request, link' },
      { path: '$.target.account', message: 'the flows use {{newPassword}} but the account has no newPassword' },
      { path: '$.target.account', message: 'the flows use {{totp}} but the account has no totp: { secret: ${ENV_VAR} }' },
      { path: '$.target.accounts[0].totp.secret', message: 'expected a base32 secret (letters A–Z and digits 2–7), as authenticator apps show it' },
      { path: '$.target.accounts[0].totp.period', message: 'expected whole seconds (e.g. 30s), got 1500ms' },
      { path: '$.target.logout.browser.steps[0]', message: 'a browser step takes exactly one of goto, fill, click, press, select, waitFor; got 2: goto, click' },
      { path: '$.target.logout.browser.steps[1]', message: 'a browser step takes exactly one of goto, fill, click, press, select, waitFor; got none' },
      { path: '$.target.sso.logout.browser.steps[0]', message: 'a browser step takes exactly one of goto, fill, click, press, select, waitFor; got 2: goto, click' },
    ]);
    expect(JSON.stringify(found)).not.toContain('not base32!');
  });
});
