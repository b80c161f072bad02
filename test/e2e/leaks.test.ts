/**
 * No artifact of a full run over every example — report files and console output — holds a password or
 * any full cookie value the target ever issued, in any spelling. The values are captured by a recording
 * proxy in front of each target, so the test does not rely on the tool's own idea of what is secret.
 * It reads the same shared run per example as examples.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EXAMPLES } from '../../examples/index.js';
import { runCli } from './cli.js';
import { declaredVerdicts, verdictMismatches } from '../../examples/expected.js';
import { exampleRun } from '../fixtures/example-runs.js';
import { startRecordingProxy } from '../fixtures/recording-proxy.js';
import { expectNoSecrets } from '../fixtures/no-secrets.js';

/** The examples' passwords: the main one, the accounts examples' account.newPassword (changed to, then back), and bob's and carol's of the timeouts examples (target.accounts). */
const PASSWORDS = ['correct-horse-battery-staple', 'tr0ub4dor-and-3-more-words', 'velvet-orbit-lantern-quarry'];
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'sp-leaks-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe.each(EXAMPLES.map((e) => [e.name, e] as const))('leaks: %s', (_name, example) => {
  it('no password and no issued cookie value in any artifact', async () => {
    // The shared run went through a recording proxy (test/fixtures/example-runs.ts), which kept what the target issued.
    const { run, out, files, issued } = await exampleRun(example.name);
    expect([0, 1], run.stderr).toContain(run.code);
    expect(files).toEqual(['junit.xml', 'report.html', 'report.json', 'report.sarif', 'summary.md']);
    const artifacts = [...(await Promise.all(files.map((f) => readFile(path.join(out, f), 'utf8')))), run.stdout, run.stderr];
    // A stateless JWT API may issue the same token to every login within a second: a few values suffice.
    expect(issued.length).toBeGreaterThan(0);
    expectNoSecrets(artifacts, [...PASSWORDS, ...issued]);
  }, 600_000);
});

describe('--unsafe-show-secrets', () => {
  it('writes session IDs beside their masks with a loud warning, keeps passwords masked and verdicts unchanged', async () => {
    const example = EXAMPLES.find((e) => e.name === 'vulnerable')!;
    const server = await example.start();
    const proxy = await startRecordingProxy(server.url);
    try {
      const out = path.join(tmp, 'unsafe');
      const run = await runCli(['run', '--config', path.join(example.dir, 'sessionprobe.yaml'), '--base-url', proxy.url, '--out', out, '--unsafe-show-secrets']);
      expect(run.stderr).toMatch(/WARNING: --unsafe-show-secrets/);
      const json = await readFile(path.join(out, 'report.json'), 'utf8');
      const html = await readFile(path.join(out, 'report.html'), 'utf8');
      const report = JSON.parse(json) as { secretsRevealed: boolean; checks: Array<{ id: string; verdict: string }> };
      expect(report.secretsRevealed).toBe(true);
      expect(html).toContain('shows session IDs and tokens in clear');
      expect(proxy.issuedValues().some((v) => json.includes(`value=${encodeURIComponent(v)}]`))).toBe(true);
      for (const text of [json, html, run.stdout, run.stderr]) for (const p of PASSWORDS) expect(text.includes(p)).toBe(false);
      expect(verdictMismatches(await declaredVerdicts(example.dir), report.checks)).toEqual([]);
    } finally {
      await proxy.close();
      await server.close();
    }
  });
});
