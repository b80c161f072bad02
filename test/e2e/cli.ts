/**
 * Runs the built CLI as a user would, in a child process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
const CLI = fileURLToPath(new URL('../../dist/src/cli.js', import.meta.url));

/**
 * `--max-wait 3s` for runs that wait on no timeout: the wait budget also bounds the time-to-revoke replays
 * after a revocation event (maxDelay + grace, then 10s more to measure the lag). With maxDelay 0 the verdict
 * is decided at 0.5s; 3s keeps a wide margin and spares each session that is never revoked 7.5s of replays.
 */
export const BRIEF_REVOCATION_REPLAYS = ['--max-wait', '3s'];

export interface CliRun {
  code: number | null;
  /** The signal that ended the process, when one did. */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface StartedCli {
  child: ChildProcess;
  done: Promise<CliRun>;
}

/** Starts the CLI and hands back the process, for tests that signal or kill it midway. */
export function startCli(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): StartedCli {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? REPO,
    env: { ...process.env, ...options.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export function runCli(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<CliRun> {
  return startCli(args, options).done;
}
