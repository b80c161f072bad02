/**
 * Passwords never reach an artifact, whatever spelling the target echoes them in, and credentials in
 * a URL are refused before anything is sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { runCli } from '../e2e/cli.js';
import { listenOnLoopback } from '../fixtures/loopback-server.js';
import { expectNoSecrets } from '../fixtures/no-secrets.js';

/** Every character that has an escape in some encoding: HTML, URL, form, JSON, base64's +/ and =. */
const PASSWORD = `p&ss"w<o>rd'+/=%:é 1;\\x`;

/** Each way a careless target might echo a password back into a page. */
function echoes(password: string): string[] {
  const html = password.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  return [
    password,
    encodeURIComponent(password),
    new URLSearchParams({ v: password }).toString().slice(2),
    JSON.stringify(password),
    html,
    html.replace(/&#39;/g, '&#x27;'),
    Buffer.from(password).toString('base64'),
    Buffer.from(password).toString('base64url'),
    Buffer.from(`alice:${password}`).toString('base64'),
  ];
}

let tmp: string;
/** Every state value the sign-in flow below put into a URL and a cookie. */
const flowStates: string[] = [];
let target: { url: string; close(): Promise<void> };

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'sp-secrets-'));
  const sessions = new Set<string>();
  target = await listenOnLoopback((req, res, { path: at, body }) => {
    const sid = /(?:^|;\s*)sid=([0-9a-f]{64})/.exec(req.headers.cookie ?? '')?.[1];
    if (at === '/login' && req.method === 'POST') {
      const form = new URLSearchParams(body);
      if (form.get('username') !== 'alice' || form.get('password') !== PASSWORD) return res.writeHead(401).end(`wrong password: ${form.get('password')}`);
      const id = randomBytes(32).toString('hex');
      sessions.add(id);
      return res.writeHead(303, { location: `/account?pw=${encodeURIComponent(PASSWORD)}`, 'set-cookie': `sid=${id}; Path=/; HttpOnly; SameSite=Lax` }).end();
    }
    if (at === '/login') return res.writeHead(200, { 'content-type': 'text/html' }).end('<form method="post" action="/login"><input name="username"><input type="password" name="password"></form>');
    if (at === '/account' && sid && sessions.has(sid)) {
      return res
        .writeHead(200, { 'content-type': 'text/html', 'x-echo': Buffer.from(PASSWORD).toString('base64') })
        .end(`<p>Signed in as alice</p><ul>${echoes(PASSWORD).map((e) => `<li>${e}</li>`).join('')}</ul>`);
    }
    // A sign-in flow that keeps its state in the URL and in a cookie (as oidc-provider's interactions do), and never ends.
    if (at === '/flow/start') {
      const state = randomBytes(16).toString('hex');
      flowStates.push(state);
      return res.writeHead(303, { location: `/flow/${state}/code`, 'set-cookie': `flow=${state}; Path=/flow; HttpOnly` }).end();
    }
    if (at.startsWith('/flow/')) return res.writeHead(200, { 'content-type': 'text/html' }).end('<p>Enter the code</p>');
    if (at === '/logout') {
      if (sid) sessions.delete(sid);
      return res.writeHead(303, { location: '/login' }).end();
    }
    return res.writeHead(302, { location: '/login' }).end();
  });
});
afterAll(async () => {
  await target?.close();
  await rm(tmp, { recursive: true, force: true });
});

const config = (baseUrl: string) =>
  [
    'target:',
    `  baseUrl: ${baseUrl}`,
    '  account: { username: alice, password: "${SP_SPECIAL_PASSWORD}" }',
    '  login: { form: { url: /login, fields: { username: "{{username}}", password: "{{password}}" } } }',
    '  authenticated: { url: /account, expect: { status: 200, bodyContains: "Signed in as" } }',
    '  logout: { request: { method: POST, url: /logout } }',
    'checks: { include: ["cookie.*", "logout.server-revocation", "fixation.*"] }',
  ].join('\n');

describe('secrets', () => {
  it('masks a password full of specials in every spelling the target echoes it in', async () => {
    const file = path.join(tmp, 'echo.yaml');
    await writeFile(file, config(target.url));
    const out = path.join(tmp, 'out');
    const run = await runCli(['run', '--config', file, '--out', out, '--reporter', 'list,junit,json,html,markdown'], { env: { SP_SPECIAL_PASSWORD: PASSWORD } });
    expect([0, 1], run.stderr).toContain(run.code);
    const files = await readdir(out);
    expect(files.length).toBeGreaterThanOrEqual(4);
    const artifacts = [...(await Promise.all(files.map((f) => readFile(path.join(out, f), 'utf8')))), run.stdout, run.stderr];
    // The page was recorded: the masks stand where the echoes were.
    expect(artifacts.join('\n')).toContain('[masked password]');
    expectNoSecrets(artifacts, [PASSWORD]);
  });

  it('masks on the console a cookie value the page URL carries when a browser login stops there', async () => {
    const file = path.join(tmp, 'stuck.yaml');
    await writeFile(
      file,
      [
        'target:',
        `  baseUrl: ${target.url}`,
        '  account: { username: alice, password: "${SP_SPECIAL_PASSWORD}" }',
        '  login:',
        '    browser:',
        '      steps:',
        '        - goto: /flow/start',
        '        - { on: /flow/never, click: "#next" }',
        '        - waitFor: { url: /account, timeout: 1s }',
        '  authenticated: { url: /account, expect: { status: 200, bodyContains: "Signed in as" } }',
      ].join('\n'),
    );
    const run = await runCli(['run', '--config', file, '--out', path.join(tmp, 'stuck')], { env: { SP_SPECIAL_PASSWORD: PASSWORD } });
    expect(run.code, run.stderr).toBe(3);
    // Not vacuous: the console did say where the page stopped, by the masked state.
    expect(run.stderr).toMatch(/skipped: the page is at \/flow\/\[masked fp=[0-9a-f]{8} len=32\]\/code/);
    expect(run.stderr).toMatch(/login failed: .*the page is at \/flow\/\[masked fp=[0-9a-f]{8} len=32\]\/code/);
    expect(flowStates.length).toBeGreaterThan(0);
    expectNoSecrets([run.stdout, run.stderr], flowStates);
  });

  it.each([
    ['in the config', ['--config', 'creds.yaml'], true],
    ['from --base-url', ['--config', 'echo.yaml', '--base-url', 'http://alice:s3cr3t-pass@127.0.0.1:9'], false],
  ])('refuses credentials in the base URL %s: exit 2, located, the password never printed', async (_how, args, inFile) => {
    await writeFile(path.join(tmp, 'creds.yaml'), config('http://alice:s3cr3t-pass@127.0.0.1:9'));
    const run = await runCli(['run', ...args.map((a) => (a.endsWith('.yaml') ? path.join(tmp, a) : a))], { env: { SP_SPECIAL_PASSWORD: PASSWORD } });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(`${inFile ? 'creds' : 'echo'}.yaml: $.target.baseUrl: a URL must not carry credentials`);
    expect(run.stdout + run.stderr).not.toContain('s3cr3t-pass');
  });
});
