import { defineCheck, outcome } from '../../src/check.js';
import { requireControl, requireStillAlive, exchangesOf } from '../../src/checks-common.js';

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
    procedure: 'Save the session artifacts, log out, confirm the client is logged out, then replay the saved artifacts from a fresh client.',
  },
  evaluate({ artifacts }, spec) {
    const a = artifacts.logout!;
    const bearer = artifacts.session!.authKind === 'bearer';
    if (!spec.invalidation.logout) return outcome.skipped('the spec does not require server-side logout');
    if ('notConfigured' in a) return outcome.skipped(a.notConfigured);
    const noControl = requireControl(a.beforeLogout, EXPECTED, 'the session before logout');
    if (noControl) return noControl;
    // A bearer client forgets its token itself, so its own state proves nothing; what shows that logout
    // ran is the logout endpoint accepting the request.
    if (bearer && a.logoutStatus >= 400) {
      return outcome.inconclusive(EXPECTED, `the logout request was refused (status ${a.logoutStatus}), so replays prove nothing`, [
        { message: 'logout refused', exchanges: a.logoutExchanges },
      ]);
    }
    if (!bearer && a.currentAfterLogout.answer !== 'no') {
      return outcome.inconclusive(
        EXPECTED,
        `the logging-out client itself is still ${a.currentAfterLogout.answer === 'yes' ? 'logged in' : 'of unknown state'} after logout (${a.currentAfterLogout.reason}); the logout flow did not take effect, so replays prove nothing`,
        [{ message: 'logout did not log the current client out', exchanges: [...a.logoutExchanges, ...exchangesOf(a.currentAfterLogout)] }],
      );
    }
    const alive = a.replays.filter((r) => r.observation.answer === 'yes');
    if (alive.length > 0) {
      return outcome.fail(
        EXPECTED,
        `replaying ${alive.map((r) => r.cookies.join(' + ') || 'the token').join(', ')} after logout is still logged in (${alive[0]!.observation.reason}); logout only cleared the client`,
        alive.map((r) => ({
          message: `old session ${r.cookies.join(' + ') || 'token'} still authenticated after logout`,
          exchanges: [...a.logoutExchanges, ...exchangesOf(r.observation)],
        })),
      );
    }
    const unclear = a.replays.find((r) => r.observation.answer === 'unknown');
    if (unclear) return outcome.inconclusive(EXPECTED, `a replay after logout gave no clear answer: ${unclear.observation.reason}`);
    const { control } = a;
    // Logout that ends every session of the account also ends a same-account control: then the
    // control cannot vouch for the replays, and a second account (target.accounts) is needed to tell.
    const endsAllSessions = control.account === 'same' && control.afterLogout.answer === 'no';
    if (!endsAllSessions) {
      const lost = requireStillAlive(control.afterLogout, EXPECTED) ?? requireStillAlive(control.afterReplays, EXPECTED);
      if (lost) return lost;
    }
    const note = endsAllSessions ? ' (logout also ended the account\'s other session; add a second account in target.accounts for a restart-proof control)' : '';
    return outcome.pass(EXPECTED, `all ${a.replays.length} replays after logout were logged out${note}`);
  },
});
