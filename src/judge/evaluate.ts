/**
 * Judging one check: hand it exactly the artifacts it requires, or say why it cannot be judged.
 * The runner and the check tests share it, so a check under test sees what it sees in a run.
 */
import type { Spec } from '../config/types.js';
import type { Check, CheckInput, Outcome } from '../model/check.js';
import type { Artifacts, ProbeId } from '../model/artifacts.js';
import type { Exchange } from '../evidence.js';
import type { CheckResult } from '../model/result.js';

/** Why a probe's artifact is absent: its probe broke (a bug: error) or could not observe (inconclusive). */
export interface Unavailable {
  verdict: 'inconclusive' | 'error';
  message: string;
}

/**
 * A missing artifact makes the check inconclusive (error when its probe broke on a bug), naming the
 * artifact and why it is missing; a check that throws is an error.
 */
export function evaluateCheck(
  check: Check,
  evidence: readonly Exchange[],
  artifacts: Artifacts,
  spec: Spec,
  whyMissing: (id: ProbeId) => Unavailable,
): CheckResult {
  const { requires, ...base } = check.meta;
  const missing = requires.find((id) => artifacts[id] === undefined);
  if (missing !== undefined) {
    const { verdict, message } = whyMissing(missing);
    return { ...base, verdict, expected: '—', observed: `required artifact ${missing} missing: ${message}`, findings: [] };
  }
  let result: Outcome;
  try {
    // Every artifact the check requires is present, which is what its narrowed input type states.
    result = check.evaluate({ evidence, artifacts: artifacts as CheckInput['artifacts'] }, spec);
  } catch (error) {
    return { ...base, verdict: 'error', expected: '—', observed: `the check itself failed: ${messageOf(error)}`, findings: [] };
  }
  return { ...base, ...result };
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
