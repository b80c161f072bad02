/**
 * A seeded fault run: a fifth of the oracle's answers are 500s, 503s or connection resets. Retries
 * and inconclusive verdicts absorb them; not one verdict may be false (a pass the sound target would
 * fail, or a fail it would pass). The broken variant shows the faults cannot hide a real failure either.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BRIEF_REVOCATION_REPLAYS, runCli } from '../e2e/cli.js';
import { FAULT_PASSWORD, startFaultTarget } from '../fixtures/fault-target.js';

let tmp: string;
let file: string;
const SEEDS = [1, 2, 3];

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'sp-seeded-'));
  file = path.join(tmp, 'sessionprobe.yaml');
  await writeFile(
    file,
    [
      'target:',
      '  baseUrl: http://127.0.0.1:1',
      `  account: { username: alice, password: ${FAULT_PASSWORD} }`,
      '  requestTimeout: 2s',
      '  login: { form: { url: /login, fields: { username: "{{username}}", password: "{{password}}" } } }',
      '  authenticated: { url: /account }',
      '  logout: { request: { method: POST, url: /logout } }',
      'checks:',
      '  include: ["token.charset", "fixation.*", "logout.server-revocation", "cookie.secure"]',
    ].join('\n'),
  );
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function verdicts(revokeOnLogout: boolean, seed?: number): Promise<Record<string, string>> {
  const target = await startFaultTarget(seed === undefined ? 'none' : 'seeded', { revokeOnLogout, seed });
  try {
    const out = path.join(tmp, `out-${revokeOnLogout}-${seed ?? 'clean'}`);
    const run = await runCli(['run', '--config', file, '--base-url', target.url, '--out', out, '--reporter', 'json', ...BRIEF_REVOCATION_REPLAYS]);
    expect([0, 1], run.stderr).toContain(run.code);
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as { checks: Array<{ id: string; verdict: string }> };
    return Object.fromEntries(report.checks.map((c) => [c.id, c.verdict]));
  } finally {
    await target.close();
  }
}

/** Verdicts that contradict the clean run: inconclusive is honest, anything else that differs is false. */
function falseVerdicts(clean: Record<string, string>, faulty: Record<string, string>): string[] {
  return Object.entries(faulty)
    .filter(([id, verdict]) => verdict !== 'inconclusive' && verdict !== clean[id])
    .map(([id, verdict]) => `${id}: ${verdict} (clean: ${clean[id]})`);
}

describe('a seeded fault run (20 % 500/503/reset on the oracle)', () => {
  it.each([true, false])('gives no false verdict (logout revokes: %s)', async (revokeOnLogout) => {
    const clean = await verdicts(revokeOnLogout);
    expect(clean['token.charset']).toBe('pass');
    expect(clean['logout.server-revocation']).toBe(revokeOnLogout ? 'pass' : 'fail');
    const wrong: string[] = [];
    for (const seed of SEEDS) wrong.push(...falseVerdicts(clean, await verdicts(revokeOnLogout, seed)).map((w) => `seed ${seed}: ${w}`));
    expect(wrong).toEqual([]);
  }, 120_000);
});
