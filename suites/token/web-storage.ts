import { defineCheck, outcome, type Finding } from '../../src/model/check.js';
import { exchangesOf } from '../shared/checks-common.js';
import type { StorageFinding } from '../../src/model/artifacts.js';
import { describeMasked } from '../../src/evidence.js';
import { browserObservations, isOutcome } from '../shared/browser-observed.js';

const EXPECTED = 'no session token, JWT or refresh token in localStorage or IndexedDB (sessionStorage: as the spec allows)';

export default defineCheck({
  meta: {
    id: 'token.web-storage',
    suite: 'token',
    title: 'No session token sits in web storage',
    failureTitle: 'A session token sits in web storage, where any script can read it',
    severity: 'low',
    remediation: {
      summary:
        'Keep session tokens out of localStorage and sessionStorage, where any script on the origin can read them; use an HttpOnly, Secure cookie (a backend-for-frontend for single-page apps).',
    },
    refs: ['ASVS v4.0.3-3.2.3', 'ASVS v4.0.3-8.2.2', 'ASVS v5.0.0-14.3.3', 'NIST SP 800-63B §7.1', 'NIST SP 800-63B-4 §5.1', 'OWASP CS: HTML5 Web Storage API'],
    requires: ['session', 'browser'],
    procedure: 'Log in through the browser flow, open the authenticated pages, then read localStorage, sessionStorage and IndexedDB of the site for session cookie values, bearer tokens, JWTs and token-named keys.',
  },
  evaluate({ artifacts }, spec) {
    const browser = browserObservations(artifacts, EXPECTED);
    if (isOutcome(browser)) return browser;
    const storage = browser.storage;
    const control = exchangesOf(browser.afterLogin);
    if ('error' in storage) return outcome.inconclusive(EXPECTED, `the browser's storage could not be read: ${storage.error}`);
    const forbidden = storage.findings.filter((f) => f.area !== 'sessionStorage' || spec.token.sessionStorage === 'forbidden');
    const tolerated = storage.findings.filter((f) => !forbidden.includes(f));
    const reported = tolerated.length ? `; reported, as the spec allows sessionStorage: ${tolerated.map(describe).join('; ')}` : '';
    if (forbidden.length > 0) {
      const findings: Finding[] = forbidden.map((f) => ({ message: `${describe(f)} — readable by any script on ${storage.origin}`, exchanges: control }));
      return outcome.fail(EXPECTED, `${forbidden.map(describe).join('; ')}${reported}`, findings);
    }
    if (storage.indexedDb !== 'read') {
      return outcome.inconclusive(EXPECTED, `IndexedDB of ${storage.origin} could not be read (${storage.indexedDb}), so a token there cannot be ruled out`);
    }
    return outcome.pass(EXPECTED, `no session token in localStorage, sessionStorage or IndexedDB of ${storage.origin} (${storage.keys} entries read)${reported}`, {
      // Storage is read in the browser, not over an exchange: the logged-in answer just before is what it rests on.
      exchanges: control,
    });
  },
});

function describe(f: StorageFinding): string {
  return `${f.area} “${f.key}” holds a ${f.kind} (${describeMasked(f.value)})`;
}
