/**
 * The revocation matrix as an HTML section and a Markdown table: one row per event, artifact and
 * scope, with the observed outcome, the measured delay and the check that judges the cell (with its
 * verdict). Kept apart from the page layout so the report redesign can place it anywhere.
 */
import type { RunResult } from '../src/model/result.js';
import type { MatrixCell } from '../src/model/revocation-matrix.js';
import { html, markdownText as md, type SafeHtml } from './escape.js';

function verdictOf(result: RunResult, check: string | null): string {
  if (check === null) return 'observed only';
  return `${check}: ${result.checks.find((c) => c.id === check)?.verdict ?? 'not run'}`;
}

function tested(result: RunResult): MatrixCell[] {
  return result.revocationMatrix ?? [];
}

export function revocationMatrixHtml(result: RunResult): SafeHtml | false {
  const cells = tested(result);
  return (
    cells.length > 0 &&
    html`<section class="revocation-matrix" id="revocation-matrix">
<h2>Revocation matrix</h2>
<table class="grid"><thead><tr><th>Event</th><th>Artifact</th><th>Scope</th><th>Observed</th><th>Delay</th><th>Judged by</th><th>What was replayed</th></tr></thead><tbody>${cells.map(
      (c) =>
        html`<tr class="m-${c.outcome.replace(' ', '-')}"><td>${c.event}</td><td>${c.artifact}</td><td>${c.scope}</td><td><strong>${c.outcome}</strong></td><td>${c.delay ?? '—'}</td><td>${c.check === null ? 'observed only' : html`<a href="#${c.check}"><code>${verdictOf(result, c.check)}</code></a>`}</td><td>${c.note}</td></tr>`,
    )}</tbody></table>
</section>`
  );
}

export function revocationMatrixMarkdown(result: RunResult): string[] {
  const cells = tested(result);
  if (cells.length === 0) return [];
  return [
    '<details><summary>Revocation matrix</summary>',
    '',
    '| Event | Artifact | Scope | Observed | Delay | Judged by |',
    '| --- | --- | --- | --- | --- | --- |',
    ...cells.map((c) => `| ${c.event} | ${c.artifact} | ${c.scope} | **${c.outcome}** | ${md(c.delay ?? '—')} | ${md(verdictOf(result, c.check))} |`),
    '',
    '</details>',
    '',
  ];
}
