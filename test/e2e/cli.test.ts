/**
 * The CLI's contract at its edges: bad config → 2, untestable target → 3, both with a one-line
 * reason and no stack trace; the catalogue; validate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { EXAMPLES } from '../../examples/index.js';
import { IDP_URL_VARIABLE } from '../../examples/sso/server.js';
import { runCli } from './cli.js';
import { mapConcurrently } from '../fixtures/pool.js';

const conformant = EXAMPLES.find((e) => e.name === 'conformant')!;
const conformantConfig = path.join(conformant.dir, 'sessionprobe.yaml');
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'sp-cli-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

function expectNoStack(text: string): void {
  expect(text).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('config errors', () => {
  it('names a wrong type and a missing ${VAR} with their paths, exit 2', async () => {
    const file = path.join(tmp, 'bad.yaml');
    await writeFile(
      file,
      [
        'target:',
        '  baseUrl: http://127.0.0.1:9',
        '  account: { username: alice, password: "${SP_TEST_MISSING_PASSWORD}" }',
        '  login: { form: { url: /login, fields: { username: "{{username}}", password: "{{password}}" } } }',
        '  authenticated: { url: /account }',
        'spec:',
        '  cookie: { httpOnly: "yes" }',
      ].join('\n'),
    );
    const run = await runCli(['run', '--config', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('$.target.account.password');
    expect(run.stderr).toContain('SP_TEST_MISSING_PASSWORD');
    expect(run.stderr).toContain('$.spec.cookie.httpOnly');
    expect(run.stderr).toContain(file);
    expectNoStack(run.stderr);
  });

  it('exits 2 when there is no config at all', async () => {
    const run = await runCli(['run'], { cwd: tmp });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no config file/);
  });

  it('validate accepts every example config', async () => {
    // One CLI start per example (some 25), each loading the whole tool: a few at once, and slow on a loaded machine.
    await mapConcurrently(EXAMPLES, 3, async (e) => {
      // The SSO examples' configs name their identity provider, which only has a URL once it runs: any URL validates.
      const run = await runCli(['validate', '--config', path.join(e.dir, 'sessionprobe.yaml')], { env: { [IDP_URL_VARIABLE]: 'http://localhost:1' } });
      expect(run.code, `${e.name}: ${run.stderr}`).toBe(0);
      expect(run.stdout, e.name).toContain('valid');
    });
  }, 600_000);
});

describe('untestable targets exit 3 with a one-line reason', () => {
  it('a closed port', async () => {
    const s = createServer();
    const url = await listen(s);
    await new Promise((r) => s.close(r));
    const run = await runCli(['run', '--config', conformantConfig, '--base-url', url, '--out', path.join(tmp, 'closed')]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/sessionprobe: cannot test http:\/\/127\.0\.0\.1:\d+: cannot reach the target: .*ECONNREFUSED/);
    expectNoStack(run.stderr);
  });

  it('a wrong password: login failed', async () => {
    const server = await conformant.start();
    try {
      const file = path.join(tmp, 'wrong-password.yaml');
      const text = await readFile(conformantConfig, 'utf8');
      await writeFile(file, text.replace('correct-horse-battery-staple', 'not-the-password'));
      const run = await runCli(['run', '--config', file, '--base-url', server.url, '--out', path.join(tmp, 'wrong')]);
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/login failed/);
      expect(run.stderr).not.toContain('not-the-password');
      expectNoStack(run.stderr);
    } finally {
      await server.close();
    }
  });

  it('an oracle that cannot tell logged-in from logged-out', async () => {
    // Every page looks the same whether or not the session cookie is sent.
    const s = createServer((req, res) => {
      if (req.url === '/login' && req.method === 'POST') res.setHeader('Set-Cookie', 'sid=0123456789abcdef0123456789abcdef; Path=/; HttpOnly');
      res.setHeader('Content-Type', 'text/html');
      res.end('<form method="post" action="/login"><input name="username"><input name="password" type="password"></form><p>Welcome</p>');
    });
    const url = await listen(s);
    try {
      const run = await runCli(['run', '--config', conformantConfig, '--base-url', url, '--out', path.join(tmp, 'same')]);
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/oracle cannot tell logged-in from logged-out/);
      expectNoStack(run.stderr);
    } finally {
      await new Promise((r) => s.close(r));
    }
  });
});

describe('list-checks', () => {
  it('--json lists every check with id, suite, severity, title and refs', async () => {
    const run = await runCli(['list-checks', '--json']);
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as Array<Record<string, unknown>>;
    const ids = rows.map((r) => r.id);
    for (const id of ['cookie.secure', 'cookie.httponly', 'fixation.rotate-on-login', 'logout.server-revocation', 'cache.no-store', 'token.in-url', 'token.length']) {
      expect(ids).toContain(id);
    }
    for (const r of rows) {
      expect(r).toMatchObject({ id: expect.any(String), suite: expect.any(String), severity: expect.any(String), title: expect.any(String) });
      expect((r.refs as string[]).length).toBeGreaterThan(0);
      expect(String(r.id).startsWith(`${String(r.suite)}.`)).toBe(true);
    }
  });
});
