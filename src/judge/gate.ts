/**
 * The CI gate: which results make the run fail (exit 1).
 */
import { SEVERITIES, type Severity } from '../config/types.js';
import type { CheckResult, GatePolicy, GateResult } from '../model/result.js';



export const DEFAULT_GATE: GatePolicy = { failOn: 'low', strict: false };

/**
 * A failure at or above `failOn` fails the gate, and under `strict` so does an inconclusive result:
 * a gate that must prove conformance cannot go green on "could not tell". An error always fails: a
 * check that broke proved nothing, and a gate must not go green on a tool fault. Waived results never fail.
 */
export function gateFailures(checks: readonly CheckResult[], policy: GatePolicy): CheckResult[] {
  const threshold = SEVERITIES.indexOf(policy.failOn);
  const atOrAbove = (c: CheckResult) => SEVERITIES.indexOf(c.severity) <= threshold;
  return checks.filter(
    (c) => c.verdict === 'error' || (c.verdict === 'fail' && atOrAbove(c)) || (policy.strict && c.verdict === 'inconclusive' && atOrAbove(c)),
  );
}

export function evaluateGate(checks: readonly CheckResult[], policy: GatePolicy): GateResult {
  const failing = gateFailures(checks, policy).map((c) => c.id);
  const waived = gateFailures(
    checks.filter((c) => c.verdict === 'waived').map((c) => ({ ...c, verdict: c.waivedVerdict! })),
    policy,
  ).map((c) => c.id);
  return { ...policy, passed: failing.length === 0, failing, waived };
}
