/**
 * The CLI on the token/JWT/https examples beyond their expected.json: the weak-secret check passing on
 * a strong key, TLS trust settings, and the entropy evidence in the report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EXAMPLES } from '../../examples/index.js';
import { startServer as startJwtWeak } from '../../examples/jwt-weak/server.js';
import type { RunningServer } from '../../examples/shared.js';
import { runCli } from './cli.js';

const example = (name: string) => EXAMPLES.find((e) => e.name === name)!;
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'sp-e2e-tokens-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function checks(out: string): Promise<Record<string, { verdict: string; observed: string; findings: Array<{ message: string }> }>> {
  const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as { checks: Array<{ id: string; verdict: string; observed: string; findings: Array<{ message: string }> }> };
  return Object.fromEntries(report.checks.map((c) => [c.id, c]));
}

describe('jwt.weak-secret on an HS256 API keyed with 256 random bits', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startJwtWeak({ secret: randomBytes(32).toString('base64') });
  });
  afterAll(async () => server?.close());

  it('passes: no dictionary key reproduces the signature', async () => {
    const out = path.join(tmp, 'strong-secret');
    const run = await runCli(['run', '--config', path.join(example('jwt-weak').dir, 'sessionprobe.yaml'), '--base-url', server.url, '--out', out, '--check', 'jwt.weak-secret', '--reporter', 'json']);
    expect(run.code, run.stderr).toBe(0);
    expect((await checks(out))['jwt.weak-secret']).toMatchObject({ verdict: 'pass', observed: expect.stringMatching(/none of the \d+ dictionary keys/) });
  });
});

describe('TLS trust', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await example('hardened').start();
  });
  afterAll(async () => server?.close());

  async function configWith(tls: string): Promise<string> {
    const text = (await readFile(path.join(example('hardened').dir, 'sessionprobe.yaml'), 'utf8')).replace(/  tls:\n    ca: [^\n]*\n/, tls);
    const file = path.join(tmp, `tls-${randomBytes(4).toString('hex')}.yaml`);
    await writeFile(file, text);
    return file;
  }

  it('cannot reach a target whose CA it was not given (exit 3, the TLS error named)', async () => {
    const run = await runCli(['run', '--config', await configWith(''), '--base-url', server.url, '--out', path.join(tmp, 'no-ca'), '--check', 'cookie.secure']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/cannot reach the target: .*(SELF_SIGNED|UNABLE_TO_VERIFY|unable to verify|self[- ]signed)/i);
  });

  it('accepts any certificate only when told to, and says so loudly', async () => {
    const run = await runCli(['run', '--config', await configWith('  tls: { insecure: true }\n'), '--base-url', server.url, '--out', path.join(tmp, 'insecure'), '--check', 'cookie.secure']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/WARNING: target\.tls\.insecure is set/);
  });
});

describe('token.entropy evidence', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await example('predictable').start();
  });
  afterAll(async () => server?.close());

  it('names the clock and the counter and the bits left', async () => {
    const out = path.join(tmp, 'predictable-entropy');
    await runCli(['run', '--config', path.join(example('predictable').dir, 'sessionprobe.yaml'), '--base-url', server.url, '--out', out, '--suite', 'token', '--reporter', 'json,html']);
    const entropy = (await checks(out))['token.entropy']!;
    expect(entropy.verdict).toBe('fail');
    expect(entropy.observed).toMatch(/500 sid values \(pre-auth IDs from GET \/login.*estimated 16 bits/);
    const messages = entropy.findings.map((f) => f.message).join('\n');
    expect(messages).toMatch(/timestamp: characters 1–13 of field 1 hold the issue time as Unix milliseconds/);
    expect(messages).toMatch(/counter: field 2 rises with the order/);
    expect(messages).toMatch(/field 3: 4 hex characters, capacity 16 bits, credited 16/);
  });
});
