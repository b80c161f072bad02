/**
 * junit.xml for CI test views: one <testsuite> per suite, one <testcase> per check. A check that
 * could not decide is an <error>, not a <failure>: CI shows it as broken, not as a finding. A waived
 * check is a <skipped> whose message starts with `waived:` and names the waiver; its body keeps the
 * failure it stands for. Every suite's <properties> state the spec (preset, overrides, sessionprobe
 * defaults, severity adjustments), the waivers and the gate.
 */
import type { CheckResult, RunResult } from '../src/model/result.js';
import { element, serializeXml, type XmlElement } from './xml.js';
import { gateLine, severityNote, waiverNotes, waiverStatusLine, waiverText } from './describe.js';

/** Renders the checks in the order given. */
export function junitReport(result: RunResult): string {
  const suites = new Map<string, CheckResult[]>();
  for (const check of result.checks) suites.set(check.suite, [...(suites.get(check.suite) ?? []), check]);
  const s = result.summary;
  return serializeXml(
    element(
      'testsuites',
      {
        name: 'sessionprobe',
        tests: result.checks.length,
        failures: s.fail,
        errors: s.error + s.inconclusive,
        skipped: s.skipped + s.waived,
        time: seconds(result.durationMs),
        timestamp: result.startedAt,
      },
      [...suites].map(([suite, checks]) => testsuite(result, suite, checks)),
    ),
  );
}

function testsuite(result: RunResult, suite: string, checks: CheckResult[]): XmlElement {
  const count = (...verdicts: CheckResult['verdict'][]): number => checks.filter((c) => verdicts.includes(c.verdict)).length;
  return element(
    'testsuite',
    {
      name: suite,
      tests: checks.length,
      failures: count('fail'),
      errors: count('error', 'inconclusive'),
      skipped: count('skipped', 'waived'),
      // Probes run concurrently and serve several suites, so no per-suite time exists.
      time: 0,
      timestamp: result.startedAt,
    },
    [
      element('properties', {}, runProperties(result)),
      ...checks.map(testcase),
    ],
  );
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
    property('tool.version', result.tool.version),
    ...(result.secretsRevealed ? [property('secrets.revealed', 'true')] : []),
  ];
}

function property(name: string, value: string): XmlElement {
  return element('property', { name, value });
}

function testcase(check: CheckResult): XmlElement {
  // The name uses the title, not the failure title, so a CI's per-test history survives a verdict change.
  const attributes = { name: `${check.id}: ${check.title}`, classname: `sessionprobe.${check.suite}`, time: 0 };
  return element('testcase', attributes, outcomeElements(check));
}

function outcomeElements(check: CheckResult): XmlElement[] {
  switch (check.verdict) {
    case 'pass':
      return [];
    case 'skipped':
      return [element('skipped', { message: check.observed })];
    case 'waived': {
      const applied = (check.waivers ?? []).filter((w) => w.status === 'applied').map(waiverText);
      return [element('skipped', { message: `waived: ${applied.join('; ')}` }, [details(check)])];
    }
    case 'fail': {
      const unwaived = check.waivers?.length ? ` (${waiverNotes(check).join('; ')})` : '';
      return [element('failure', { message: `${check.failureTitle}: expected ${check.expected}; observed ${check.observed}${unwaived}`, type: check.severity }, [details(check)])];
    }
    case 'inconclusive':
    case 'error':
      return [element('error', { message: `${check.verdict}: ${check.observed}`, type: check.verdict }, [details(check)])];
  }
}

function details(check: CheckResult): string {
  const lines = [...waiverNotes(check), `expected: ${check.expected}`, `observed: ${check.observed}`];
  if (check.findings.length > 0) {
    lines.push('findings:');
    for (const f of check.findings) lines.push(`- ${f.message}${f.exchanges.length ? ` (evidence: ${f.exchanges.map((id) => `#${id}`).join(', ')})` : ''}`);
  }
  lines.push(severityNote(check) ?? `severity: ${check.severity}`, `how: ${check.procedure}`);
  if (check.refs.length > 0) lines.push(`references: ${check.refs.join('; ')}`);
  return lines.join('\n');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
