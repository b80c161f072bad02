/**
 * One check in the HTML report, readable on its own: verdict, severity and title; expected against
 * observed; the findings, grouped, with the deciding evidence inline (and the whole exchange one click
 * away, inside the article); measured values in words and units; the timeline; how to fix it, per stack;
 * the linked references and how it was tested. Failures and unverified checks are open, the rest fold.
 */
import type { Stack, Verdict } from '../src/model/check.js';
import type { CheckResult } from '../src/model/result.js';
import { referenceLink } from '../src/references.js';
import { html, type SafeHtml } from './escape.js';
import { baselineLabel, headline, severityNote, waiverNotes } from './describe.js';
import { isFailure } from '../src/model/result.js';
import { describeMeasured } from './measured.js';
import { timelineFigure } from './timeline.js';
import { decidingExchange, exchangeAnchor, logLink, type ExchangeContext } from './html-exchange.js';

/** Full exchanges shown inside one check; its other exchanges are listed by number. */
const DECIDING_LIMIT = 3;
/** Exchange numbers listed for what a verdict without findings rests on. */
const PROOF_LIST_LIMIT = 20;

const VERDICT_LABEL: Record<Verdict, string> = {
  fail: 'Fail',
  error: 'Error',
  inconclusive: 'Inconclusive',
  waived: 'Waived',
  pass: 'Pass',
  skipped: 'Skipped',
};

const STACK_LABEL: Record<Stack, string> = {
  'express-session': 'Express (express-session)',
  django: 'Django',
  php: 'PHP sessions',
  spring: 'Spring Session / Security',
  'aspnet-core': 'ASP.NET Core',
  rails: 'Rails',
  flask: 'Flask / Flask-Login',
  laravel: 'Laravel',
};

/** What a check article needs beyond the exchanges: the run's positive control, shown with every pass. */
export interface CheckContext extends ExchangeContext {
  positiveControl?: number;
}

/** Checks that need a reader's attention are shown open. */
function isOpen(check: CheckResult): boolean {
  return check.verdict === 'fail' || check.verdict === 'error' || check.verdict === 'inconclusive' || check.verdict === 'waived';
}

/** The verdict filter a check falls under: inconclusive and error together, as not verified. */
export function verdictGroup(check: CheckResult): string {
  return check.verdict === 'error' || check.verdict === 'inconclusive' ? 'unverified' : check.verdict;
}

/** Classes the CSS-only filters act on: verdict group, severity, suite. */
export function filterClasses(check: CheckResult): string {
  return `filterable fv-${verdictGroup(check)} fs-${check.severity} fu-${check.suite}`;
}

export function checkArticle(check: CheckResult, ctx: CheckContext): SafeHtml {
  const head = html`<span class="tags">${verdictBadge(check.verdict)} ${severityTag(check)} ${checkId(check.id)} <span class="muted">${check.suite} suite</span>${check.baseline && html` <span class="baseline b-${check.baseline.state}">${baselineLabel(check)}</span>`}</span>
<h3 id="${check.id}--title">${headline(check)}</h3>`;
  const body = html`${isFailure(check) && html`<p class="muted">Check: ${check.title}</p>`}
${waiverNotes(check).map((note) => html`<p class="waiver-note">${note}</p>`)}
<dl class="eo">
${check.expected !== '—' && html`<dt>Expected</dt><dd>${check.expected}</dd>`}
<dt>${check.verdict === 'skipped' ? 'Reason' : 'Observed'}</dt><dd>${check.observed}</dd>
</dl>
${findingsBlock(check, ctx)}
${measuredBlock(check)}
${check.timeline && check.timeline.rows.length > 0 && html`<h4>Timeline</h4>${timelineFigure(check.timeline)}`}
${check.severityAdjustment && html`<p class="muted">Severity: ${severityNote(check)}</p>`}
${fixBlock(check)}
<p class="how"><strong>How it was tested:</strong> ${check.procedure}</p>
${check.refs.length > 0 && html`<p class="refs"><strong>References:</strong> ${check.refs.map((r) => reference(r))}</p>`}
<p class="back"><a href="#checks">Back to the checks table</a></p>`;
  return html`<article class="check v-${check.verdict} ${filterClasses(check)}" id="${check.id}" aria-labelledby="${check.id}--title">
${isOpen(check) ? html`<header>${head}</header>${body}` : html`<details><summary>${head}</summary>${body}</details>`}
</article>`;
}

/**
 * The findings, then the deciding evidence. A check without findings shows what its verdict rests on
 * instead (see proofBlock).
 */
