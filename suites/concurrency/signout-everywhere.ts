import { heldAnswers } from '../../src/model/artifacts.js';
import { defineCheck, outcome } from '../../src/model/check.js';
import { flowFailed, jarsNote, requireControls, requireSurvivor, stateOf, survivingDevices, survivorAnswers } from '../shared/checks-common.js';

const EXPECTED = 'after "sign out everywhere" on one device, every other session is logged out';

export default defineCheck({
  meta: {
    id: 'concurrency.signout-everywhere',
    suite: 'concurrency',
    title: '"Sign out everywhere" ends the other sessions',
    failureTitle: '"Sign out everywhere" leaves other sessions logged in',
    severity: 'medium',
    remediation: {
      summary:
        '"Sign out everywhere" must delete every session of the account on the server (and its remember-me tokens), not only the current cookie.',
      stacks: {
        spring: 'FindByIndexNameSessionRepository.findByPrincipalName(name).keySet().forEach(repository::deleteById).',
        'aspnet-core': 'userManager.UpdateSecurityStampAsync(user) with a short SecurityStampValidator interval.',
        laravel: 'Auth::logoutOtherDevices($password) with the AuthenticateSession middleware.',
        django: 'Delete the Session rows of the user (or rotate the session auth hash).',
      },
    },
    refs: ['ASVS v4.0.3-3.3.4', 'ASVS v5.0.0-7.5.2', 'OWASP CS: Simultaneous Session Logons'],
    requires: ['signOutEverywhere'],
    procedure:
      'Log in devices B and C, then A; A invokes the configured sign-out-everywhere action; ask all three, replay what B and C held before (each session artifact alone, all together, the whole jar: a logged-in jar is ablated to name the cookies that revive the session), then A and a session of another account (target.accounts) once more: the server kept the sessions it should.',
  },
  evaluate({ artifacts }, spec) {
    const a = artifacts.signOutEverywhere;
    if ('notConfigured' in a) return outcome.skipped(a.notConfigured);
    if (!spec.invalidation.signOutEverywhere) return outcome.skipped('the spec does not ask for "sign out everywhere" (spec.invalidation.signOutEverywhere)');
    const noControl = requireControls([...a.others, a.current], EXPECTED, 'before signing out everywhere');
    if (noControl) return noControl;
    const surviving = survivingDevices(a.others, 'sign-out-everywhere', a.action.exchanges, `${a.current.device} signed out everywhere`);
    const failed = flowFailed(a.action);
    if (surviving.findings.length > 0 && failed) {
      return outcome.inconclusive(EXPECTED, `the sign-out-everywhere action did not go through (${failed}), so the sessions that stayed prove nothing`, [
        { message: 'sign out everywhere failed', exchanges: a.action.exchanges },
      ]);
    }
    if (surviving.findings.length > 0) return outcome.fail(EXPECTED, surviving.observed.join('; '), surviving.findings);
    if (surviving.unclear) return outcome.inconclusive(EXPECTED, surviving.unclear);
    const lost = requireSurvivor(a.survivors, EXPECTED, 'sign-out-everywhere');
    if (lost) return lost;
    const others = a.others.map((o) => o.device).join(' and ');
    return outcome.pass(EXPECTED, `${others} logged out, and so were their session artifacts${jarsNote(a.others)} replayed from another client; ${a.current.device} itself ${stateOf(a.current.after)}`, {
      exchanges: [a.others.map((o) => [o.after, heldAnswers(o.held)]), a.action.exchanges],
      controls: [a.others.map((o) => o.before), a.current.before, survivorAnswers(a.survivors)],
    });
  },
});
