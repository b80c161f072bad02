import { defineCheck, outcome } from '../../src/model/check.js';
import { describeIds, exchangesOf, idsChanged, requireControl, requireSurvivor } from '../shared/checks-common.js';
import { changedPassword } from './common.js';

const EXPECTED = 'the device that changed the password gets a new session ID, and its old ID is logged out';

export default defineCheck({
  meta: {
    id: 'password-change.rotate-current',
    suite: 'password-change',
    title: 'A password change renews the current session ID',
    failureTitle: "The session ID from before a password change stays valid",
    severity: 'medium',
    remediation: {
      summary:
        'Issue a new session ID to the session that changed the password and invalidate the old ID, so a copy of it taken earlier stops working.',
      stacks: {
        'express-session': 'req.session.regenerate() after the password change, copying the user across.',
        django: 'request.session.cycle_key() after update_session_auth_hash(request, user).',
        php: 'session_regenerate_id(true) after the change.',
        spring: 'request.changeSessionId() after the change.',
        'aspnet-core': 'await signInManager.RefreshSignInAsync(user) after UpdateSecurityStampAsync.',
        rails: 'reset_session and sign the user in again (Devise: bypass_sign_in(user)).',
        laravel: '$request->session()->regenerate() after the change.',
      },
    },
    refs: ['OWASP CS: Renew the Session ID After Any Privilege Level Change'],
    requires: ['passwordChange'],
    procedure: "Compare the changing device's session ID before and after the password change, and replay the old ID from a fresh client; a session that should survive (the device itself, or another account's) must still be alive.",
  },
  evaluate({ artifacts }) {
    const changed = changedPassword(artifacts.passwordChange, EXPECTED);
    if ('verdict' in changed) return changed;
    const { current } = changed;
    const noControl = requireControl(current.before, EXPECTED, `device ${current.device} before the password change`);
    if (noControl) return noControl;
    const replay = current.oldIdReplay;
    const rotated = idsChanged(current.idsBefore, current.idsAfter);
    const ids = describeIds(current.idsBefore, current.idsAfter);
    if (replay?.answer === 'yes') {
      const observed = rotated
        ? `the ID was renewed (${ids}), but the old one still logs in`
        : `device ${current.device} keeps the same session ID through the password change (${ids}), and it is still logged in`;
      return outcome.fail(EXPECTED, observed, [{ message: observed, exchanges: [...changed.change.exchanges, ...exchangesOf(replay)] }]);
    }
    if (replay?.answer !== 'no') return outcome.inconclusive(EXPECTED, `replaying the old ID gave no clear answer: ${replay ? replay.reason : 'it was not replayed'}`);
    const lost = requireSurvivor(changed.survivors, EXPECTED, 'password change');
    if (lost) return lost;
    if (!rotated) return outcome.pass(EXPECTED, `the password change ended device ${current.device}'s session, so its old ID is dead (${ids})`);
    return outcome.pass(EXPECTED, `the ID was renewed (${ids}) and the old one is logged out`);
  },
});
