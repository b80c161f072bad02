/**
 * The spec builder: flags and prompts → a sessionprobe.yaml the loader accepts, whose overrides are
 * exactly the departures from the preset; the Set-Cookie line; the design-review document; and the
 * rules that keep CI safe (no stdin without a terminal, no silent overwrite, located flag errors).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { initCommand, type InitArgs } from '../../src/commands/init.js';
import { CliError } from '../../src/commands/exit-codes.js';
import { loadConfig } from '../../src/config/load.js';
import { buildSpec } from '../../src/config/spec.js';
import { CHOICES } from '../../src/init/choices.js';
import { setCookieFor } from '../../src/init/set-cookie.js';
import { CHECKS } from '../../suites/index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sp-init-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  return { stream: new Writable({ write: (c: Buffer, _e, done) => (chunks.push(c.toString()), done()) }), text: () => chunks.join('') };
}

/** stdin that is not a terminal and fails the test if anything reads it. */
function noStdin(): PassThrough {
  const s = new PassThrough();
  s.on('resume', () => {
    throw new Error('init read stdin without a terminal');
  });
  return s;
}

async function init(args: Partial<InitArgs>, stdin: NodeJS.ReadableStream & { isTTY?: boolean } = noStdin()) {
  const stdout = sink();
  const stderr = sink();
  const out = path.join(dir, args.format === 'md' ? 'spec.md' : 'sessionprobe.yaml');
  await initCommand({ format: 'yaml', yes: true, force: false, choices: {}, out, ...args }, { stdin, stdout: stdout.stream, stderr: stderr.stream });
  return { file: out, text: await readFile(out, 'utf8'), stdout: stdout.text(), stderr: stderr.text() };
}

const load = (file: string) => loadConfig(file, { knownChecks: CHECKS.map((c) => c.meta.id) });

