/**
 * The conformant example backed by a real Redis (as deployed), judged exactly like the embedded store.
 * Starts its own redis-server on loopback; scripts/test.sh installs it on a fresh machine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from 'redis';
import { EXAMPLES } from '../../examples/index.js';
import { runCli } from './cli.js';

const conformant = EXAMPLES.find((e) => e.name === 'conformant')!;

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    child.on('error', (e) => reject(new Error(`redis-server could not start (${e.message}); run scripts/test.sh, which installs it`)));
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('Ready to accept connections') && resolve());
  });
  return child;
}

describe('conformant example on a real Redis', () => {
  let redis: ChildProcess;
  let redisUrl: string;
  let server: { url: string; close(): Promise<void> };
  let out: string;

  beforeAll(async () => {
    const port = await freePort();
    redis = await startRedis(port);
    redisUrl = `redis://127.0.0.1:${port}`;
    server = await conformant.start({ redisUrl });
    out = await mkdtemp(path.join(tmpdir(), 'sp-redis-'));
  }, 30_000);

  afterAll(async () => {
    await server?.close();
    redis?.kill('SIGTERM');
    await rm(out, { recursive: true, force: true });
  });

  it('passes every check, with the sessions stored in Redis', async () => {
    const run = await runCli(['run', '--config', path.join(conformant.dir, 'sessionprobe.yaml'), '--base-url', server.url, '--out', out, '--reporter', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as { checks: Array<{ id: string; verdict: string }> };
    const expected = JSON.parse(await readFile(path.join(conformant.dir, 'expected.json'), 'utf8')).checks;
    expect(Object.fromEntries(report.checks.map((c) => [c.id, c.verdict]))).toEqual(expected);

    const client = createClient({ url: redisUrl });
    await client.connect();
    try {
      // Pre-login sessions (holding CSRF tokens) outlive the run; their presence proves the store was Redis.
      const keys = await client.keys('sp-conformant:*');
      expect(keys.length).toBeGreaterThan(0);
    } finally {
      await client.quit();
    }
  });
});
