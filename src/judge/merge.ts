/**
 * `sessionprobe merge`: several runs as one. Runs of the same target (shards: `--suite timeout` on one CI
 * runner, the rest on another) become one result; runs of different targets (a CI matrix) stay one result
 * each, in the order first given, so every report gives each target its own section.
 */
import type { Exchange } from '../evidence.js';
import { summarize, type CheckResult, type RunResult, type WaiverStatus } from '../model/result.js';
import { evaluateGate } from './gate.js';

/** One result per target, shards of a target merged. */
export function mergeRuns(runs: readonly RunResult[]): RunResult[] {
  const byTarget = new Map<string, RunResult[]>();
  for (const run of runs) byTarget.set(run.target.baseUrl, [...(byTarget.get(run.target.baseUrl) ?? []), run]);
  return [...byTarget.values()].map((shards) => (shards.length === 1 ? shards[0]! : mergeShards(shards)));
}

/**
 * The shards' checks side by side (a check run by several shards: the first that decided something, i.e.
 * was not skipped), their evidence renumbered so every finding still points at its own exchanges, the
 * gate evaluated again over all checks with the first shard's policy.
 */
function mergeShards(shards: readonly RunResult[]): RunResult {
  const renumbered = renumber(shards);
  const checks = new Map<string, CheckResult>();
  for (const shard of renumbered) {
    for (const check of shard.checks) {
      const seen = checks.get(check.id);
      if (!seen || (seen.verdict === 'skipped' && check.verdict !== 'skipped')) checks.set(check.id, check);
    }
  }
  const [first] = renumbered as [RunResult, ...RunResult[]];
  const started = Math.min(...shards.map((s) => Date.parse(s.startedAt)));
  const finished = Math.max(...shards.map((s) => Date.parse(s.finishedAt)));
  const merged = [...checks.values()];
  const partial = shards.filter((s) => s.partial).map((s) => s.partial!.reason);
  const traces = shards.flatMap((s) => s.traces ?? []);
  return {
    ...first,
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date(finished).toISOString(),
    durationMs: finished - started,
    checks: merged,
    probeTimings: renumbered.flatMap((s) => s.probeTimings ?? []),
    waivers: mergeWaivers(shards.flatMap((s) => s.waivers)),
    gate: evaluateGate(merged, first.gate),
    evidence: renumbered.flatMap((s) => s.evidence),
    notices: shards.flatMap((s) => s.notices),
    summary: summarize(merged),
    ...(traces.length > 0 && { traces }),
    ...(partial.length > 0 && { partial: { reason: partial.join('; ') } }),
    ...(shards.some((s) => s.baseline) && { baseline: mergeBaselines(shards) }),
  };
}

/** Exchange ids restart at 1 in every run: shift each shard's past the previous ones. */
function renumber(shards: readonly RunResult[]): RunResult[] {
  let offset = 0;
  return shards.map((shard) => {
    const shift = offset;
    offset += Math.max(0, ...shard.evidence.map((e) => e.id));
    if (shift === 0) return shard;
    const id = (n: number) => n + shift;
    const evidence: Exchange[] = shard.evidence.map((e) => ({ ...e, id: id(e.id), ...(e.redirectOf !== undefined && { redirectOf: id(e.redirectOf) }) }));
    const checks = shard.checks.map((c) => ({
      ...c,
      findings: c.findings.map((f) => ({ ...f, exchanges: f.exchanges.map(id) })),
      ...(c.timeline && {
        timeline: { ...c.timeline, rows: c.timeline.rows.map((r) => ({ ...r, marks: r.marks.map((m) => (m.exchange === undefined ? m : { ...m, exchange: id(m.exchange) })) })) },
      }),
    }));
    return { ...shard, evidence, checks };
  });
}

const WAIVER_RANK: Record<WaiverStatus['status'], number> = { applied: 0, partial: 1, expired: 2, unused: 3 };

/** The same waivers come from every shard's config: one entry each, with what any shard made of it. */
function mergeWaivers(all: readonly WaiverStatus[]): WaiverStatus[] {
  const byIndex = new Map<number, WaiverStatus>();
  for (const w of all) {
    const seen = byIndex.get(w.index);
    const checks = [...new Set([...(seen?.checks ?? []), ...w.checks])];
    const status = seen && WAIVER_RANK[seen.status] < WAIVER_RANK[w.status] ? seen.status : w.status;
    byIndex.set(w.index, { ...(seen ?? w), status, checks });
  }
  return [...byIndex.values()];
}

function mergeBaselines(shards: readonly RunResult[]): NonNullable<RunResult['baseline']> {
  const parts = shards.flatMap((s) => (s.baseline ? [s.baseline] : []));
  return {
    file: [...new Set(parts.map((b) => b.file))].join(', '),
    startedAt: parts[0]!.startedAt,
    new: parts.flatMap((b) => b.new),
    unchanged: parts.flatMap((b) => b.unchanged),
    fixed: parts.flatMap((b) => b.fixed),
  };
}

/** Every target's gate passed. */
export function allPassed(results: readonly RunResult[]): boolean {
  return results.every((r) => r.gate.passed);
}

