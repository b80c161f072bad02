import { defineCheck, outcome } from '../../src/model/check.js';
import { exchangesOf, requireControl } from '../shared/checks-common.js';

const EXPECTED = 'after the first factor alone, the session is not logged in and no authenticated page opens';

export default defineCheck({
  meta: {
    id: 'mfa.partial-session',
    suite: 'mfa',
    title: 'Nothing is authenticated before the last factor',
    failureTitle: 'The session is authenticated before the second factor (MFA bypass)',
    severity: 'high',
    remediation: {
      summary:
        'Keep a half-finished login unauthenticated: after the password step store only a "pending second factor" marker in the session, and let every authenticated page and API require the completed login, not merely a known user.',
      stacks: {
        'express-session': 'Store req.session.pendingUser after the password and set req.session.user only after the code checks out; guard routes on req.session.user.',
        django: 'Do not call login() before the second factor; with django-otp protect views with otp_required, so a user without a verified device is not authenticated.',
        php: 'Keep $_SESSION["pending_user"] after the password and set the authenticated user only after the code is verified.',
        spring: 'Keep the pre-MFA Authentication out of the SecurityContext (a custom MFA AuthenticationProvider) and grant the user roles only after the final factor.',
        'aspnet-core': "Identity's two-factor flow signs in with the Identity.TwoFactorUserId scheme only; the application cookie comes from SignInManager.TwoFactorAuthenticatorSignInAsync.",
        rails: 'Devise with devise-two-factor: do not sign_in before the OTP is validated; keep the user id under a pending key.',
        flask: 'Flask-Login: call login_user() only after the second factor; keep a pending user id in the session before that.',
        laravel: 'Fortify keeps login.id in the session during the two-factor challenge and logs in only after the code; do not call Auth::login() earlier.',
      },
    },
    refs: ['ASVS v5.0.0-7.2.4', 'WSTG-ATHN-04', 'OWASP CS: Renew the Session ID After Any Privilege Level Change'],
    requires: ['session', 'mfa'],
    procedure: 'Log in with the first factor only (the login’s first step), ask the oracle and open every ui.pages entry with that session; then finish the login as the positive control.',
  },
  evaluate({ artifacts }) {
    const a = artifacts.mfa;
    if ('notApplicable' in a) return outcome.skipped(a.notApplicable);
    const noControl = requireControl(a.afterLastFactor.oracle, EXPECTED, `the client after all ${a.steps} login steps`);
    if (noControl) return noControl;
    const first = a.afterFirstFactor;
    const exchanges = [...first.exchanges, ...exchangesOf(first.oracle)];
    if (first.oracle.answer === 'yes') {
      return outcome.fail(EXPECTED, `the session is logged in after the first factor only (${first.oracle.reason})`, [
        { message: 'the oracle answered logged in before the second factor', exchanges },
      ]);
    }
    // A page the finished login does not pass cannot tell a half-logged-in session from a logged-out one.
    const telling = first.pages.filter((p) => p.full.answer === 'yes');
    const opened = telling.filter((p) => p.partial.answer === 'yes');
    if (opened.length > 0) {
      return outcome.fail(EXPECTED, `${opened.map((p) => p.url).join(', ')} open${opened.length === 1 ? 's' : ''} with the first factor only (${opened[0]!.partial.reason})`, [
        ...opened.map((p) => ({ message: `${p.url} opened before the second factor`, exchanges: [...first.exchanges, ...exchangesOf(p.partial)] })),
      ]);
    }
    const unclear = [first.oracle, ...telling.map((p) => p.partial)].find((o) => o.answer === 'unknown');
    if (unclear) return outcome.inconclusive(EXPECTED, `the half-logged-in session gave no clear answer: ${unclear.reason}`);
    const untold = first.pages.length - telling.length;
    const note = untold > 0 ? `; ${untold} of the ui.pages could not tell (the finished login did not pass them either)` : '';
    return outcome.pass(EXPECTED, `after the first factor the oracle${telling.length ? ` and ${telling.length} authenticated page(s)` : ''} answered logged out${note}`, {
      exchanges: [first.oracle, telling.map((p) => p.partial), first.exchanges],
      controls: [a.afterLastFactor.oracle, telling.map((p) => p.full)],
    });
  },
});
