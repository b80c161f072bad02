import { defineCheck, outcome } from '../../src/model/check.js';
import { exchangesOf, flowFailed, requireControls, requireSurvivor, stateOf, survivorAnswers } from '../shared/checks-common.js';

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
    procedure: 'Log in devices B and C, then A; A invokes the configured sign-out-everywhere action; ask all three, then A and a session of another account (target.accounts) once more: the server kept the sessions it should.',
  },
  evaluate({ artifacts }, spec) {
    const a = artifacts.signOutEverywhere;
    if ('notConfigured' in a) return outcome.skipped(a.notConfigured);
    if (!spec.invalidation.signOutEverywhere) return outcome.skipped('the spec does not ask for "sign out everywhere" (spec.invalidation.signOutEverywhere)');
    const noControl = requireControls([...a.others, a.current], EXPECTED, 'before signing out everywhere');
    if (noControl) return noControl;
    const alive = a.others.filter((o) => o.after.answer === 'yes');
    const failed = flowFailed(a.action);
    if (alive.length > 0 && failed) {
      return outcome.inconclusive(EXPECTED, `the sign-out-everywhere action did not go through (${failed}), so the sessions that stayed prove nothing`, [
        { message: 'sign out everywhere failed', exchanges: a.action.exchanges },
      ]);
    }
    if (alive.length > 0) {
      const observed = `${alive.map((o) => o.device).join(' and ')} still logged in after ${a.current.device} signed out everywhere`;
      return outcome.fail(EXPECTED, observed, alive.map((o) => ({ message: `${o.device} still logged in`, exchanges: [...a.action.exchanges, ...exchangesOf(o.after)] })));
    }
    const unclear = a.others.find((o) => o.after.answer === 'unknown');
    if (unclear) return outcome.inconclusive(EXPECTED, `device ${unclear.device} gave no clear answer afterwards: ${unclear.after.reason}`);
    const lost = requireSurvivor(a.survivors, EXPECTED, 'sign-out-everywhere');
    if (lost) return lost;
    return outcome.pass(EXPECTED, `${a.others.map((o) => o.device).join(' and ')} logged out; ${a.current.device} itself ${stateOf(a.current.after)}`, {
      exchanges: [a.others.map((o) => o.after), a.action.exchanges],
      controls: [a.others.map((o) => o.before), a.current.before, survivorAnswers(a.survivors)],
    });
  },
});
