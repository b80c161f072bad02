import { defineCheck, outcome } from '../../src/model/check.js';
import { judgeRevokedAfter } from './judge.js';

export default defineCheck({
  meta: {
    id: 'refresh.revoked-on-password-change',
    suite: 'refresh',
    title: 'A password change revokes the refresh tokens of other devices',
    failureTitle: 'Refresh tokens outlive a password change',
    severity: 'high',
    remediation: {
      summary:
        'On a password change, revoke every refresh-token family of the account (except, if you wish, the changing device’s), so whoever knew the old password loses the tokens it yielded.',
    },
    refs: ['ASVS v5.0.0-7.4.3', 'NIST SP 800-63B-4 §5.1'],
    requires: ['passwordChange'],
    procedure: 'Device B logs in and refreshes once (the control); device A changes the password; B refreshes with its newest refresh token.',
  },
  evaluate({ artifacts }, spec) {
    const pc = artifacts.passwordChange;
    if ('notConfigured' in pc) return outcome.skipped(pc.notConfigured);
    if ('notConfigured' in pc.refresh) return outcome.skipped(pc.refresh.notConfigured);
    const policy = spec.invalidation.passwordChange;
    if (policy !== 'revoke-others' && policy !== 'revoke-all') return outcome.skipped('the spec does not require a password change to end other sessions (spec.invalidation.passwordChange)');
    const expected = 'another device’s refresh token is refused after the password change';
    if (pc.newPasswordLogin?.observation.answer !== 'yes') {
      return outcome.inconclusive(expected, `the new password did not log in afterwards, so the password change may not have happened (${pc.stoppedEarly ?? pc.newPasswordLogin?.observation.reason ?? 'not tried'})`);
    }
    return judgeRevokedAfter(pc.refresh, 'the password change', expected);
  },
});
