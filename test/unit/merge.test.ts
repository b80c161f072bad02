import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { writeMergedReports } from '../../reports/index.js';
import { mergeRuns } from '../../src/judge/merge.js';
import type { RunResult } from '../../src/model/result.js';
import { runResultFixture } from '../fixtures/run-result.js';
import { validateReport } from '../fixtures/report-schema.js';

const full = runResultFixture();
const shard = (ids: string[], startOffsetMs: number): RunResult => {
  const checks = full.checks.filter((c) => ids.includes(c.id));
  return {
    ...full,
    startedAt: new Date(Date.parse(full.startedAt) + startOffsetMs).toISOString(),
    finishedAt: new Date(Date.parse(full.finishedAt) + startOffsetMs).toISOString(),
    checks,
    gate: { ...full.gate, failing: full.gate.failing.filter((id) => ids.includes(id)) },
    summary: { ...full.summary },
  };
};

describe('mergeRuns', () => {
  const a = shard(['logout.server-revocation', 'cookie.secure', 'cache.no-store'], 0);
  const b = shard(['fixation.rotate-on-login', 'cookie.httponly', 'cache.no-store'], 60_000);

  it('merges shards of one target: every check once, counts and gate over all of them', () => {
    const [merged, ...rest] = mergeRuns([a, b]);
    expect(rest).toEqual([]);
    expect(merged!.checks.map((c) => c.id).sort()).toEqual(['cache.no-store', 'cookie.httponly', 'cookie.secure', 'fixation.rotate-on-login', 'logout.server-revocation']);
    expect(merged!.summary).toMatchObject({ fail: 3, pass: 1, skipped: 1 });
    expect(merged!.gate.passed).toBe(false);
    expect([...merged!.gate.failing].sort()).toEqual(['cookie.secure', 'fixation.rotate-on-login', 'logout.server-revocation']);
    expect(merged!.startedAt).toBe(a.startedAt);
    expect(merged!.finishedAt).toBe(b.finishedAt);
    expect(merged!.durationMs).toBe(60_000 + full.durationMs);
    expect(validateReport({ schemaVersion: 2, ...merged })).toEqual([]);
  });

  it('renumbers the second shard’s evidence so each finding still points at its own exchanges', () => {
    const [merged] = mergeRuns([a, b]);
    const ids = merged!.evidence.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    const fixation = merged!.checks.find((c) => c.id === 'fixation.rotate-on-login')!;
    const original = full.checks.find((c) => c.id === 'fixation.rotate-on-login')!;
    const byId = (evidence: RunResult['evidence'], id: number) => evidence.find((e) => e.id === id);
    original.findings[0]!.exchanges.forEach((id, i) => {
      const before = byId(full.evidence, id);
      const after = byId(merged!.evidence, fixation.findings[0]!.exchanges[i]!);
      expect(after?.step).toBe(before?.step);
      expect(fixation.findings[0]!.exchanges[i]).toBeGreaterThan(full.evidence.length);
    });
    expect(merged!.evidence.find((e) => e.step === 'logout: follow redirect' && e.id > 10)!.redirectOf).toBe(17);
  });

  it('keeps runs of different targets apart, in the order given', () => {
    const other = { ...b, target: { baseUrl: 'http://127.0.0.1:9' } };
    const merged = mergeRuns([a, other, b]);
    expect(merged.map((r) => r.target.baseUrl)).toEqual([full.target.baseUrl, 'http://127.0.0.1:9']);
    expect(merged[1]).toBe(other);
  });
});

describe('writeMergedReports', () => {
  it('writes each target under targets/, the combined reports at the top, and the job summary once per target', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sp-merged-'));
    try {
      const summaryFile = path.join(dir, 'step-summary.md');
      const other = { ...full, target: { baseUrl: 'http://127.0.0.1:9' } };
      const sink = new Writable({ write: (_c, _e, done) => done() });
      const files = await writeMergedReports([full, other], path.join(dir, 'out'), ['junit', 'markdown', 'html'], sink, { GITHUB_STEP_SUMMARY: summaryFile, NO_COLOR: '1' });
      expect(files.map((f) => path.relative(dir, f)).sort()).toEqual(
        [
          'out/targets/1-127.0.0.1-43117/junit.xml',
          'out/targets/1-127.0.0.1-43117/summary.md',
          'out/targets/1-127.0.0.1-43117/report.html',
          'out/targets/2-127.0.0.1-9/junit.xml',
          'out/targets/2-127.0.0.1-9/summary.md',
          'out/targets/2-127.0.0.1-9/report.html',
          'out/junit.xml',
          'out/summary.md',
          'out/report.html',
          'step-summary.md',
        ].sort(),
      );
      const summary = await readFile(summaryFile, 'utf8');
      expect(summary.match(/^## ❌ FAILED · sessionprobe: /gm)).toHaveLength(2);
      const index = await readFile(path.join(dir, 'out/report.html'), 'utf8');
      expect(index).not.toMatch(/<script|<img/i);
      expect(index).toContain('href="targets/2-127.0.0.1-9/report.html"');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
