/**
 * The pure parts of discover: what each form input is for, the controls of a logged-in page, and the
 * config it writes (which must load as run loads it, and hold no password).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeForms, describeLinks, findForm, findLink } from '../../src/target/html-forms.js';
import { loginFields, oneTimeCodeInput, passwordChangeFields } from '../../src/discover/form-fields.js';
import { logoutCandidates } from '../../src/discover/controls.js';
import { discoveredConfig } from '../../src/discover/config-writer.js';
import { loadConfig } from '../../src/config/load.js';
import type { HttpResponse } from '../../src/drivers/http.js';
import type { Discovered } from '../../src/discover/outcome.js';

const PAGE = 'http://127.0.0.1:3000/login';
const form = (html: string) => describeForms(html, PAGE);

describe('login form fields', () => {
  it.each([
    ['an e-mail input named user[email]', '<form><input type="email" name="user[email]"><input type="password" name="user[password]"></form>', 'user[email]'],
    ['a text input labelled Username', '<form><label for="u">Username</label><input id="u" name="login_id"><input type="password" name="pw"></form>', 'login_id'],
    ['the only text input, whatever its name', '<form><input name="x1"><input type="password" name="pw"></form>', 'x1'],
  ])('finds the user field: %s', (_what, html, user) => {
    const fields = loginFields(form(html)[0]!);
    expect(fields?.user.name).toBe(user);
  });

  it('keeps hidden inputs and the remember-me box, which the form flow carries and the finding names', () => {
    const fields = loginFields(
      form('<form><input type="hidden" name="_csrf" value="t"><input name="username"><input type="password" name="password"><label><input type="checkbox" name="remember" value="on"> Keep me signed in</label></form>')[0]!,
    );
    expect(fields?.hidden.map((h) => h.name)).toEqual(['_csrf']);
    // Unticked it submits nothing; ticked, its value (what a login with remember-me sends).
    expect(fields?.remember).toMatchObject({ name: 'remember', type: 'checkbox', value: null, checkedValue: 'on' });
    expect(form('<form><input type="checkbox" name="user[remember_me]" value="1"></form>')[0]!.inputs[0]).toMatchObject({ value: null, checkedValue: '1' });
    expect(form('<form><input type="checkbox" name="stay" checked></form>')[0]!.inputs[0]).toMatchObject({ value: 'on', checkedValue: 'on' });
  });

  it('is not a login form with two password inputs, or without a user field', () => {
    expect(loginFields(form('<form><input name="u"><input type="password" name="a"><input type="password" name="b"></form>')[0]!)).toBeUndefined();
    expect(loginFields(form('<form><input type="password" name="a"><input name="x"><input name="y"></form>')[0]!)).toBeUndefined();
  });

  it('tells a form asking for a one-time code (a second factor) from a login form', () => {
    const code = (html: string) => oneTimeCodeInput(form(html)[0]!)?.name;
    expect(code('<form><label>Code from your app <input name="code" inputmode="numeric" autocomplete="one-time-code"></label></form>')).toBe('code');
    expect(code('<form><input name="otp_attempt" placeholder="Authenticator code"></form>')).toBe('otp_attempt');
    expect(code('<form><input name="username"><input type="password" name="password"></form>')).toBeUndefined();
    expect(code('<form><input name="q" placeholder="Search"></form>')).toBeUndefined();
  });

  it('tells the current password of a change form by its label, or by position when there are three', () => {
    expect(passwordChangeFields(form('<form><input type="password" name="current"><input type="password" name="next"></form>')[0]!)).toMatchObject({ current: { name: 'current' }, next: [{ name: 'next' }] });
    expect(passwordChangeFields(form('<form><input type="password" name="a"><input type="password" name="b"><input type="password" name="c"></form>')[0]!)).toMatchObject({ current: { name: 'a' }, next: [{ name: 'b' }, { name: 'c' }] });
    expect(passwordChangeFields(form('<form><input type="password" name="pw"></form>')[0]!)).toBeUndefined();
  });
});

describe('selectors discover writes', () => {
  it('picks forms and links by id, class, then action or href path, and the flows find them again', () => {
    const html =
      '<form id="search" action="/search"><input name="q"></form><form class="signout x" method="post" action="/logout?t=1"></form><form method="post" action="/bye?t=2"></form>' +
      '<a href="/a">A</a><a class="out" href="/logout?token=9">Sign out</a><a href="/p?x=1">P</a>';
    const forms = describeForms(html, PAGE);
    expect(forms.map((f) => f.selector)).toEqual(['form#search', 'form.signout', 'form[action^="/bye"]']);
    for (const f of forms) expect(findForm(html, PAGE, f.selector, [])).toMatchObject({ action: f.action });
    const links = describeLinks(html, PAGE);
    expect(links.map((l) => l.selector)).toEqual(['a[href^="/a"]', 'a.out', 'a[href^="/p"]']);
    for (const l of links) expect(findLink(html, PAGE, l.selector)).toBe(l.url);
  });
});

describe('logout candidates', () => {
  const page = (body: string) => ({ url: 'http://127.0.0.1:3000/account?sid=SECRET', body }) as HttpResponse;

  it('lists forms, then links, then POSTs named in scripts, never a form asking for a password', () => {
    const candidates = logoutCandidates(
      [
        page(
          '<form id="sudo" method="post" action="/sudo"><input type="password" name="password"><button>Sign out elsewhere</button></form>' +
            '<form id="signout" method="post" action="/logout"><button>Sign out</button></form><a href="/logout?all=1">Log out everywhere</a>' +
            '<script>fetch("/api/session/logout", { method: "POST" })</script>',
        ),
      ],
      'http://127.0.0.1:3000',
    );
    expect(candidates.map((c) => c.flow)).toEqual([
      { kind: 'form', url: '/account', selector: 'form#signout', fields: {} },
      { kind: 'link', url: '/account', selector: 'a[href^="/logout"]' },
      { kind: 'request', method: 'POST', url: '/api/session/logout' },
    ]);
    // The page's query (here a session ID in the URL) never reaches the config.
    expect(JSON.stringify(candidates)).not.toContain('SECRET');
  });
});

describe('the config discover writes', () => {
  beforeEach(() => vi.stubEnv('SP_DISCOVERED_PASSWORD', 'not-in-the-file'));
  afterEach(() => vi.unstubAllEnvs());

  const found: Discovered = {
    baseUrl: 'http://127.0.0.1:3000',
    login: { kind: 'form', url: '/login', fields: { 'user[email]': '{{username}}', 'user[password]': '{{password}}' } },
    oracleUrl: '/account',
    sessionCookies: ['__Host-sid'],
    logout: { kind: 'form', url: '/account', selector: 'form#signout', fields: {} },
    passwordChange: { kind: 'form', url: '/account/password', selector: 'form#pw', fields: { current: '{{password}}', next: '{{newPassword}}' } },
    findings: [
      { topic: 'login', summary: 'form login at /login', evidence: ['GET /login answered 200\nwith a newline and \u001b[31m a control'], confidence: 'medium' },
      { topic: 'oracle', summary: '/account', evidence: ['302 → /login logged out'], confidence: 'high' },
    ],
    notFound: [],
  };

  it('loads as run loads it, with a comment per finding, the password as a reference, and the password change commented out without a new password', async () => {
    const text = discoveredConfig(found, { url: 'http://127.0.0.1:3000/', username: 'alice', passwordEnv: 'SP_DISCOVERED_PASSWORD' });
    expect(text).toContain('password: ${SP_DISCOVERED_PASSWORD}');
    expect(text).toContain('  # login (medium confidence): form login at /login');
    expect(text).toContain('#   GET /login answered 200 with a newline and  [31m a control');
    expect(text).toMatch(/^ {2}# passwordChange:$/m);
    expect(text).toMatch(/^spec:\n {2}preset: recommended/m);
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'sp-discovered-')), 'sessionprobe.yaml');
    await writeFile(file, text);
    const config = await loadConfig(file);
    expect(config.target.login).toEqual(found.login);
    expect(config.target.logout).toEqual({ kind: 'form', url: '/account', selector: 'form#signout', fields: {} });
    expect(config.target.sessionCookies).toEqual(['__Host-sid']);
    expect(config.target.passwordChange).toBeUndefined();
    expect(config.target.account.password).toBe('not-in-the-file');
    expect(text).not.toContain('not-in-the-file');
  });

  it('says where each part it did not find would go, and why', () => {
    const { logout: _logout, passwordChange: _change, ...rest } = found;
    const text = discoveredConfig(
      { ...rest, notFound: [{ field: 'logout', reason: 'no control logged out' }, { field: 'refresh', reason: 'a refresh token at $.refresh_token\nbut no endpoint' }] },
      { url: 'http://127.0.0.1:3000/', username: 'alice', passwordEnv: 'SP_DISCOVERED_PASSWORD' },
    );
    expect(text).toContain('  # logout: not found — no control logged out\n  # refresh: not found — a refresh token at $.refresh_token but no endpoint\nspec:');
  });

  it('writes the password-change flow and the new password reference when one is given', async () => {
    vi.stubEnv('SP_DISCOVERED_NEW', 'second-password');
    const text = discoveredConfig(found, { url: 'http://127.0.0.1:3000/', username: 'alice', passwordEnv: 'SP_DISCOVERED_PASSWORD', newPasswordEnv: 'SP_DISCOVERED_NEW' });
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'sp-discovered-')), 'sessionprobe.yaml');
    await writeFile(file, text);
    const config = await loadConfig(file);
    expect(config.target.passwordChange).toEqual(found.passwordChange);
    expect(config.target.account.newPassword).toBe('second-password');
  });
});

describe('the remember-me block discover writes', () => {
  beforeEach(() => vi.stubEnv('SP_DISCOVERED_PASSWORD', 'not-in-the-file'));
  afterEach(() => vi.unstubAllEnvs());
  const base: Discovered = {
    baseUrl: 'http://127.0.0.1:3000',
    login: { kind: 'form', url: '/login', fields: { username: '{{username}}', password: '{{password}}' } },
    oracleUrl: '/account',
    sessionCookies: ['sid'],
    findings: [{ topic: 'remember me', summary: 'the box', evidence: ['the login with remember=on set remember for 30d'], confidence: 'high' }],
    notFound: [],
  };
  const loaded = async (d: Discovered) => {
    const text = discoveredConfig(d, { url: 'http://127.0.0.1:3000/', username: 'alice', passwordEnv: 'SP_DISCOVERED_PASSWORD' });
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'sp-discovered-')), 'sessionprobe.yaml');
    await writeFile(file, text);
    return { text, config: await loadConfig(file) };
  };

  it('writes target.rememberMe, under its finding, when the cookie it earns was verified', async () => {
    const { text, config } = await loaded({ ...base, rememberMe: { verified: { fields: { remember: 'on' }, cookie: 'remember' } } });
    expect(config.target.rememberMe).toEqual({ fields: { remember: 'on' }, cookie: 'remember' });
    expect(text).toContain('  # remember me (high confidence): the box\n  #   the login with remember=on set remember for 30d\n  rememberMe:');
  });

  it('leaves it commented out, the cookie to be named, when it was not verified', async () => {
    const { text, config } = await loaded({ ...base, rememberMe: { unverified: { fields: { remember: 'on' } }, reason: 'no persistent cookie' } });
    expect(config.target.rememberMe).toBeUndefined();
    expect(text).toMatch(/^ {2}# rememberMe:\n {2}# {3}fields:\n {2}# {5}remember: on\n {2}# {3}cookie: <the remember-me cookie>\n {2}# \(commented out until verified/m);
  });
});

describe('tokens in a JSON login response', () => {
  const jwt = `${'a'.repeat(20)}.${'b'.repeat(20)}.${'c'.repeat(20)}`;
  it('takes the access token, never the refresh token, as the bearer token, and names the refresh token apart', async () => {
    const { tokenIn, refreshTokenIn } = await import('../../src/discover/login.js');
    const body = JSON.stringify({ refresh_token: jwt, access_token: `x${jwt}`, expires_in: 30 });
    expect(tokenIn(body)).toEqual({ from: '$.access_token', header: 'Authorization', scheme: 'Bearer' });
    expect(refreshTokenIn(body)).toBe('$.refresh_token');
    expect(refreshTokenIn(JSON.stringify({ token: jwt }))).toBeUndefined();
  });

  it('never takes an OpenID Connect ID token for the bearer token, even when the access token is opaque', async () => {
    const { tokenIn } = await import('../../src/discover/login.js');
    expect(tokenIn(JSON.stringify({ id_token: jwt, access_token: 'opaque-access-token-value' }))?.from).toBe('$.access_token');
    expect(tokenIn(JSON.stringify({ id_token: jwt }))).toBeUndefined();
  });
});
