import { defineCheck, outcome } from '../../src/model/check.js';
import { judgeRevokedAfter } from './judge.js';

export default defineCheck({
  meta: {
    id: 'refresh.revoked-on-logout',
    suite: 'refresh',
    title: 'Logout revokes the refresh token',
    failureTitle: 'The refresh token outlives logout',
    severity: 'high',
    remediation: {
      summary:
        'Revoke the refresh token (and its family) on the server at logout — an RFC 7009 revocation request from the client, or the logout endpoint deleting the grant — so a copied refresh token cannot mint new access tokens after the user signed out.',
    },
    refs: ['ASVS v5.0.0-7.4.1', 'RFC 7009 §2', 'RFC 9700 §4.14'],
    requires: ['refresh'],
    procedure: 'Log in, refresh once (the control), log out, confirm the device is logged out, then refresh with the newest refresh token.',
  },
  evaluate({ artifacts }, spec) {
    const r = artifacts.refresh;
    if ('notConfigured' in r) return outcome.skipped(r.notConfigured);
    if ('notConfigured' in r.logout) return outcome.skipped(r.logout.notConfigured);
    if (!spec.invalidation.logout) return outcome.skipped('the spec does not require logout to revoke (spec.invalidation.logout)');
    return judgeRevokedAfter(r.logout, 'logout', 'the newest refresh token is refused after logout');
  },
});
