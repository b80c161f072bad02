import { defineCheck } from '../../src/model/check.js';
import { judgeEach, noRequirement, onEveryIssuance, sessionIssuances } from './judge.js';

const EXPECTED = 'every Set-Cookie that issues the session cookie carries Secure';

export default defineCheck({
  meta: {
    id: 'cookie.secure',
    suite: 'cookie',
    title: 'The session cookie is only sent over HTTPS (Secure)',
    failureTitle: 'The session cookie can be sent over plain HTTP (no Secure)',
    severity: 'high',
    refs: [
      'WSTG-SESS-02',
      'WSTG-SESS-09',
      'ASVS v4.0.3-3.4.1',
      'ASVS v5.0.0-3.3.1',
      'NIST SP 800-63B §7.1.1(1)',
      'NIST SP 800-63B-4 §5.1.1(1)',
      'RFC 6265bis §4.1.2.5, §5.6.5, §5.7 step 13',
      'OWASP CS: Cookies (Secure)',
    ],
    requires: ['session'],
    procedure: 'Read every raw Set-Cookie that (re)issues the session cookie during the run (login, renewals, logout) for the Secure attribute.',
  },
  evaluate(input, spec) {
    if (!spec.cookie.secure) return noRequirement('cookie.secure is false');
    const issued = sessionIssuances(input, EXPECTED);
    if (!Array.isArray(issued)) return issued;
    return judgeEach(EXPECTED, issued, ({ cookie }) => (cookie.secure ? [] : [`${cookie.name} has no Secure attribute`]), `Secure ${onEveryIssuance(issued)}`);
  },
});
