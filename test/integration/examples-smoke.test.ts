/**
 * The example targets behave as their expected.json claims, observed with plain fetch and hand-built
 * Cookie headers, so a sessionprobe bug cannot hide an example bug (or the reverse).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { EXAMPLES } from '../../examples/index.js';
import type { RunningServer, StartOptions } from '../../examples/shared.js';
import { startServer as startTimeouts, type TimeoutMode } from '../../examples/timeouts/server.js';
import { startRedis, type RunningRedis } from '../fixtures/redis.js';

const USERNAME = 'alice';
const PASSWORD = 'correct-horse-battery-staple';

function example(name: string) {
  const found = EXAMPLES.find((e) => e.name === name);
  if (!found) throw new Error(`no example ${name}`);
  return found;
}

/** One fetch with an explicit Cookie header and no redirect following. */
async function send(base: string, p: string, cookie?: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (cookie) headers.set('cookie', cookie);
  return fetch(new URL(p, base), { ...init, headers, redirect: 'manual' });
}

function setCookie(res: Response, name: string): string | undefined {
  return res.headers.getSetCookie().find((line) => line.startsWith(`${name}=`));
}

function cookieValue(res: Response, name: string): string {
  const line = setCookie(res, name);
  if (line === undefined) throw new Error(`no Set-Cookie for ${name} in ${res.headers.getSetCookie().join(' | ')}`);
  return line.slice(name.length + 1).split(';')[0]!;
}

function hidden(html: string, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]+)"`).exec(html);
  if (!m) throw new Error(`no hidden ${name} input in ${html}`);
  return m[1]!;
}

function form(fields: Record<string, string>): RequestInit {
  return { method: 'POST', body: new URLSearchParams(fields) };
}

/** Starts the example before the block's tests; options may be computed then (e.g. a Redis URL). */
function started(name: string, opts?: StartOptions | (() => StartOptions)): () => RunningServer {
  let server: RunningServer | undefined;
  beforeAll(async () => {
    server = await example(name).start(typeof opts === 'function' ? opts() : opts);
  });
  afterAll(async () => {
    await server?.close();
  });
  return () => server!;
}

