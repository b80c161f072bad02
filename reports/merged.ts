/**
 * The top of a merged report over several targets (`merge` of a CI matrix): report.html as an index with
 * one section per target (its gate, its counts, its own full report), summary.md as each target's
 * summary in turn, report.json as the list of each target's report.json. junit.xml and report.sarif
 * take several targets themselves (junitLog, sarifLog).
 */
import type { RunResult } from '../src/model/result.js';
import { html } from './escape.js';
import { htmlPage } from './html-page.js';
import { gateLine, type ReportSection } from './describe.js';
import { jsonObject } from './json.js';

export function mergedHtml(sections: readonly ReportSection[]): string {
  const passed = sections.every((s) => s.result.gate.passed);
  return htmlPage({
    title: `sessionprobe: ${sections.length} targets`,
    body: html`<main class="merged">
<h1>sessionprobe: ${sections.length} targets, gate <span class="${passed ? 'passed' : 'failed'}">${passed ? 'passed' : 'failed'}</span></h1>
${sections.map(({ result, page }) => {
  const s = result.summary;
  return html`<section class="merged-target">
<h2>${result.target.baseUrl}</h2>
<p>Gate: <span class="${result.gate.passed ? 'passed' : 'failed'}">${gateLine(result)}</span></p>
<p>${s.pass} passed, ${s.fail} failed, ${s.waived} waived, ${s.inconclusive} inconclusive, ${s.skipped} skipped, ${s.error} error · spec ${result.spec.preset} · sessionprobe ${result.tool.version}</p>
<p><a href="${page}">Full report with the evidence</a></p>
</section>`;
})}
</main>`,
  });
}

export function mergedJson(results: readonly RunResult[]): string {
  return `${JSON.stringify({ targets: results.map(jsonObject) }, null, 2)}\n`;
}
