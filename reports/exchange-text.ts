/**
 * The exchanges that decided a check, as plain text for reports read outside report.html (JUnit bodies,
 * SARIF): the request line and status, the session the request presented, the Set-Cookie lines, the
 * headers the check speaks about, the oracle's answer. Values were masked when recorded; each reporter escapes the text for its format.
 */
import type { CheckResult } from '../src/model/result.js';
import type { Exchange } from '../src/evidence.js';

/** A failure rarely needs more than a few exchanges to be understood; report.html has them all. */
const MAX_EXCHANGES = 4;

/** The exchanges the check's findings point at, in order, without repeats. */
export function decidingExchangeRecords(check: CheckResult, evidence: readonly Exchange[]): Exchange[] {
  const ids = [...new Set(check.findings.flatMap((f) => f.exchanges))];
  const byId = new Map(evidence.map((e) => [e.id, e]));
  return ids.map((id) => byId.get(id)).filter((e): e is Exchange => e !== undefined);
}

export function decidingExchanges(check: CheckResult, evidence: readonly Exchange[]): string[] {
  const records = decidingExchangeRecords(check, evidence);
  const spoken = `${check.expected} ${check.observed} ${check.findings.map((f) => f.message).join(' ')}`.toLowerCase();
  const lines = records.slice(0, MAX_EXCHANGES).flatMap((e) => exchangeText(e, spoken));
  if (records.length > MAX_EXCHANGES) lines.push(`… ${records.length - MAX_EXCHANGES} more in report.html`);
  return lines;
}

/** What a request presented as its session (masked when recorded): always worth showing. */
const CREDENTIAL_HEADERS = new Set(['cookie', 'authorization']);

function exchangeText(e: Exchange, spoken: string): string[] {
  const status = e.response ? String(e.response.status) : `no response (${e.error ?? 'unknown error'})`;
  const atIssue = (headers: Array<[string, string]>) => headers.filter(([name]) => name.toLowerCase() !== 'set-cookie' && spoken.includes(name.toLowerCase()));
  const presented = e.request.headers.filter(([name]) => CREDENTIAL_HEADERS.has(name.toLowerCase()) || spoken.includes(name.toLowerCase()));
  return [
    `${e.step} (device ${e.device}):`,
    `  ${e.request.method} ${e.request.url} → ${status}`,
    ...presented.map(([name, value]) => `  > ${name}: ${value}`),
    ...e.setCookies.map((c) => `  < Set-Cookie: ${c.header}`),
    ...atIssue(e.response?.headers ?? []).map(([name, value]) => `  < ${name}: ${value}`),
    ...(e.oracle ? [`  oracle: ${e.oracle.answer} — ${e.oracle.reason}`] : []),
  ];
}
