/**
 * One demo run shared by every test that reads the demo's reports: the first caller runs
 * `sessionprobe demo` (all bundled examples, loopback only) into a folder keyed by the build it runs,
 * every other caller, in any test worker, waits for it and reads the same reports. A rebuilt dist/ gets a
 * fresh run; a crashed run is retried by the next caller.
 */
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** A demo run takes about two minutes on two busy cores; waiting callers give up well after that. */
const WAIT_LIMIT_MS = 8 * 60_000;

export interface DemoRun {
  dir: string;
  /** Example names with a report.html, in the demo's order. */
  examples: string[];
}

let pending: Promise<DemoRun> | undefined;

export function demoRun(): Promise<DemoRun> {
  pending ??= runOnce();
  return pending;
}

async function runOnce(): Promise<DemoRun> {
  const root = path.join(tmpdir(), `sessionprobe-demo-${await buildKey()}`);
  const out = path.join(root, 'out');
  const done = path.join(root, 'done.json');
  const lock = path.join(root, 'lock');
  await mkdir(root, { recursive: true });
  const started = Date.now();
  for (;;) {
    const finished = await readIfExists(done);
    if (finished !== undefined) return JSON.parse(finished) as DemoRun;
    try {
      await mkdir(lock);
    } catch {
      // Another worker is running the demo; a lock older than the wait limit belongs to a crashed run.
      const age = Date.now() - (await stat(lock)).mtimeMs;
      if (age > WAIT_LIMIT_MS) await rm(lock, { recursive: true, force: true });
      else if (Date.now() - started > WAIT_LIMIT_MS) throw new Error(`waited ${WAIT_LIMIT_MS / 60_000} min for the shared demo run in ${root}`);
      await new Promise((r) => setTimeout(r, 1000));
      continue;
    }
    try {
      await rm(out, { recursive: true, force: true });
      await promisify(execFile)(process.execPath, [path.join(REPO, 'dist/src/cli.js'), 'demo', '--out', out], {
        cwd: REPO,
        env: { ...process.env, NO_COLOR: '1' },
        maxBuffer: 64 * 1024 * 1024,
      }).catch((error: { code?: number; stdout?: string; stderr?: string }) => {
        throw new Error(`the demo exited with ${error.code}:\n${error.stdout}\n${(error.stderr ?? '').slice(-4000)}`);
      });
      const examples = [];
      for (const name of await readdir(out)) if (await readIfExists(path.join(out, name, 'report.html')) !== undefined) examples.push(name);
      const result: DemoRun = { dir: out, examples: examples.sort() };
      await writeFile(done, JSON.stringify(result));
      return result;
    } finally {
      await rm(lock, { recursive: true, force: true });
    }
  }
}

/** What the demo's output depends on: every built file's path, size and modification time. */
async function buildKey(): Promise<string> {
  const hash = createHash('sha256');
  const dist = path.join(REPO, 'dist');
  for (const entry of await readdir(dist, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const s = await stat(file);
    hash.update(`${path.relative(dist, file)} ${s.size} ${s.mtimeMs}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}
