/**
 * One account, one run: two runs on the same account interfere (a password change ends the other
 * run's sessions, a concurrency probe uses up its slots) and both report false verdicts. A lock file
 * beside the password journal, one per account and target, names the holder (pid, host, start); a
 * second run on this machine is refused, and the lock of a process that no longer exists is taken over.
 * Runs on other machines cannot see it: parallel CI jobs need one account each.
 */
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Account } from '../config/types.js';

export interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
  username: string;
  target: string;
}

/** Another live run holds the account. */
export class AccountBusyError extends Error {
  override readonly name = 'AccountBusyError';
}

export interface RunLock {
  release(): Promise<void>;
}

/** Locks every account of the run, or throws AccountBusyError naming the run that holds one. */
export async function lockAccounts(journalDir: string, baseUrl: string, accounts: readonly Account[]): Promise<RunLock> {
  const target = new URL(baseUrl).origin;
  const held: string[] = [];
  const release = async () => {
    await Promise.all(held.map((file) => rm(file, { force: true })));
  };
  try {
    for (const { username } of accounts) {
      const file = path.join(journalDir, `run-${createHash('sha256').update(`${target}\n${username}`).digest('hex').slice(0, 16)}.lock`);
      await acquire(file, { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), username, target });
      held.push(file);
    }
  } catch (error) {
    await release();
    throw error;
  }
  return { release };
}

async function acquire(file: string, me: LockHolder): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx', 0o600);
      await handle.writeFile(`${JSON.stringify(me)}\n`);
      await handle.close();
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readHolder(file);
    if (holder && !isStale(holder)) {
      throw new AccountBusyError(
        `another sessionprobe run (pid ${holder.pid} on ${holder.host}, started ${holder.startedAt}) is testing ${holder.target} as ${holder.username}; ` +
          `two runs on one account interfere and report false verdicts. Wait for it, or give each parallel job its own account (target.account / target.accounts). Lock: ${file}`,
      );
    }
    // Its process is gone (a crash, SIGKILL): the lock is stale.
    await rm(file, { force: true });
  }
  throw new AccountBusyError(`could not take the run lock ${file}: another run keeps taking it`);
}

async function readHolder(file: string): Promise<LockHolder | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as LockHolder;
  } catch {
    // Unreadable or half-written: a run that died while writing it.
    return undefined;
  }
}

/** Only a lock of this machine can be judged: its process no longer exists. */
function isStale(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
