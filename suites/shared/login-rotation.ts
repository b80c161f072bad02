/**
 * Did logging in replace the session ID held before it, and is the old one logged out? One judgment
 * for every login that starts with a pre-login session: a form login (fixation.rotate-on-login) and a
 * login through an identity provider, judged at the app's callback (sso.rotate-on-login).
 */
import { outcome, type Outcome } from '../../src/model/check.js';
import { exchangesOf, requireControl, requireStillAlive } from './checks-common.js';
import type { FixationArtifact, SessionArtifact } from '../../src/model/artifacts.js';
import { describeMasked } from '../../src/evidence.js';

export function judgeLoginRotation(session: SessionArtifact, r: FixationArtifact['rotation'], expected: string, login = 'login'): Outcome {
  const noControl = requireControl(r.postLoginControl, expected, `the client right after ${login}`);
  if (noControl) return noControl;
  const exchanges = [...r.loginExchanges, ...exchangesOf(r.preLoginReplay)];
  const lines: string[] = [];
  for (const name of session.sessionCookies) {
    const pre = r.preLogin[name] ?? null;
    const post = r.postLogin[name] ?? null;
    if (post === null) return outcome.inconclusive(expected, `${name} was not held after ${login}, so rotation cannot be compared`);
    if (pre !== null && pre.fp === post.fp) {
      return outcome.fail(expected, `${name} kept its pre-login value across ${login} (${describeMasked(pre)})`, [
        { message: `${name} issued before ${login} was still the session after it`, exchanges },
      ]);
    }
    lines.push(pre === null ? `${name}: none before login, issued at ${login}` : `${name}: ${pre.fp}… → ${post.fp}…`);
  }
  const replay = r.preLoginReplay;
  if (replay?.answer === 'yes') {
    return outcome.fail(expected, `the pre-login cookies are still logged in after ${login} (${replay.reason})`, [
      { message: `the cookies held before ${login} were authenticated by it`, exchanges },
    ]);
  }
  if (replay?.answer === 'unknown') return outcome.inconclusive(expected, `replaying the pre-login cookies gave no clear answer: ${replay.reason}`);
  const controlLost = requireStillAlive(r.afterReplayControl, expected);
  if (controlLost) return controlLost;
  const tail = replay ? '; the pre-login cookies are logged out' : '; no cookies were issued before login';
  return outcome.pass(expected, lines.join('; ') + tail, { exchanges: [replay, r.loginExchanges], controls: [r.postLoginControl, r.afterReplayControl] });
}
