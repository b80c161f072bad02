/**
 * junit.xml for CI test views (Jenkins xunit, GitLab, GitHub test-report actions), valid against the
 * junit-10 XSD. One <testsuite> per suite, one <testcase> per check, and the elements agree with the
 * gate: a fail is a <failure>; an inconclusive check is a <skipped> whose message starts with
 * `inconclusive:` (under --strict, at or above --fail-on, a <failure type="inconclusive">, as the gate
 * counts it); <error> only when the tool itself broke. A waived check is a <skipped> whose message
 * starts with `waived:` and whose body keeps the failure it stands for. Bodies are readable without
 * report.html: the deciding exchanges as text, the fix, the anchor of the check in report.html;
 * <system-out> holds the procedure and the measured values. Every suite's <properties> state the spec,
 * the waivers and the gate; its own <system-out> carries the run's notices.
 */
import type { CheckResult, RunResult } from '../src/model/result.js';
import { element, serializeXml, type XmlElement } from './xml.js';
import { baselineLabel, baselineLine, fixLines, fixedLines, gateLine, referenceText, reportAnchor, type ReportSection, severityNote, waiverNotes, waiverStatusLine, waiverText } from './describe.js';
import { decidingExchanges, proofLine } from './evidence-text.js';
import { gateFailures } from '../src/judge/gate.js';

type CaseKind = 'pass' | 'failure' | 'error' | 'skipped';

/** Renders the checks in the order given. */
export function junitReport(result: RunResult): string {
  return junitLog([{ result, page: 'report.html' }]);
}

/** Several targets (`merge`): each target's suites, named with the target so CI views keep them apart. */
export function junitLog(sections: readonly ReportSection[]): string {
  const named = sections.length > 1;
  const all = sections.flatMap(({ result }) => result.checks.map((check) => caseKind(result, check)));
  const count = (kind: CaseKind) => all.filter((k) => k === kind).length;
  const time = sections.reduce((sum, { result }) => sum + result.durationMs, 0);
  return serializeXml(
    element(
      'testsuites',
      { name: 'sessionprobe', tests: all.length, failures: count('failure'), errors: count('error'), time: seconds(time) },
      sections.flatMap((section) => {
        const suites = new Map<string, CheckResult[]>();
        for (const check of section.result.checks) suites.set(check.suite, [...(suites.get(check.suite) ?? []), check]);
        return [...suites].map(([suite, checks]) => testsuite(section, named ? `${suite} (${section.result.target.baseUrl})` : suite, checks));
      }),
    ),
  );
}

/** What a check becomes in JUnit terms, following the gate policy the run used. */
function caseKind(result: RunResult, check: CheckResult): CaseKind {
  switch (check.verdict) {
    case 'pass':
      return 'pass';
    case 'fail':
      return 'failure';
    case 'error':
      return 'error';
    case 'inconclusive':
      // Under --strict only where the gate counts it (at or above --fail-on): a <failure> the gate
      // ignores would show a passing gate as failed tests.
      return gateFailures([check], result.gate).length > 0 ? 'failure' : 'skipped';
    case 'skipped':
    case 'waived':
      return 'skipped';
  }
}

function tally(result: RunResult, checks: readonly CheckResult[]): Record<CaseKind, number> {
  const totals: Record<CaseKind, number> = { pass: 0, failure: 0, error: 0, skipped: 0 };
  for (const check of checks) totals[caseKind(result, check)]++;
  return totals;
}

function testsuite(section: ReportSection, suite: string, checks: CheckResult[]): XmlElement {
  const { result } = section;
  const totals = tally(result, checks);
  return element(
    'testsuite',
    {
      name: suite,
      tests: checks.length,
      failures: totals.failure,
      errors: totals.error,
      skipped: totals.skipped,
      time: seconds(suiteTime(result, checks)),
      timestamp: result.startedAt,
    },
    [element('properties', {}, runProperties(result)), ...checks.map((c) => testcase(section, c)), ...runNotices(result)],
  );
}

/** The run's notices (a password left changed, someone else using the account), in every suite: each suite's verdicts may rest on them. */
function runNotices(result: RunResult): XmlElement[] {
  if (result.notices.length === 0) return [];
  return [element('system-out', {}, [result.notices.map((n) => `notice (${n.level}): ${n.message}`).join('\n')])];
}

/** The wall time of the distinct probes behind a suite's checks (probes serve several checks and suites). */
function suiteTime(result: RunResult, checks: readonly CheckResult[]): number {
  const probes = new Set(checks.flatMap((c) => c.probes ?? []));
  return (result.probeTimings ?? []).filter((t) => probes.has(t.probe)).reduce((sum, t) => sum + t.durationMs, 0);
}

