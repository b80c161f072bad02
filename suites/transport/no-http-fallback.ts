import { defineCheck, outcome } from '../../src/model/check.js';
import { exchangesOf, requireControl } from '../shared/checks-common.js';

const EXPECTED = 'over plain http, the session cookie gets no authenticated content: a redirect to https, a refusal, or a logged-out answer';

export default defineCheck({
  meta: {
    id: 'transport.no-http-fallback',
    suite: 'transport',
    title: 'Authenticated content is never served over plain http',
    failureTitle: 'The session works over plain http',
    severity: 'high',
    refs: ['WSTG-SESS-04', 'WSTG-SESS-09', 'ASVS v4.0.3-9.1.1', 'ASVS v5.0.0-12.2.1', 'NIST SP 800-63B §7.1', 'NIST SP 800-63B-4 §5.1', 'OWASP CS: Transport Layer Security'],
    requires: ['transport'],
    procedure: 'Log in over https, then request the oracle URL over http:// with the session cookie sent deliberately, without following redirects.',
  },
  evaluate({ artifacts }) {
    const a = artifacts.transport;
    if ('notApplicable' in a) return outcome.skipped(a.notApplicable);
    const noControl = requireControl(a.control, EXPECTED, 'the session over https');
    if (noControl) return noControl;
    const { http } = a;
    if (http.outcome === 'refused') return outcome.pass(EXPECTED, `${a.httpUrl} refused the connection (${http.detail})`);
    if (http.outcome === 'redirect-to-https') return outcome.pass(EXPECTED, `${a.httpUrl} ${http.detail}`);
    const obs = http.observation!;
    if (obs.answer === 'yes') {
      return outcome.fail(EXPECTED, `${a.httpUrl} ${http.detail} with authenticated content (${obs.reason}): the session cookie and the page travel unencrypted`, [
        { message: 'authenticated over plain http', exchanges: exchangesOf(obs) },
      ]);
    }
    if (obs.answer === 'no') return outcome.pass(EXPECTED, `${a.httpUrl} ${http.detail}, logged out (${obs.reason})`);
    return outcome.inconclusive(EXPECTED, `${a.httpUrl} ${http.detail}, which the oracle cannot judge (${obs.reason})`);
  },
});
