import { defineCheck, outcome } from '../../src/model/check.js';
import { describeIds, exchangesOf, idsChanged, requireControl, requireStillAlive } from '../shared/checks-common.js';

const EXPECTED = 'the session ID held after the first factor is replaced after the last one, and is not logged in afterwards';

export default defineCheck({
  meta: {
    id: 'mfa.rotate-after-factor',
    suite: 'mfa',
    title: 'A new session ID is issued after the last factor',
    failureTitle: 'The session ID survives the second factor',
    severity: 'high',
    remediation: {
      summary:
        'Issue a new session ID when the last factor succeeds and invalidate the ID used during the password step, so an ID planted or seen before the login is finished never becomes an authenticated session.',
      stacks: {
        'express-session': 'req.session.regenerate() after the second factor, then set the user on the new session.',
        django: 'login() cycles the session key: call it (or request.session.cycle_key()) after the second factor, not before.',
        php: 'session_regenerate_id(true) after the code is verified.',
        spring: "Apply the SessionAuthenticationStrategy (changeSessionId) after the final factor's authentication.",
        'aspnet-core': 'TwoFactorAuthenticatorSignInAsync issues the application cookie anew; do not keep a cookie issued before the factor.',
        rails: 'reset_session (or Devise sign_in) after the OTP is accepted.',
        flask: 'session.clear() and start a fresh session after the second factor; with server-side sessions regenerate the ID.',
        laravel: '$request->session()->regenerate() after the two-factor challenge.',
      },
    },
    refs: ['ASVS v4.0.3-3.2.1', 'ASVS v5.0.0-7.2.4', 'OWASP CS: Renew the Session ID After Any Privilege Level Change'],
    requires: ['session', 'mfa'],
    procedure: 'Log in with the first factor, note the session IDs, finish the login, compare them, then replay the IDs held after the first factor.',
  },
  evaluate({ artifacts }) {
    const a = artifacts.mfa;
    if ('notApplicable' in a) return outcome.skipped(a.notApplicable);
    const noControl = requireControl(a.afterLastFactor.oracle, EXPECTED, `the client after all ${a.steps} login steps`);
    if (noControl) return noControl;
    const before = a.afterFirstFactor.ids;
    const after = a.afterLastFactor.ids;
    const exchanges = [...a.afterFirstFactor.exchanges, ...a.afterLastFactor.exchanges, ...exchangesOf(a.intermediateReplay)];
    if (Object.values(after).every((id) => id === null)) return outcome.inconclusive(EXPECTED, 'no session ID was held after the last factor, so nothing can be compared');
    const held = Object.values(before).some((id) => id !== null);
    if (held && !idsChanged(before, after)) {
      return outcome.fail(EXPECTED, `the session ID stayed the same across the second factor (${describeIds(before, after)})`, [
        { message: 'the ID issued after the first factor became the fully authenticated session', exchanges },
      ]);
    }
    const replay = a.intermediateReplay;
    if (held && replay.answer === 'yes') {
      return outcome.fail(EXPECTED, `the ID held after the first factor is logged in once the login finished (${replay.reason})`, [
        { message: 'the intermediate session ID was authenticated by the second factor', exchanges },
      ]);
    }
    if (held && replay.answer === 'unknown') return outcome.inconclusive(EXPECTED, `replaying the intermediate ID gave no clear answer: ${replay.reason}`);
    const lost = requireStillAlive(a.afterReplayControl, EXPECTED);
    if (lost) return lost;
    return outcome.pass(EXPECTED, held ? `${describeIds(before, after)}; the intermediate ID is logged out` : 'no session ID was held after the first factor; the last factor issued one', {
      exchanges: [held ? replay : null, a.afterFirstFactor.exchanges, a.afterLastFactor.exchanges],
      controls: [a.afterLastFactor.oracle, a.afterReplayControl],
    });
  },
});
