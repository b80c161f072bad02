/**
 * The sentences every reporter uses for policy applied on top of verdicts — waivers, severity
 * adjustments, the spec's provenance, the gate — so the console, JUnit, Markdown and HTML say the same.
 * Plain text: each reporter escapes it for its own format.
 */
import type { Waiver } from '../src/config/types.js';
import { isFailure, type CheckResult, type RunResult, type WaiverMatch, type WaiverStatus } from '../src/model/result.js';
import { formatDuration } from '../src/config/durations.js';
import { referenceLink } from '../src/references.js';

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
  const policy = `fail-on ${gate.failOn}${gate.strict ? ', strict' : ''}${gate.failOnNew ? ', new failures only' : ''}`;
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

/**
 * "timeouts planned 1m3s, took 1m5s (+3 %)": the plan's estimate against the time the waits took, one per
 * probe; with each revision made on the way (when, to what, why) and the actual against the last estimate too.
 */
export function scheduleLine(result: RunResult): string | undefined {
  const planned = (result.probeTimings ?? []).flatMap((t) => (t.plannedMs === undefined ? [] : [{ ...t, plannedMs: t.plannedMs }]));
  if (planned.length === 0) return undefined;
  const f = formatDuration;
  const off = (actualMs: number, estimateMs: number) => {
    const pct = Math.round(((actualMs - estimateMs) / estimateMs) * 100);
    return `${pct >= 0 ? '+' : ''}${pct} %`;
  };
  return planned
    .map((t) => {
      const revisions = t.revisions ?? [];
      const revised = revisions.map((r) => `, revised at ${f(r.atMs)} to ${f(r.expectedMs)} (${r.reason})`).join('');
      const last = revisions.at(-1)?.expectedMs;
      const against =
        t.plannedMs <= 0 ? '' : last === undefined ? ` (${off(t.durationMs, t.plannedMs)})` : ` (${off(t.durationMs, last)} against the last estimate, ${off(t.durationMs, t.plannedMs)} against the plan)`;
      return `${t.title} planned ${f(t.plannedMs)}${revised}, took ${f(t.durationMs)}${against}`;
    })
    .join('; ');
}

export function waiverStatusLine(w: WaiverStatus): string {
  const checks = w.checks.length ? ` [${w.checks.join(', ')}]` : '';
  return `${STATUS_WORD[w.status]}${checks} — ${w.check}: ${waiverText(w)}`;
}

export function headline(check: CheckResult): string {
  return isFailure(check) ? check.failureTitle : check.title;
}

/** Where a check's full entry is, from any report beside report.html (or beside the folder `page` is in). */
export function reportAnchor(check: Pick<CheckResult, 'id'>, page = 'report.html'): string {
  return `${page}#${check.id}`;
}

/** One target's part of a report that may cover several (`merge`): its result and where its report.html is. */
export interface ReportSection {
  result: RunResult;
  page: string;
}

/** `new since the baseline`: the baseline state of a failure, when the run had a baseline. */
export function baselineLabel(check: CheckResult): string | undefined {
  return check.baseline && `${check.baseline.state} since the baseline`;
}

/** `baseline (…/report.json, 2026-12-01T…): 1 new, 4 unchanged, 2 fixed`. */
export function baselineLine(result: RunResult): string | undefined {
  const b = result.baseline;
  return b && `baseline ${b.file} (run of ${b.startedAt}): ${b.new.length} new, ${b.unchanged.length} unchanged, ${b.fixed.length} fixed`;
}

/** One line per check the baseline failed and this run passes. */
export function fixedLines(result: RunResult): string[] {
  return (result.baseline?.fixed ?? []).map((f) => `fixed since the baseline: ${f.id} (${f.severity}) ${f.title}`);
}

/** `fix: …` then `fix (django): …` per stack hint: how a plain-text report states the remediation. */
export function fixLines(check: CheckResult): string[] {
  const stacks = Object.entries(check.remediation.stacks ?? {}).map(([stack, hint]) => `fix (${stack}): ${hint}`);
  return [`fix: ${check.remediation.summary}`, ...stacks];
}

/** `WSTG-SESS-02 <https://…>`, or the plain reference when the catalogue has no URL for it. */
export function referenceText(ref: string): string {
  const { label, url } = referenceLink(ref);
  return url ? `${label} <${url}>` : label;
}