describe('example catalogue', () => {
  // What each example declares is held to the catalogue in test/unit/expected-verdicts.test.ts.
  it.each(EXAMPLES.map((e) => [e.name, e] as const))('%s ships a config', (_n, e) => {
    expect(existsSync(path.join(e.dir, 'sessionprobe.yaml'))).toBe(true);
  });

  it('refuses to bind anywhere but loopback', async () => {
    await expect(example('vulnerable').start({ host: '0.0.0.0' })).rejects.toThrow(/loopback/);
  });

  it('closes promptly although a keep-alive connection is open', async () => {
    const server = await example('partial').start();
    await (await send(server.url, '/home')).text();
    const t0 = performance.now();
    await server.close();
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

async function conformantLogin(base: string): Promise<{ preLogin: string; session: string; login: Response }> {
  const page = await send(base, '/login');
  const preLogin = cookieValue(page, '__Host-sid');
  const login = await send(base, '/login', `__Host-sid=${preLogin}`, form({ _csrf: hidden(await page.text(), '_csrf'), username: USERNAME, password: PASSWORD }));
  return { preLogin, session: cookieValue(login, '__Host-sid'), login };
}

function conformantFlow(server: () => RunningServer) {
  it('issues a pre-login __Host- session cookie with every attribute right', async () => {
    const res = await send(server().url, '/login');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(setCookie(res, '__Host-sid')).toMatch(/^__Host-sid=s%3A[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    expect(await res.text()).toMatch(/<form method="post" action="\/login" class="login">/);
  });

  it('sets distractor cookies that are well-formed and not needed to stay signed in', async () => {
    const a = await send(server().url, '/login');
    const b = await send(server().url, '/login');
    expect(setCookie(a, '_sp_analytics')).toMatch(/^_sp_analytics=[0-9a-f]{16}; Path=\/; Secure; SameSite=Lax; Max-Age=3600$/);
    expect(cookieValue(a, '_sp_analytics')).not.toBe(cookieValue(b, '_sp_analytics'));
    expect(setCookie(a, 'lb')).toBe('lb=node-1; Path=/; Secure; HttpOnly; SameSite=Lax');
  });

  it('rotates the ID on login and kills the pre-login one', async () => {
    const base = server().url;
    const { preLogin, session, login } = await conformantLogin(base);
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/account');
    expect(login.headers.get('cache-control')).toBe('no-store');
    expect(session).not.toBe(preLogin);
    const account = await send(base, '/account', `__Host-sid=${session}`);
    expect(account.status).toBe(200);
    expect(await account.text()).toContain(`Signed in as ${USERNAME}`);
    expect(account.headers.get('cache-control')).toBe('no-store');
    const replay = await send(base, '/account', `__Host-sid=${preLogin}`);
    expect(replay.status).toBe(302);
    expect(replay.headers.get('location')).toBe('/login');
  });

  it('rejects a wrong password and a missing CSRF token', async () => {
    const base = server().url;
    const page = await send(base, '/login');
    const cookie = `__Host-sid=${cookieValue(page, '__Host-sid')}`;
    const csrf = hidden(await page.text(), '_csrf');
    expect((await send(base, '/login', cookie, form({ _csrf: csrf, username: USERNAME, password: 'wrong' }))).status).toBe(401);
    expect((await send(base, '/login', cookie, form({ username: USERNAME, password: PASSWORD }))).status).toBe(403);
  });

  it('ignores a forged ID and issues its own', async () => {
    const forged = `s%3A${randomBytes(24).toString('base64url')}.${randomBytes(32).toString('base64url')}`;
    const res = await send(server().url, '/login', `__Host-sid=${forged}`);
    const issued = cookieValue(res, '__Host-sid');
    expect(issued).not.toBe(forged);
    expect((await send(server().url, '/account', `__Host-sid=${forged}`)).status).toBe(302);
  });

  it('logs out server-side, expires the cookie and sends Clear-Site-Data', async () => {
    const base = server().url;
    const { session } = await conformantLogin(base);
    const cookie = `__Host-sid=${session}`;
    const csrf = hidden(await (await send(base, '/account', cookie)).text(), '_csrf');
    expect((await send(base, '/logout', cookie, form({}))).status).toBe(403);
    expect((await send(base, '/account', cookie)).status).toBe(200);

    const logout = await send(base, '/logout', cookie, form({ _csrf: csrf }));
    expect(logout.status).toBe(303);
    expect(logout.headers.get('location')).toBe('/login');
    expect(logout.headers.get('cache-control')).toBe('no-store');
    expect(logout.headers.get('clear-site-data')).toBe('"cache", "cookies", "storage"');
    expect(setCookie(logout, '__Host-sid')).toBe('__Host-sid=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax');
    expect((await send(base, '/account', cookie)).status).toBe(302);
  });
}

describe('conformant example (memory store)', () => {
  // An empty URL overrides REDIS_URL, so this run always uses the memory store.
  conformantFlow(started('conformant', { redisUrl: '' }));
});

describe('conformant example (Redis store)', () => {
  let redisServer: RunningRedis;
  beforeAll(async () => {
    redisServer = await startRedis();
  });
  afterAll(() => redisServer?.stop());
  const server = started('conformant', () => ({ redisUrl: redisServer.url }));
  conformantFlow(server);

  it('keeps its sessions in Redis under sp-conformant:', async () => {
    const redis = createClient({ url: redisServer.url });
    await redis.connect();
    try {
      const key = (cookie: string) => `sp-conformant:${decodeURIComponent(cookie).slice(2).split('.')[0]}`;
      const { preLogin, session } = await conformantLogin(server().url);
      expect(await redis.exists(key(preLogin))).toBe(0);
      expect(JSON.parse((await redis.get(key(session)))!)).toMatchObject({ userId: USERNAME });
      const cookie = `__Host-sid=${session}`;
      const csrf = hidden(await (await send(server().url, '/account', cookie)).text(), '_csrf');
      await send(server().url, '/logout', cookie, form({ _csrf: csrf }));
      expect(await redis.exists(key(session))).toBe(0);
    } finally {
      await redis.close();
    }
  });
});

describe('vulnerable example', () => {
  const server = started('vulnerable');

  async function login(cookie?: string): Promise<Response> {
    return send(server().url, '/app/login', cookie, form({ username: USERNAME, password: PASSWORD }));
  }

  it('issues a short pre-login ID in a cookie with every attribute wrong', async () => {
    const res = await send(server().url, '/app/login');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBeNull();
    expect(setCookie(res, 'JSESSIONID')).toMatch(/^JSESSIONID=[0-9a-f]{8}; Domain=127\.0\.0\.1; SameSite=None; Max-Age=2592000$/);
  });

  it('keeps the pre-login ID through login and leaks it in the redirect', async () => {
    const id = cookieValue(await send(server().url, '/app/login'), 'JSESSIONID');
    const res = await login(`JSESSIONID=${id}`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/app/account?JSESSIONID=${id}`);
    expect(setCookie(res, 'JSESSIONID')).toBeUndefined();
    const account = await send(server().url, `/app/account?JSESSIONID=${id}`, `JSESSIONID=${id}`);
    expect(account.status).toBe(200);
    expect(await account.text()).toContain(`Signed in as ${USERNAME}`);
  });

  it('creates a session when login comes without one', async () => {
    const res = await login();
    const id = cookieValue(res, 'JSESSIONID');
    expect(res.headers.get('location')).toBe(`/app/account?JSESSIONID=${id}`);
    expect((await send(server().url, '/app/account', `JSESSIONID=${id}`)).status).toBe(200);
  });

  it('adopts a crafted ID it never issued', async () => {
    const crafted = randomBytes(4).toString('hex');
    const page = await send(server().url, '/app/login', `JSESSIONID=${crafted}`);
    expect(setCookie(page, 'JSESSIONID')).toBeUndefined();
    expect((await login(`JSESSIONID=${crafted}`)).headers.get('location')).toBe(`/app/account?JSESSIONID=${crafted}`);
    expect((await send(server().url, '/app/account', `JSESSIONID=${crafted}`)).status).toBe(200);
  });

  it('sets malformed extra cookies on the account page', async () => {
    const id = cookieValue(await login(), 'JSESSIONID');
    const res = await send(server().url, '/app/account', `JSESSIONID=${id}`);
    expect(setCookie(res, '__Secure-prefs')).toBe('__Secure-prefs=dark; Path=/');
    expect(setCookie(res, 'theme')).toBe('theme=light; Path=/; Path=/app');
    expect(cookieValue(res, 'tracking')).toHaveLength(5000);
    expect(res.headers.get('cache-control')).toBeNull();
  });

  it('clears the cookie on logout but leaves the session signed in', async () => {
    const id = cookieValue(await login(), 'JSESSIONID');
    const logout = await send(server().url, '/app/logout', `JSESSIONID=${id}`, { method: 'POST' });
    expect(logout.status).toBe(303);
    expect(logout.headers.get('location')).toBe('/app/login');
    expect(logout.headers.getSetCookie()).toEqual(['JSESSIONID=; Domain=127.0.0.1; Max-Age=0']);
    expect(logout.headers.get('clear-site-data')).toBeNull();
    const replay = await send(server().url, '/app/account', `JSESSIONID=${id}`);
    expect(replay.status).toBe(200);
    expect(await replay.text()).toContain(`Signed in as ${USERNAME}`);
  });

  it('sends an anonymous visitor to the login page', async () => {
    const res = await send(server().url, '/app/account');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/app/login');
  });
});

describe('partial example', () => {
  const server = started('partial');

  async function login(cookie?: string, password = PASSWORD): Promise<Response> {
    return send(server().url, '/api/login', cookie, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: USERNAME, password }),
    });
  }

  it('answers anonymous visitors with a 200 soft-logout page and no cookie', async () => {
    const res = await send(server().url, '/home');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(await res.text()).toContain('Please sign in');
  });

  it('logs in over JSON with the default connect.sid cookie', async () => {
    expect((await login(undefined, 'wrong')).status).toBe(401);
    const res = await login();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
    expect(setCookie(res, 'connect.sid')).toMatch(/^connect\.sid=s%3A[^;]+; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
  });

  it('rotates the ID on a login that carries an existing session', async () => {
    const first = cookieValue(await login(), 'connect.sid');
    const second = cookieValue(await login(`connect.sid=${first}`), 'connect.sid');
    expect(second).not.toBe(first);
    expect(await (await send(server().url, '/home', `connect.sid=${first}`)).text()).toContain('Please sign in');
    expect(await (await send(server().url, '/home', `connect.sid=${second}`)).text()).toContain(`Signed in as ${USERNAME}`);
  });

  it('destroys the session on logout without clearing the cookie', async () => {
    const cookie = `connect.sid=${cookieValue(await login(), 'connect.sid')}`;
    const home = await (await send(server().url, '/home', cookie)).text();
    const href = /<a class="logout" href="([^"]+)">/.exec(home)?.[1];
    expect(href).toMatch(/^\/logout\?token=[0-9a-f]{32}$/);
    expect((await send(server().url, '/logout?token=wrong', cookie)).status).toBe(403);

    const logout = await send(server().url, href!, cookie);
    expect(logout.status).toBe(302);
    expect(logout.headers.get('location')).toBe('/home');
    expect(logout.headers.getSetCookie()).toEqual([]);
    expect(logout.headers.get('clear-site-data')).toBeNull();
    const replay = await send(server().url, '/home', cookie);
    expect(replay.status).toBe(200);
    expect(await replay.text()).toContain('Please sign in');
  });
});

describe('timeouts example', () => {
  // Timeouts of a few hundred milliseconds, probed with wide margins: this checks behaviour, not speed.
  const IDLE = 300;
  const ABSOLUTE = 900;
  const servers = new Map<TimeoutMode, RunningServer>();
  beforeAll(async () => {
    for (const mode of ['enforcing', 'none', 'absolute-only', 'fixed-idle'] as const) {
      servers.set(mode, await startTimeouts({ mode, idleMs: IDLE, absoluteMs: ABSOLUTE }));
    }
  });
  afterAll(async () => {
    await Promise.all([...servers.values()].map((s) => s.close()));
  });

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  async function login(mode: TimeoutMode): Promise<{ base: string; cookie: string; line: string }> {
    const base = servers.get(mode)!.url;
    const res = await send(base, '/login', undefined, form({ username: USERNAME, password: PASSWORD }));
    expect(res.status).toBe(303);
    return { base, cookie: `__Host-tsid=${cookieValue(res, '__Host-tsid')}`, line: setCookie(res, '__Host-tsid')! };
  }
  const signedIn = async (base: string, cookie: string) => (await send(base, '/account', cookie)).status === 200;
  /** Requests every 100 ms for `ms`; returns whether the session was still signed in at the end. */
  async function keepActive(base: string, cookie: string, ms: number): Promise<boolean> {
    for (let t = 0; t < ms; t += 100) {
      if (!(await signedIn(base, cookie))) return false;
      await sleep(100);
    }
    return signedIn(base, cookie);
  }

  it('enforcing: idle and absolute timeouts on the server, activity resets the idle one', async () => {
    const idle = await login('enforcing');
    expect(idle.line).toMatch(/^__Host-tsid=[\w-]{43}; Path=\/; Secure; HttpOnly; SameSite=Lax; Max-Age=1$/);
    await sleep(IDLE + 200);
    expect(await signedIn(idle.base, idle.cookie)).toBe(false);
    const active = await login('enforcing');
    expect(await keepActive(active.base, active.cookie, IDLE + 200)).toBe(true);
    expect(await keepActive(active.base, active.cookie, ABSOLUTE)).toBe(false);
  });

  it('none: sessions outlive every timeout and their own Max-Age', async () => {
    const s = await login('none');
    await sleep(ABSOLUTE + 300);
    expect(await signedIn(s.base, s.cookie)).toBe(true);
  });

  it('absolute-only: no idle timeout; the absolute one comes from an editable expiry in the cookie', async () => {
    const s = await login('absolute-only');
    const edited = await login('absolute-only');
    const [id, expiresAt] = edited.cookie.split('.');
    expect(Number(expiresAt)).toBeGreaterThan(Date.now());
    await sleep(IDLE + 200);
    expect(await signedIn(s.base, s.cookie)).toBe(true);
    await sleep(ABSOLUTE);
    expect(await signedIn(s.base, s.cookie)).toBe(false);
    // Presented expired, a session is deleted; presented with its expiry moved forward, it lives on.
    expect(await signedIn(s.base, `${id}.${Date.now() + 60_000}`)).toBe(true);
  });

  it('fixed-idle: the idle timer runs from login, whatever the activity', async () => {
    const s = await login('fixed-idle');
    expect(await keepActive(s.base, s.cookie, IDLE + 200)).toBe(false);
  });

  it('logs out server-side and reports how many sessions it holds', async () => {
    const s = await login('none');
    const before = (await (await send(s.base, '/_sessions')).json()) as { count: number };
    expect((await send(s.base, '/logout', s.cookie, { method: 'POST' })).status).toBe(303);
    expect(await signedIn(s.base, s.cookie)).toBe(false);
    expect(await (await send(s.base, '/_sessions')).json()).toEqual({ count: before.count - 1 });
  });
});

/** The single-page examples' login API, driven the way their page script drives it. */
async function spaLogin(base: string, cookieName: string): Promise<{ preLogin: string; session: string; body: Record<string, string> }> {
  const challengeRes = await send(base, '/api/challenge');
  const preLogin = cookieValue(challengeRes, cookieName);
  const { challenge } = (await challengeRes.json()) as { challenge: string };
  const nonce = createHash('sha256').update(`${challenge}:${USERNAME}`).digest('hex');
  const login = await send(base, '/api/login', `${cookieName}=${preLogin}`, json({ username: USERNAME, password: PASSWORD, workspace: 'staging', nonce }));
  expect(login.status).toBe(200);
  return { preLogin, session: cookieValue(login, cookieName), body: (await login.json()) as Record<string, string> };
}

function json(body: unknown): RequestInit {
  return { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
}

describe('spa example', () => {
  const server = started('spa');

  it('serves an empty shell: the sign-in form exists only once the script runs', async () => {
    const res = await send(server().url, '/login');
    const html = await res.text();
    expect(html).toContain('<div id="app"></div>');
    expect(html).not.toMatch(/<form|<input/);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses a login without the proof the page computes, and a wrong workspace', async () => {
    const base = server().url;
    const challengeRes = await send(base, '/api/challenge');
    const cookie = `__Host-sid=${cookieValue(challengeRes, '__Host-sid')}`;
    expect((await send(base, '/api/login', cookie, json({ username: USERNAME, password: PASSWORD, workspace: 'staging' }))).status).toBe(403);
    const { challenge } = (await challengeRes.json()) as { challenge: string };
    const nonce = createHash('sha256').update(`${challenge}:${USERNAME}`).digest('hex');
    expect((await send(base, '/api/login', cookie, json({ username: USERNAME, password: PASSWORD, workspace: 'prod', nonce }))).status).toBe(401);
  });

  it('rotates an HttpOnly __Host- cookie at login, returns no token, and revokes at logout', async () => {
    const base = server().url;
    const { preLogin, session, body } = await spaLogin(base, '__Host-sid');
    expect(session).not.toBe(preLogin);
    expect(body).toEqual({ user: USERNAME });
    const me = await send(base, '/api/me', `__Host-sid=${session}`);
    expect(me.status).toBe(200);
    const { csrf } = (await me.json()) as { csrf: string };
    expect((await send(base, '/api/me', `__Host-sid=${preLogin}`)).status).toBe(401);
    const logout = await send(base, '/api/logout', `__Host-sid=${session}`, { method: 'POST', headers: { 'x-csrf-token': csrf } });
    expect(logout.status).toBe(204);
    expect(logout.headers.get('clear-site-data')).toBe('"cache", "cookies", "storage"');
    expect((await send(base, '/api/me', `__Host-sid=${session}`)).status).toBe(401);
  });
});

describe('spa-leaky example', () => {
  const server = started('spa-leaky');

  it('sets a session cookie scripts can read and hands the page a JWT', async () => {
    const { session, body } = await spaLogin(server().url, 'sid');
    expect(body.accessToken).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
    const res = await send(server().url, '/api/me', `sid=${session}`);
    expect(res.status).toBe(200);
    const challenge = await send(server().url, '/api/challenge');
    expect(setCookie(challenge, 'sid')).toMatch(/^sid=[^;]+; Path=\/; Secure; SameSite=Lax$/);
  });

  it('renders the signed-in dashboard on the server, cacheable, with the logout button below the fold', async () => {
    const { session } = await spaLogin(server().url, 'sid');
    const res = await send(server().url, '/dashboard', `sid=${session}`);
    expect(res.headers.get('cache-control')).toBe('private, max-age=600');
    const html = await res.text();
    expect(html).toContain(`Signed in as ${USERNAME}`);
    expect(html).toMatch(/height:2400px.*id="signout"/s);
    expect((await send(server().url, '/dashboard')).status).toBe(302);
  });
});
