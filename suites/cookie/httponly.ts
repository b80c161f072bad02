import { defineCheck } from '../../src/check.js';
import { judgeEach, noRequirement, onEveryIssuance, sessionIssuances } from './judge.js';

const EXPECTED = 'every Set-Cookie that issues the session cookie carries HttpOnly';

export default defineCheck({
  meta: {
    id: 'cookie.httponly',
    suite: 'cookie',
    title: 'Scripts cannot read the session cookie (HttpOnly)',
    failureTitle: 'Scripts can read the session cookie (no HttpOnly)',
    severity: 'medium',
    refs: [
      'WSTG-SESS-02',
      'ASVS v4.0.3-3.4.2',
      'ASVS v5.0.0-3.3.4',
      'NIST SP 800-63B §7.1.1(3)',
      'NIST SP 800-63B-4 §5.1.1(3)',
      'RFC 6265bis §4.1.2.6',
      'OWASP CS: Cookies (HttpOnly)',
    ],
    requires: ['session'],
    procedure: 'Read every raw Set-Cookie that (re)issues the session cookie during the run for the HttpOnly attribute.',
  },
  evaluate(input, spec) {
    if (!spec.cookie.httpOnly) return noRequirement('cookie.httpOnly is false');
    const issued = sessionIssuances(input, EXPECTED);
    if (!Array.isArray(issued)) return issued;
    return judgeEach(EXPECTED, issued, ({ cookie }) => (cookie.httpOnly ? [] : [`${cookie.name} has no HttpOnly attribute`]), `HttpOnly ${onEveryIssuance(issued)}`);
  },
});
