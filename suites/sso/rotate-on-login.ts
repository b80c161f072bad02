import { defineCheck, outcome } from '../../src/model/check.js';
import { judgeLoginRotation } from '../shared/login-rotation.js';

const EXPECTED = 'the app issues a new session ID at the identity provider’s callback, and the pre-login one is logged out';

export default defineCheck({
  meta: {
    id: 'sso.rotate-on-login',
    suite: 'sso',
    title: 'A new app session ID is issued at the SSO callback',
    failureTitle: 'The app session ID survives the single sign-on (session fixation)',
    severity: 'high',
    refs: ['ASVS v5.0.0-7.2.4', 'WSTG-SESS-03'],
    requires: ['session', 'fixation', 'sso'],
    procedure: 'Visit the app, note its session cookies, log in through the identity provider, compare the app’s session cookies after the callback, then replay the pre-login ones.',
  },
  evaluate({ artifacts }, spec) {
    const { session, fixation, sso } = artifacts;
    if ('notApplicable' in sso) return outcome.skipped(sso.notApplicable);
    if (!spec.invalidation.rotateOnLogin) return outcome.skipped('the spec does not require a new ID at login');
    if (session.authKind === 'bearer') return outcome.skipped('the app session is a bearer token minted at the callback; there is no pre-login ID to fix');
    return judgeLoginRotation(session, fixation.rotation, EXPECTED, `the callback from ${sso.providerOrigins.join(', ')}`);
  },
});
