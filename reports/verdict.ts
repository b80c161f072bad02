/**
 * The run's answer to "can we ship?" in one word and a few counts, shared by every reporter: FAILED when
 * the gate failed, PASSED WITH UNVERIFIED CHECKS when it passed but some checks could not decide (or
 * broke), PASSED otherwise. Plain text.
 */
import { SEVERITIES, type Severity } from '../src/config/types.js';
import type { RunResult } from '../src/model/result.js';

export type RunVerdict = 'failed' | 'unverified' | 'passed';

export const RUN_VERDICT_TEXT: Record<RunVerdict, string> = {
  failed: 'FAILED',
  unverified: 'PASSED WITH UNVERIFIED CHECKS',
  passed: 'PASSED',
};

export function runVerdict(result: RunResult): RunVerdict {
  if (!result.gate.passed) return 'failed';
  return result.summary.inconclusive + result.summary.error > 0 ? 'unverified' : 'passed';
}

/** Failing checks per severity, most severe first, severities without failures left out. */
export function failuresBySeverity(result: RunResult): Array<{ severity: Severity; count: number }> {
  return SEVERITIES.map((severity) => ({ severity, count: result.checks.filter((c) => c.verdict === 'fail' && c.severity === severity).length })).filter(
    (s) => s.count > 0,
  );
}

/** `2 critical · 5 high` or `no failures`. */
export function failureCountsLine(result: RunResult): string {
  const counts = failuresBySeverity(result);
  return counts.length ? counts.map((s) => `${s.count} ${s.severity}`).join(' · ') : 'no failures';
}
