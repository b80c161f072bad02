/**
 * discover on an application shaped like real ones (test/fixtures/realistic-app.ts): the login found
 * through the home page's link, the `user[email]` field, the hidden token and the "remember me" box;
 * the oracle from the user's name in the header menu; the logout form in that menu, proven; and the
 * written config then passes a dry run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { REALISTIC_PASSWORD, REALISTIC_USER, startRealisticApp } from '../fixtures/realistic-app.js';
import type { RunningServer } from '../../examples/shared.js';
import { runCli, type CliRun } from '../e2e/cli.js';

const ENV = { SP_REALISTIC_PASSWORD: REALISTIC_PASSWORD };
let server: RunningServer;
let work: string;
let discovery: CliRun;
let config: { target: Record<string, unknown> };

beforeAll(async () => {
  server = await startRealisticApp();
  work = await mkdtemp(path.join(tmpdir(), 'sp-discover-realistic-'));
  discovery = await runCli(['discover', server.url, '--username', REALISTIC_USER, '--password-env', 'SP_REALISTIC_PASSWORD', '--write', path.join(work, 'sessionprobe.yaml')], { env: ENV });
  config = parse(await readFile(path.join(work, 'sessionprobe.yaml'), 'utf8').catch(() => 'target: {}'));
});

afterAll(async () => {
  await server?.close();
  await rm(work, { recursive: true, force: true });
});

describe('discover on a realistic application', () => {
  it('follows the home page\'s "Sign in" link to the form, with its user[email] field, hidden token and remember-me box', () => {
    expect(discovery.code, discovery.stderr).toBe(0);
    expect(config.target.login).toEqual({ form: { url: '/session/start', fields: { 'user[email]': '{{username}}', 'user[password]': '{{password}}' } } });
    expect(discovery.stdout).toContain('linked from / as “Sign in”');
    expect(discovery.stdout).toContain('hidden inputs carried over on each login (CSRF tokens and the like): authenticity_token');
    expect(discovery.stdout).toMatch(/a “remember me” box: user\[remember_me\]/);
  });

  it('verifies the remember-me box by logging in with it ticked, and writes target.rememberMe with the cookie it earned', () => {
    expect(config.target.rememberMe).toEqual({ fields: { 'user[remember_me]': '1' }, cookie: 'remember_user_token' });
    expect(discovery.stdout).toMatch(/^remember me \(high confidence\): .*ticked, the login set the persistent cookie remember_user_token, which the plain login did not get/m);
    expect(discovery.stdout).toContain('the login with user[remember_me]=1 set remember_user_token for 14d; the plain login got no persistent cookie');
  });

  it('takes the oracle from the user name in the header menu, the only difference on the page', () => {
    expect(config.target.authenticated).toEqual({ url: '/' });
    expect(discovery.stdout).toMatch(/^oracle \(high confidence\): \/ /m);
    expect(discovery.stdout).toContain(`showing “${REALISTIC_USER}”`);
  });

  it('names only the session cookie, not the preferences cookie beside it', () => {
    expect(config.target.sessionCookie).toBe('_acme_session');
    expect(discovery.stdout).toMatch(/without acme_prefs: yes/);
  });

  it('finds the logout form in the menu and proves it logs out', () => {
    expect(config.target.logout).toEqual({ form: { url: '/', selector: 'form.menu-signout' } });
    expect(discovery.stdout).toMatch(/^logout \(high confidence\): a form on \/ \(form\.menu-signout, “Log out”\) that POSTs to \/session\/end/m);
  });

  it('writes a config that a dry run accepts', async () => {
    const run = await runCli(['run', '--dry-run', '--config', path.join(work, 'sessionprobe.yaml')], { env: ENV });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/session +cookie _acme_session \(configured\)/);
  });
});

describe('discover on a site whose "remember me" box earns no persistent cookie', () => {
  it('writes target.rememberMe commented out, with the reason, and says so', async () => {
    const inert = await startRealisticApp({ rememberMe: false });
    try {
      const out = path.join(work, 'inert-remember.yaml');
      const run = await runCli(['discover', inert.url, '--username', REALISTIC_USER, '--password-env', 'SP_REALISTIC_PASSWORD', '--write', out], { env: ENV });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^remember me \(low confidence\): .*NOT verified: ticking it earned no persistent cookie that the plain login did not get/m);
      const text = await readFile(out, 'utf8');
      expect((parse(text) as { target: Record<string, unknown> }).target.rememberMe).toBeUndefined();
      expect(text).toMatch(/^ {2}# rememberMe:\n {2}# {3}fields:\n {2}# {5}user\[remember_me\]: "1"\n {2}# {3}cookie: <the remember-me cookie>$/m);
    } finally {
      await inert.close();
    }
  });
});

describe('discover when it cannot work the site out', () => {
  it('exits 2 when the password variable is not set, without touching the target', async () => {
    const run = await runCli(['discover', server.url, '--username', REALISTIC_USER, '--password-env', 'SP_NOT_SET_ANYWHERE']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--password-env: the environment variable SP_NOT_SET_ANYWHERE is not set');
  });

  it('exits 2 rather than overwrite a config without --force', async () => {
    const run = await runCli(['discover', server.url, '--username', REALISTIC_USER, '--password-env', 'SP_REALISTIC_PASSWORD', '--write', path.join(work, 'sessionprobe.yaml')], { env: ENV });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/sessionprobe\.yaml exists; pass --force/);
  });

  it('exits 3 with the reason when the account does not log in, and writes nothing', async () => {
    const out = path.join(work, 'wrong.yaml');
    const run = await runCli(['discover', server.url, '--username', REALISTIC_USER, '--password-env', 'SP_WRONG', '--write', out], { env: { SP_WRONG: 'not-the-password' } });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/login failed: the form login found \(form login at \/session\/start.*\) answered 401; check the account/);
    await expect(readFile(out)).rejects.toThrow(/ENOENT/);
  });

  it('exits 3 and suggests --browser when no page has a login form and no JSON login answers', async () => {
    const { listen } = await import('../../examples/shared.js');
    const bare = await listen((_req, res) => res.end('<p>nothing to sign in to</p>'), {});
    try {
      const run = await runCli(['discover', bare.url, '--username', 'alice', '--password-env', 'SP_REALISTIC_PASSWORD'], { env: ENV });
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/found no login form .* and no JSON login API .*; if the login page is built by JavaScript, run discover with --browser/);
    } finally {
      await bare.close();
    }
  });
});

describe('discover --browser on a page that builds its login form with JavaScript', () => {
  it('records the JSON request the page sends and, since it logs in over plain HTTP too, writes it as a json flow', async () => {
    const out = path.join(work, 'spa.yaml');
    const run = await runCli(['discover', `${server.url}/spa/sign-in`, '--browser', '--username', REALISTIC_USER, '--password-env', 'SP_REALISTIC_PASSWORD', '--write', out], { env: ENV });
    expect(run.code, run.stderr).toBe(0);
    const written = parse(await readFile(out, 'utf8')) as { target: Record<string, unknown> };
    expect(written.target.login).toEqual({ json: { url: '/api/sign-in', body: { email: '{{username}}', password: '{{password}}' } } });
    expect(run.stdout).toMatch(/the page sent POST \/api\/sign-in with the password in a JSON body; the same body sent over plain HTTP answered 200/);
    expect(written.target.authenticated).toEqual({ url: '/' });
    expect(run.stdout).toMatch(/^logout \(high confidence\): the “Log out” control/m);
    const dry = await runCli(['run', '--dry-run', '--config', out], { env: ENV });
    expect(dry.code, dry.stderr).toBe(0);
  });
});
