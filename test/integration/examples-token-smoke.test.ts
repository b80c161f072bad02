/**
 * The token, JWT and https examples behave as their READMEs claim, observed with plain undici requests
 * (no sessionprobe code), so a sessionprobe bug cannot hide an example bug.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import path from 'node:path';
import { rootCertificates } from 'node:tls';
import { Agent, request } from 'undici';
import { EXAMPLES } from '../../examples/index.js';
import type { RunningServer } from '../../examples/shared.js';

const ACCOUNT = { username: 'alice', password: 'correct-horse-battery-staple' };
const CA = readFileSync(path.join(EXAMPLES[0]!.dir, '..', 'tls', 'ca.pem'), 'utf8');
const tls = new Agent({ connect: { ca: [...rootCertificates, CA] } });

function started(name: string): () => RunningServer {
  let server: RunningServer | undefined;
  beforeAll(async () => {
    server = await EXAMPLES.find((e) => e.name === name)!.start();
  });
  afterAll(async () => {
    await server?.close();
  });
  return () => server!;
}

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await request(url, { dispatcher: tls, headers });
  return { status: res.statusCode, headers: res.headers, body: await res.body.text() };
}

function cookieOf(headers: Record<string, string | string[] | undefined>, name: string): string {
  const line = [headers['set-cookie'] ?? []].flat().find((l) => l.startsWith(`${name}=`));
  if (!line) throw new Error(`no ${name} cookie`);
  return line.slice(name.length + 1).split(';')[0]!;
}

async function formLogin(base: string, cookie: string): Promise<string> {
  const page = await get(`${base}/login`);
  const res = await request(`${base}/login`, {
    dispatcher: tls,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${cookie}=${cookieOf(page.headers, cookie)}` },
    body: new URLSearchParams({ ...ACCOUNT, ...csrf(page.body) }).toString(),
  });
  await res.body.dump();
  return cookieOf(res.headers, cookie);
}

function csrf(html: string): Record<string, string> {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  return m ? { _csrf: m[1]! } : {};
}

describe('hardened example', () => {
  const server = started('hardened');
  it('serves https with the test CA, HSTS and 256-bit IDs in a signed __Host- cookie', async () => {
    const res = await get(`${server().url}/login`);
    expect(res.status).toBe(200);
    expect(res.headers['strict-transport-security']).toBe('max-age=63072000; includeSubDomains');
    const id = decodeURIComponent(cookieOf(res.headers, '__Host-sid'));
    expect(id).toMatch(/^s:[A-Za-z0-9_-]{43}\.[A-Za-z0-9+/]+$/);
  });

  it('only redirects on plain http, even with a valid session cookie', async () => {
    const sid = await formLogin(server().url, '__Host-sid');
    const res = await request(server().url.replace('https:', 'http:') + '/account', { headers: { cookie: `__Host-sid=${sid}` } });
    await res.body.dump();
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe(`${server().url}/account`);
  });
});

describe('predictable example', () => {
  const server = started('predictable');
  it('issues <ms>-<counter>-<4 hex> IDs', async () => {
    const a = cookieOf((await get(`${server().url}/login`)).headers, 'sid');
    const b = cookieOf((await get(`${server().url}/login`)).headers, 'sid');
    expect(a).toMatch(/^\d{13}-\d+-[0-9a-f]{4}$/);
    expect(Number(b.split('-')[1])).toBe(Number(a.split('-')[1]) + 1);
    expect(Math.abs(Number(a.split('-')[0]) - Date.now())).toBeLessThan(60_000);
  });

  it('accepts ?sid=, echoes the ID in X-Session-Id and serves plain http', async () => {
    const sid = await formLogin(server().url, 'sid');
    const byQuery = await get(`${server().url}/account?sid=${sid}`);
    expect(byQuery.body).toContain('Signed in as alice');
    expect(byQuery.headers['x-session-id']).toBe(sid);
    const plain = await request(`${server().url.replace('https:', 'http:')}/account`, { headers: { cookie: `sid=${sid}` } });
    expect(await plain.body.text()).toContain('Signed in as alice');
    expect(plain.headers['strict-transport-security']).toBeUndefined();
  });

  it('reflects unknown IDs unescaped and crashes with a stack trace on broken percent-encoding', async () => {
    expect((await get(`${server().url}/login`, { cookie: 'sid=<b>x</b>' })).body).toContain('Session <b>x</b> has expired');
    const broken = await get(`${server().url}/account`, { cookie: 'sid=abc%E0%A4%' });
    expect(broken.status).toBe(500);
    expect(broken.body).toMatch(/URIError[\s\S]*\n\s+at /);
  });
});

async function apiLogin(base: string): Promise<string> {
  const res = await request(`${base}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ACCOUNT) });
  return ((await res.body.json()) as { token: string }).token;
}

async function me(base: string, token: string): Promise<number> {
  const res = await request(`${base}/api/me`, { headers: { authorization: `Bearer ${token}` } });
  await res.body.dump();
  return res.statusCode;
}

const part = (token: string, i: number) => JSON.parse(Buffer.from(token.split('.')[i]!, 'base64url').toString()) as Record<string, unknown>;

describe('jwt-weak example', () => {
  const server = started('jwt-weak');
  it('signs HS256 with "secret", a day-long life and sensitive claims', async () => {
    const token = await apiLogin(server().url);
    const [h, p, s] = token.split('.');
    expect(createHmac('sha256', 'secret').update(`${h}.${p}`).digest('base64url')).toBe(s);
    const claims = part(token, 1);
    expect((claims.exp as number) - (claims.iat as number)).toBe(86_400);
    expect(claims).toMatchObject({ sub: 'alice', email: 'alice@example.test', password_hash: expect.stringMatching(/^\$2b\$/) });
  });

  it('accepts alg none and keeps tokens valid after logout', async () => {
    const token = await apiLogin(server().url);
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${token.split('.')[1]}.`;
    expect(await me(server().url, none)).toBe(200);
    await request(`${server().url}/api/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(await me(server().url, token)).toBe(200);
  });
});

describe('jwt-strong example', () => {
  const server = started('jwt-strong');
  it('signs ES256 with the key in its JWKS and lives 10 seconds with a jti', async () => {
    const token = await apiLogin(server().url);
    expect(part(token, 0)).toMatchObject({ alg: 'ES256' });
    const claims = part(token, 1);
    expect((claims.exp as number) - (claims.iat as number)).toBe(10);
    expect(claims.jti).toEqual(expect.any(String));
    const jwks = (await (await request(`${server().url}/.well-known/jwks.json`)).body.json()) as { keys: Array<{ kid: string }> };
    expect(jwks.keys[0]!.kid).toBe(part(token, 0).kid);
  });

  it('rejects alg none and revokes the token at logout', async () => {
    const token = await apiLogin(server().url);
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${token.split('.')[1]}.`;
    expect(await me(server().url, none)).toBe(401);
    expect(await me(server().url, token)).toBe(200);
    await request(`${server().url}/api/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(await me(server().url, token)).toBe(401);
  });
});
