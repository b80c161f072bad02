/**
 * The run lock: one run per account and target on this machine; a dead holder's lock is taken over.
 */
import { describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { AccountBusyError, lockAccounts } from '../../src/account/run-lock.js';

const ALICE = { username: 'alice', password: 'x' };
const BOB = { username: 'bob', password: 'y' };
const TARGET = 'http://127.0.0.1:3000';

describe('run lock', () => {
  it('refuses a second run on the same account and target, naming the holder; other targets and accounts are free', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sp-lock-'));
    const first = await lockAccounts(dir, TARGET, [ALICE]);
    const second = lockAccounts(dir, `${TARGET}/other/path`, [BOB, ALICE]);
    await expect(second).rejects.toBeInstanceOf(AccountBusyError);
    await expect(second).rejects.toThrow(new RegExp(`another sessionprobe run \\(pid ${process.pid} on ${hostname()}, started .*\\) is testing http://127.0.0.1:3000 as alice`));
    // The refused run let go of bob again.
    expect(await readdir(dir)).toHaveLength(1);
    const elsewhere = await lockAccounts(dir, 'http://127.0.0.1:3001', [ALICE]);
    const bob = await lockAccounts(dir, TARGET, [BOB]);
    await Promise.all([first.release(), elsewhere.release(), bob.release()]);
    expect(await readdir(dir)).toEqual([]);
    await (await lockAccounts(dir, TARGET, [ALICE])).release();
  });

  it('takes over the lock of a process that no longer exists', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sp-lock-'));
    const lock = await lockAccounts(dir, TARGET, [ALICE]);
    const [file] = await readdir(dir);
    await lock.release();
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    await writeFile(path.join(dir, file!), JSON.stringify({ pid: dead, host: hostname(), startedAt: '2026-12-01T00:00:00Z', username: 'alice', target: TARGET }));
    const taken = await lockAccounts(dir, TARGET, [ALICE]);
    expect(JSON.parse(await readFile(path.join(dir, file!), 'utf8')).pid).toBe(process.pid);
    await taken.release();
  });
});
