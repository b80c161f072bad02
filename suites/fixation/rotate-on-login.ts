import { defineCheck, outcome } from '../../src/model/check.js';
import { judgeLoginRotation } from '../shared/login-rotation.js';

const EXPECTED = 'every session cookie gets a new value at login, and the pre-login cookies are logged out afterwards';

export default defineCheck({
  meta: {
    id: 'fixation.rotate-on-login',
    suite: 'fixation',
    title: 'A new session ID is issued at login',
    failureTitle: 'The session ID survives login (session fixation)',
    severity: 'critical',
    remediation: {
      summary:
        'Issue a new session ID when the user logs in (and on every re-authentication) and invalidate the pre-login one, so an ID planted before login never becomes authenticated.',
      stacks: {
        'express-session': 'Call req.session.regenerate() after verifying the credentials, then set the user on the new session.',
        django: 'Log in with django.contrib.auth.login(), which calls request.session.cycle_key().',
        php: 'session_regenerate_id(true) right after a successful login.',
        spring: "Spring Security's session-fixation protection: sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId())) (the default; not none()).",
        'aspnet-core': 'Sign in with SignInManager / HttpContext.SignInAsync, which issues a new authentication cookie; with AddSession, also clear the session at login.',
        rails: 'Call reset_session before storing the user id (Devise does this on sign-in).',
        flask: 'With Flask-Session, regenerate the session on login (app.session_interface.regenerate(session)); with cookie sessions, session.clear() before login_user().',
        laravel: '$request->session()->regenerate() after Auth::attempt() succeeds.',
      },
    },
    refs: ['WSTG-SESS-03', 'WSTG-SESS-04', 'ASVS v4.0.3-3.2.1', 'ASVS v5.0.0-7.2.4', 'NIST SP 800-63B-4 §5.1', 'OWASP CS: Renew the Session ID After Any Privilege Level Change'],
    requires: ['session', 'fixation'],
    procedure: 'Visit the site, snapshot the cookies, log in, compare the session cookies, then replay the pre-login cookies against the oracle.',
  },
  evaluate({ artifacts }, spec) {
    const { session, fixation } = artifacts;
    if (!spec.invalidation.rotateOnLogin) return outcome.skipped('the spec does not require a new ID at login');
    if (session.authKind === 'bearer') return outcome.skipped('the session is a bearer token minted at login; there is no pre-login ID to fix');
    return judgeLoginRotation(session, fixation.rotation, EXPECTED);
  },
});