describe('init without questions', () => {
  it('writes a config the loader accepts for --preset nist-aal2 --store redis --yes, and prints the Set-Cookie line', async () => {
    const { file, stdout } = await init({ preset: 'nist-aal2', choices: { store: 'redis' } });
    const config = await load(file);
    expect(config.spec).toEqual(buildSpec({ preset: 'nist-aal2', store: 'redis' }));
    expect(config.spec.overrides).toEqual(['store']);
    const line = stdout.split('\n').find((l) => l.startsWith('Set-Cookie: '))!;
    expect(line).toBe('Set-Cookie: __Host-sid=<11 base64url chars>; Path=/; Secure; HttpOnly; SameSite=Strict');
    expect(stdout).toMatch(/^ {2}HttpOnly +scripts cannot read the cookie.*\[NIST SP 800-63B-4 §5\.1\.1\(3\) \(SHOULD\)\]$/m);
  });

  it('writes only departures from the preset as overrides, the rest as comments', async () => {
    const { file, text } = await init({ choices: { idle: '30m', absolute: '4h', 'same-site': 'strict' } });
    const { spec } = await load(file);
    expect(spec.overrides).toEqual(['cookie.sameSite', 'timeouts.absolute']);
    expect(spec.cookie.sameSite).toEqual(['Strict']);
    // recommended's Max-Age follows the absolute timeout, so it is neither asked again nor an override.
    expect(spec.cookie.maxAge).toEqual({ kind: 'max', maxMs: 4 * 3_600_000 });
    expect(text).toContain('    absolute: 4h  # even an active session ends');
    expect(text).toContain('  #   idle: 30m  # sessionprobe default: OWASP CS Idle Timeout');
  });

  it('accepts every choice flag and writes what it means', async () => {
    const given: Record<string, string | boolean> = {
      store: 'postgres', idle: '10m', absolute: '2h', sliding: 'no', renewal: '15m/30s', 'http-only': true, secure: true, 'same-site': 'lax,strict',
      path: '/app', domain: 'example.com', prefix: '__Secure-', 'max-age': '1h', entropy: '256', 'rotate-on-login': true,
      'logout-revokes': true, 'clear-site-data': false, 'password-change': 'revoke-all', 'privilege-change': 'any',
      'sign-out-everywhere': true, 'max-delay': '5s', 'password-change-current': 'end', 'max-sessions': '3', 'on-exceed': 'reject', binding: 'ip,user-agent', 'reject-on-change': 'user-agent',
      'sso-idp-logout': true, 'sso-app-logout': false, 'refresh-rotation': false, 'refresh-reuse': 'reject', 'refresh-max-lifetime': '12h', 'access-max-lifetime': 'none',
    };
    expect(Object.keys(given).sort()).toEqual(CHOICES.map((c) => c.flag).sort());
    const { file, stderr } = await init({ choices: given });
    const { spec } = await load(file);
    expect(spec).toMatchObject({
      store: 'postgres',
      timeouts: { idleMs: 600_000, absoluteMs: 7_200_000, sliding: false, renewal: { everyMs: 900_000, overlapMs: 30_000 } },
      cookie: { sameSite: ['Lax', 'Strict'], path: '/app', hostOnly: false, allowedDomains: ['example.com'], prefix: '__Secure-', maxAge: { kind: 'max', maxMs: 3_600_000 } },
      token: { minEntropyBits: 256 },
      invalidation: { passwordChange: 'revoke-all', privilegeChange: null, clearSiteData: false, signOutEverywhere: true, maxDelayMs: 5000, passwordChangeCurrent: 'end' },
      concurrency: { maxSessions: 3, onExceed: 'reject' },
      binding: { signals: ['ip', 'user-agent'], rejectOnChange: ['user-agent'] },
      sso: { idpLogoutEndsAppSession: true, appLogoutEndsIdpSession: false },
      refresh: { rotation: false, reuse: 'reject', maxLifetimeMs: 12 * 3_600_000, accessMaxLifetimeMs: null },
    });
    expect(stderr).toBe('');
  });

  it('names the flag and what it accepts for a bad value, exit 2', async () => {
    const attempt = init({ choices: { idle: 'forever' } });
    await expect(attempt).rejects.toThrow(CliError);
    await expect(attempt).rejects.toThrow(/--idle: "forever" is not a duration/);
    await expect(init({ choices: { 'same-site': 'sometimes' } })).rejects.toThrow(/--same-site: expected one of Strict, Lax, None/);
    await expect(init({ choices: { renewal: '15m/30s/1m' } })).rejects.toThrow(/--renewal: expected <interval> or <interval>\/<overlap>/);
    await expect(init({ preset: 'owasp-asvs-l4' })).rejects.toThrow(/--preset: no preset "owasp-asvs-l4"/);
  });

  it('never overwrites a file unless told to', async () => {
    const out = path.join(dir, 'sessionprobe.yaml');
    await writeFile(out, 'mine\n');
    await expect(init({})).rejects.toThrow(/exists; pass --force/);
    expect(await readFile(out, 'utf8')).toBe('mine\n');
    await init({ force: true });
    expect(await readFile(out, 'utf8')).toContain('preset: recommended');
  });

  it('warns about contradictions and says when it asked nothing because there is no terminal', async () => {
    const { stderr } = await init({ yes: false, choices: { store: 'signed-cookie' } });
    expect(stderr).toContain('no terminal, so nothing is asked');
    expect(stderr).toMatch(/warning: contradiction \(store vs invalidation\.logout vs invalidation\.passwordChange\): a signed-cookie store/);
  });
});

describe('init --format md', () => {
  it('writes a design-review document: Set-Cookie, store trade-offs, what/value/why/standard per setting', async () => {
    const { text } = await init({ format: 'md', preset: 'owasp-asvs-l2', choices: { store: 'redis', idle: '15m', renewal: '1h/30s' } });
    expect(text).toContain('# Session management spec');
    expect(text).toContain('Based on **OWASP ASVS 5.0.0 level 2');
    expect(text).toContain('Redis: expiry by key TTL');
    expect(text).toContain('Set-Cookie: __Host-sid=<22 base64url chars>; Path=/; Secure; HttpOnly; SameSite=Strict');
    expect(text).toContain('| Setting | Value | Why | Standard |');
    expect(text).toContain('| Idle timeout (`timeouts.idle`) | 15m | an unattended session ends by itself; shorter for higher-value applications | your choice (overrides owasp-asvs-l2) |');
    expect(text).toMatch(/\| Absolute timeout \(`timeouts.absolute`\) \| 12h \| .* \| sessionprobe default: ASVS v5\.0\.0-7\.3\.2 \(L2\) asks for a documented value/);
    expect(text).toContain('| HttpOnly (`cookie.httpOnly`) | required |');
    expect(text).toContain('| Session-ID renewal (opt-in) (`timeouts.renewal`) | a new ID at least every 1h; the previous one dead 30s later |');
    expect(text).not.toContain('[object Object]');
  });

  it('documents the revocation delay and what a password change does to its own session', async () => {
    const { text } = await init({ format: 'md', choices: { 'max-delay': '2s', 'password-change-current': 'renew' } });
    expect(text).toMatch(/\| Revocation delay \(`invalidation.maxDelay`\) \| 2s \| how long a stolen session keeps working/);
    expect(text).toMatch(/\| The session that changed the password \(`invalidation.passwordChangeCurrent`\) \| renew \|/);
  });

  it('documents the refresh-token policy with the ASVS clauses behind the preset', async () => {
    const { text } = await init({ format: 'md', preset: 'owasp-asvs-l2', choices: { 'refresh-reuse': 'reject' } });
    expect(text).toContain('### Refresh tokens (when the target profile has target.refresh)');
    expect(text).toMatch(/\| Refresh-token rotation \(`refresh.rotation`\) \| required \| .* \| ASVS v5\.0\.0-10\.4\.5 \(L1\) \|/);
    expect(text).toMatch(/\| A used refresh token presented again \(`refresh.reuse`\) \| reject \| .* \| your choice \(overrides owasp-asvs-l2\) \|/);
    expect(text).toMatch(/\| Refresh-token lifetime \(`refresh.maxLifetime`\) \| 1d \| .* \| sessionprobe default: ASVS v5\.0\.0-10\.4\.8 \(L2\)/);
  });

  it('lists contradictions to resolve', async () => {
    const { text } = await init({ format: 'md', choices: { 'same-site': 'none', secure: false } });
    expect(text).toContain('## Contradictions to resolve');
    expect(text).toContain('SameSite=None without Secure');
  });
});

