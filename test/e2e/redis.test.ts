/**
 * The conformant example backed by a real Redis (as deployed), judged exactly like the embedded store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from 'redis';
import { EXAMPLES } from '../../examples/index.js';
import { declaredVerdicts, verdictMismatches } from '../../examples/expected.js';
import { runCli } from './cli.js';
import { startRedis, type RunningRedis } from '../fixtures/redis.js';

const conformant = EXAMPLES.find((e) => e.name === 'conformant')!;

describe('conformant example on a real Redis', () => {
  let redis: RunningRedis;
  let server: { url: string; close(): Promise<void> };
  let out: string;

  beforeAll(async () => {
    redis = await startRedis();
    server = await conformant.start({ redisUrl: redis.url });
    out = await mkdtemp(path.join(tmpdir(), 'sp-redis-'));
  }, 30_000);

  afterAll(async () => {
    await server?.close();
    redis?.stop();
    await rm(out, { recursive: true, force: true });
  });

  it('passes every check, with the sessions stored in Redis', async () => {
    const run = await runCli(['run', '--config', path.join(conformant.dir, 'sessionprobe.yaml'), '--base-url', server.url, '--out', out, '--reporter', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as { checks: Array<{ id: string; verdict: string }> };
    expect(verdictMismatches(await declaredVerdicts(conformant.dir), report.checks)).toEqual([]);

    const client = createClient({ url: redis.url });
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
