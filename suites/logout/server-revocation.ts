import { defineCheck, outcome } from '../../src/model/check.js';
import { exchangesOf, jarNote, jarRevival } from '../shared/checks-common.js';
import { CLIENT_SIDE_CONSEQUENCE, clientSideCarriers } from '../../src/token/client-side.js';
import { logoutControl, replayControl } from './control.js';

const EXPECTED = 'after logout, replaying the old session artifacts (each alone and all together) and everything the device held is logged out';

export default defineCheck({
  meta: {
    id: 'logout.server-revocation',
    suite: 'logout',
    title: 'Logout destroys the session on the server',
    failureTitle: 'The session stays valid on the server after logout',
    severity: 'critical',
    remediation: {
      summary:
        'On logout, destroy the session in the server-side store (or revoke the token), not just the browser cookie: a copied session ID must stop working the moment the user logs out. Signed-cookie sessions cannot be revoked; move the session to a server-side store or keep a revocation list.',
      stacks: {
        'express-session': 'req.session.destroy() in the logout handler, then clear the cookie.',
        django: 'django.contrib.auth.logout(request), which flushes the session; use a server-side SESSION_ENGINE (db, cache), not signed_cookies.',
        php: '$_SESSION = []; session_destroy(); and expire the cookie.',
        spring: 'logout(l -> l.invalidateHttpSession(true)) (the default) with a server-side session store.',
        'aspnet-core': 'Cookie authentication is a self-contained ticket: use options.SessionStore (ITicketStore) and remove the ticket on SignOutAsync, or update the security stamp.',
        rails: 'reset_session on logout and use a server-side store (ActiveRecord / Redis); :cookie_store sessions cannot be revoked.',
        flask: 'logout_user() plus session.clear() with Flask-Session (server-side); the default signed-cookie session stays valid when replayed.',
        laravel: 'Auth::logout(); $request->session()->invalidate(); $request->session()->regenerateToken(); with a server-side driver (not cookie).',
      },
    },
    refs: ['WSTG-SESS-06', 'WSTG-SESS-07', 'ASVS v4.0.3-3.3.1', 'ASVS v5.0.0-7.4.1', 'NIST SP 800-63B §7.1', 'NIST SP 800-63B-4 §5.1, §5.2', 'OWASP CS: Session Expiration'],
    requires: ['session', 'logout'],
    procedure:
      'Save the session artifacts and the whole jar, log out, confirm the client is logged out (for a bearer token: that the logout request succeeded), then replay the saved artifacts (alone, together) and the whole jar from a fresh client; a logged-in jar is ablated to name the cookies that revive the session.',
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
    const revived = jarRevival(a.jar, EXPECTED, 'logout', a.logoutExchanges);
    if (revived) return revived;
    const unclear = a.replays.find((r) => r.observation.answer === 'unknown');
    if (unclear) return outcome.inconclusive(EXPECTED, `a replay after logout gave no clear answer: ${unclear.observation.reason}`);
    const replay = replayControl(a, EXPECTED);
    if ('lost' in replay) return replay.lost;
    const jar = jarNote(a);
    const replays = a.replays.length === 1 ? 'the replay after logout was' : `all ${a.replays.length} replays after logout were`;
    return outcome.pass(EXPECTED, `${replays} logged out${jar}${replay.note}`, {
      exchanges: [a.replays.map((r) => r.observation), a.jar?.observation, a.currentAfterLogout, a.logoutExchanges],
      // A same-account control that logout ended vouches for nothing (the pass says so); only live ones are cited.
      controls: [a.beforeLogout, a.control.afterLogout, a.control.afterReplays].filter((o) => o.answer === 'yes'),
    });
  },
});