describe('init on a terminal', () => {
  function terminal(answers: string[], end = false): PassThrough & { isTTY: boolean } {
    const input = Object.assign(new PassThrough(), { isTTY: true });
    input.write(answers.map((a) => `${a}\n`).join(''));
    if (end) input.end();
    return input;
  }

  it('asks the preset, then every choice with the current value as default and a why, re-asking after a bad answer', async () => {
    const answers = ['owasp-asvs-l2', 'postgres', '10m', 'forever', '4h', ...Array(CHOICES.length - 3).fill('')];
    const stderr = sink();
    const out = path.join(dir, 'sessionprobe.yaml');
    await initCommand(
      { format: 'yaml', yes: false, force: false, choices: { 'max-sessions': '2' }, out },
      { stdin: terminal(answers), stdout: sink().stream, stderr: stderr.stream },
    );
    const { spec } = await load(out);
    expect(spec.preset).toBe('owasp-asvs-l2');
    expect(spec.overrides.sort()).toEqual(['concurrency.maxSessions', 'store', 'timeouts.absolute', 'timeouts.idle']);
    expect(spec.concurrency.maxSessions).toBe(2);
    const asked = stderr.text();
    expect(asked).toContain('Idle timeout — an unattended session ends by itself');
    expect(asked).toContain('  [30m]: ');
    expect(asked).toContain('"forever" is not a duration');
    expect(asked).toContain('Redis: expiry by key TTL');
    // A flag given on the terminal becomes the suggested answer.
    expect(asked).toContain('Concurrent sessions per user — ');
    expect(asked).toMatch(/Concurrent sessions per user[^[]*\[2\]: /);
  });

  it('writes nothing when input ends before every question is answered', async () => {
    const out = path.join(dir, 'sessionprobe.yaml');
    const attempt = initCommand(
      { format: 'yaml', yes: false, force: false, choices: {}, out },
      { stdin: terminal(['nist-aal1', 'redis'], true), stdout: sink().stream, stderr: sink().stream },
    );
    await expect(attempt).rejects.toThrow(/init cancelled: input ended before every question was answered; nothing was written/);
    await expect(readFile(out)).rejects.toThrow();
  });

  it('--yes asks nothing even on a terminal', async () => {
    const stdin = Object.assign(noStdin(), { isTTY: true });
    const { stdout } = await init({ preset: 'owasp-asvs4-l1' }, stdin);
    expect(stdout).toContain('wrote ');
  });
});

describe('the Set-Cookie line', () => {
  it('follows the spec: prefix, Path, Domain, flags, explicit SameSite, Max-Age capped at the absolute timeout', () => {
    expect(setCookieFor(buildSpec()).line).toBe('Set-Cookie: sid=<22 base64url chars>; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=28800');
    const shared = buildSpec({ cookie: { hostOnly: false, domains: ['example.com'], sameSite: [], httpOnly: false, maxAge: { max: '12h' } }, timeouts: { absolute: '4h' } });
    expect(setCookieFor(shared, 'session').line).toBe('Set-Cookie: session=<22 base64url chars>; Path=/; Domain=example.com; Secure; SameSite=Lax; Max-Age=14400');
    expect(setCookieFor(shared).parts.find((p) => p.text === 'SameSite=Lax')!.why).toContain('browser defaults differ');
  });
});
