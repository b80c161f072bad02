/**
 * The scope guard in the browser: a target whose pages pull an image, a script-issued fetch and a form
 * post from another loopback origin. Chromium must not send any of them — the other origin counts what
 * reaches it — and the report records each as refused; with that origin in target.allowedHosts the same
 * run reaches it (the control that shows the counter can count).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { runCli } from './cli.js';

const PASSWORD = 'scope-guard-password-4711';

interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

interface Running {
  url: string;
  server: Server;
}

async function listen(handler: (req: IncomingMessage, body: string) => Reply): Promise<Running> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const out = handler(req, body);
      res.writeHead(out.status, { 'content-type': 'text/html; charset=utf-8', ...out.headers });
      res.end(out.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

let tmp: string;
let tracker: Running;
let target: Running;
const reached: string[] = [];

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'sp-browser-scope-'));
  tracker = await listen((req) => {
    reached.push(`${req.method} ${req.url} cookie=${req.headers.cookie ?? ''}`);
    return { status: 200, headers: { 'access-control-allow-origin': '*' }, body: 'ok' };
  });
  const sessions = new Set<string>();
  const sid = (req: IncomingMessage) => /(?:^|; )sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  // Every page reaches for the other origin three ways: a subresource, a script fetch, a form it posts
  // (into a frame, so the page itself stays where the login flow waits for it).
  const beacons = () =>
    `<img src="${tracker.url}/pixel.gif"><script>fetch(${JSON.stringify(`${tracker.url}/beacon`)}, { mode: 'no-cors' }).catch(() => {});</script>` +
    `<iframe name="sink"></iframe><form id="leak" method="post" target="sink" action="${tracker.url}/collect"><input name="x" value="1"></form>`;
  target = await listen((req, body): Reply => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/login' && req.method === 'GET') {
      return { status: 200, body: `<title>Login</title>${beacons()}<form method="post" action="/login"><input id="u" name="u"><input id="p" name="p" type="password"><button id="go">Sign in</button></form>` };
    }
    if (url.pathname === '/login' && req.method === 'POST') {
      const form = new URLSearchParams(body);
      if (form.get('u') !== 'alice' || form.get('p') !== PASSWORD) return { status: 401, body: 'no' };
      const id = randomBytes(32).toString('hex');
      sessions.add(id);
      return { status: 303, headers: { location: '/account', 'set-cookie': `sid=${id}; Path=/; HttpOnly; SameSite=Lax` } };
    }
    if (url.pathname === '/account') {
      const id = sid(req);
      if (!id || !sessions.has(id)) return { status: 302, headers: { location: '/login' } };
      return { status: 200, headers: { 'cache-control': 'no-store' }, body: `<title>Account</title>Signed in as alice${beacons()}<script>document.getElementById('leak').submit()</script>` };
    }
    if (url.pathname === '/logout' && req.method === 'POST') {
      const id = sid(req);
      if (id) sessions.delete(id);
      return { status: 303, headers: { location: '/login', 'set-cookie': 'sid=; Path=/; Max-Age=0' } };
    }
    return { status: 404, body: 'not found' };
  });
});

afterAll(async () => {
  await Promise.all([tracker, target].map((r) => r && new Promise((resolve) => r.server.close(resolve))));
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

async function run(name: string, allowedHosts: string[]): Promise<{ code: number | null; stderr: string; report: { evidence: Array<{ request: { url: string }; error?: string }> } }> {
  const config = path.join(tmp, `${name}.yaml`);
  await writeFile(
    config,
    [
      'target:',
      `  baseUrl: ${target.url}`,
      `  allowedHosts: ${JSON.stringify(allowedHosts)}`,
      `  account: { username: alice, password: ${PASSWORD} }`,
      '  login:',
      '    browser:',
      '      steps:',
      '        - goto: /login',
      '        - fill: { selector: "#u", value: "{{username}}" }',
      '        - fill: { selector: "#p", value: "{{password}}" }',
      '        - click: "#go"',
      '        - waitFor: { url: /account, text: "Signed in as" }',
      '  authenticated: { url: /account }',
      '  logout: { request: { method: POST, url: /logout } }',
    ].join('\n'),
  );
  const out = path.join(tmp, name);
  const result = await runCli(['run', '--config', config, '--check', 'fixation.rotate-on-login', '--out', out, '--reporter', 'json']);
  const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8'));
  return { code: result.code, stderr: result.stderr, report };
}

describe('the scope guard in the browser', () => {
  it('sends nothing to an origin outside the scope, and records each attempt as refused', async () => {
    reached.length = 0;
    const { code, stderr, report } = await run('guarded', []);
    expect(code, stderr).toBe(0);
    expect(reached).toEqual([]);
    const refused = report.evidence.filter((e) => e.request.url.startsWith(tracker.url));
    expect(refused.map((e) => new URL(e.request.url).pathname)).toEqual(expect.arrayContaining(['/pixel.gif', '/beacon', '/collect']));
    for (const e of refused) expect(e.error).toContain(`refused to send a request to ${tracker.url}`);
  });

  it('reaches that origin once target.allowedHosts names it (the control)', async () => {
    reached.length = 0;
    const { code, stderr, report } = await run('allowed', [new URL(tracker.url).host]);
    expect(code, stderr).toBe(0);
    expect(reached.map((r) => r.split(' ').slice(0, 2).join(' '))).toEqual(expect.arrayContaining(['GET /pixel.gif', 'GET /beacon', 'POST /collect']));
    const toTracker = report.evidence.filter((e) => e.request.url.startsWith(tracker.url));
    expect(toTracker.some((e) => e.error === undefined)).toBe(true);
  });
});
