import { defineCheck, outcome } from '../../src/model/check.js';
import { exchangesOf } from '../shared/checks-common.js';
import { changedPassword } from './common.js';

const EXPECTED = 'a password change without the right current password is refused (the password stays as it was)';

export default defineCheck({
  meta: {
    id: 'password-change.requires-current',
    suite: 'password-change',
    title: 'A password change asks for the current password',
    failureTitle: 'The password can be changed without the current password',
    severity: 'medium',
    remediation: {
      summary:
        'Ask for the current password (or a fresh re-authentication) before accepting a new one, so a hijacked session cannot take over the account.',
      stacks: {
        django: 'Use django.contrib.auth.forms.PasswordChangeForm, which validates old_password.',
        'aspnet-core': 'userManager.ChangePasswordAsync(user, currentPassword, newPassword).',
        rails: 'Devise: update_with_password(params) with current_password.',
        laravel: "The 'current_password' validation rule, or the password.confirm middleware.",
        spring: 'Check the current password with PasswordEncoder.matches() before saving the new one.',
      },
    },
    refs: ['WSTG-ATHN-09', 'ASVS v5.0.0-7.5.1', 'OWASP CS: Reauthentication After Risk Events'],
    requires: ['passwordChange'],
    procedure:
      'Submit the password change from a logged-in device with a wrong, then an empty current password, and log in afterwards to see which password is set; the real change with the right current password is the control.',
  },
  evaluate({ artifacts }) {
    const a = artifacts.passwordChange;
    const changed = changedPassword(a, EXPECTED);
    if ('verdict' in changed) return changed;
    const { sendsCurrent, attempts } = changed.requiresCurrent;
    if (!sendsCurrent) {
      const observed = 'the configured password-change flow does not send the current password ({{password}}) and still changed it';
      return outcome.fail(EXPECTED, observed, [{ message: observed, exchanges: changed.change.exchanges }]);
    }
    const accepted = attempts.filter((t) => t.outcome === 'accepted');
    if (accepted.length > 0) {
      const observed = accepted.map((t) => `the change with ${t.presented} as the current password took effect (the new password logs in)`).join('; ');
      return outcome.fail(
        EXPECTED,
        observed,
        accepted.map((t) => ({ message: `changed with ${t.presented}`, exchanges: [...t.change.exchanges, ...t.trials.flatMap((x) => exchangesOf(x.observation))] })),
      );
    }
    const uncontrolled = attempts.find((t) => t.control.answer !== 'yes');
    if (uncontrolled) return outcome.inconclusive(EXPECTED, `the device submitting the change with ${uncontrolled.presented} was not logged in (${uncontrolled.control.reason})`);
    if (attempts.length < 2 || attempts.some((t) => t.outcome !== 'rejected')) {
      return outcome.inconclusive(EXPECTED, `not every attempt could be judged: ${attempts.map((t) => `${t.presented}: ${t.outcome}`).join(', ') || 'none was made'}`);
    }
    return outcome.pass(EXPECTED, `${attempts.map((t) => `with ${t.presented} the password stayed as it was (answered ${t.change.status ?? t.change.error})`).join('; ')}; with the right one it changed`, {
      exchanges: attempts.map((t) => [t.change.exchanges, t.trials.map((x) => x.observation)]),
      controls: [attempts.map((t) => t.control), changed.change.exchanges, changed.newPasswordLogin?.observation],
    });
  },
});
