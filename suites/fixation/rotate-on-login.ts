import { defineCheck, outcome } from '../../src/model/check.js';
import { requireControl, requireStillAlive, exchangesOf } from '../shared/checks-common.js';
import { describeMasked } from '../../src/evidence.js';

const EXPECTED = 'every session cookie gets a new value at login, and the pre-login cookies are logged out afterwards';

export default defineCheck({
  meta: {
    id: 'fixation.rotate-on-login',
    suite: 'fixation',
    title: 'A new session ID is issued at login',
    failureTitle: 'The session ID survives login (session fixation)',
    severity: 'critical',
    refs: ['WSTG-SESS-03', 'WSTG-SESS-04', 'ASVS v4.0.3-3.2.1', 'ASVS v5.0.0-7.2.4', 'NIST SP 800-63B-4 §5.1', 'OWASP CS: Renew the Session ID After Any Privilege Level Change'],
    requires: ['session', 'fixation'],
    procedure: 'Visit the site, snapshot the cookies, log in, compare the session cookies, then replay the pre-login cookies against the oracle.',
  },
  evaluate({ artifacts }, spec) {
    const { session, fixation } = artifacts;
    if (!spec.invalidation.rotateOnLogin) return outcome.skipped('the spec does not require a new ID at login');
    if (session!.authKind === 'bearer') return outcome.skipped('the session is a bearer token minted at login; there is no pre-login ID to fix');
    const r = fixation!.rotation;
    const noControl = requireControl(r.postLoginControl, EXPECTED, 'the client right after login');
    if (noControl) return noControl;
    const exchanges = [...r.loginExchanges, ...exchangesOf(r.preLoginReplay)];
    const lines: string[] = [];
    for (const name of session!.sessionCookies) {
      const pre = r.preLogin[name] ?? null;
      const post = r.postLogin[name] ?? null;
      if (post === null) return outcome.inconclusive(EXPECTED, `${name} was not held after login, so rotation cannot be compared`);
      if (pre !== null && pre.fp === post.fp) {
        return outcome.fail(EXPECTED, `${name} kept its pre-login value across login (${describeMasked(pre)})`, [
          { message: `${name} issued before login was still the session after login`, exchanges },
        ]);
      }
      lines.push(pre === null ? `${name}: none before login, issued at login` : `${name}: ${pre.fp}… → ${post.fp}…`);
    }
    const replay = r.preLoginReplay;
    if (replay?.answer === 'yes') {
      return outcome.fail(EXPECTED, `the pre-login cookies are still logged in after login (${replay.reason})`, [
        { message: 'the cookies held before login were authenticated by the login', exchanges },
      ]);
    }
    if (replay?.answer === 'unknown') return outcome.inconclusive(EXPECTED, `replaying the pre-login cookies gave no clear answer: ${replay.reason}`);
    const controlLost = requireStillAlive(r.afterReplayControl, EXPECTED);
    if (controlLost) return controlLost;
    const tail = replay ? '; the pre-login cookies are logged out' : '; no cookies were issued before login';
    return outcome.pass(EXPECTED, lines.join('; ') + tail);
  },
});
