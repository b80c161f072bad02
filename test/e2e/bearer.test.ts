/**
 * A JSON API that hands out a bearer token at login: the pipeline logs in through `login.json` with
 * `token`, judges the oracle through the Authorization header, skips the cookie checks with a reason,
 * and proves (or refutes) server-side revocation of the token at logout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BRIEF_REVOCATION_REPLAYS, runCli } from './cli.js';

const PASSWORD = 'bearer-api-password';

async function startApi(revokeOnLogout: boolean): Promise<{ url: string; server: Server }> {
  const tokens = new Set<string>();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const token = /^Bearer (\w+)$/.exec(req.headers.authorization ?? '')?.[1];
      const json = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(value));
      if (req.url === '/api/login' && req.method === 'POST') {
        const { user, password } = JSON.parse(body || '{}') as { user?: string; password?: string };
        if (user !== 'alice' || password !== PASSWORD) return json(401, { error: 'bad credentials' });
        const issued = randomBytes(32).toString('hex');
        tokens.add(issued);
        return json(200, { data: { accessToken: issued } });
      }
      if (req.url === '/api/me') return token && tokens.has(token) ? json(200, { user: 'alice' }) : json(401, { error: 'unauthenticated' });
      if (req.url === '/api/logout' && req.method === 'POST') {
        if (token && revokeOnLogout) tokens.delete(token);
        return json(200, { ok: true });
      }
      json(404, {});
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'sp-bearer-'));
  await writeFile(
    path.join(tmp, 'sessionprobe.yaml'),
    [
      'target:',
      '  baseUrl: http://127.0.0.1:1',
      `  account: { username: alice, password: ${PASSWORD} }`,
      '  login:',
      '    json: { url: /api/login, body: { user: "{{username}}", password: "{{password}}" }, token: { from: "$.data.accessToken" } }',
      '  authenticated: { url: /api/me }',
      '  logout: { request: { method: POST, url: /api/logout } }',
      // The token suite samples by logging in; the defaults (500 at 5/s) are for real targets.
      '  loginRate: { interval: 10ms }',
      // This API enforces no session limit; the recommended preset's limit of 5 is not what this test is about.
      'spec: { concurrency: { maxSessions: null }, token: { samples: 100 } }',
    ].join('\n'),
  );
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function run(revokeOnLogout: boolean) {
  const api = await startApi(revokeOnLogout);
  try {
    const out = path.join(tmp, String(revokeOnLogout));
    const cli = await runCli(['run', '--config', path.join(tmp, 'sessionprobe.yaml'), '--base-url', api.url, '--out', out, '--reporter', 'json', ...BRIEF_REVOCATION_REPLAYS]);
    const text = await readFile(path.join(out, 'report.json'), 'utf8');
    const report = JSON.parse(text) as { session: { authKind: string }; checks: Array<{ id: string; verdict: string; observed: string }> };
    return { cli, text, report, verdict: (id: string) => report.checks.find((c) => c.id === id)! };
  } finally {
    api.server.closeAllConnections();
    await new Promise((r) => api.server.close(r));
  }
}

describe('bearer-token API', () => {
  it('judges revocation through the Authorization header and skips cookie checks with a reason', async () => {
    const { cli, text, report, verdict } = await run(true);
    expect(cli.code, cli.stderr).toBe(0);
    expect(report.session.authKind).toBe('bearer');
    expect(verdict('logout.server-revocation').verdict).toBe('pass');
    expect(verdict('cookie.secure')).toMatchObject({ verdict: 'skipped', observed: expect.stringMatching(/bearer token/) });
    expect(verdict('fixation.rotate-on-login').verdict).toBe('skipped');
    expect(text).toMatch(/Bearer \[masked fp=[0-9a-f]{8} len=64\]/);
  });

  it('fails revocation when the token still works after logout', async () => {
    const { cli, verdict } = await run(false);
    expect(cli.code).toBe(1);
    expect(verdict('logout.server-revocation')).toMatchObject({ verdict: 'fail', observed: expect.stringMatching(/the token after logout is still logged in/) });
  });
});
