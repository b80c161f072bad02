/**
 * A real redis-server on a free loopback port, started by the examples that need a shared store when
 * no Redis is given (and by the tests). Debian's redis-server is installed by scripts/test.sh.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

export interface RunningRedis {
  url: string;
  stop(): void;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** Why no redis-server can be started here, or undefined when one can. */
export function missingRedis(): string | undefined {
  const probe = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
  return probe.error ? `redis-server is not installed (${probe.error.message}); on Debian: apt-get install redis-server` : undefined;
}

export async function startRedis(): Promise<RunningRedis> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    child.on('error', (e) => reject(new Error(`redis-server could not start (${e.message}); run scripts/test.sh, which installs it`)));
    child.on('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
    child.stdout.on('data', (d: Buffer) => d.toString().includes('Ready to accept connections') && resolve());
  });
  return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}
