/**
 * `run --baseline` against a real example target: the same target twice has nothing new; a variant of it
 * (a loopback proxy that adds `Cache-Control: no-store` and strips `HttpOnly` from every Set-Cookie) has
 * exactly one defect fixed and one new, and `--fail-on-new` gates on the new one only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EXAMPLES } from '../../examples/index.js';
import { runCli } from '../e2e/cli.js';
import { validateReport } from '../fixtures/report-schema.js';
import type { RunResult } from '../../src/model/result.js';

const example = EXAMPLES.find((e) => e.name === 'partial')!;

/** The partial example with one defect fixed (no-store) and one added (no HttpOnly). */
async function startVariant(targetUrl: string): Promise<{ url: string; close(): Promise<void> }> {
  const target = new URL(targetUrl);
  const server: Server = createServer((req, res) => {
    const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } }, (up) => {
      const headers: IncomingHttpHeaders = { ...up.headers, 'cache-control': 'no-store' };
      if (headers['set-cookie']) headers['set-cookie'] = headers['set-cookie'].map((c) => c.replace(/;\s*HttpOnly/gi, ''));
      res.writeHead(up.statusCode ?? 502, headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('run --baseline against the partial example', () => {
  let server: { url: string; close(): Promise<void> };
  let variant: { url: string; close(): Promise<void> };
  let tmp: string;
  const config = path.join(example.dir, 'sessionprobe.yaml');
  const run = (url: string, out: string, ...extra: string[]) =>
    runCli(['run', '--config', config, '--base-url', url, '--only-static', '--reporter', 'list,json,junit,sarif,markdown,html', '--out', path.join(tmp, out), ...extra]);
  const report = async (out: string) => JSON.parse(await readFile(path.join(tmp, out, 'report.json'), 'utf8')) as RunResult;
  const sarifFingerprints = async (out: string) => {
    const sarif = JSON.parse(await readFile(path.join(tmp, out, 'report.sarif'), 'utf8')) as { runs: Array<{ results: Array<{ ruleId: string; partialFingerprints: Record<string, string> }> }> };
    return sarif.runs[0]!.results.map((r) => `${r.ruleId} ${JSON.stringify(r.partialFingerprints)}`).sort();
  };

  beforeAll(async () => {
    server = await example.start();
    variant = await startVariant(server.url);
    tmp = await mkdtemp(path.join(tmpdir(), 'sp-baseline-'));
    const first = await run(server.url, 'first');
    expect(first.code, first.stderr).toBe(1);
  }, 120_000);

  afterAll(async () => {
    await variant?.close();
    await server?.close();
    await rm(tmp, { recursive: true, force: true });
  });

  it('the same target again: nothing new, every failure unchanged, and --fail-on-new passes the gate', async () => {
    const again = await run(server.url, 'again', '--baseline', path.join(tmp, 'first/report.json'), '--fail-on-new');
    expect(again.code, again.stderr).toBe(0);
    const result = await report('again');
    expect(validateReport({ schemaVersion: 2, ...result })).toEqual([]);
    const failing = result.checks.filter((c) => c.verdict === 'fail').map((c) => c.id).sort();
    expect(failing.length).toBeGreaterThan(0);
    expect(result.baseline).toMatchObject({ new: [], fixed: [] });
    expect([...result.baseline!.unchanged].sort()).toEqual(failing);
    expect(result.gate).toMatchObject({ passed: true, failOnNew: true });
    expect(again.stderr).toContain('gate: passed (fail-on low, new failures only)');
    // Code scanning follows an alert by its partialFingerprints: the same defects, the same fingerprints.
    const fingerprints = await sarifFingerprints('again');
    expect(fingerprints.length).toBeGreaterThan(0);
    expect(fingerprints).toEqual(await sarifFingerprints('first'));
  }, 120_000);

  it('a variant with one defect fixed and one added: exactly 1 fixed and 1 new, in every report', async () => {
    const changed = await run(variant.url, 'variant', '--baseline', path.join(tmp, 'first/report.json'), '--fail-on-new');
    expect(changed.code, changed.stderr).toBe(1);
    const result = await report('variant');
    expect(result.baseline!.new).toEqual(['cookie.httponly']);
    expect(result.baseline!.fixed.map((f) => f.id)).toEqual(['cache.no-store']);
    expect(result.gate.failing).toEqual(['cookie.httponly']);
    expect(changed.stdout).toMatch(/cookie\.httponly .*\[new\]/);
    expect(changed.stdout).toContain('fixed since the baseline: cache.no-store');
    const junit = await readFile(path.join(tmp, 'variant/junit.xml'), 'utf8');
    expect(junit).toMatch(/<property name="baseline" value="baseline [^"]+: 1 new, \d+ unchanged, 1 fixed"\/>/);
    expect(junit).toContain('new since the baseline');
    const sarif = JSON.parse(await readFile(path.join(tmp, 'variant/report.sarif'), 'utf8')) as { runs: Array<{ results: Array<{ ruleId: string; baselineState?: string }> }> };
    const states = sarif.runs[0]!.results.map((r) => `${r.ruleId}:${r.baselineState}`);
    expect(states).toContain('cookie.httponly:new');
    expect(states.filter((s) => s.endsWith(':new'))).toEqual(['cookie.httponly:new']);
    // Reached through another origin (the variant's port), every defect the two runs share keeps its fingerprint.
    const shared = (fingerprints: string[]) => fingerprints.filter((f) => !/^(cookie\.httponly|cache\.no-store) /.test(f));
    expect(shared(await sarifFingerprints('variant'))).toEqual(shared(await sarifFingerprints('first')));
    expect(await readFile(path.join(tmp, 'variant/summary.md'), 'utf8')).toContain('**Baseline:**');
    expect(await readFile(path.join(tmp, 'variant/report.html'), 'utf8')).toContain('new since the baseline');
  }, 120_000);

  it('rejects a baseline that is not a report.json with a located error and exit 2', async () => {
    const bad = await run(server.url, 'bad', '--baseline', config);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`sessionprobe: ${config}: not JSON`);
    const noBaseline = await run(server.url, 'bad', '--fail-on-new');
    expect(noBaseline.code).toBe(2);
    expect(noBaseline.stderr).toContain('--fail-on-new needs --baseline');
  }, 60_000);
});
