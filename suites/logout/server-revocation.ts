import { defineCheck, outcome } from '../../src/model/check.js';
import { exchangesOf } from '../shared/checks-common.js';
import { CLIENT_SIDE_CONSEQUENCE, clientSideCarriers } from '../../src/token/client-side.js';
import { logoutControl, replayControl } from './control.js';

const EXPECTED = 'after logout, replaying the old session artifacts (each alone and all together) is logged out';

export default defineCheck({
  meta: {
    id: 'logout.server-revocation',
    suite: 'logout',
    title: 'Logout destroys the session on the server',
    failureTitle: 'The session stays valid on the server after logout',
    severity: 'critical',
    refs: ['WSTG-SESS-06', 'WSTG-SESS-07', 'ASVS v4.0.3-3.3.1', 'ASVS v5.0.0-7.4.1', 'NIST SP 800-63B §7.1', 'NIST SP 800-63B-4 §5.1, §5.2', 'OWASP CS: Session Expiration'],
    requires: ['session', 'logout'],
    procedure:
      'Save the session artifacts, log out, confirm the client is logged out (for a bearer token: that the logout request succeeded), then replay the saved artifacts from a fresh client.',
  },
  evaluate({ artifacts, evidence }, spec) {
    const a = artifacts.logout;
    const session = artifacts.session;
    if (!spec.invalidation.logout) return outcome.skipped('the spec does not require server-side logout');
    if ('notConfigured' in a) return outcome.skipped(a.notConfigured);
    const noControl = logoutControl(a, session.authKind === 'bearer', EXPECTED);
    if (noControl) return noControl;
    const alive = a.replays.filter((r) => r.observation.answer === 'yes');
    if (alive.length > 0) {
      // Client-side sessions fail by design; say so rather than just "still logged in".
      const clientSide = clientSideCarriers(session, evidence);
      const why = clientSide.length
        ? `. This is a client-side session — ${clientSide.map((c) => `${c.carrier}: ${c.why}`).join('; ')} — and ${CLIENT_SIDE_CONSEQUENCE}`
        : '; logout only cleared the client';
      return outcome.fail(
        EXPECTED,
        `replaying ${alive.map((r) => r.cookies.join(' + ') || 'the token').join(', ')} after logout is still logged in (${alive[0]!.observation.reason})${why}`,
        [
          ...alive.map((r) => ({
            message: `old session ${r.cookies.join(' + ') || 'bearer token'} still authenticated after logout`,
            exchanges: [...a.logoutExchanges, ...exchangesOf(r.observation)],
          })),
          ...clientSide.map((c) => ({ message: `client-side session state: ${c.carrier} — ${c.why}`, exchanges: c.exchanges })),
        ],
      );
    }
    const unclear = a.replays.find((r) => r.observation.answer === 'unknown');
    if (unclear) return outcome.inconclusive(EXPECTED, `a replay after logout gave no clear answer: ${unclear.observation.reason}`);
    const replay = replayControl(a, EXPECTED);
    if ('lost' in replay) return replay.lost;
    return outcome.pass(EXPECTED, `all ${a.replays.length} replays after logout were logged out${replay.note}`);
  },
});
