/**
 * target.refresh and spec.refresh: what they turn into, and located errors for a refresh token with no source.
 */
import { describe, expect, it } from 'vitest';
import { configFiles } from '../fixtures/config-files.js';

const TARGET = [
  'target:',
  '  baseUrl: http://127.0.0.1:9',
  '  account: { username: alice, password: pw-one-1 }',
  '  authenticated: { url: /api/me }',
];
const JSON_LOGIN = '  login: { json: { url: /api/login, body: { u: "{{username}}" }, token: { from: $.access_token }, refreshToken: $.refresh_token } }';
const REFRESH = '  refresh: { json: { url: /oauth/token, body: { grant_type: refresh_token, refresh_token: "{{refreshToken}}" } }, accessToken: $.access_token, refreshToken: $.refresh_token }';

const { load, problems } = configFiles(TARGET);

describe('refresh config', () => {
  it('normalizes target.refresh, login.json.refreshToken and spec.refresh', async () => {
    const config = await load([JSON_LOGIN, REFRESH, 'spec:', '  refresh: { reuse: reject, maxLifetime: 12h, accessMaxLifetime: null }']);
    expect(config.target.refresh).toEqual({
      request: { method: 'POST', url: '/oauth/token', body: { grant_type: 'refresh_token', refresh_token: '{{refreshToken}}' } },
      accessToken: '$.access_token',
      refreshToken: '$.refresh_token',
    });
    expect(config.target.login).toMatchObject({ kind: 'json', refreshToken: '$.refresh_token' });
    expect(config.spec.refresh).toEqual({ rotation: true, reuse: 'reject', maxLifetimeMs: 12 * 3_600_000, accessMaxLifetimeMs: null });
    expect(config.spec.overrides).toEqual(['refresh.reuse', 'refresh.maxLifetime', 'refresh.accessMaxLifetime']);
  });

  it('names where the refresh token is missing from', async () => {
    const formLogin = '  login: { form: { url: /login, fields: { username: "{{username}}" } } }';
    expect(await problems([formLogin, REFRESH])).toEqual([
      { path: '$.target.login', message: 'target.refresh.refreshToken needs the first refresh token from the login: a json login with refreshToken: $.<path>' },
    ]);
    expect(await problems([JSON_LOGIN, '  refresh: { json: { url: /oauth/token, body: { token: x } }, refreshToken: $.rt }'])).toEqual([
      { path: '$.target.refresh.json', message: 'the refresh request never sends {{refreshToken}}, the token it presents' },
    ]);
    expect(await problems([JSON_LOGIN, '  refresh: { json: { url: /oauth/token } }'])).toEqual([
      { path: '$.target.refresh', message: 'say where the refresh token travels: refreshToken (a JSON path in the refresh response) or cookie (a cookie name), not neither' },
    ]);
    expect(await problems([JSON_LOGIN, REFRESH, 'spec:', '  refresh: { reuse: sometimes }'])).toEqual([
      expect.objectContaining({ path: '$.spec.refresh.reuse' }),
    ]);
  });

  it('accepts a refresh token in a cookie without JSON paths', async () => {
    const config = await load([JSON_LOGIN, '  refresh: { json: { url: /auth/refresh }, cookie: rt }']);
    expect(config.target.refresh).toEqual({ request: { method: 'POST', url: '/auth/refresh', body: {} }, cookie: 'rt' });
  });
});
