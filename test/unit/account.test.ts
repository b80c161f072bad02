/**
 * The password journal and keeper (which password is current, what the journal on disk says, when a
 * run must refuse to start) and the login backoff, without a network.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile, mkdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PasswordKeeper, AccountAtRiskError } from '../../src/account/keeper.js';
import { JournalError, journalPath, readJournal, writeJournal, type JournalEntry } from '../../src/account/journal.js';
import { LoginThrottle } from '../../src/target/backoff.js';
import { FlowError, type FlowResult } from '../../src/target/flows.js';
import type { Config } from '../../src/config/types.js';
import { silentProgress } from '../../src/progress.js';

let dir: string;
let configFile: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sp-account-'));
  configFile = path.join(dir, 'sessionprobe.yaml');
  await writeFile(configFile, 'target:\n  account: { username: alice, password: "${SP_PW}", newPassword: literal-new-pw }\n');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function config(rotation: 'restore' | 'alternate' = 'restore', baseUrl = 'http://127.0.0.1:4000'): Config {
  return {
    file: configFile,
    target: { baseUrl, account: { username: 'alice', password: 'old-pw-1', newPassword: 'literal-new-pw' }, passwordRotation: rotation },
  } as unknown as Config;
}

const exists = (file: string) => stat(file).then(() => true, () => false);

function entry(o: Partial<JournalEntry> = {}): JournalEntry {
  return {
    version: 1,
    configFile,
    baseUrl: 'http://127.0.0.1:4000',
    username: 'alice',
    sources: { password: 'environment variable SP_PW', newPassword: `written in ${configFile}` },
    rotation: 'restore',
    current: 'newPassword',
    pid: 999_999_999,
    updatedAt: new Date().toISOString(),
    ...o,
  };
}

describe('password keeper', () => {
  it('journals a change before it is sent, by reference only, and clears the journal once the original is confirmed', async () => {
    const keeper = await PasswordKeeper.forRun(config());
    expect(keeper.account()).toEqual({ username: 'alice', password: 'old-pw-1', newPassword: 'literal-new-pw' });
    await keeper.changing('newPassword');
    const text = await readFile(journalPath(configFile), 'utf8');
    expect(JSON.parse(text)).toMatchObject({ current: 'password', pending: 'newPassword', sources: { password: 'environment variable SP_PW', newPassword: `written in ${configFile}` } });
    expect(text).not.toContain('old-pw-1');
    expect(text).not.toContain('literal-new-pw');
    await keeper.confirmed('newPassword');
    expect(keeper.account()).toEqual({ username: 'alice', password: 'literal-new-pw', newPassword: 'old-pw-1' });
    expect(keeper.notices()).toEqual([expect.objectContaining({ level: 'critical', message: expect.stringMatching(/WAS NOT RESTORED\. It is now account\.newPassword \(written in /) })]);
    await keeper.confirmed('password');
    expect(await exists(journalPath(configFile))).toBe(false);
    expect(keeper.notices()).toEqual([]);
  });

  it('refuses to start over an unfinished change, a restore that failed, or another target', async () => {
    await writeJournal(journalPath(configFile), entry({ current: 'password', pending: 'newPassword' }));
    await expect(PasswordKeeper.forRun(config())).rejects.toThrow(/did not restore .* or account\.newPassword .*interrupted.*sessionprobe recover --config/);
    await writeJournal(journalPath(configFile), entry());
    await expect(PasswordKeeper.forRun(config())).rejects.toThrow(AccountAtRiskError);
    await expect(PasswordKeeper.forRun(config('restore', 'http://127.0.0.1:5000'))).rejects.toThrow(/--base-url http:\/\/127\.0\.0\.1:4000/);
  });

  it('refuses while another live run holds the journal', async () => {
    await writeJournal(journalPath(configFile), entry({ pid: process.ppid }));
    await expect(PasswordKeeper.forRun(config())).rejects.toThrow(/another sessionprobe run \(pid \d+\)/);
  });

  it('starts an alternating run from the password the previous run left set', async () => {
    await writeJournal(journalPath(configFile), entry({ rotation: 'alternate' }));
    const keeper = await PasswordKeeper.forRun(config('alternate'));
    expect(keeper.current).toBe('newPassword');
    expect(keeper.notices()).toEqual([expect.objectContaining({ level: 'info', message: expect.stringMatching(/alternates/) })]);
  });

  it('names a damaged or foreign journal instead of guessing', async () => {
    await mkdir(path.dirname(journalPath(configFile)), { recursive: true });
    await writeFile(journalPath(configFile), '{ not json');
    await expect(readJournal(journalPath(configFile))).rejects.toThrow(JournalError);
    await writeFile(journalPath(configFile), JSON.stringify({ ...entry(), current: 'secret' }));
    await expect(readJournal(journalPath(configFile))).rejects.toThrow(/current is not password or newPassword/);
  });
});

describe('login backoff', () => {
  const answer = (status: number, body = '', headers: Record<string, string> = {}): FlowResult => ({
    exchanges: [status],
    response: { status, url: 'http://x/login', headers: {}, body, exchanges: [status], setCookies: [], first: { status }, header: (n) => headers[n.toLowerCase()] },
  });
  const silent = silentProgress;

  it('waits as Retry-After asks, retries, and reports it', async () => {
    const waits: number[] = [];
    const throttle = new LoginThrottle({ retries: 3, maxWaitMs: 60_000 }, silent, async (ms) => void waits.push(ms));
    const answers = [answer(429, '', { 'retry-after': '2' }), answer(200, 'Too many login attempts, try again later'), answer(303)];
    const result = await throttle.login('B', async () => answers.shift()!);
    expect(result.response.status).toBe(303);
    expect(waits).toEqual([2000, 2000]);
    expect(throttle.summary()).toMatch(/throttled 2 login attempt\(s\) \(HTTP 429, lockout message “Too many login attempts”\); the run backed off for 4\.0s/);
  });

  it('gives up within its limits instead of hammering the login', async () => {
    const waits: number[] = [];
    const throttle = new LoginThrottle({ retries: 2, maxWaitMs: 60_000, lockoutText: 'Konto gesperrt' }, silent, async (ms) => void waits.push(ms));
    await expect(throttle.login('A', async () => answer(401, 'Konto gesperrt'))).rejects.toThrow(FlowError);
    expect(waits).toEqual([1000, 2000]);
    const capped = new LoginThrottle({ retries: 5, maxWaitMs: 1500 }, silent, async () => undefined);
    await expect(capped.login('A', async () => answer(429, '', { 'retry-after': '120' }))).rejects.toThrow(/still refused after 0 retries/);
  });

  it('lets an ordinary failed login through untouched', async () => {
    const throttle = new LoginThrottle({ retries: 3, maxWaitMs: 60_000 }, silent, async () => undefined);
    expect((await throttle.login('A', async () => answer(401, 'Wrong username or password.'))).response.status).toBe(401);
    expect(throttle.summary()).toBeUndefined();
  });
});
