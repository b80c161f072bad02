import { defineCheck, outcome } from '../../src/model/check.js';
import { exchangesOf } from '../shared/checks-common.js';
import type { LogoutControlObservation } from '../../src/model/artifacts.js';
import { browserObservations, isOutcome } from '../shared/browser-observed.js';

export default defineCheck({
  meta: {
    id: 'logout.ui-visible',
    suite: 'logout',
    title: 'Authenticated pages show a logout control',
    failureTitle: 'An authenticated page hides its logout control',
    severity: 'info',
    remediation: {
      summary:
        'Show a logout control on every authenticated page, so users can end their session from wherever they are.',
    },
    refs: ['WSTG-SESS-06', 'ASVS v5.0.0-7.4.4', 'NIST SP 800-63B-4 §5.1', 'OWASP CS: Logout Button'],
    requires: ['session', 'browser'],
    procedure: 'Logged in through the browser flow, open each authenticated page (target.ui.pages) and look for the configured logout control in the first screen, without scrolling.',
  },
  evaluate({ artifacts }) {
    const browser = browserObservations(artifacts, 'the logout control is visible without scrolling');
    if (isOutcome(browser)) return browser;
    const lc = browser.logoutControl;
    if ('notConfigured' in lc) return outcome.skipped(lc.notConfigured);
    const expected = `${lc.selector} is visible without scrolling on ${lc.pages.map((p) => p.page).join(', ')}`;
    const exchanges = exchangesOf(browser.afterLogin);
    const problems = lc.pages.map((p) => ({ p, problem: problem(p, lc.selector) }));
    const unknown = problems.find((x) => x.problem?.verdict === 'inconclusive');
    const failing = problems.filter((x) => x.problem?.verdict === 'fail');
    if (failing.length > 0) {
      return outcome.fail(expected, failing.map((x) => x.problem!.text).join('; '), failing.map((x) => ({ message: x.problem!.text, exchanges })));
    }
    if (unknown) return outcome.inconclusive(expected, unknown.problem!.text);
    return outcome.pass(expected, `${lc.selector} is visible in the first screen of ${lc.pages.map((p) => p.page).join(', ')}`, { exchanges });
  },
});

function problem(p: LogoutControlObservation, selector: string): { verdict: 'fail' | 'inconclusive'; text: string } | null {
  if (p.error) return { verdict: 'inconclusive', text: `${p.page} could not be checked: ${p.error}` };
  if (p.matches === 0) {
    // A page that bounced elsewhere (to the login page) says nothing about its logout control.
    if (p.finalUrl !== p.page) return { verdict: 'inconclusive', text: `${p.page} ended at ${p.finalUrl}, so its logout control could not be looked for` };
    return { verdict: 'fail', text: `${p.page} has no element matching ${selector}` };
  }
  if (!p.visible) return { verdict: 'fail', text: `${p.page} has ${selector}, but it is hidden` };
  if (!p.inViewport) return { verdict: 'fail', text: `${p.page} shows ${selector} only after scrolling` };
  return null;
}
