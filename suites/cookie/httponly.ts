import { defineCheck, outcome, type Outcome } from '../../src/model/check.js';
import type { Artifacts } from '../../src/model/artifacts.js';
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
    // Only the header evidence is required (the check stays static, --only-static keeps it); the
    // browser's document.cookie is added whenever the browser probe ran for the browser-only checks.
    requires: ['session'],
    procedure:
      'Read every raw Set-Cookie that (re)issues the session cookie during the run for the HttpOnly attribute; when the browser-only checks run too, also read document.cookie in the real browser.',
  },
  evaluate(input, spec) {
    if (!spec.cookie.httpOnly) return noRequirement('cookie.httpOnly is false');
    const issued = sessionIssuances(input, EXPECTED);
    if (!Array.isArray(issued)) return issued;
    const byHeader = judgeEach(EXPECTED, issued, ({ cookie }) => (cookie.httpOnly ? [] : [`${cookie.name} has no HttpOnly attribute`]), `HttpOnly ${onEveryIssuance(issued)}`);
    return withBrowserConfirmation(byHeader, input.artifacts);
  },
});

/**
 * The real browser's word on it: `document.cookie` after a browser login. A session cookie a script can
 * read fails the check even when every header said HttpOnly (a script set it, or a header went unseen).
 */
function withBrowserConfirmation(byHeader: Outcome, artifacts: Artifacts): Outcome {
  const browser = artifacts.browser;
  if (!browser || 'notApplicable' in browser || browser.afterLogin.answer !== 'yes') return byHeader;
  const seen = browser.documentCookie;
  if ('error' in seen) return { ...byHeader, observed: `${byHeader.observed}; document.cookie could not be read in the browser (${seen.error})` };
  if (seen.sessionCookies.length === 0) {
    return byHeader.verdict === 'pass' ? { ...byHeader, observed: `${byHeader.observed}; confirmed in Chromium: document.cookie does not show it` } : byHeader;
  }
  const message = `confirmed in Chromium: document.cookie exposes ${seen.sessionCookies.join(', ')} to scripts on the authenticated page`;
  const exchanges = browser.afterLogin.exchange > 0 ? [browser.afterLogin.exchange] : [];
  if (byHeader.verdict === 'fail') return { ...byHeader, observed: `${byHeader.observed}; ${message}`, findings: [...byHeader.findings, { message, exchanges }] };
  return outcome.fail(EXPECTED, `every Set-Cookie said HttpOnly, yet ${message} (set by a script?)`, [{ message, exchanges }]);
}
