/**
 * The config fields of the multi-device suites: what they turn into, and located errors for misuse.
 */
import { describe, expect, it } from 'vitest';
import { configFiles } from '../fixtures/config-files.js';

const BASE = [
  'target:',
  '  baseUrl: http://127.0.0.1:9',
  '  account: { username: alice, password: pw-one-1, newPassword: pw-two-2 }',
  '  login: { form: { url: /login, fields: { username: "{{username}}", password: "{{password}}" } } }',
  '  authenticated: { url: /account }',
];

const { load, problems } = configFiles(BASE);
/** Files without the shared target lines. */
const bare = configFiles();

describe('multi-device config', () => {
  it('normalizes every new field', async () => {
    const config = await load([
      '  passwordChange: { form: { url: /pw, fields: { current: "{{password}}", next: "{{newPassword}}" } } }',
      '  passwordRotation: alternate',
      '  privilegeChange: { request: { method: POST, url: /sudo }, elevatedCheck: { url: /admin } }',
      '  signOutEverywhere: { request: { method: POST, url: /sessions/revoke } }',
      '  rememberMe: { fields: { remember: "on" }, cookie: remember }',
      '  loginBackoff: { retries: 1, maxWait: 5s, lockoutText: "Locked" }',
      'spec:',
      '  concurrency: { maxSessions: 3 }',
      '  rememberMe: { maxAge: 30d }',
    ]);
    expect(config.target.passwordRotation).toBe('alternate');
    expect(config.target.privilegeChange).toEqual({ kind: 'request', method: 'POST', url: '/sudo' });
    expect(config.target.elevatedCheck).toEqual({ url: '/admin' });
    expect(config.target.signOutEverywhere).toEqual({ kind: 'request', method: 'POST', url: '/sessions/revoke' });
    expect(config.target.rememberMe).toEqual({ fields: { remember: 'on' }, cookie: 'remember' });
    expect(config.target.loginBackoff).toEqual({ retries: 1, maxWaitMs: 5000, lockoutText: 'Locked' });
    expect(config.spec.rememberMe).toEqual({ maxAgeMs: 30 * 86_400_000 });
    expect(config.spec.overrides).toEqual(['concurrency.maxSessions', 'rememberMe.maxAge']);
  });

  const rows: Array<[string, string[], Array<{ path: string; message: RegExp }>]> = [
    [
      'a privilege change with two kinds',
      ['  privilegeChange: { request: { method: POST, url: /sudo }, link: { url: /a, selector: a }, elevatedCheck: { url: /admin } }'],
      [{ path: '$.target.privilegeChange', message: /exactly one of request, form, link, json, browser, script \(besides elevatedCheck\); got 2: request, link/ }],
    ],
    ['a privilege change with only elevatedCheck', ['  privilegeChange: { elevatedCheck: { url: /admin } }'], [{ path: '$.target.privilegeChange', message: /got none/ }]],
    ['an unknown privilege-change key', ['  privilegeChange: { request: { method: POST, url: /sudo }, elevated: { url: /a } }'], [{ path: '$.target.privilegeChange.elevated', message: /unknown key "elevated"; expected one of request, .*elevatedCheck/ }]],
    [
      'a password change that never sends the new password',
      ['  passwordChange: { request: { method: POST, url: /pw, form: { current: "{{password}}" } } }'],
      [{ path: '$.target.passwordChange', message: /never sends \{\{newPassword\}\}/ }],
    ],
    ['alternate without a password change', ['  passwordRotation: alternate'], [{ path: '$.target.passwordRotation', message: /add target.passwordChange/ }]],
    ['an unknown rotation', ['  passwordRotation: sometimes'], [{ path: '$.target.passwordRotation', message: /expected one of "restore", "alternate"/ }]],
    ['remember-me without its cookie', ['  rememberMe: { fields: { remember: "on" } }'], [{ path: '$.target.rememberMe', message: /missing required key "cookie"/ }]],
    ['negative retries', ['  loginBackoff: { retries: -1 }'], [{ path: '$.target.loginBackoff.retries', message: /expected a number >= 0/ }]],
    ['a zero wait', ['  loginBackoff: { maxWait: 0s }'], [{ path: '$.target.loginBackoff.maxWait', message: /greater than zero/ }]],
    ['a remember-me lifetime that is not a duration', ['spec:', '  rememberMe: { maxAge: forever }'], [{ path: '$.spec.rememberMe.maxAge', message: /expected a duration greater than zero/ }]],
    ['a placeholder typo in sign-out-everywhere', ['  signOutEverywhere: { request: { method: POST, url: /s, form: { p: "{{passwd}}" } } }'], [{ path: '$.target.signOutEverywhere.request.form.p', message: /unknown placeholder \{\{passwd\}\}/ }]],
  ];
  it.each(rows)('%s is a located error', async (_name, lines, wanted) => {
    const got = await problems(lines);
    expect(got).toHaveLength(wanted.length);
    wanted.forEach((w, i) => {
      expect(got[i]!.path).toBe(w.path);
      expect(got[i]!.message).toMatch(w.message);
    });
  });

  it('refuses remember-me fields on a login that has no fields to add them to', async () => {
    const login = ['target:', '  baseUrl: http://127.0.0.1:9', '  account: { username: a, password: pw-one-1 }', '  login: { script: ./login.ts }', '  authenticated: { url: /a }', '  rememberMe: { cookie: r }'];
    await expect(bare.load(login)).rejects.toThrow(/\$\.target\.rememberMe: remember-me fields can be added to a form or json login, not to a script login/);
  });
});
