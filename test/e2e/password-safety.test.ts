/**
 * The account is never lost: the CLI killed (SIGKILL) in the middle of a password change leaves a
 * journal that `recover` uses to restore the original password; an interruption (Ctrl-C, SIGTERM) restores before
 * exiting; a target that refuses the change back makes the run exit 4 loudly, naming the password now
 * set by its environment variable; alternating targets flip between the two passwords across runs.
 * All against the accounts example, with the passwords in environment variables.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { ORIGINAL_PASSWORD, USERNAME, startServer, type AccountsServer, type Behaviour } from '../../examples/accounts/server.js';
import { runCli, startCli } from './cli.js';

const NEW_PASSWORD = 'tr0ub4dor-and-3-more-words';
const ENV = { SP_E2E_PASSWORD: ORIGINAL_PASSWORD, SP_E2E_NEW_PASSWORD: NEW_PASSWORD };

let dir: string;
let server: AccountsServer | undefined;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sp-password-'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function writeConfig(extra: string[] = []): Promise<string> {
  const file = path.join(dir, 'sessionprobe.yaml');
  await writeFile(
    file,
    [
      'target:',
      '  baseUrl: http://127.0.0.1:9',
      `  account: { username: ${USERNAME}, password: "\${SP_E2E_PASSWORD}", newPassword: "\${SP_E2E_NEW_PASSWORD}" }`,
      '  login: { form: { url: /login, fields: { username: "{{username}}", password: "{{password}}" } } }',
      '  authenticated: { url: /account }',
      '  logout: { form: { url: /account, selector: "form#signout" } }',
      '  passwordChange: { form: { url: /account/password, fields: { current: "{{password}}", next: "{{newPassword}}" } } }',
      ...extra,
      'checks: { include: ["password-change.*"] }',
    ].join('\n'),
  );
  return file;
}

const journal = () => path.join(dir, '.sessionprobe', 'journal.json');
const exists = (file: string) => stat(file).then(() => true, () => false);

function run(config: string, command = 'run') {
  const args = command === 'run' ? ['run', '--config', config, '--base-url', server!.url, '--out', path.join(dir, 'out'), '--reporter', 'list,json'] : [command, '--config', config];
  return runCli(args, { env: ENV });
}

/** Starts the target; `onChange` runs when a password change has been applied, before the answer is sent. */
async function target(behaviour: Partial<Behaviour>, onChange?: () => Promise<void>): Promise<AccountsServer> {
  server = await startServer({ behaviour, onPasswordChange: onChange });
  return server;
}

