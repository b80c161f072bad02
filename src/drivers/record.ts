/**
 * Turning raw protocol data into evidence records, masking secrets on the way in.
 */
import setCookieParser from 'set-cookie-parser';
import { BODY_LIMIT, mask, type EvidenceLog, type Exchange, type RecordedResponse, type Redactor, type SetCookieRecord } from '../evidence.js';
import { parseSetCookie } from '../cookies/parse.js';
import { tokenShape } from '../token/shape.js';

// RFC 6265bis §5.6 step 1: CTLs other than HTAB make a cookie line invalid.
const CTL = /[\x00-\x08\x0a-\x1f\x7f]/;

/**
 * Records one raw `Set-Cookie` header. The value is registered with the redactor first, so the same
 * value is masked wherever it shows up later (URLs, bodies, Cookie headers).
 */
export function recordSetCookie(header: string, redactor: Redactor): SetCookieRecord {
  const parsed = parseSetCookie(header);
  redactor.addToken(parsed.value);
  const masked = mask(parsed.value);
  const valueText = parsed.value.length === 0 ? '' : redactor.tokenMask(parsed.value);
  const eq = header.indexOf('=');
  const semi = header.indexOf(';');
  const rest = semi === -1 ? '' : header.slice(semi);
  const maskedHeader = eq === -1 || (semi !== -1 && eq > semi) ? `${valueText}${rest}` : `${header.slice(0, eq)}=${valueText}${rest}`;
  return {
    header: redactor.redact(maskedHeader),
    name: parsed.name,
    value: {
      ...masked,
      empty: parsed.value.length === 0 || parsed.value === '""',
      hasCtl: CTL.test(parsed.name) || CTL.test(parsed.value),
      nameValueOctets: Buffer.byteLength(parsed.name) + Buffer.byteLength(parsed.value),
      shape: tokenShape(parsed.value),
    },
    attributes: parsed.attributes.map(([n, v]) => [redactor.redact(n), v === null ? null : redactor.redact(v)]),
  };
}

/** A JWS/JWT in compact form: base64url header and payload that both start with `{"`. */
const JWT = /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;

/** Registers every JWT in `text` as a secret: a bearer token is a session ID and is masked like one. */
export function registerJwts(text: string, redactor: Redactor): void {
  for (const [token] of text.matchAll(JWT)) redactor.addToken(token);
}

export interface RawResponse {
  status: number;
  /** Lower-case names; every Set-Cookie header as received (one header may hold several, comma-joined). */
  headers: Record<string, string[]>;
  body: string;
  bytes: number;
}

/**
 * Turns a response as received into its evidence record. Set-Cookie headers are recorded first: that
 * registers the new values as secrets before anything else is masked. Returns the raw Set-Cookie
 * lines too, for whoever keeps the cookies (a jar); they never leave the process.
 */
export function recordResponse(raw: RawResponse, redactor: Redactor): { response: RecordedResponse; setCookies: SetCookieRecord[]; rawSetCookies: string[] } {
  const rawSetCookies = (raw.headers['set-cookie'] ?? []).flatMap((h) => setCookieParser.splitCookiesString(h));
  const setCookies = rawSetCookies.map((h) => recordSetCookie(h, redactor));
  registerJwts(raw.body, redactor);
  const response: RecordedResponse = {
    status: raw.status,
    headers: Object.entries(raw.headers).flatMap(([n, vs]) =>
      n === 'set-cookie' ? setCookies.map((c): [string, string] => [n, c.header]) : vs.map((v): [string, string] => [n, v]),
    ),
    // Kept whole until redacted, so truncation can never cut a secret in half and leave a piece unmasked.
    body: raw.body,
    bodyBytes: raw.bytes,
    bodyTruncated: raw.bytes > BODY_LIMIT || raw.body.length > BODY_LIMIT,
    date: raw.headers['date']?.[0],
  };
  return { response, setCookies, rawSetCookies };
}

/**
 * Masks every secret in a finished exchange and appends it to the log. Cookie values the request
 * carried are secrets too: in a browser, scripts can set cookies that no Set-Cookie ever announced.
 */
export function appendExchange(exchange: Exchange, evidence: EvidenceLog): void {
  const redactor = evidence.redactor;
  for (const [name, value] of exchange.request.headers) {
    if (name.toLowerCase() !== 'cookie') continue;
    for (const pair of value.split(';')) redactor.addToken(pair.slice(pair.indexOf('=') + 1).trim());
  }
  const r = (s: string) => redactor.redact(s);
  exchange.request.url = r(exchange.request.url);
  exchange.request.headers = exchange.request.headers.map(([n, v]) => [n, r(v)]);
  if (exchange.request.body !== undefined) exchange.request.body = r(exchange.request.body);
  if (exchange.response) {
    exchange.response.headers = exchange.response.headers.map(([n, v]) => [n, r(v)]);
    exchange.response.body = r(exchange.response.body).slice(0, BODY_LIMIT);
  }
  evidence.append(exchange);
}
