/**
 * `recover` rides out a target that answers 503 for a while: it tries again with backoff instead of
 * leaving the account stranded after the first 5xx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../e2e/cli.js';
import { listenOnLoopback } from '../fixtures/loopback-server.js';
import { ORIGINAL_PASSWORD, USERNAME, startServer, type AccountsServer } from '../../examples/accounts/server.js';
import { journalPath, writeJournal } from '../../src/account/journal.js';

const ENV = { SP_E2E_PASSWORD: ORIGINAL_PASSWORD, SP_E2E_NEW_PASSWORD: 'tr0ub4dor-and-3-more-words' };
let dir: string;
let server: AccountsServer;
let front: { url: string; close(): Promise<void> };
let unavailableFor = 0;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sp-recover-'));
  server = await startServer();
  // A gateway in front of the target: 503 for the next `unavailableFor` requests, then passed through.
  front = await listenOnLoopback((req, res, { body }) => {
    if (unavailableFor > 0) {
      unavailableFor--;
      return res.writeHead(503).end('upstream unavailable');
    }
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'content-length')) as Record<string, string>;
    void fetch(new URL(req.url!, server.url), { method: req.method, headers, body: body === '' ? undefined : body, redirect: 'manual' }).then(async (up) => {
      const out: Array<[string, string]> = [...up.headers].filter(([k]) => k !== 'set-cookie' && k !== 'content-encoding' && k !== 'content-length' && k !== 'transfer-encoding');
      for (const c of up.headers.getSetCookie()) out.push(['set-cookie', c]);
      res.writeHead(up.status, out.flat());
      res.end(Buffer.from(await up.arrayBuffer()));
    });
  });
});
afterAll(async () => {
  await front?.close();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('recover', () => {
  it('tries again after a 503 instead of giving up, and restores the account', async () => {
    const config = path.join(dir, 'sessionprobe.yaml');
    await writeFile(
      config,
      [
        'target:',
        `  baseUrl: ${front.url}`,
        `  account: { username: ${USERNAME}, password: "\${SP_E2E_PASSWORD}", newPassword: "\${SP_E2E_NEW_PASSWORD}" }`,
        '  login: { form: { url: /login, fields: { username: "{{username}}", password: "{{password}}" } } }',
        '  authenticated: { url: /account }',
        '  passwordChange: { form: { url: /account/password, fields: { current: "{{password}}", next: "{{newPassword}}" } } }',
      ].join('\n'),
    );
    // A run died while changing the password to newPassword (the target never got the change).
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    await writeJournal(journalPath(config), {
      version: 1,
      configFile: config,
      baseUrl: front.url,
      username: USERNAME,
      sources: { password: 'environment variable SP_E2E_PASSWORD', newPassword: 'environment variable SP_E2E_NEW_PASSWORD' },
      rotation: 'restore',
      current: 'password',
      pending: 'newPassword',
      pid: dead,
      updatedAt: new Date().toISOString(),
    });
    unavailableFor = 4;
    const recovered = await runCli(['recover', '--config', config], { env: ENV });
    expect(recovered.code, recovered.stderr).toBe(0);
    expect(recovered.stderr).toMatch(/recover: trying again in 2s \(attempt 2 of 3\)/);
    expect(recovered.stdout).toMatch(/^recovered: /);
    expect(server.hasPassword(USERNAME, ORIGINAL_PASSWORD)).toBe(true);
    expect(await stat(journalPath(config)).then(() => true, () => false)).toBe(false);
  }, 60_000);
});
