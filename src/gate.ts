/**
 * The CI gate: which results make the run fail (exit 1).
 */
import { SEVERITIES, type Severity } from './config/types.js';
import type { CheckResult } from './result.js';

/**
 * A failure at or above `failOn` fails the gate. So does an error: a check that broke proved nothing,
 * and a gate must not go green on a tool fault. Inconclusive results are reported, not gated.
 */
export function gateFailures(checks: readonly CheckResult[], failOn: Severity): CheckResult[] {
  const threshold = SEVERITIES.indexOf(failOn);
  return checks.filter((c) => c.verdict === 'error' || (c.verdict === 'fail' && SEVERITIES.indexOf(c.severity) <= threshold));
}
