import { heldAnswers } from '../../src/model/artifacts.js';
import { defineCheck, outcome, type Outcome } from '../../src/model/check.js';
import type { PasswordChangeArtifact } from '../../src/model/artifacts.js';
import type { PasswordChangeCurrent } from '../../src/config/types.js';
import { describeIds, exchangesOf, idsChanged, jarNote, jarRevival, replayed, requireControl, requireSurvivor, survivorAnswers } from '../shared/checks-common.js';
import { changedPassword, type ChangedPassword } from './common.js';

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
    procedure:
      "Compare the changing device's session ID before and after the password change, and replay what it held before from fresh clients (each session artifact alone, all together, and — unless passwordChangeCurrent is keep — the whole jar, ablated when logged in to name the cookies that revive the session); a session that should survive (the device itself, or another account's) must still be alive.",
  },
  evaluate({ artifacts }, spec) {
    const policy = spec.invalidation.passwordChangeCurrent;
    const expected = policy ? EXPECTED_BY_POLICY[policy] : EXPECTED;
    const changed = changedPassword(artifacts.passwordChange, expected);
    if ('verdict' in changed) return changed;
    const { current } = changed;
    const noControl = requireControl(current.before, expected, `device ${current.device} before the password change`);
    if (noControl) return noControl;
    if (policy) return judgePolicy(policy, current, changed, expected);
    const replay = replayed(current.held);
    const rotated = idsChanged(current.idsBefore, current.idsAfter);
    const ids = describeIds(current.idsBefore, current.idsAfter);
    if (replay?.answer === 'yes') {
      const observed = rotated
        ? `the ID was renewed (${ids}), but the old one still logs in`
        : `device ${current.device} keeps the same session ID through the password change (${ids}), and it is still logged in`;
      return outcome.fail(EXPECTED, observed, [{ message: observed, exchanges: [...changed.change.exchanges, ...exchangesOf(replay)] }]);
    }
    if (replay?.answer !== 'no') return outcome.inconclusive(EXPECTED, `replaying the old ID gave no clear answer: ${replay ? replay.reason : 'it was not replayed'}`);
    const revived = jarRevival(current.held.jar, EXPECTED, 'the password change', changed.change.exchanges);
    if (revived) return revived;
    const lost = requireSurvivor(changed.survivors, EXPECTED, 'password change');
    if (lost) return lost;
    const proof = { exchanges: [heldAnswers(current.held), changed.change.exchanges], controls: [current.before, survivorAnswers(changed.survivors)] };
    const jar = jarNote(current.held);
    if (!rotated) return outcome.pass(EXPECTED, `the password change ended device ${current.device}'s session, so its old ID is dead (${ids})${jar}`, proof);
    return outcome.pass(EXPECTED, `the ID was renewed (${ids}) and the old one is logged out${jar}`, proof);
  },
});

/** spec.invalidation.passwordChangeCurrent: what the team decided for the device that changed the password. */
const EXPECTED_BY_POLICY: Record<PasswordChangeCurrent, string> = {
  keep: 'the device that changed the password stays logged in (passwordChangeCurrent: keep)',
  renew: 'the device that changed the password stays logged in with a new session ID, and its old ID is logged out (passwordChangeCurrent: renew)',
  end: 'the device that changed the password is logged out, and its old ID too (passwordChangeCurrent: end)',
};

type Current = NonNullable<Extract<PasswordChangeArtifact, { current: unknown }>['current']>;

function judgePolicy(policy: PasswordChangeCurrent, current: Current, changed: Pick<ChangedPassword, 'change' | 'survivors'>, expected: string): Outcome {
  const { after } = current;
  const replay = replayed(current.held);
  const changeExchanges = changed.change.exchanges;
  const ids = describeIds(current.idsBefore, current.idsAfter);
  const evidence = [...changeExchanges, ...exchangesOf(after, replay)];
  const fail = (observed: string) => outcome.fail(expected, observed, [{ message: observed, exchanges: evidence }]);
  if (after.answer === 'unknown') return outcome.inconclusive(expected, `device ${current.device} is of unknown state after the change: ${after.reason}`);
  const proof = { exchanges: [exchangesOf(after), heldAnswers(current.held), changeExchanges], controls: [current.before, survivorAnswers(changed.survivors)] };
  if (policy === 'keep') return after.answer === 'yes' ? outcome.pass(expected, `device ${current.device} is still logged in (${ids})`, proof) : fail(`device ${current.device} was logged out by the change (${after.reason})`);
  if (policy === 'end' && after.answer === 'yes') return fail(`device ${current.device} is still logged in after the change (${after.reason})`);
  if (policy === 'renew' && after.answer === 'no') return fail(`device ${current.device} was logged out by the change instead of getting a new ID (${after.reason})`);
  if (policy === 'renew' && !idsChanged(current.idsBefore, current.idsAfter)) return fail(`device ${current.device} keeps the same session ID through the change (${ids})`);
  if (replay?.answer === 'yes') return fail(`the ID from before the change still logs in (${ids})`);
  if (replay?.answer !== 'no') return outcome.inconclusive(expected, `replaying the old ID gave no clear answer: ${replay ? replay.reason : 'it was not replayed'}`);
  const revived = jarRevival(current.held.jar, expected, 'the password change', changeExchanges);
  if (revived) return revived;
  // Under `end` the pass rests on sessions being gone, which a restarting server would also show.
  const lost = policy === 'end' ? requireSurvivor(changed.survivors, expected, 'password change') : null;
  if (lost) return lost;
  const jar = jarNote(current.held);
  return outcome.pass(expected, policy === 'end' ? `device ${current.device} is logged out and its old ID is dead (${ids})${jar}` : `the ID was renewed (${ids}), the device stays logged in, and the old ID is logged out${jar}`, proof);
}
