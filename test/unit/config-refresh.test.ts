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
      request: { method: 'POST', url: '/oauth/token', json: { grant_type: 'refresh_token', refresh_token: '{{refreshToken}}' } },
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
    expect(config.target.refresh).toEqual({ request: { method: 'POST', url: '/auth/refresh', json: {} }, cookie: 'rt' });
  });

  it('takes the refresh request as a request flow with a form body (an OAuth token endpoint)', async () => {
    const form = '  refresh: { request: { method: POST, url: /token, form: { grant_type: refresh_token, refresh_token: "{{refreshToken}}", client_id: web } }, refreshToken: $.refresh_token }';
    const config = await load([JSON_LOGIN, form]);
    expect(config.target.refresh).toEqual({
      request: { method: 'POST', url: '/token', form: { grant_type: 'refresh_token', refresh_token: '{{refreshToken}}', client_id: 'web' } },
      refreshToken: '$.refresh_token',
    });
  });

  it('wants exactly one refresh request, with one body, that presents the token', async () => {
    const request = '{ method: POST, url: /token, form: { refresh_token: "{{refreshToken}}" } }';
    expect(await problems([JSON_LOGIN, `  refresh: { json: { url: /t, body: { t: "{{refreshToken}}" } }, request: ${request}, refreshToken: $.rt }`])).toEqual([
      { path: '$.target.refresh', message: 'give the refresh request as exactly one of json (a JSON body, POST by default) or request (any method, a form or json body), not both' },
    ]);
    expect(await problems([JSON_LOGIN, '  refresh: { cookie: rt }'])).toEqual([
      { path: '$.target.refresh', message: 'give the refresh request as exactly one of json (a JSON body, POST by default) or request (any method, a form or json body), not neither' },
    ]);
    expect(await problems([JSON_LOGIN, '  refresh: { request: { method: POST, url: /token, form: { a: "{{refreshToken}}" }, json: {} }, refreshToken: $.rt }'])).toEqual([
      { path: '$.target.refresh.request', message: 'a request has one body: give form or json, not both' },
    ]);
    expect(await problems([JSON_LOGIN, '  refresh: { request: { method: POST, url: /token, form: { grant_type: refresh_token } }, refreshToken: $.rt }'])).toEqual([
      { path: '$.target.refresh.request', message: 'the refresh request never sends {{refreshToken}}, the token it presents' },
    ]);
  });
});
