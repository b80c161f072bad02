/**
 * The CLI against every bundled example target: each check's verdict is exactly the one the example
 * is built to produce, and the gate's exit code follows (leaks.test.ts proves no report leaks a secret).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EXAMPLES } from '../../examples/index.js';
import { runCli, type CliRun } from './cli.js';
import { validateReport } from '../fixtures/report-schema.js';

const PASSWORD = 'correct-horse-battery-staple';

describe.each(EXAMPLES.map((e) => [e.name, e] as const))('example %s', (_name, example) => {
  let server: { url: string; env?: Record<string, string>; close(): Promise<void>; hasPassword?: (user: string, password: string) => boolean };
  let out: string;
  let run: CliRun;
  let report: { checks: Array<{ id: string; verdict: string; severity: string; observed: string }> };
  let expected: Record<string, string>;

  beforeAll(async () => {
    server = await example.start();
    out = await mkdtemp(path.join(tmpdir(), `sp-e2e-${example.name}-`));
    run = await runCli(['run', '--config', path.join(example.dir, 'sessionprobe.yaml'), '--base-url', server.url, '--out', out, '--reporter', 'list,junit,json,html'], {
      env: server.env,
    });
    report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8'));
    // `excluded`: the example's config leaves the check out (checks.include), so the run has no verdict for it.
    const all: Record<string, string> = JSON.parse(await readFile(path.join(example.dir, 'expected.json'), 'utf8')).checks;
    expected = Object.fromEntries(Object.entries(all).filter(([, verdict]) => verdict !== 'excluded'));
    // A login through a browser and an identity provider, with a fresh TOTP code each time, takes a while.
  }, example.browser ? 240_000 : 120_000);

  afterAll(async () => {
    await server?.close();
    await rm(out, { recursive: true, force: true });
  });

  it('gives every check exactly its expected verdict', () => {
    const actual = Object.fromEntries(report.checks.map((c) => [c.id, c.verdict]));
    expect(actual).toEqual(expected);
  });

  it('writes a report.json that satisfies schema/report.schema.json', () => {
    expect(validateReport(report)).toEqual([]);
  });

  it('exits 1 when a check fails at the default --fail-on (low) or above, and 0 otherwise', () => {
    const gating = report.checks.filter((c) => c.verdict === 'fail' && c.severity !== 'info');
    expect(run.code, run.stderr).toBe(gating.length > 0 ? 1 : 0);
  });

  it('shows a <failure> in junit.xml for each failed check and nothing else', async () => {
    const junit = await readFile(path.join(out, 'junit.xml'), 'utf8');
    const failed = Object.entries(expected).filter(([, v]) => v === 'fail').map(([id]) => id).sort();
    const withFailure = [...junit.matchAll(/<testcase name="([^":]+):[^>]*>\s*<failure/g)].map((m) => m[1]).sort();
    expect(withFailure).toEqual(failed);
  });

  it('drives every timed session to its end (a timeline row with a note is a session that broke)', () => {
    const broken = (report.checks as Array<{ id: string; timeline?: { rows: Array<{ label: string; note?: string }> } }>).flatMap((c) =>
      (c.timeline?.rows ?? []).filter((r) => r.note !== undefined).map((r) => `${c.id} ${r.label}: ${r.note}`),
    );
    expect(broken).toEqual([]);
  });

  it('leaves the account with its original password and no password journal', async () => {
    if (server.hasPassword) expect(server.hasPassword('alice', PASSWORD)).toBe(true);
    await expect(readFile(path.join(example.dir, '.sessionprobe', 'journal.json'))).rejects.toThrow(/ENOENT/);
  });
});
