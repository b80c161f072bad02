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
    remediation: {
      summary:
        "Mark the session cookie Secure wherever it is set (login, renewal, logout), so browsers never send it over plain HTTP. Behind a TLS-terminating proxy, make the framework trust the proxy's X-Forwarded-Proto, or it may refuse to set Secure cookies.",
      stacks: {
        'express-session': "session({ cookie: { secure: true } }) and app.set('trust proxy', 1) behind a proxy.",
        django: 'SESSION_COOKIE_SECURE = True (and CSRF_COOKIE_SECURE = True) in settings.py.',
        php: "session.cookie_secure = 1 in php.ini, or session_set_cookie_params(['secure' => true]) before session_start().",
        spring: 'server.servlet.session.cookie.secure=true; with Spring Session, DefaultCookieSerializer.setUseSecureCookie(true).',
        'aspnet-core': 'options.Cookie.SecurePolicy = CookieSecurePolicy.Always in ConfigureApplicationCookie / AddSession.',
        rails: "config.force_ssl = true, or config.session_store :cookie_store, key: '_app_session', secure: true.",
        flask: 'SESSION_COOKIE_SECURE = True (and REMEMBER_COOKIE_SECURE = True with Flask-Login).',
        laravel: "'secure' => true in config/session.php (SESSION_SECURE_COOKIE=true).",
      },
    },
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
