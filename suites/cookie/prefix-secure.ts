import { defineCheck, outcome } from '../../src/model/check.js';
import { cookiePrefix, prefixViolations } from '../../src/cookies/evaluate.js';
import { judgeEach, onEveryIssuance, sessionIssuances } from './judge.js';

const EXPECTED = 'the session cookie is named __Secure-… or __Host-… and issued with the attributes its prefix requires';

export default defineCheck({
  meta: {
    id: 'cookie.prefix-secure',
    suite: 'cookie',
    title: 'The session cookie name carries a secure prefix',
    failureTitle: 'The session cookie name carries no valid __Secure- or __Host- prefix',
    severity: 'medium',
    refs: ['ASVS v5.0.0-3.3.1', 'RFC 6265bis §4.1.3.1, §5.7 step 20'],
    requires: ['session'],
    procedure: 'Check that the session cookie name starts with __Secure- or __Host- and that every Set-Cookie issuing it satisfies that prefix (Secure; for __Host- also Path=/ and no Domain).',
  },
  evaluate(input, spec) {
    if (spec.cookie.prefix === null) return outcome.skipped('the spec does not require a cookie-name prefix (cookie.prefix)');
    const issued = sessionIssuances(input, EXPECTED);
    if (!Array.isArray(issued)) return issued;
    const prefixes = [...new Set(issued.map((o) => cookiePrefix(o.cookie.name)))].join(', ');
    return judgeEach(
      EXPECTED,
      issued,
      ({ cookie }) =>
        cookiePrefix(cookie.name)
          ? prefixViolations(cookie).map((v) => `${cookie.name}: ${v}`)
          : [`${cookie.name} has neither the __Secure- nor the __Host- prefix`],
      `the ${prefixes} prefix with the attributes it requires ${onEveryIssuance(issued)}`,
    );
  },
});
