/**
 * The sentences every reporter uses for policy applied on top of verdicts — waivers, severity
 * adjustments, the spec's provenance, the gate — so the console, JUnit, Markdown and HTML say the same.
 * Plain text: each reporter escapes it for its own format.
 */
import type { Waiver } from '../src/config/types.js';
import type { CheckResult, RunResult, WaiverMatch, WaiverStatus } from '../src/model/result.js';

/** `waivers[0] (cookie legacy_sid) by team-auth, until 2026-06-30: reason`. */
export function waiverText(w: Waiver & { index: number }): string {
  const scope = [w.cookie && `cookie ${w.cookie}`, w.url && `url ${w.url}`].filter(Boolean).join(', ');
  return `waivers[${w.index}]${scope ? ` (${scope})` : ''} by ${w.owner}, until ${w.expires}: ${w.reason}`;
}

const MATCH_NOTE: Record<WaiverMatch['status'], (check: CheckResult) => string> = {
  applied: (check) => `waived (the verdict was ${check.waivedVerdict}) by`,
  expired: () => 'NOT waived: this waiver expired —',
  partial: () => 'NOT waived: this waiver covers only some of the findings —',
};

/** One line per waiver that matched the check. */
export function waiverNotes(check: CheckResult): string[] {
  return (check.waivers ?? []).map((w) => `${MATCH_NOTE[w.status](check)} ${waiverText(w)}`);
}

export function severityNote(check: CheckResult): string | undefined {
  const a = check.severityAdjustment;
  return a && `severity ${a.from} → ${check.severity}: ${a.reason}`;
}

/** `nist-aal2 (overrides: store, timeouts.idle)` or `recommended (no overrides)`. */
export function presetLine(result: RunResult): string {
  const { spec } = result;
  return `${spec.preset} (${spec.overrides.length ? `overrides: ${spec.overrides.join(', ')}` : 'no overrides'})`;
}

export function toolDefaultsLine(result: RunResult): string | undefined {
  const { toolDefaults } = result.spec;
  return toolDefaults.length ? `sessionprobe defaults where the standard asks only for a documented value: ${toolDefaults.join(', ')}` : undefined;
}

/** `failed: 2 check(s) at or above low (cookie.secure, …)`, `passed (fail-on medium, strict)`. */
export function gateLine(result: RunResult): string {
  const { gate } = result;
  const policy = `fail-on ${gate.failOn}${gate.strict ? ', strict' : ''}`;
  const waived = gate.waived.length ? `; ${gate.waived.length} waived (${gate.waived.join(', ')})` : '';
  return gate.passed
    ? `passed (${policy})${waived}`
    : `failed (${policy}): ${gate.failing.join(', ')}${waived}`;
}

const STATUS_WORD: Record<WaiverStatus['status'], string> = {
  applied: 'applied',
  partial: 'covers only some findings',
  expired: 'EXPIRED, no longer waiving',
  unused: 'unused: no failing check matched it',
};

export function waiverStatusLine(w: WaiverStatus): string {
  const checks = w.checks.length ? ` [${w.checks.join(', ')}]` : '';
  return `${STATUS_WORD[w.status]}${checks} — ${w.check}: ${waiverText(w)}`;
}

/** A failure, waived or not: shown with its failure title and expected-vs-observed. */
export function isFailure(check: CheckResult): boolean {
  return check.verdict === 'fail' || check.waivedVerdict === 'fail';
}

export function headline(check: CheckResult): string {
  return isFailure(check) ? check.failureTitle : check.title;
}
