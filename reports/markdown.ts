/**
 * summary.md: the run in a few lines of GitHub-flavoured Markdown, for a CI job summary
 * ($GITHUB_STEP_SUMMARY) or a merge-request comment, in the order of report.html: the verdict, the
 * failures with what was expected and observed and how to fix each, the checks that could not be
 * verified, the waived ones; passes and skips fold away. Every target-controlled string goes through
 * markdownText; check ids and verdicts are the tool's own.
 */
import type { Verdict } from '../src/model/check.js';
import type { CheckResult, RunResult } from '../src/model/result.js';
import { markdownText as md } from './escape.js';
import { baselineLabel, baselineLine, fixedLines, gateLine, headline, presetLine, scheduleLine, severityNote, toolDefaultsLine, waiverNotes, waiverStatusLine } from './describe.js';
import { isFailure } from '../src/model/result.js';
import { failureCountsLine, RUN_VERDICT_TEXT, runVerdict } from './verdict.js';
import { revocationMatrixMarkdown } from './revocation-matrix.js';
import { proofLine } from './evidence-text.js';

const MARK: Record<Verdict, string> = {
  fail: '❌ fail',
  error: '💥 error',
  inconclusive: '❔ inconclusive',
  waived: '🔕 waived',
  pass: '✅ pass',
  skipped: '➖ skipped',
};

const ICON = { failed: '❌', unverified: '⚠️', passed: '✅' } as const;

/** The sections that need a reader, in page order, each a table with one row per check. */
const SECTIONS: ReadonlyArray<{ title: string; verdicts: readonly Verdict[]; last: string; cell: (c: CheckResult) => string }> = [
  { title: 'Failures', verdicts: ['fail', 'error'], last: 'How to fix', cell: (c) => md(c.remediation.summary) },
  { title: 'Not verified', verdicts: ['inconclusive'], last: 'Why', cell: (c) => md(c.observed) },
  { title: 'Waived', verdicts: ['waived'], last: 'How to fix', cell: (c) => md(c.remediation.summary) },
];

/** Renders the checks in the order given. */
export function markdownReport(result: RunResult): string {
  const s = result.summary;
  const verdict = runVerdict(result);
  const counts = (['fail', 'error', 'inconclusive', 'waived', 'pass', 'skipped'] as const).map((v) => `${s[v]} ${v}`).join(' · ');
  const lines = [
    `## ${ICON[verdict]} ${RUN_VERDICT_TEXT[verdict]} · sessionprobe: ${md(result.target.baseUrl)}`,
    '',
    `- **Failures:** ${failureCountsLine(result)}`,
    `- **Checks:** ${counts}`,
    `- **Gate:** ${md(gateLine(result))}`,
    `- **Spec:** ${md(presetLine(result))}`,
    ...optional(toolDefaultsLine(result), (l) => `- **Defaults:** ${md(l)}`),
    ...result.spec.severityAdjustments.map((a) => `- **Severity:** \`${a.check}\` ${a.direction === 'lower' ? 'lowered' : 'raised'} one step: ${md(a.reason)}`),
    ...optional(scheduleLine(result), (l) => `- **Waits:** ${md(l)}`),
    ...optional(baselineLine(result), (l) => `- **Baseline:** ${md(l)}`),
    ...fixedLines(result).map((l) => `  - ${md(l)}`),
    ...result.notices.map((n) => `- **Notice (${n.level}):** ${md(n.message)}`),
    '',
  ];
  for (const section of SECTIONS) {
    const checks = result.checks.filter((c) => section.verdicts.includes(c.verdict));
    if (checks.length === 0) continue;
    lines.push(
      `### ${section.title} (${checks.length})`,
      '',
      `| Verdict | Severity | Check | What was observed | ${section.last} |`,
      '| --- | --- | --- | --- | --- |',
      ...checks.map((c) => `${row(c)} ${section.cell(c)} |`),
      '',
    );
  }
  const waivers = result.waivers.filter((w) => w.status !== 'applied');
  if (waivers.length > 0) lines.push('**Waivers that need a look**', '', ...waivers.map((w) => `- ${md(waiverStatusLine(w))}`), '');
  const quiet = result.checks.filter((c) => c.verdict === 'pass' || c.verdict === 'skipped');
  if (quiet.length > 0) {
    lines.push(
      `<details><summary>${quiet.length} passed or skipped</summary>`,
      '',
      '| Verdict | Severity | Check | Title | Evidence |',
      '| --- | --- | --- | --- | --- |',
      ...quiet.map((c) => `| ${MARK[c.verdict]} | ${c.severity} | \`${c.id}\` | ${md(c.verdict === 'skipped' ? `${c.title} — ${c.observed}` : c.title)} | ${md(proofLine(c) ?? '—')} |`),
      '',
      '</details>',
      '',
    );
  }
  lines.push(...revocationMatrixMarkdown(result));
  lines.push(`<sub>sessionprobe ${md(result.tool.version)} · report.html holds the evidence and the fix for each stack; junit.xml and report.json the same results</sub>`, '');
  return lines.join('\n');
}

/** The first four cells of a check that needs attention, up to the section's own last cell. */
function row(check: CheckResult): string {
  const observed = isFailure(check) ? `expected ${check.expected}; observed ${check.observed}` : check.observed;
  const notes = [baselineLabel(check), ...waiverNotes(check), severityNote(check)].filter((n): n is string => n !== undefined);
  const cell = [`**${md(headline(check))}**`, ...(check.verdict === 'inconclusive' ? [] : [md(observed)]), ...notes.map((n) => `_${md(n)}_`)].join('<br>');
  return `| ${MARK[check.verdict]} | ${check.severity} | \`${check.id}\` | ${cell} |`;
}

function optional<T>(value: T | undefined, render: (value: T) => string): string[] {
  return value === undefined ? [] : [render(value)];
}
