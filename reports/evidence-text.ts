/**
 * The deciding evidence of an exchange in a few lines of text: the request line, the response status,
 * the headers a session check turns on (cookies sent and set, redirects, caching, transport), and what
 * the authentication oracle answered at that moment. The full exchange is the report's business; this is
 * what a reader (HTML, Markdown, a JUnit failure body) needs to see why. Plain, masked text (secrets were
 * masked when recorded): each reporter escapes it for its own format.
 */
import type { Exchange } from '../src/evidence.js';
import type { CheckResult } from '../src/model/result.js';

/** Headers that decide session checks; the rest of an exchange is one click away. */
const REQUEST_HEADERS = new Set(['cookie', 'authorization', 'user-agent']);
const RESPONSE_HEADERS = new Set(['set-cookie', 'location', 'cache-control', 'pragma', 'expires', 'strict-transport-security', 'clear-site-data', 'content-location', 'refresh']);
/** One header value longer than this is cut: the full exchange holds it whole. */
const VALUE_LIMIT = 240;

function requestLine(e: Exchange): string {
  return `${e.request.method} ${e.request.url}`;
}

function statusLine(e: Exchange): string {
  return e.response ? `HTTP ${e.response.status}` : `no response${e.error ? `: ${e.error}` : ''}`;
}

function oracleLine(e: Exchange): string | undefined {
  if (!e.oracle) return undefined;
  const state = e.oracle.answer === 'yes' ? 'logged in' : e.oracle.answer === 'no' ? 'logged out' : 'could not tell';
  return `oracle: ${state} (${e.oracle.reason})`;
}

/**
 * The deciding lines of one exchange, request first. `spoken` is the check's own text: a header it names
 * (a finding about `x-powered-by`, say) is deciding for it too.
 */
export function decidingLines(e: Exchange, spoken = ''): string[] {
  const deciding = (names: ReadonlySet<string>, name: string) => names.has(name.toLowerCase()) || spoken.includes(name.toLowerCase());
  const lines = [`#${e.id} ${e.device} · ${e.step}`, `> ${requestLine(e)}`];
  for (const [name, value] of e.request.headers) if (deciding(REQUEST_HEADERS, name)) lines.push(`> ${name}: ${cut(value)}`);
  lines.push(`< ${statusLine(e)}`);
  for (const [name, value] of e.response?.headers ?? []) if (deciding(RESPONSE_HEADERS, name)) lines.push(`< ${name}: ${cut(value)}`);
  const oracle = oracleLine(e);
  if (oracle) lines.push(oracle);
  return lines;
}

function cut(value: string): string {
  return value.length > VALUE_LIMIT ? `${value.slice(0, VALUE_LIMIT)}… (${value.length} characters)` : value;
}

/** A failure rarely needs more than a few exchanges to be understood; report.html has them all. */
const MAX_EXCHANGES = 4;

/** The exchanges the check's findings point at, in order, without repeats. */
export function decidingExchangeRecords(check: CheckResult, evidence: readonly Exchange[]): Exchange[] {
  const ids = [...new Set(check.findings.flatMap((f) => f.exchanges))];
  const byId = new Map(evidence.map((e) => [e.id, e]));
  return ids.map((id) => byId.get(id)).filter((e): e is Exchange => e !== undefined);
}

/** The deciding lines of a check's first few exchanges, for reports read outside report.html (JUnit bodies). */
export function decidingExchanges(check: CheckResult, evidence: readonly Exchange[]): string[] {
  const records = decidingExchangeRecords(check, evidence);
  const spoken = `${check.expected} ${check.observed} ${check.findings.map((f) => f.message).join(' ')}`.toLowerCase();
  const lines = records.slice(0, MAX_EXCHANGES).flatMap((e) => decidingLines(e, spoken));
  if (records.length > MAX_EXCHANGES) lines.push(`… ${records.length - MAX_EXCHANGES} more in report.html`);
  return lines;
}

/** Exchange numbers a line of text lists before it says how many more there are. */
const PROOF_LINE_LIMIT = 8;

function numbers(ids: readonly number[]): string {
  const more = ids.length > PROOF_LINE_LIMIT ? ` and ${ids.length - PROOF_LINE_LIMIT} more` : '';
  return `${ids.slice(0, PROOF_LINE_LIMIT).map((id) => `#${id}`).join(', ')}${more}`;
}

/**
 * What a verdict without findings rests on, in one line for reports read outside report.html: the
 * exchanges that proved it and their positive controls, or why no exchange does. Undefined when it cites none.
 */
export function proofLine(check: CheckResult): string | undefined {
  if (check.findings.length > 0) return undefined;
  const parts = [
    check.evidence?.length ? `exchanges ${numbers(check.evidence)}` : undefined,
    check.controls?.length ? `positive control ${numbers(check.controls)}` : undefined,
    check.noExchange !== undefined ? `no exchange: ${check.noExchange}` : undefined,
  ].filter((p): p is string => p !== undefined);
  return parts.length > 0 ? parts.join('; ') : undefined;
}
