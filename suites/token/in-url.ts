import { defineCheck, outcome, type Finding } from '../../src/model/check.js';
import { MASK_PATTERN, maskedFingerprints, type Exchange } from '../../src/evidence.js';

const EXPECTED = 'the session ID never appears in a URL: request URLs, redirect Locations or links in pages';

/** Places in pages where a URL carries the ID onward (links, forms, resources). */
const URL_IN_BODY = new RegExp(String.raw`(?:href|src|action)\s*=\s*["']?[^"'\s>]*` + MASK_PATTERN, 'gi');

export default defineCheck({
  meta: {
    id: 'token.in-url',
    suite: 'token',
    title: 'The session ID is never put in a URL',
    failureTitle: 'The session ID is exposed in a URL',
    severity: 'high',
    refs: ['WSTG-SESS-04', 'ASVS v4.0.3-3.1.1', 'ASVS v5.0.0-14.2.1', 'OWASP CS: Session Management Implementation'],
    requires: ['session'],
    procedure: 'Scan every recorded request URL, redirect Location and link in a page for the session ID values seen in Set-Cookie.',
  },
  evaluate({ artifacts, evidence }) {
    const s = artifacts.session;
    if (s.authKind === 'bearer') return outcome.skipped('the session is a bearer token; token exposure in URLs is judged by the token suite');
    const ids = sessionFingerprints(evidence, s.sessionCookies);
    if (ids.size === 0) return outcome.inconclusive(EXPECTED, 'no session ID value was recorded');
    const findings: Finding[] = [];
    for (const e of evidence) {
      const where = placesOf(e, ids);
      if (where.length) findings.push({ message: `${where.join(', ')} (exchange ${e.id}, ${e.step})`, exchanges: [e.id] });
    }
    if (findings.length) return outcome.fail(EXPECTED, `the session ID appears in ${findings.length} place(s): ${findings[0]!.message}`, findings);
    return outcome.pass(EXPECTED, `no session ID found in ${evidence.length} recorded exchanges (${ids.size} distinct IDs)`);
  },
});

function sessionFingerprints(evidence: readonly Exchange[], names: string[]): Set<string> {
  const out = new Set<string>();
  for (const e of evidence) for (const c of e.setCookies) if (names.includes(c.name) && !c.value.empty) out.add(c.value.fp);
  return out;
}

function placesOf(e: Exchange, ids: Set<string>): string[] {
  const places: string[] = [];
  // URLs the replay device composed itself (token.url-accepted puts the ID there on purpose) are not the target's doing; redirects it followed are.
  const composedByTool = e.device === 'replay' && e.redirectOf === undefined;
  if (!composedByTool && maskedFingerprints(e.request.url).some((fp) => ids.has(fp))) places.push(`request URL ${e.request.method} ${e.request.url}`);
  for (const [name, value] of e.response?.headers ?? []) {
    if ((name === 'location' || name === 'content-location' || name === 'refresh') && maskedFingerprints(value).some((fp) => ids.has(fp))) {
      places.push(`${name} header ${value}`);
    }
  }
  for (const m of (e.response?.body ?? '').matchAll(URL_IN_BODY)) if (ids.has(m[1]!)) places.push('a link in the page body');
  return places;
}
