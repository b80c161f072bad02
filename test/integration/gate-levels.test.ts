/**
 * junit.xml agrees with the exit code at every `--fail-on` level, with and without --strict and
 * --fail-on-new, through the real CLI against the bundled examples: exit 0 ⇔ no <failure>/<error> at or
 * above --fail-on (test/fixtures/junit-gate.ts reads that from the XML alone). The vulnerable example's
 * static checks fail at high, medium, low and info; the conformant example's timeout checks are
 * inconclusive at high, medium and low (their 30m and 8h do not fit the wait budget), which --strict
 * counts only at or above --fail-on. examples.test.ts asserts the same at the default level over every example.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EXAMPLES } from '../../examples/index.js';
import { SEVERITIES, type Severity } from '../../src/config/types.js';
import { runCli, type CliRun } from '../e2e/cli.js';
import { junitSchemaErrors } from '../fixtures/junit-xsd.js';
import { gatingElements } from '../fixtures/junit-gate.js';

const example = (name: string) => EXAMPLES.find((e) => e.name === name)!;

interface Gated {
  run: CliRun;
  junit: string;
}

describe('junit.xml and the exit code agree at every --fail-on level', () => {
  const servers = new Map<string, { url: string; close(): Promise<void> }>();
  let tmp: string;
  const runs = new Map<string, Gated>();

  async function gate(name: string, key: string, ...extra: string[]): Promise<Gated> {
    const out = path.join(tmp, key);
    const config = path.join(example(name).dir, 'sessionprobe.yaml');
    const run = await runCli(['run', '--config', config, '--base-url', servers.get(name)!.url, '--reporter', 'json,junit', '--out', out, ...extra]);
    expect(run.code, run.stderr).toBeLessThan(2);
    return { run, junit: await readFile(path.join(out, 'junit.xml'), 'utf8') };
  }

  /** One target's runs one after another: two runs on one account would refuse each other (run lock). */
  async function series(name: string, variants: Array<[key: string, args: string[]]>): Promise<void> {
    for (const [key, args] of variants) runs.set(key, await gate(name, key, ...args));
  }

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), 'sp-gate-levels-'));
    for (const name of ['vulnerable', 'conformant', 'partial']) servers.set(name, await example(name).start());
    await Promise.all([
      series('vulnerable', SEVERITIES.map((level) => [`vulnerable-${level}`, ['--only-static', '--fail-on', level]])),
      series('conformant', SEVERITIES.map((level) => [`conformant-strict-${level}`, ['--suite', 'timeout', '--strict', '--fail-on', level]])),
      series('partial', [
        ['partial-first', ['--only-static']],
        ['partial-again', ['--only-static', '--baseline', path.join(tmp, 'partial-first', 'report.json'), '--fail-on-new']],
      ]),
    ]);
  }, 300_000);

  afterAll(async () => {
    for (const server of servers.values()) await server.close();
    await rm(tmp, { recursive: true, force: true });
  });

  const agrees = ({ run, junit }: Gated, failOn: Severity, options?: { failOnNew?: boolean }) => {
    expect(run.code === 0, `${run.stderr}\ngating: ${gatingElements(junit, failOn, options).join('; ')}`).toBe(gatingElements(junit, failOn, options).length === 0);
  };

  // Both sides of each level: the run that exits 0 has failures below it, the one that exits 1 at or above.
  const VULNERABLE_EXIT: Record<Severity, number> = { critical: 0, high: 1, medium: 1, low: 1, info: 1 };
  it.each(SEVERITIES.map((level) => [level]))('vulnerable, static checks, --fail-on %s', async (level) => {
    const gated = runs.get(`vulnerable-${level}`)!;
    expect(await junitSchemaErrors(gated.junit)).toEqual([]);
    expect(gated.run.code, gated.run.stderr).toBe(VULNERABLE_EXIT[level]);
    agrees(gated, level);
    expect(gated.junit).toMatch(/<failure [^>]*type="high"/);
  });

  const CONFORMANT_STRICT_EXIT: Record<Severity, number> = { critical: 0, high: 1, medium: 1, low: 1, info: 1 };
  it.each(SEVERITIES.map((level) => [level]))('conformant, timeout suite, --strict --fail-on %s: only gating inconclusive checks are failures', async (level) => {
    const gated = runs.get(`conformant-strict-${level}`)!;
    expect(await junitSchemaErrors(gated.junit)).toEqual([]);
    expect(gated.run.code, gated.run.stderr).toBe(CONFORMANT_STRICT_EXIT[level]);
    agrees(gated, level);
    const failures = (gated.junit.match(/<failure [^>]*type="inconclusive"/g) ?? []).length;
    const skipped = (gated.junit.match(/<skipped message="inconclusive: /g) ?? []).length;
    expect(failures + skipped).toBe(3);
    // timeout.idle is high, timeout.absolute medium, timeout.sliding low.
    expect(failures).toBe({ critical: 0, high: 1, medium: 2, low: 3, info: 3 }[level]);
  });

  it('partial, --baseline of an identical run with --fail-on-new: exit 0, and every <failure> is listed unchanged', async () => {
    const first = runs.get('partial-first')!;
    const again = runs.get('partial-again')!;
    expect(first.run.code, first.run.stderr).toBe(1);
    agrees(first, 'low');
    expect(await junitSchemaErrors(again.junit)).toEqual([]);
    expect(again.run.code, again.run.stderr).toBe(0);
    expect(gatingElements(again.junit, 'low')).not.toEqual([]);
    agrees(again, 'low', { failOnNew: true });
  });
});
