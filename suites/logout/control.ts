/**
 * Did logout run? For cookies: the logging-out client is logged out afterwards. For a bearer token:
 * the server accepted the logout request (the client keeps sending its token, so asking whether it
 * is logged out would be the replay itself). Shared by logout.server-revocation and jwt.revocation.
 */
import { outcome, type Outcome } from '../../src/check.js';
import { requireControl } from '../../src/checks-common.js';
import type { LogoutArtifact } from '../../src/artifacts.js';

type Ran = Exclude<LogoutArtifact, { notConfigured: string }>;

export function logoutControl(a: Ran, bearer: boolean, expected: string): Outcome | null {
  const noControl = requireControl(a.beforeLogout, expected, 'the session before logout');
  if (noControl) return noControl;
  if (bearer) {
    if (a.logoutStatus < 400) return null;
    return outcome.inconclusive(expected, `the logout request was refused (status ${a.logoutStatus}); replays prove nothing`, [
      { message: 'logout request refused', exchanges: a.logoutExchanges },
    ]);
  }
  if (a.currentAfterLogout.answer === 'no') return null;
  return outcome.inconclusive(
    expected,
    `the logging-out client itself is still ${a.currentAfterLogout.answer === 'yes' ? 'logged in' : 'of unknown state'} after logout (${a.currentAfterLogout.reason}); the logout flow did not take effect, so replays prove nothing`,
    [{ message: 'logout did not log the current client out', exchanges: [...a.logoutExchanges, ...(a.currentAfterLogout.exchange > 0 ? [a.currentAfterLogout.exchange] : [])] }],
  );
}
