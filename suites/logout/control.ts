/**
 * The controls every verdict on logout replays rests on, shared by logout.server-revocation and
 * jwt.revocation: the session was alive before logout; logout ran (for cookies: the logging-out client
 * is logged out afterwards; for a bearer token, which the client forgets by itself, the server accepted
 * the logout request); and a session never logged out is still alive after the replays, so a logged-out
 * replay is not just a server that lost every session.
 */
import { outcome, type Outcome } from '../../src/model/check.js';
import { exchangesOf, requireControl, requireStillAlive } from '../shared/checks-common.js';
import type { LogoutArtifact } from '../../src/model/artifacts.js';

type Ran = Exclude<LogoutArtifact, { notConfigured: string }>;

/** Before any replay is judged: null when logout demonstrably ran on a live session. */
export function logoutControl(a: Ran, bearer: boolean, expected: string): Outcome | null {
  const noControl = requireControl(a.beforeLogout, expected, 'the session before logout');
  if (noControl) return noControl;
  if (bearer) {
    if (a.logoutStatus < 400) return null;
    return outcome.inconclusive(expected, `the logout request was refused (status ${a.logoutStatus}), so replays prove nothing`, [
      { message: 'logout refused', exchanges: a.logoutExchanges },
    ]);
  }
  if (a.currentAfterLogout.answer === 'no') return null;
  return outcome.inconclusive(
    expected,
    `the logging-out client itself is still ${a.currentAfterLogout.answer === 'yes' ? 'logged in' : 'of unknown state'} after logout (${a.currentAfterLogout.reason}); the logout flow did not take effect, so replays prove nothing`,
    [{ message: 'logout did not log the current client out', exchanges: [...a.logoutExchanges, ...exchangesOf(a.currentAfterLogout)] }],
  );
}

/**
 * Before a pass: the never-logged-out session must still be alive. Logout that ends every session of
 * the account also ends a same-account control; then it cannot vouch for the replays and the pass says
 * so (a second account in target.accounts is needed to tell).
 */
export function replayControl(a: Ran, expected: string): { lost: Outcome } | { note: string } {
  const { control } = a;
  const endsAllSessions = control.account === 'same' && control.afterLogout.answer === 'no';
  if (!endsAllSessions) {
    const lost = requireStillAlive(control.afterLogout, expected) ?? requireStillAlive(control.afterReplays, expected);
    if (lost) return { lost };
  }
  return { note: endsAllSessions ? " (logout also ended the account's other session; add a second account in target.accounts for a restart-proof control)" : '' };
}
