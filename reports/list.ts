/**
 * The console report: one line per check, the observation under each one that did not pass, a summary.
 */
import type { Verdict } from '../src/model/check.js';
import type { CheckResult, RunResult } from '../src/model/result.js';
import { visibleControls } from './escape.js';
import { gateLine, headline, isFailure, presetLine, severityNote, toolDefaultsLine, waiverNotes, waiverStatusLine } from './describe.js';
import { formatDuration } from '../src/config/durations.js';

const LABEL: Record<Verdict, { symbol: string; word: string; sgr: string }> = {
  fail: { symbol: '✗', word: 'FAIL', sgr: '31' },
  error: { symbol: '!', word: 'ERROR', sgr: '35' },
  inconclusive: { symbol: '?', word: 'INCONCLUSIVE', sgr: '33' },
  pass: { symbol: '✓', word: 'PASS', sgr: '32' },
  skipped: { symbol: '-', word: 'SKIPPED', sgr: '2' },
  waived: { symbol: '~', word: 'WAIVED', sgr: '36' },
};

const INDENT = ' '.repeat(4);

/** Renders the checks in the order given. */
export function listReport(result: RunResult, opts: { color: boolean }): string {
  const paint = (sgr: string, text: string): string => (opts.color ? `\u001b[${sgr}m${text}\u001b[0m` : text);
  const lines = result.checks.flatMap((check) => checkLines(check, paint));
  for (const n of result.notices) lines.push(paint(n.level === 'info' ? '2' : '1;33', visibleControls(`${n.level === 'critical' ? '!!' : '*'} ${n.message}`)));
  if (result.secretsRevealed) lines.unshift(paint('1;31', 'WARNING: this report shows session IDs in clear (--unsafe-show-secrets)'), '');
  const s = result.summary;
  const summary = `${s.pass} passed, ${s.fail} failed, ${s.waived} waived, ${s.inconclusive} inconclusive, ${s.skipped} skipped, ${s.error} error`;
  lines.push('', `${paint(result.gate.passed ? '32' : '1;31', summary)} in ${formatDuration(result.durationMs)}`);
  const footer = [
    `spec: ${presetLine(result)}`,
    toolDefaultsLine(result),
    ...result.waivers.filter((w) => w.status !== 'applied').map((w) => `waiver ${waiverStatusLine(w)}`),
    `gate: ${gateLine(result)}`,
  ];
  lines.push(...footer.filter((l): l is string => l !== undefined).map((l) => visibleControls(l)));
  if (result.partial) lines.push(paint('1;33', `partial run: ${result.partial.reason}`));
  return lines.join('\n') + '\n';
}

function checkLines(check: CheckResult, paint: (sgr: string, text: string) => string): string[] {
  const label = LABEL[check.verdict];
  const head = `${paint(label.sgr, `${label.symbol} ${label.word.padEnd(12)}`)} ${check.severity.padEnd(8)} ${visibleControls(`${check.id}  ${headline(check)}`)}`;
  if (check.verdict === 'pass') return [head];
  const detail = [
    ...waiverNotes(check),
    ...(isFailure(check) ? [`expected: ${check.expected}`, `observed: ${check.observed}`] : [check.observed]),
    severityNote(check),
  ].filter((d): d is string => d !== undefined);
  // Continuation lines are indented too, so a target's newline cannot forge a line of its own.
  const body = detail.flatMap((text) => visibleControls(text).split('\n')).map((line) => paint('2', INDENT + line));
  return [head, ...body];
}