function findingsBlock(check: CheckResult, ctx: CheckContext): SafeHtml | false {
  if (check.findings.length === 0) return proofBlock(check, ctx);
  const deciding = [...new Set(check.findings.map((f) => f.exchanges[0]).filter((id): id is number => id !== undefined))].slice(0, DECIDING_LIMIT);
  return html`<h4>Findings</h4>
<ul class="findings">${check.findings.map((f) => {
    const times = f.occurrences ?? f.exchanges.length;
    const seen = times > f.exchanges.length ? `seen ${times} times in ${f.exchanges.length} exchange${f.exchanges.length === 1 ? '' : 's'}` : f.exchanges.length > 1 && `in ${f.exchanges.length} exchanges`;
    const where = [f.cookie !== undefined && `cookie ${f.cookie}`, seen].filter(Boolean).join(' · ');
    return html`<li><p class="finding"><strong>${f.message}</strong>${where && html` <span class="muted">${where}</span>`}</p>
${f.sample && html`<pre class="sample">${f.sample}</pre>`}
${f.exchanges.length > 0 && html`<p class="ev-list">Evidence: ${f.exchanges.map((id, i) => html`${i ? ', ' : ''}${deciding.includes(id) ? html`<a class="ev" href="#${exchangeAnchor(check.id, id)}">#${id}</a>` : html`#${id}`}`)}</p>`}</li>`;
  })}</ul>
${deciding.length > 0 && html`<h4>Deciding evidence</h4>${deciding.map((id) => decidingExchange(check.id, id, ctx))}`}`;
}

/**
 * What a verdict without findings rests on: the exchanges that proved it, the positive controls that
 * make them mean something (for a pass without its own, the run's: right after login the oracle answered
 * logged in), or why no exchange stands behind it.
 */
function proofBlock(check: CheckResult, ctx: CheckContext): SafeHtml | false {
  const proof = check.evidence ?? [];
  const runControl = check.verdict === 'pass' && ctx.positiveControl !== undefined ? [ctx.positiveControl] : [];
  // An exchange shown as proof is not shown again as a control (one copy, one anchor).
  const controls = (check.controls ?? runControl).filter((id) => !proof.includes(id));
  if (proof.length === 0 && controls.length === 0 && check.noExchange === undefined) return false;
  const controlText = check.controls
    ? 'Positive control: the target accepted what it should here, so the refusals above mean something.'
    : 'Positive control: right after login the oracle answered logged in, so the session this check judged was a real one.';
  return html`<h4>Evidence</h4>
${check.noExchange !== undefined && html`<p>No exchange proves this verdict: ${check.noExchange}.</p>`}
${proof.length > 0 && citedExchanges('The pass rests on', proof, check, ctx)}
${controls.length > 0 && html`<p>${controlText}</p>${citedExchanges('Shown by', controls, check, ctx)}`}`;
}

/** `intro` N exchanges (#1, #2 …, linked to the log), then the first one's deciding lines. */
function citedExchanges(intro: string, ids: readonly number[], check: CheckResult, ctx: CheckContext): SafeHtml {
  const listed = ids.slice(0, PROOF_LIST_LIMIT).map((id, i) => html`${i ? ', ' : ''}${logLink(id, ctx)}`);
  const list = ids.length === 1 ? html`exchange ${listed}:` : html`${ids.length} exchanges: ${listed}${ids.length > PROOF_LIST_LIMIT && ` and ${ids.length - PROOF_LIST_LIMIT} more`}. The first:`;
  return html`<p class="ev-list">${intro} ${list}</p>${decidingExchange(check.id, ids[0]!, ctx, 'log')}`;
}

function measuredBlock(check: CheckResult): SafeHtml | false {
  const lines = describeMeasured(check.measured);
  return lines.length > 0 && html`<h4>Measured</h4><table class="kv measured"><tbody>${lines.map((l) => html`<tr><th scope="row">${l.label}</th><td>${l.value}</td></tr>`)}</tbody></table>`;
}

function fixBlock(check: CheckResult): SafeHtml {
  const stacks = Object.entries(check.remediation.stacks ?? {}) as Array<[Stack, string]>;
  return html`<div class="fix"><h4>How to fix</h4><p>${check.remediation.summary}</p>
${stacks.length > 0 && html`<details${isFailure(check) ? html` open` : ''}><summary>By stack (${stacks.length})</summary><dl class="stacks">${stacks.map(([stack, hint]) => html`<dt>${STACK_LABEL[stack]}</dt><dd>${hint}</dd>`)}</dl></details>`}</div>`;
}

/** A reference as a link to its section (the tool's own table), or plain text when it has none. */
function reference(ref: string): SafeHtml {
  const link = referenceLink(ref);
  return link.url ? html`<a class="ref" href="${link.url}" rel="noreferrer">${link.label}</a> ` : html`<span class="ref">${link.label}</span> `;
}

/** A check id that wraps only at its dots. */
export function checkId(id: string): SafeHtml {
  return html`<code class="check-id">${id.split('.').map((part, i, all) => html`<span>${part}${i < all.length - 1 ? '.' : ''}</span>${i < all.length - 1 ? html`<wbr>` : ''}`)}</code>`;
}

export function verdictBadge(verdict: Verdict): SafeHtml {
  return html`<span class="badge v-${verdict}">${VERDICT_LABEL[verdict]}</span>`;
}

export function severityTag(check: CheckResult): SafeHtml {
  return html`<span class="sev sev-${check.severity}">${check.severity}</span>`;
}
