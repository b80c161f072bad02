import { defineCheck, outcome } from '../../src/check.js';
import { exchangesOf } from '../../src/checks-common.js';
import { CLIENT_SIDE_CONSEQUENCE } from '../../src/token/client-side.js';
import { logoutControl, replayControl } from '../logout/control.js';
import { usableJwt } from './forgeries.js';

const EXPECTED = 'after logout, the JWT (access token) replayed before its exp is rejected';

export default defineCheck({
  meta: {
    id: 'jwt.revocation',
    suite: 'jwt',
    title: 'Logout revokes the JWT before it expires',
    failureTitle: 'The JWT stays valid after logout',
    severity: 'high',
    refs: ['ASVS v5.0.0-7.4.1', 'ASVS v5.0.0-10.4.9', 'ASVS v4.0.3-3.5.1', 'OWASP CSJ: Token Explicit Revocation by the User'],
    requires: ['session', 'jwt', 'logout'],
    procedure: 'Log in, keep the JWT, log out, then replay the JWT from a fresh client before it expires (the logout suite\'s replay).',
  },
  evaluate({ artifacts }, spec) {
    const jwt = usableJwt(artifacts.jwt!);
    if ('verdict' in jwt) return jwt;
    const a = artifacts.logout!;
    if (!spec.invalidation.logout) return outcome.skipped('the spec does not require server-side logout');
    if ('notConfigured' in a) return outcome.skipped(a.notConfigured);
    const bearer = jwt.carrier === 'bearer token';
    const noControl = logoutControl(a, bearer, EXPECTED);
    if (noControl) return noControl;
    const replays = a.replays.filter((r) => (bearer ? r.cookies.length === 0 : r.cookies.includes(jwt.carrier)));
    if (replays.length === 0) return outcome.inconclusive(EXPECTED, `the logout suite did not replay the ${jwt.carrier}`);
    const alive = replays.filter((r) => r.observation.answer === 'yes');
    if (alive.length) {
      return outcome.fail(EXPECTED, `the ${jwt.carrier} is still accepted after logout (${alive[0]!.observation.reason}): ${CLIENT_SIDE_CONSEQUENCE}`, [
        { message: `JWT accepted after logout`, exchanges: [...a.logoutExchanges, ...exchangesOf(alive[0]!.observation)] },
      ]);
    }
    const unclear = replays.find((r) => r.observation.answer === 'unknown');
    if (unclear) return outcome.inconclusive(EXPECTED, `no clear answer to the replay: ${unclear.observation.reason}`);
    const replay = replayControl(a, EXPECTED);
    if ('lost' in replay) return replay.lost;
    return outcome.pass(EXPECTED, `the ${jwt.carrier} was rejected after logout, before its exp (refresh tokens are not exercised)${replay.note}`);
  },
});
