import { defineCheck, outcome } from '../../src/model/check.js';
import { describeIds, exchangesOf, idsChanged, requireControl } from '../shared/checks-common.js';
import { changedPassword } from './common.js';

const EXPECTED = 'the device that changed the password gets a new session ID, and its old ID is logged out';

export default defineCheck({
  meta: {
    id: 'password-change.rotate-current',
    suite: 'password-change',
    title: 'A password change renews the current session ID',
    failureTitle: "The session ID from before a password change stays valid",
    severity: 'medium',
    refs: ['OWASP CS: Renew the Session ID After Any Privilege Level Change'],
    requires: ['passwordChange'],
    procedure: "Compare the changing device's session ID before and after the password change, and replay the old ID from a fresh client.",
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
    if (!rotated) return outcome.pass(EXPECTED, `the password change ended device ${current.device}'s session, so its old ID is dead (${ids})`);
    return outcome.pass(EXPECTED, `the ID was renewed (${ids}) and the old one is logged out`);
  },
});
