import { defineCheck, outcome } from '../../src/model/check.js';
import { exchangesOf, requireControl } from '../shared/checks-common.js';
import { CLIENT_SIDE_CONSEQUENCE } from '../../src/token/client-side.js';
import { usableJwt } from './forgeries.js';

const EXPECTED = 'after logout, the JWT replayed before its exp is rejected';

export default defineCheck({
  meta: {
    id: 'jwt.revocation',
    suite: 'jwt',
    title: 'Logout revokes the JWT before it expires',
    failureTitle: 'The JWT stays valid after logout',
    severity: 'high',
    remediation: {
      summary:
        'Make logout end the JWT before it expires: keep access tokens short-lived and keep a server-side deny list (jti) or a per-user token version checked on every request.',
    },
    refs: ['ASVS v5.0.0-7.4.1', 'ASVS v5.0.0-10.4.9', 'ASVS v4.0.3-3.5.1', 'OWASP CSJ: Token Explicit Revocation by the User'],
    requires: ['jwt'],
    procedure: 'Log in, keep the JWT, log out, then replay the JWT alone from a fresh client before it expires.',
  },
  evaluate({ artifacts }, spec) {
    const jwt = usableJwt(artifacts.jwt);
    if ('verdict' in jwt) return jwt;
    if (!spec.invalidation.logout) return outcome.skipped('the spec does not require server-side logout');
    const r = jwt.revocation;
    if ('notConfigured' in r) return outcome.skipped(r.notConfigured);
    const noControl = requireControl(r.beforeLogout, EXPECTED, `the ${jwt.carrier} before logout`);
    if (noControl) return noControl;
    // A client holding a bearer token keeps sending it: that logout ran shows in the server accepting it.
    const ran = jwt.carrier === 'bearer token' ? r.logoutStatus < 400 : r.currentAfterLogout.answer === 'no';
    if (!ran) {
      return outcome.inconclusive(EXPECTED, `logout did not take effect (status ${r.logoutStatus}; ${r.currentAfterLogout.reason}), so the replay proves nothing`, [
        { message: 'logout did not take effect', exchanges: r.logoutExchanges },
      ]);
    }
    if (r.replay.answer === 'yes') {
      return outcome.fail(EXPECTED, `the ${jwt.carrier} is still accepted after logout (${r.replay.reason}): ${CLIENT_SIDE_CONSEQUENCE}`, [
        { message: 'JWT accepted after logout', exchanges: [...r.logoutExchanges, ...exchangesOf(r.replay)] },
      ]);
    }
    if (r.replay.answer === 'unknown') return outcome.inconclusive(EXPECTED, `no clear answer to the replay: ${r.replay.reason}`);
    return outcome.pass(EXPECTED, `the ${jwt.carrier}${jwt.mintedByRefresh ? ' (minted by a refresh)' : ''} was rejected after logout, before its exp (refresh.revoked-on-logout judges the refresh token)`, {
      exchanges: [r.replay, r.logoutExchanges],
      controls: [r.beforeLogout],
    });
  },
});
