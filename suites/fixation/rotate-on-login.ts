import { defineCheck, outcome } from '../../src/model/check.js';
import { judgeLoginRotation } from '../shared/login-rotation.js';

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
    return judgeLoginRotation(session, fixation.rotation, EXPECTED);
  },
});
