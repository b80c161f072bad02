import { defineCheck } from '../../src/model/check.js';
import { canonicalHost } from '../../src/cookies/match.js';
import { judgeEach, noRequirement, onEveryIssuance, sessionIssuances } from './judge.js';

export default defineCheck({
  meta: {
    id: 'cookie.host-only',
    suite: 'cookie',
    title: 'The session cookie is host-only (no Domain attribute)',
    failureTitle: 'The session cookie is shared with other hosts (Domain attribute)',
    severity: 'medium',
    refs: [
      'WSTG-SESS-02',
      'WSTG-SESS-09',
      'ASVS v4.0.3-3.4.5',
      'ASVS v5.0.0-3.3.3',
      'ASVS v5.0.0-3.5.4',
      'NIST SP 800-63B §7.1.1(2)',
      'NIST SP 800-63B-4 §5.1.1(2)',
      'RFC 6265bis §4.1.2.3, §5.1.3, §5.7 steps 7-10',
      'OWASP CS: Domain and Path Attributes',
    ],
    requires: ['session'],
    procedure: 'Read the effective Domain of every Set-Cookie that (re)issues the session cookie; Domain naming the host itself still covers its subdomains.',
  },
  evaluate(input, spec) {
    const { hostOnly } = spec.cookie;
    // Compared the way browsers store a Domain: leading dot dropped, lower-case (§5.6.3).
    const allowed = hostOnly ? [] : spec.cookie.allowedDomains.map((d) => d.replace(/^\./, '').toLowerCase());
    if (!hostOnly && allowed.length === 0) return noRequirement('cookie.hostOnly is false and no allowed domains are listed');
    const expected = hostOnly
      ? 'every issuance of the session cookie is host-only (no Domain attribute)'
      : `every issuance of the session cookie is host-only or has Domain ${allowed.join(' or ')}`;
    const issued = sessionIssuances(input, expected);
    if (!Array.isArray(issued)) return issued;
    const scopes = [...new Set(issued.map((o) => (o.cookie.domain === null ? 'host-only' : `Domain=${o.cookie.domain}`)))].join(', ');
    return judgeEach(
      expected,
      issued,
      ({ cookie, exchange }) => {
        if (cookie.domain === null || allowed.includes(cookie.domain)) return [];
        const host = canonicalHost(exchange.request.url);
        return [
          cookie.domain === host
            ? `${cookie.name} has Domain=${cookie.domain}: naming the host itself still sends the cookie to every subdomain of ${host}`
            : `${cookie.name} has Domain=${cookie.domain}, so every host under ${cookie.domain} receives it`,
        ];
      },
      `${scopes} ${onEveryIssuance(issued)}`,
    );
  },
});
