import { defineCheck, outcome, type Finding } from '../../src/model/check.js';
import { groupFindings } from '../shared/checks-common.js';
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
    remediation: {
      summary:
        'Never put the session ID in a URL (path, query or fragment, including redirects): URLs end up in logs, history and Referer headers. Keep it in a cookie or an Authorization header only.',
      stacks: {
        php: 'session.use_only_cookies = 1, session.use_trans_sid = 0.',
        spring: 'server.servlet.session.tracking-modes=cookie, so no ;jsessionid= URL rewriting.',
        'aspnet-core': 'Do not use cookieless session or authentication modes.',
      },
    },
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
      for (const place of placesOf(e, ids)) findings.push({ message: `the session ID in ${place.kind}`, exchanges: [e.id], sample: place.sample });
    }
    if (findings.length) {
      const grouped = groupFindings(findings);
      return outcome.fail(EXPECTED, `the session ID appears in ${findings.length} place(s), e.g. ${grouped[0]!.message.replace('the session ID in ', '')}: ${grouped[0]!.sample}`, grouped);
    }
    return outcome.pass(EXPECTED, `no session ID found in ${evidence.length} recorded exchanges (${ids.size} distinct IDs)`, { exchanges: evidence.map((e) => e.id) });
  },
});

function sessionFingerprints(evidence: readonly Exchange[], names: string[]): Set<string> {
  const out = new Set<string>();
  for (const e of evidence) for (const c of e.setCookies) if (names.includes(c.name) && !c.value.empty) out.add(c.value.fp);
  return out;
}

/** Where an exchange carries a session ID in a URL: the kind of place (the defect) and the masked URL. */
function placesOf(e: Exchange, ids: Set<string>): Array<{ kind: string; sample: string }> {
  const places: Array<{ kind: string; sample: string }> = [];
  // URLs the replay device composed itself (token.url-accepted puts the ID there on purpose) are not the target's doing; redirects it followed are.
  const composedByTool = e.device === 'replay' && e.redirectOf === undefined;
  if (!composedByTool && maskedFingerprints(e.request.url).some((fp) => ids.has(fp))) places.push({ kind: 'a request URL', sample: `${e.request.method} ${e.request.url}` });
  for (const [name, value] of e.response?.headers ?? []) {
    if ((name === 'location' || name === 'content-location' || name === 'refresh') && maskedFingerprints(value).some((fp) => ids.has(fp))) {
      places.push({ kind: `the ${name} header`, sample: `${name}: ${value}` });
    }
  }
  for (const m of (e.response?.body ?? '').matchAll(URL_IN_BODY)) {
    if (ids.has(m[1]!)) places.push({ kind: 'a link in the page body', sample: `${e.request.method} ${e.request.url}` });
  }
  return places;
}
