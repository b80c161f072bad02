import { heldAnswers } from '../../src/model/artifacts.js';
import { defineCheck, outcome, type Finding } from '../../src/model/check.js';
import { exchangesOf, jarsNote, requireControls, requireSurvivor, stateOf, survivingDevices, survivorAnswers } from '../shared/checks-common.js';
import { changedPassword } from './common.js';

export default defineCheck({
  meta: {
    id: 'password-change.revoke-others',
    suite: 'password-change',
    title: 'A password change ends the other sessions',
    failureTitle: 'Sessions survive a password change',
    severity: 'high',
    remediation: {
      summary:
        'When the password changes, end every other session of the account (and remember-me tokens), keeping at most the session that made the change.',
      stacks: {
        'express-session': 'Keep an index of session IDs per user in the store and destroy them all except req.session.id.',
        django: 'Built in: changing the password changes the session auth hash, so other sessions log out; call update_session_auth_hash(request, user) to keep the current one.',
        php: 'Store session IDs per user (e.g. in the database) and delete the others on password change.',
        spring: 'FindByIndexNameSessionRepository.findByPrincipalName(name) and deleteById() for each other session (Spring Session), or SessionRegistry.getAllSessions(…).forEach(SessionInformation::expireNow).',
        'aspnet-core': 'userManager.UpdateSecurityStampAsync(user) with SecurityStampValidatorOptions.ValidationInterval short (e.g. TimeSpan.Zero).',
        rails: 'Devise does it when encrypted_password changes (bypass_sign_in / sign_in again for the current session); otherwise store and delete sessions per user.',
        flask: 'Flask-Login: make get_id() return a token that changes with the password (alternative tokens), so old sessions no longer load a user.',
        laravel: 'Auth::logoutOtherDevices($currentPassword) with the AuthenticateSession middleware.',
      },
    },
    refs: ['ASVS v4.0.3-3.3.3', 'ASVS v5.0.0-7.4.3', 'WSTG-ATHN-09', 'OWASP CS: Renew the Session ID After Any Privilege Level Change'],
    requires: ['passwordChange'],
    procedure:
      'Log in devices B and C, then A; A changes the password; ask B, C and A whether they are still logged in, and replay what B and C held before (each session artifact alone, all together, the whole jar: a logged-in jar is ablated to name the cookies that revive the session); log in with the new password (the change took effect) and with the old one; ask A and a session of another account (target.accounts) once more (the server kept the sessions it should); restore the password.',
  },
  evaluate({ artifacts }, spec) {
    const policy = spec.invalidation.passwordChange;
    const a = artifacts.passwordChange;
    if ('notConfigured' in a) return outcome.skipped(a.notConfigured);
    if (policy === null || policy === 'none') return outcome.skipped('the spec does not require a password change to end sessions (spec.invalidation.passwordChange)');
    const expected =
      policy === 'revoke-all'
        ? 'after a password change every session is logged out, the changing one included, and the old password is refused at login'
        : 'after a password change every other session is logged out (the changing one may stay), and the old password is refused at login';
    const changed = changedPassword(a, expected);
    if ('verdict' in changed) return changed;
    const noControl = requireControls([...changed.others, changed.current], expected, 'before the password change');
    if (noControl) return noControl;

    const surviving = survivingDevices(changed.others, 'the password change', changed.change.exchanges, `${changed.current.device} changed the password`);
    const findings: Finding[] = [...surviving.findings];
    const observed = [...surviving.observed];
    const also = (f: Finding) => (findings.push(f), observed.push(f.message));
    if (policy === 'revoke-all' && changed.current.after.answer === 'yes') {
      also({ message: `device ${changed.current.device}, which changed the password, is still logged in; the spec asks for every session to end`, exchanges: exchangesOf(changed.current.after) });
    }
    const old = changed.oldPasswordLogin;
    if (old?.observation.answer === 'yes') also({ message: 'the old password still logs in', exchanges: [...old.loginExchanges, ...exchangesOf(old.observation)] });
    if (findings.length > 0) return outcome.fail(expected, observed.join('; '), findings);

    if (!old) return outcome.inconclusive(expected, 'logging in with the old password was not tried');
    if (surviving.unclear) return outcome.inconclusive(expected, `an answer after the change was unclear: ${surviving.unclear}`);
    const unclear = [...(policy === 'revoke-all' ? [changed.current.after] : []), old.observation].find((o) => o.answer === 'unknown');
    if (unclear) return outcome.inconclusive(expected, `an answer after the change was unclear: ${unclear.reason}`);
    const lost = requireSurvivor(changed.survivors, expected, 'password change');
    if (lost) return lost;
    return outcome.pass(
      expected,
      `${changed.others.map((o) => o.device).join(' and ')} logged out after ${changed.current.device} changed the password, and so were their session artifacts${jarsNote(changed.others)} replayed from another client; ${changed.current.device} itself ${stateOf(changed.current.after)}; the old password is refused at login`,
      {
        exchanges: [changed.others.map((o) => [o.after, heldAnswers(o.held)]), changed.current.after, old.observation, old.loginExchanges, changed.change.exchanges],
        controls: [changed.others.map((o) => o.before), changed.current.before, changed.newPasswordLogin?.observation, survivorAnswers(changed.survivors)],
      },
    );
  },
});
