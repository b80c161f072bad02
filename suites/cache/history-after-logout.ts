import { defineCheck, outcome } from '../../src/model/check.js';
import { exchangesOf } from '../shared/checks-common.js';
import { browserObservations, isOutcome } from '../shared/browser-observed.js';

const EXPECTED = 'after logout, the Back button shows no authenticated content (it is not served from history or cache)';

export default defineCheck({
  meta: {
    id: 'cache.history-after-logout',
    suite: 'cache',
    title: 'Back after logout shows no authenticated content',
    failureTitle: 'Back after logout shows the authenticated page again',
    severity: 'low',
    remediation: {
      summary:
        'Authenticated pages must not come back from the browser\'s history cache after logout: send Cache-Control: no-store on them and Clear-Site-Data: "cache" on logout.',
      stacks: {
        django: '@never_cache on authenticated views.',
        spring: "Spring Security's default Cache-Control: no-cache, no-store headers.",
        'aspnet-core': '[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)].',
        laravel: 'The cache.headers:no_store middleware on authenticated routes.',
      },
    },
    refs: ['WSTG-ATHN-06', 'WSTG-SESS-06', 'ASVS v4.0.3-3.3.1', 'ASVS v5.0.0-14.3.1'],
    requires: ['session', 'browser'],
    procedure: 'In the browser: open the first authenticated page, log out, press Back, and look for the text the page shows only when logged in (calibrated against a browser without a session).',
  },
  evaluate({ artifacts }) {
    const browser = browserObservations(artifacts, EXPECTED);
    if (isOutcome(browser)) return browser;
    const h = browser.history;
    if ('notConfigured' in h) return outcome.skipped(h.notConfigured);
    const exchanges = [...h.logoutExchanges, ...exchangesOf(h.currentAfterLogout)];
    if (h.markers.length === 0) {
      return outcome.inconclusive(EXPECTED, `${h.page} shows the same text logged in and logged out, so authenticated content cannot be recognized (set target.ui.pages)`);
    }
    if (h.shownBeforeLogout.length === 0) return outcome.inconclusive(EXPECTED, `${h.page} did not show its logged-in text before logout`);
    if (h.currentAfterLogout.answer !== 'no') {
      return outcome.inconclusive(EXPECTED, `the browser session was not logged out by the logout flow (${h.currentAfterLogout.reason}), so Back proves nothing`, [
        { message: `control failed: ${h.currentAfterLogout.reason}`, exchanges },
      ]);
    }
    if ('error' in h.afterBack) return outcome.inconclusive(EXPECTED, `Back after logout did not work: ${h.afterBack.error}`);
    const pages = h.afterBack.pages;
    const leaking = pages.filter((p) => p.shown.length > 0);
    if (leaking.length > 0) {
      const text = leaking.map((p) => `Back after logout showed ${p.url} with ${quote(p.shown)}`).join('; ');
      return outcome.fail(EXPECTED, `${text}, although the session is logged out`, [{ message: text, exchanges }]);
    }
    const visited = pages.length ? `Back after logout led to ${pages.map((p) => p.url).join(', then ')}` : 'Back after logout left the site';
    return outcome.pass(EXPECTED, `${visited}, never showing the logged-in text (${quote(h.markers)})`, { exchanges, controls: [browser.afterLogin] });
  },
});

function quote(texts: string[]): string {
  return texts.map((m) => `“${m}”`).join(', ');
}
