/**
 * The cookie-date algorithm of RFC 6265bis §5.1.1. Browsers parse `Expires` with it, not with an
 * HTTP-date parser: it is far more lenient (any token order, `-` separators, two-digit years) yet rejects
 * values `Date.parse` would accept, and an `Expires` it rejects is ignored, turning the cookie into a
 * session cookie. Judging lifetimes with anything else would disagree with the browser.
 */

// delimiter = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E
const DELIMITERS = /[\x09\x20-\x2f\x3b-\x40\x5b-\x60\x7b-\x7e]+/;
// Each production may be followed by a non-digit and anything ("[ non-digit *OCTET ]").
const TIME = /^(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\D|$)/;
const DAY_OF_MONTH = /^(\d{1,2})(?:\D|$)/;
const YEAR = /^(\d{2,4})(?:\D|$)/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Milliseconds since the epoch (UTC), or null when the text is not a cookie-date. */
export function parseCookieDate(text: string): number | null {
  let time: number[] | undefined;
  let day: number | undefined;
  let month: number | undefined;
  let year: number | undefined;
  for (const token of text.split(DELIMITERS)) {
    if (token === '') continue;
    // First match per token wins, in this order (§5.1.1 step 2).
    const t = time ? null : TIME.exec(token);
    if (t) {
      time = [Number(t[1]), Number(t[2]), Number(t[3])];
      continue;
    }
    const d = day === undefined ? DAY_OF_MONTH.exec(token) : null;
    if (d) {
      day = Number(d[1]);
      continue;
    }
    const m = month === undefined ? MONTHS.indexOf(token.slice(0, 3).toLowerCase()) : -1;
    if (m !== -1) {
      month = m;
      continue;
    }
    const y = year === undefined ? YEAR.exec(token) : null;
    if (y) year = Number(y[1]);
  }
  if (!time || day === undefined || month === undefined || year === undefined) return null;
  if (year >= 70 && year <= 99) year += 1900;
  else if (year >= 0 && year <= 69) year += 2000;
  const [hour, minute, second] = time as [number, number, number];
  if (day < 1 || day > 31 || year < 1601 || hour > 23 || minute > 59 || second > 59) return null;
  const ms = Date.UTC(year, month, day, hour, minute, second);
  // "If no such date exists" (e.g. 31 Feb), Date.UTC rolls over into the next month.
  return new Date(ms).getUTCDate() === day ? ms : null;
}
