/**
 * Turning raw protocol data into evidence records, masking secrets on the way in.
 */
import { mask, type Redactor, type SetCookieRecord } from '../evidence.js';
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
