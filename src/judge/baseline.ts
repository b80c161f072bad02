/**
 * Comparing a run with an earlier one (`run --baseline PREVIOUS/report.json`): each failure is `new` or
 * `unchanged` by its stable fingerprint (src/fingerprint.ts), and each earlier failure that now passes is
 * `fixed`. With `--fail-on-new` the gate counts only new failures, so a team can adopt the tool on an old
 * application without a permanently red CI, and still be stopped by every regression.
 */
import type { BaselineState, BaselineSummary, CheckResult, RunResult } from '../model/result.js';
import { evaluateGate } from './gate.js';
import { withFingerprints } from './fingerprint.js';
import { isFailure } from '../model/result.js';

/**
 * A failure is unchanged when the baseline failed the same check with every finding it has now; a
 * finding the baseline did not have makes the whole check new, so the gate sees the regression.
 */
export function applyBaseline(result: RunResult, previous: RunResult, file: string): RunResult {
  const before = new Map(previous.checks.filter(isFailure).map((c) => [c.id, new Set(withFingerprints(c).fingerprints!.findings)]));
  const checks = result.checks.map((check): CheckResult => {
    if (!isFailure(check)) return check;
    const known = before.get(check.id);
    const prints = withFingerprints(check).fingerprints!.findings;
    const findings = prints.map((fp): BaselineState => (known?.has(fp) ? 'unchanged' : 'new'));
    const state: BaselineState = known && !findings.includes('new') ? 'unchanged' : 'new';
    return { ...check, baseline: { state, findings } };
  });
  const now = new Map(checks.map((c) => [c.id, c]));
  const baseline: BaselineSummary = {
    file,
    startedAt: previous.startedAt,
    new: checks.filter((c) => c.baseline?.state === 'new').map((c) => c.id),
    unchanged: checks.filter((c) => c.baseline?.state === 'unchanged').map((c) => c.id),
    fixed: previous.checks.filter((c) => isFailure(c) && now.get(c.id)?.verdict === 'pass').map(({ id, title, severity }) => ({ id, title, severity })),
  };
  return { ...result, checks, baseline, gate: evaluateGate(checks, result.gate) };
}
