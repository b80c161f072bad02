import { defineCheck, outcome, type Finding } from '../../src/model/check.js';
import { groupFindings } from '../shared/checks-common.js';
import { maskedFingerprints } from '../../src/evidence.js';

const EXPECTED = 'the session ID travels only in Set-Cookie: never in a response body or another response header';

export default defineCheck({
  meta: {
    id: 'token.not-in-body',
    suite: 'token',
    title: 'The session ID is only sent in Set-Cookie',
    failureTitle: 'The session ID is exposed in a response body or header',
    severity: 'medium',
    remediation: {
      summary:
        'Deliver the session ID only in Set-Cookie: do not echo it into HTML, JSON, custom headers or script variables, where an XSS or a logging proxy can read it.',
    },
    refs: ['ASVS v5.0.0-3.3.4', 'WSTG-SESS-04'],
    requires: ['session'],
    procedure:
      'Search every recorded response body and every response header except Set-Cookie for the session ID values the target issued (responses to the tool\'s deliberate replays excluded).',
  },
  evaluate({ artifacts, evidence }) {
    const s = artifacts.session;
    if (s.authKind === 'bearer') return outcome.skipped('the session is a bearer token, which a login response necessarily carries in its body');
    const ids = new Set(evidence.flatMap((e) => e.setCookies.filter((c) => s.sessionCookies.includes(c.name) && !c.value.empty).map((c) => c.value.fp)));
    if (ids.size === 0) return outcome.inconclusive(EXPECTED, 'no session ID value was recorded');
    // The replay device presents IDs in odd places on purpose; an echo of those is the charset check's business.
    const visited = evidence.filter((e) => e.device !== 'replay' && e.response);
    const findings: Finding[] = [];
    for (const e of visited) {
      const places = [
        ...e.response!.headers.filter(([n, v]) => n !== 'set-cookie' && maskedFingerprints(v).some((fp) => ids.has(fp))).map(([n]) => `the ${n} header`),
        ...(maskedFingerprints(e.response!.body).some((fp) => ids.has(fp)) ? ['the body'] : []),
      ];
      if (places.length) findings.push({ message: `${places.join(' and ')} of ${e.request.method} ${new URL(e.request.url).pathname}`, exchanges: [e.id] });
    }
    if (findings.length) {
      const grouped = groupFindings(findings);
      const more = grouped.length > 3 ? `; and ${grouped.length - 3} more` : '';
      const times = findings.length > grouped.length ? ` (${findings.length} responses)` : '';
      return outcome.fail(EXPECTED, `the session ID appears in ${grouped.slice(0, 3).map((f) => f.message).join('; ')}${more}${times}`, grouped);
    }
    return outcome.pass(EXPECTED, `${ids.size} issued IDs searched in ${visited.length} responses: only in Set-Cookie`, { exchanges: visited.map((e) => e.id) });
  },
});
