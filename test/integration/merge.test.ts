/**
 * `sessionprobe merge` over real runs: two shards of the partial example (cookie checks on one "runner",
 * cache and token checks on another) become one report; the partial and conformant examples (a CI
 * matrix) become one set of reports with a section per target. Every output is valid (JUnit XSD, SARIF
 * multitool, report schema) and the exit code is the gate over all of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EXAMPLES } from '../../examples/index.js';
import { runCli } from '../e2e/cli.js';
import { validateMergedReport, validateReport } from '../fixtures/report-schema.js';
import { junitSchemaErrors } from '../fixtures/junit-xsd.js';
import { sarifErrors } from '../fixtures/sarif-multitool.js';
import type { RunResult } from '../../src/model/result.js';

const partial = EXAMPLES.find((e) => e.name === 'partial')!;
const conformant = EXAMPLES.find((e) => e.name === 'conformant')!;

describe('sessionprobe merge', () => {
  const servers: Array<{ url: string; close(): Promise<void> }> = [];
  let tmp: string;
  const read = (...parts: string[]) => readFile(path.join(tmp, ...parts), 'utf8');
  const run = (example: typeof partial, url: string, out: string, ...extra: string[]) =>
    runCli(['run', '--config', path.join(example.dir, 'sessionprobe.yaml'), '--base-url', url, '--only-static', '--reporter', 'json', '--out', path.join(tmp, out), ...extra]);

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), 'sp-merge-'));
    servers.push(await partial.start(), await conformant.start());
    // The two shards share one account, so they run one after the other (the run lock refuses a second
    // run on an account, as it should); the other target runs alongside.
    const shards = (async () => [
      await run(partial, servers[0]!.url, 'shard-1', '--suite', 'cookie'),
      await run(partial, servers[0]!.url, 'shard-2', '--suite', 'cache,token'),
    ])();
    const runs = (await Promise.all([shards, run(conformant, servers[1]!.url, 'conformant').then((r) => [r])])).flat();
    for (const r of runs) expect(r.code, r.stderr).not.toBe(2);
  }, 120_000);

  afterAll(async () => {
    for (const s of servers) await s.close();
    await rm(tmp, { recursive: true, force: true });
  });

  it('merges shards of one target into one report whose checks are both shards’ and whose gate covers them', async () => {
    const merged = await runCli(['merge', path.join(tmp, 'shard-1/report.json'), path.join(tmp, 'shard-2/report.json'), '--out', path.join(tmp, 'merged-shards')]);
    expect(merged.code, merged.stderr).toBe(1);
    const [one, two, result] = await Promise.all(['shard-1', 'shard-2', 'merged-shards'].map(async (d) => JSON.parse(await read(d, 'report.json')) as RunResult));
    expect(validateReport(result)).toEqual([]);
    expect(result!.checks.map((c) => c.id).sort()).toEqual([...one!.checks, ...two!.checks].map((c) => c.id).sort());
    expect(result!.evidence).toHaveLength(one!.evidence.length + two!.evidence.length);
    for (const c of result!.checks) for (const f of c.findings) for (const id of f.exchanges) expect(result!.evidence.some((e) => e.id === id)).toBe(true);
    expect(result!.gate.failing).toEqual(['cache.no-store']);
    expect(result!.checks.find((c) => c.id === 'cookie.name-fingerprint')!.verdict).toBe('fail');
    expect(await junitSchemaErrors(await read('merged-shards', 'junit.xml'))).toEqual([]);
    expect(await sarifErrors(path.join(tmp, 'merged-shards/report.sarif'))).toEqual([]);
    expect(merged.stdout).toMatch(/✗ FAIL +medium +cache\.no-store/);
  }, 120_000);

  it('merges many targets with a section each; exit 1 because one target fails', async () => {
    const merged = await runCli(['merge', path.join(tmp, 'shard-1/report.json'), path.join(tmp, 'shard-2/report.json'), path.join(tmp, 'conformant/report.json'), '--out', path.join(tmp, 'matrix')]);
    expect(merged.code, merged.stderr).toBe(1);
    expect(merged.stderr).toContain(`gate: ${servers[1]!.url}: passed`);
    expect(merged.stderr).toContain(`gate: ${servers[0]!.url}: failed`);
    const index = await read('matrix', 'report.html');
    expect(index).toContain('2 targets, gate <span class="failed">failed</span>');
    expect(index).toMatch(/href="targets\/1-127\.0\.0\.1-\d+\/report\.html"/);
    const json = JSON.parse(await read('matrix', 'report.json')) as { targets: Array<Record<string, unknown>> };
    expect(json.targets).toHaveLength(2);
    expect(validateMergedReport(json)).toEqual([]);
    for (const t of json.targets) expect(validateReport(t)).toEqual([]);
    // The schema of the index holds each target to report.json's own schema, located by JSON path.
    expect(validateMergedReport({ targets: [json.targets[0], { ...json.targets[1], checks: 'none' }] })).toContain('/targets/1/checks: must be array');
    expect(validateMergedReport({ ...json, merged: true })).toContain('/: must NOT have additional properties');
    const junit = await read('matrix', 'junit.xml');
    expect(await junitSchemaErrors(junit)).toEqual([]);
    expect(junit).toContain(`<testsuite name="cookie (${servers[1]!.url})"`);
    expect(junit).toMatch(/details: targets\/2-127\.0\.0\.1-\d+\/report\.html#[a-z]/);
    const sarifFile = path.join(tmp, 'matrix/report.sarif');
    expect(await sarifErrors(sarifFile)).toEqual([]);
    const runs = (JSON.parse(await readFile(sarifFile, 'utf8')) as { runs: Array<{ automationDetails: { id: string } }> }).runs;
    expect(runs.map((r) => r.automationDetails.id)).toEqual(servers.map((s) => `sessionprobe/${new URL(s.url).host}/`));
    const md = await read('matrix', 'summary.md');
    expect(md.match(/^## .* sessionprobe: /gm)).toHaveLength(2);
    await readFile(path.join(tmp, 'matrix/targets/2-127.0.0.1-' + new URL(servers[1]!.url).port + '/report.html'), 'utf8');
  }, 120_000);

  it('rejects a file that is not a report.json with the file, the JSON path and exit 2', async () => {
    const bad = path.join(tmp, 'bad.json');
    await writeFile(bad, JSON.stringify({ ...JSON.parse(await read('conformant', 'report.json')), checks: 'none' }));
    const merged = await runCli(['merge', bad, '--out', path.join(tmp, 'bad-out')]);
    expect(merged.code).toBe(2);
    expect(merged.stderr).toContain(`sessionprobe: ${bad}: not a sessionprobe report.json`);
    expect(merged.stderr).toContain('/checks: must be array');
    expect(merged.stderr).not.toMatch(/\n\s+at /);
  });
});
