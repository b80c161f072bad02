/**
 * Exchanges in the HTML report: the deciding lines shown inside a check, the full request/response one
 * click away, and the exchange log at the end of the page whose entries link back to the checks that
 * cite them. Every value goes through the `html` tag.
 */
import type { Exchange, SetCookieRecord } from '../src/evidence.js';
import { formatDuration } from '../src/config/durations.js';
import { html, type SafeHtml } from './escape.js';
import { decidingLines } from './evidence-text.js';

/** What exchange views need from the page: the log by id, when the run started, who cites what. */
export interface ExchangeContext {
  exchanges: Map<number, Exchange>;
  runStartMs: number;
  /** Exchange id → ids of the checks whose findings cite it (the way back from the log). */
  citedBy: Map<number, string[]>;
  /** Exchange ids that have an entry in the log at the end of the page. */
  inLog: Set<number>;
}

/** The id of a check's own copy of an exchange: evidence links stay inside the check's article. */
export function exchangeAnchor(checkId: string, exchangeId: number): string {
  return `${checkId}--ex${exchangeId}`;
}

/**
 * The deciding lines of one exchange, then the whole exchange: inside the check, one click away, or
 * (`whole: 'log'`, for evidence many checks share, like the positive control) as a link to the log.
 */
export function decidingExchange(checkId: string, id: number, ctx: ExchangeContext, whole: 'inline' | 'log' = 'inline'): SafeHtml {
  const e = ctx.exchanges.get(id);
  if (!e) return html`<p class="muted">Exchange #${id} is not in the evidence log.</p>`;
  return html`<div class="deciding" id="${exchangeAnchor(checkId, id)}">
<pre>${decidingLines(e).join('\n')}</pre>
${whole === 'log'
    ? html`<p class="muted">The whole exchange: ${logLink(id, ctx)} in the exchange log.</p>`
    : html`<details class="exchange"><summary>The whole exchange #${id}${ctx.inLog.has(id) ? '' : ' (not in the exchange log: report.json holds it)'}</summary>${exchangeBody(e, ctx)}</details>`}
</div>`;
}

/** One entry of the exchange log, with links back to the checks that cite it. */
export function logEntry(e: Exchange, ctx: ExchangeContext): SafeHtml {
  const cited = ctx.citedBy.get(e.id) ?? [];
  return html`<details class="exchange" id="ex-${e.id}">
<summary>${summaryLine(e, ctx)}</summary>
${cited.length > 0 && html`<p class="cited">Cited by ${cited.map((c, i) => html`${i ? ', ' : ''}<a href="#${c}">${c}</a>`)}</p>`}
${exchangeBody(e, ctx)}
</details>`;
}

/** `#12` linking to the log entry, or plain text when the log does not hold it. */
export function logLink(id: number, ctx: ExchangeContext): SafeHtml {
  return ctx.inLog.has(id) ? html`<a href="#ex-${id}">#${id}</a>` : html`#${id}`;
}

function summaryLine(e: Exchange, ctx: ExchangeContext): SafeHtml {
  const status = e.response?.status;
  const statusClass = status === undefined ? 'none' : `s${Math.floor(status / 100)}xx`;
  const offset = Number.isNaN(ctx.runStartMs) ? '' : `at +${formatDuration(Math.max(0, e.startedAt - ctx.runStartMs))} · `;
  return html`<span class="ex-id">#${e.id}</span> <code class="reqline">${e.request.method} ${e.request.url}</code> <span class="status ${statusClass}">${status ?? 'no response'}</span>
<span class="ex-meta">device <b>${e.device}</b> · step <b>${e.step}</b> · ${offset}took ${formatDuration(e.durationMs)}${e.oracle && html` · oracle <span class="answer a-${e.oracle.answer}">${e.oracle.answer}</span>`}</span>`;
}

function exchangeBody(e: Exchange, ctx: ExchangeContext): SafeHtml {
  return html`<div class="ex-body">
${e.redirectOf !== undefined && html`<p class="muted">Followed as a redirect from ${logLink(e.redirectOf, ctx)}.</p>`}
${e.error && html`<p class="ex-error">${e.error}</p>`}
<h5>Request</h5>
<pre>${e.request.method} ${e.request.url}
${headerLines(e.request.headers)}${e.request.body !== undefined && `\n\n${e.request.body}`}</pre>
${e.response && html`<h5>Response</h5>
<pre>HTTP ${e.response.status}
${headerLines(e.response.headers)}</pre>
${e.setCookies.length > 0 && setCookieTable(e.setCookies)}
${e.response.body !== '' && html`<h5>Response body</h5><pre class="body">${e.response.body}</pre>`}
${e.response.bodyTruncated && html`<p class="muted">Body truncated: ${e.response.body.length} characters kept of ${e.response.bodyBytes} bytes.</p>`}`}
</div>`;
}

function setCookieTable(records: readonly SetCookieRecord[]): SafeHtml {
  return html`<h5>Set-Cookie</h5>
<div class="scroll"><table class="grid cookies"><thead><tr><th scope="col">Cookie</th><th scope="col">Value</th><th scope="col">Attributes</th></tr></thead><tbody>
${records.map((c) => {
  const v = c.value;
  const value = v.empty ? 'empty' : `fp ${v.fp} · ${v.length} chars · ${v.shape.alphabet}${v.shape.framing === 'none' ? '' : ` (${v.shape.framing})`} · ≤${v.shape.capacityBits} bits`;
  const attributes = c.attributes.map(([name, val]) => (val === null ? name : `${name}=${val}`)).join('; ');
  return html`<tr><td><code>${c.name || '(nameless)'}</code></td><td>${value}${v.hasCtl && html` <span class="warn">control characters</span>`}</td><td><code>${attributes || '(none)'}</code></td></tr>`;
})}
</tbody></table></div>`;
}

function headerLines(headers: ReadonlyArray<[string, string]>): string {
  return headers.map(([name, value]) => `${name}: ${value}`).join('\n');
}
