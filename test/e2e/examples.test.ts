/**
 * The CLI against every bundled example target: each verdict the example declares (expected.json) comes
 * out exactly, no check errors, and the gate's exit code follows (leaks.test.ts proves no report leaks a secret).
 * Both read the same shared run per example (test/fixtures/example-runs.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { EXAMPLES } from '../../examples/index.js';
import { declaredVerdicts, verdictMismatches, type Declaration } from '../../examples/expected.js';
import { exampleRun, type ExampleRun } from '../fixtures/example-runs.js';
import { validateReport } from '../fixtures/report-schema.js';
import { junitSchemaErrors } from '../fixtures/junit-xsd.js';
import { gatingElements } from '../fixtures/junit-gate.js';
import { sarifErrors } from '../fixtures/sarif-multitool.js';

// From the other end of the list than leaks.test.ts and report-html.test.ts, which walk it forwards (the
// latter two runs at once): the workers share the runs and meet in the middle.
describe.each([...EXAMPLES].reverse().map((e) => [e.name, e] as const))('example %s', (_name, example) => {
  let shared: ExampleRun;
  let declared: Declaration;

  beforeAll(async () => {
    shared = await exampleRun(example.name);
    declared = await declaredVerdicts(example.dir);
  }, 600_000);

  it('gives every declared check exactly its declared verdict, and no check an error', () => {
    expect(verdictMismatches(declared, shared.report.checks)).toEqual([]);
  });

  it('writes a report.json that satisfies schema/report.schema.json', () => {
    expect(validateReport(shared.report)).toEqual([]);
  });

  it('exits 1 when a check fails at the default --fail-on (low) or above, and 0 otherwise', () => {
    const gating = shared.report.checks.filter((c) => c.verdict === 'fail' && c.severity !== 'info');
    expect(shared.run.code, shared.run.stderr).toBe(gating.length > 0 ? 1 : 0);
  });

  it('shows a <failure> in junit.xml for each failed check and nothing else', async () => {
    const junit = await readFile(path.join(shared.out, 'junit.xml'), 'utf8');
    const failed = shared.report.checks.filter((c) => c.verdict === 'fail').map((c) => c.id).sort();
    const withFailure = [...junit.matchAll(/<testcase name="([^":]+):[^>]*>\s*<failure/g)].map((m) => m[1]).sort();
    expect(withFailure).toEqual(failed);
  });

  it('writes a junit.xml valid against the junit-10 XSD that agrees with the exit code: 0 ⇔ no <failure>/<error> at or above --fail-on', async () => {
    const junit = await readFile(path.join(shared.out, 'junit.xml'), 'utf8');
    expect(await junitSchemaErrors(junit)).toEqual([]);
    // The shared runs gate at the default level; gate-levels.test.ts covers the others, --strict and --fail-on-new.
    expect(shared.run.code === 0, shared.run.stderr).toBe(gatingElements(junit, 'low').length === 0);
  });

  it('writes a report.sarif with one result per distinct failure (validated below, with the other examples\')', async () => {
    const sarif = JSON.parse(await readFile(path.join(shared.out, 'report.sarif'), 'utf8')) as { runs: Array<{ results: Array<{ ruleId: string }> }> };
    const failed = shared.report.checks.filter((c) => c.verdict === 'fail').map((c) => c.id).sort();
    expect([...new Set(sarif.runs[0]!.results.map((r) => r.ruleId))].sort()).toEqual(failed);
  });

  it('drives every timed session to its end (a timeline row with a note is a session that broke)', () => {
    const broken = shared.report.checks.flatMap((c) =>
      (c.timeline?.rows ?? []).filter((r) => r.note !== undefined).map((r) => `${c.id} ${r.label}: ${r.note}`),
    );
    expect(broken).toEqual([]);
  });

  it("warns of no one else on the account: every session it saw end, its own actions or the spec's timeouts ended", () => {
    const { notices } = shared.report as { notices?: Array<{ message: string }> };
    expect((notices ?? []).filter((n) => /Someone else may be using this account/.test(n.message))).toEqual([]);
  });

  it('leaves the account with its original password and no password journal', async () => {
    if (shared.passwordKept !== undefined) expect(shared.passwordKept).toBe(true);
    await expect(readFile(path.join(example.dir, '.sessionprobe', 'journal.json'))).rejects.toThrow(/ENOENT/);
  });
});

describe('the report.sarif of every example', () => {
  it('is valid for the SARIF multitool: 0 errors', async () => {
    // One multitool start for all of them (~1 CPU-second each, 0.4 per file after it); every run is done by now.
    const runs = await Promise.all(EXAMPLES.map((e) => exampleRun(e.name)));
    expect(await sarifErrors(...runs.map((r) => path.join(r.out, 'report.sarif')))).toEqual([]);
  }, 120_000);
});