/** Neither password, in any spelling a request or a JSON file would use. */
function assertNoPasswords(texts: string[]): void {
  for (const password of [ORIGINAL_PASSWORD, NEW_PASSWORD]) {
    for (const spelling of [password, encodeURIComponent(password), JSON.stringify(password).slice(1, -1)]) {
      for (const text of texts) expect(text.includes(spelling), 'a password in an artifact').toBe(false);
    }
  }
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

describe('a password change never loses the account', () => {
  it('SIGKILL in the middle of the change: the journal says what is pending, and recover restores the original password', async () => {
    const config = await writeConfig();
    let cli: ReturnType<typeof startCli> | undefined;
    let killed = false;
    await target({}, async () => {
      if (killed || !cli) return;
      killed = true;
      cli.child.kill('SIGKILL');
      await exited(cli.child);
    });
    cli = startCli(['run', '--config', config, '--base-url', server!.url, '--out', path.join(dir, 'out')], { env: ENV });
    const killedRun = await cli.done;
    expect(killedRun.signal).toBe('SIGKILL');
    expect(killed).toBe(true);
    expect(server!.hasPassword(USERNAME, NEW_PASSWORD)).toBe(true);

    const text = await readFile(journal(), 'utf8');
    expect(JSON.parse(text)).toMatchObject({
      baseUrl: server!.url,
      username: USERNAME,
      current: 'password',
      pending: 'newPassword',
      sources: { password: 'environment variable SP_E2E_PASSWORD', newPassword: 'environment variable SP_E2E_NEW_PASSWORD' },
    });
    assertNoPasswords([text]);

    const refused = await run(config);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toMatch(/a previous run did not restore the password of alice .*run `sessionprobe recover --config/);

    const recovered = await run(config, 'recover');
    expect(recovered.code, recovered.stderr).toBe(0);
    expect(recovered.stdout).toMatch(/recovered: changed back from newPassword to the original password/);
    expect(server!.hasPassword(USERNAME, ORIGINAL_PASSWORD)).toBe(true);
    expect(await exists(journal())).toBe(false);
    assertNoPasswords([recovered.stdout, recovered.stderr]);

    const again = await run(config, 'recover');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/nothing to recover/);
  });

  it('SIGTERM in the middle of the change: the password is restored, the run ends as interrupted (130)', async () => {
    const config = await writeConfig();
    let cli: ReturnType<typeof startCli> | undefined;
    let signalled = false;
    // Once: the change back is a password change too, and a second Ctrl-C means "stop at once".
    await target({}, async () => {
      if (signalled) return;
      signalled = true;
      cli?.child.kill('SIGTERM');
    });
    cli = startCli(['run', '--config', config, '--base-url', server!.url, '--out', path.join(dir, 'out')], { env: ENV });
    const interrupted = await cli.done;
    expect(interrupted.code, interrupted.stderr).toBe(130);
    expect(interrupted.stderr).toMatch(/SIGTERM: interrupted/);
    expect(interrupted.stderr).toMatch(/interrupted: restoring the password before exiting/);
    expect(server!.hasPassword(USERNAME, ORIGINAL_PASSWORD)).toBe(true);
    expect(await exists(journal())).toBe(false);
  });

  it('a target that refuses the change back: exit 4, loudly naming the password now set; recover succeeds later', async () => {
    const config = await writeConfig();
    // Refuses every change after the first until the test lifts it: the run's change back always meets the refusal.
    await target({ minPasswordAgeMs: 3_600_000 });
    const result = await run(config);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/THE PASSWORD OF alice AT .* WAS NOT RESTORED\. It is now account\.newPassword \(environment variable SP_E2E_NEW_PASSWORD\)/);
    expect(server!.hasPassword(USERNAME, NEW_PASSWORD)).toBe(true);
    const report = JSON.parse(await readFile(path.join(dir, 'out', 'report.json'), 'utf8'));
    expect(report.notices).toEqual([expect.objectContaining({ level: 'critical', message: expect.stringMatching(/WAS NOT RESTORED/) })]);
    // The verdicts still stand: the change itself worked and was judged.
    expect(Object.fromEntries(report.checks.map((c: { id: string; verdict: string }) => [c.id, c.verdict]))).toEqual({
      'password-change.revoke-others': 'pass',
      'password-change.rotate-current': 'pass',
      'password-change.requires-current': 'pass',
    });
    assertNoPasswords([result.stdout, result.stderr, JSON.stringify(report)]);

    server!.behave({ minPasswordAgeMs: 0 });
    const recovered = await run(config, 'recover');
    expect(recovered.code, recovered.stderr).toBe(0);
    expect(server!.hasPassword(USERNAME, ORIGINAL_PASSWORD)).toBe(true);
  });

  it('alternating targets: one run leaves the other password set and says so, the next changes it back', async () => {
    const config = await writeConfig(['  passwordRotation: alternate']);
    await target({});
    const first = await run(config);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/password rotation alternates .* is now account\.newPassword \(environment variable SP_E2E_NEW_PASSWORD\); the next run starts from it/);
    expect(server!.hasPassword(USERNAME, NEW_PASSWORD)).toBe(true);
    expect(JSON.parse(await readFile(journal(), 'utf8'))).toMatchObject({ current: 'newPassword', rotation: 'alternate' });
    expect(JSON.parse(await readFile(journal(), 'utf8')).pending).toBeUndefined();

    const second = await run(config);
    expect(second.code, second.stderr).toBe(0);
    expect(server!.hasPassword(USERNAME, ORIGINAL_PASSWORD)).toBe(true);
    expect(await exists(journal())).toBe(false);
  });
});
