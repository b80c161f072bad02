/**
 * Severity adjustments a spec's preset asks for (NIST: SHOULD-level requirements one step lower, web storage higher),
 * applied to a check's result before the gate looks at it. The result keeps the catalogue severity and
 * the reason, so every report can say why a finding weighs other than the catalogue says.
 */
import { SEVERITIES, type SeverityAdjustment } from '../config/types.js';
import type { CheckResult } from '../model/result.js';

export function adjustSeverity(result: CheckResult, adjustments: readonly SeverityAdjustment[]): CheckResult {
  const adjustment = adjustments.find((a) => a.check === result.id);
  if (!adjustment) return result;
  const index = SEVERITIES.indexOf(result.severity) + (adjustment.direction === 'lower' ? 1 : -1);
  const severity = SEVERITIES[Math.min(SEVERITIES.length - 1, Math.max(0, index))]!;
  if (severity === result.severity) return result;
  return { ...result, severity, severityAdjustment: { from: result.severity, reason: adjustment.reason } };
}
