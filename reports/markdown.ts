/**
 * summary.md: the run in a few lines of GitHub-flavoured Markdown, for a CI job summary
 * ($GITHUB_STEP_SUMMARY) or a merge-request comment. What needs attention comes first, with what was
 * expected and observed; passes and skips fold away. Every target-controlled string goes through
 * markdownText; check ids and verdicts are the tool's own.
 */
import type { Verdict } from '../src/model/check.js';
import type { CheckResult, RunResult } from '../src/model/result.js';
import { markdownText as md } from './escape.js';
import { gateLine, headline, isFailure, presetLine, severityNote, toolDefaultsLine, waiverNotes, waiverStatusLine } from './describe.js';

const MARK: Record<Verdict, string> = {
  fail: '❌ fail',
  error: '💥 error',
  inconclusive: '❔ inconclusive',
  waived: '🔕 waived',
  pass: '✅ pass',
  skipped: '➖ skipped',
};

const ATTENTION: readonly Verdict[] = ['fail', 'error', 'inconclusive', 'waived'];

/** Renders the checks in the order given. */
export function markdownReport(result: RunResult): string {
  const s = result.summary;
  const attention = result.checks.filter((c) => ATTENTION.includes(c.verdict));
  const quiet = result.checks.filter((c) => !ATTENTION.includes(c.verdict));
  const counts = (['fail', 'error', 'inconclusive', 'waived', 'pass', 'skipped'] as const).map((v) => `${s[v]} ${v}`).join(' · ');
  const lines = [
    `## ${result.gate.passed ? '✅' : '❌'} sessionprobe: ${md(result.target.baseUrl)}`,
    '',
    `- **Gate:** ${md(gateLine(result))}`,
    `- **Spec:** ${md(presetLine(result))}`,
    ...optional(toolDefaultsLine(result), (l) => `- **Defaults:** ${md(l)}`),
    ...result.spec.severityAdjustments.map((a) => `- **Severity:** \`${a.check}\` ${a.direction === 'lower' ? 'lowered' : 'raised'} one step: ${md(a.reason)}`),
    `- **Checks:** ${counts}`,
    '',
  ];
  if (attention.length > 0) {
    lines.push('| Verdict | Severity | Check | What was observed |', '| --- | --- | --- | --- |', ...attention.map(row), '');
  }
  const waivers = result.waivers.filter((w) => w.status !== 'applied');
  if (waivers.length > 0) lines.push('**Waivers that need a look**', '', ...waivers.map((w) => `- ${md(waiverStatusLine(w))}`), '');
  if (quiet.length > 0) {
    lines.push(
      `<details><summary>${quiet.length} passed or skipped</summary>`,
      '',
      '| Verdict | Severity | Check | Title |',
      '| --- | --- | --- | --- |',
      ...quiet.map((c) => `| ${MARK[c.verdict]} | ${c.severity} | \`${c.id}\` | ${md(c.verdict === 'skipped' ? `${c.title} — ${c.observed}` : c.title)} |`),
      '',
      '</details>',
      '',
    );
  }
  lines.push(`<sub>sessionprobe ${md(result.tool.version)} · report.html and junit.xml hold the evidence</sub>`, '');
  return lines.join('\n');
}

function row(check: CheckResult): string {
  const observed = isFailure(check) ? `expected ${check.expected}; observed ${check.observed}` : check.observed;
  const notes = [...waiverNotes(check), severityNote(check)].filter((n): n is string => n !== undefined);
  const cell = [`**${md(headline(check))}**`, md(observed), ...notes.map((n) => `_${md(n)}_`)].join('<br>');
  return `| ${MARK[check.verdict]} | ${check.severity} | \`${check.id}\` | ${cell} |`;
}

function optional<T>(value: T | undefined, render: (value: T) => string): string[] {
  return value === undefined ? [] : [render(value)];
}
