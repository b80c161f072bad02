/**
 * The deciding evidence of an exchange in a few lines of text: the request line, the response status,
 * the headers a session check turns on (cookies sent and set, redirects, caching, transport), and what
 * the authentication oracle answered at that moment. The full exchange is the report's business; this is
 * what a reader (HTML, Markdown, a JUnit failure body) needs to see why. Plain, masked text (secrets were
 * masked when recorded): each reporter escapes it for its own format.
 */
import type { Exchange } from '../src/evidence.js';

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

/** The deciding lines of one exchange, request first. */
export function decidingLines(e: Exchange): string[] {
  const lines = [`#${e.id} ${e.device} · ${e.step}`, `> ${requestLine(e)}`];
  for (const [name, value] of e.request.headers) if (REQUEST_HEADERS.has(name.toLowerCase())) lines.push(`> ${name}: ${cut(value)}`);
  lines.push(`< ${statusLine(e)}`);
  for (const [name, value] of e.response?.headers ?? []) if (RESPONSE_HEADERS.has(name.toLowerCase())) lines.push(`< ${name}: ${cut(value)}`);
  const oracle = oracleLine(e);
  if (oracle) lines.push(oracle);
  return lines;
}

function cut(value: string): string {
  return value.length > VALUE_LIMIT ? `${value.slice(0, VALUE_LIMIT)}… (${value.length} characters)` : value;
}
