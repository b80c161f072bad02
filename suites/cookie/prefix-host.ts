import { defineCheck, outcome } from '../../src/model/check.js';
import { cookiePrefix, prefixViolations } from '../../src/cookies/evaluate.js';
import { judgeEach, onEveryIssuance, sessionIssuances } from './judge.js';

const EXPECTED = 'the session cookie is named __Host-… and issued with Secure, Path=/ and no Domain';

export default defineCheck({
  meta: {
    id: 'cookie.prefix-host',
    suite: 'cookie',
    title: 'The session cookie uses the __Host- prefix',
    failureTitle: 'The session cookie does not have a valid __Host- prefix',
    severity: 'medium',
    refs: [
      'WSTG-SESS-02',
      'ASVS v4.0.3-3.4.4',
      'ASVS v5.0.0-3.3.3',
      'NIST SP 800-63B-4 §5.1.1(5)',
      'RFC 6265bis §4.1.3.2, §5.7 step 21',
      'OWASP CS: Cookies (prefixes)',
    ],
    requires: ['session'],
    procedure: 'Check that the session cookie name starts with __Host- and that every Set-Cookie issuing it has Secure, Path=/ and no Domain.',
  },
  evaluate(input, spec) {
    if (spec.cookie.prefix !== '__Host-') return outcome.skipped('the spec does not require the __Host- prefix (cookie.prefix)');
    const issued = sessionIssuances(input, EXPECTED);
    if (!Array.isArray(issued)) return issued;
    return judgeEach(
      EXPECTED,
      issued,
      ({ cookie }) =>
        cookiePrefix(cookie.name) === '__Host-'
          ? prefixViolations(cookie).map((v) => `${cookie.name}: ${v}`)
          : [`${cookie.name} does not start with __Host-`],
      `the __Host- prefix with Secure, Path=/ and no Domain ${onEveryIssuance(issued)}`,
    );
  },
});