function runProperties(result: RunResult): XmlElement[] {
  const { spec } = result;
  return [
    property('target', result.target.baseUrl),
    property('spec.preset', spec.preset),
    property('spec.overrides', spec.overrides.join(', ')),
    property('spec.toolDefaults', spec.toolDefaults.join(', ')),
    ...spec.severityAdjustments.map((a) => property(`spec.severity.${a.check}`, `${a.direction} one step: ${a.reason}`)),
    ...result.waivers.map((w) => property(`waiver.${w.index}`, waiverStatusLine(w))),
    property('gate', gateLine(result)),
    ...optional(baselineLine(result), (line) => property('baseline', line)),
    // The state of each failing check, for a CI reader: under --fail-on-new an unchanged failure does not gate.
    ...(result.baseline ? [property('baseline.new', result.baseline.new.join(', ')), property('baseline.unchanged', result.baseline.unchanged.join(', '))] : []),
    ...fixedLines(result).map((line, i) => property(`baseline.fixed.${i}`, line)),
    property('tool.version', result.tool.version),
    ...(result.secretsRevealed ? [property('secrets.revealed', 'true')] : []),
  ];
}

function optional<T>(value: T | undefined, render: (value: T) => XmlElement): XmlElement[] {
  return value === undefined ? [] : [render(value)];
}

function property(name: string, value: string): XmlElement {
  return element('property', { name, value });
}

function testcase(section: ReportSection, check: CheckResult): XmlElement {
  // The name uses the title, not the failure title, so a CI's per-test history survives a verdict change.
  const attributes = { name: `${check.id}: ${check.title}`, classname: `sessionprobe.${check.suite}`, time: seconds(check.durationMs ?? 0) };
  return element('testcase', attributes, [...outcomeElements(section, check), element('system-out', {}, [systemOut(check)])]);
}

function outcomeElements(section: ReportSection, check: CheckResult): XmlElement[] {
  const { result } = section;
  const body = [details(section, check)];
  const kind = caseKind(result, check);
  switch (check.verdict) {
    case 'pass':
      return [];
    case 'skipped':
      return [element('skipped', { message: check.observed }, body)];
    case 'waived': {
      const applied = (check.waivers ?? []).filter((w) => w.status === 'applied').map(waiverText);
      return [element('skipped', { message: `waived: ${applied.join('; ')}` }, body)];
    }
    case 'fail': {
      const unwaived = check.waivers?.length ? ` (${waiverNotes(check).join('; ')})` : '';
      return [element('failure', { message: `${check.failureTitle}: expected ${check.expected}; observed ${check.observed}${unwaived}`, type: check.severity }, body)];
    }
    case 'inconclusive': {
      const message = `inconclusive: ${check.observed}`;
      return [kind === 'failure' ? element('failure', { message, type: 'inconclusive' }, body) : element('skipped', { message }, body)];
    }
    case 'error':
      return [element('error', { message: `the check broke: ${check.observed}`, type: 'error' }, body)];
  }
}

function details({ result, page }: ReportSection, check: CheckResult): string {
  const lines = [...waiverNotes(check)];
  const label = baselineLabel(check);
  if (label) lines.push(label);
  lines.push(`expected: ${check.expected}`, `observed: ${check.observed}`);
  if (check.findings.length > 0) {
    lines.push('findings:');
    for (const f of check.findings) lines.push(`- ${f.message}`);
  }
  const exchanges = decidingExchanges(check, result.evidence);
  if (exchanges.length > 0) lines.push('', 'deciding exchanges:', ...exchanges, '');
  lines.push(...fixLines(check));
  lines.push(severityNote(check) ?? `severity: ${check.severity}`);
  if (check.refs.length > 0) lines.push(`references: ${check.refs.map(referenceText).join('; ')}`);
  lines.push(`details: ${reportAnchor(check, page)}`);
  return lines.join('\n');
}

function systemOut(check: CheckResult): string {
  const lines = [`procedure: ${check.procedure}`];
  const measured = Object.entries(check.measured ?? {});
  if (measured.length > 0) lines.push('measured:', ...measured.map(([k, v]) => `  ${k}: ${v === null ? '—' : String(v)}`));
  const proof = proofLine(check);
  if (proof) lines.push(`evidence: ${proof}`);
  if (check.probes?.length) lines.push(`probes: ${check.probes.join(', ')} (${seconds(check.durationMs ?? 0)} s)`);
  return lines.join('\n');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
