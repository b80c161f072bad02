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
    remediation: {
      summary:
        'Serve authenticated content only over HTTPS: redirect every plain-HTTP request to HTTPS before it reaches the application, mark cookies Secure, and send HSTS so browsers stop trying HTTP.',
      stacks: {
        django: 'SECURE_SSL_REDIRECT = True (with SECURE_PROXY_SSL_HEADER behind a proxy).',
        spring: 'http.requiresChannel(c -> c.anyRequest().requiresSecure()) or redirect at the proxy.',
        'aspnet-core': 'app.UseHttpsRedirection() and app.UseHsts().',
        rails: 'config.force_ssl = true.',
        flask: 'Redirect at the proxy, or Flask-Talisman with force_https=True.',
        laravel: "Redirect at the web server, or URL::forceScheme('https') plus a redirect middleware.",
      },
    },
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
    const controls = [a.control];
    if (http.outcome === 'refused') {
      return outcome.pass(EXPECTED, `${a.httpUrl} refused the connection (${http.detail})`, { noExchange: 'the http connection was refused, so there is no exchange to show', controls });
    }
    if (http.outcome === 'redirect-to-https') return outcome.pass(EXPECTED, `${a.httpUrl} ${http.detail}`, { exchanges: http.exchanges, controls });
    const obs = http.observation!;
    if (obs.answer === 'yes') {
      return outcome.fail(EXPECTED, `${a.httpUrl} ${http.detail} with authenticated content (${obs.reason}): the session cookie and the page travel unencrypted`, [
        { message: 'authenticated over plain http', exchanges: exchangesOf(obs) },
      ]);
    }
    if (obs.answer === 'no') return outcome.pass(EXPECTED, `${a.httpUrl} ${http.detail}, logged out (${obs.reason})`, { exchanges: [obs, http.exchanges], controls });
    return outcome.inconclusive(EXPECTED, `${a.httpUrl} ${http.detail}, which the oracle cannot judge (${obs.reason})`);
  },
});
