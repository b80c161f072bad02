import { defineCheck, outcome } from '../../src/model/check.js';
import { judgeLoginRotation } from '../shared/login-rotation.js';

const EXPECTED = 'the app issues a new session ID at the identity provider’s callback, and the pre-login one is logged out';

export default defineCheck({
  meta: {
    id: 'sso.rotate-on-login',
    suite: 'sso',
    title: 'A new app session ID is issued at the SSO callback',
    failureTitle: 'The app session ID survives the single sign-on (session fixation)',
    severity: 'high',
    remediation: {
      summary:
        "Issue a new application session ID at the identity provider's callback and invalidate the one that started the login (it held only the state and nonce), so a session fixed before the login never becomes authenticated.",
      stacks: {
        'express-session': 'In the callback route, after openid-client validates the code, call req.session.regenerate() and store the tokens in the new session.',
        django: 'mozilla-django-oidc and django-allauth call login(), which cycles the key; a custom callback must call login() or request.session.cycle_key().',
        php: 'session_regenerate_id(true) in the callback after the token exchange.',
        spring: 'oauth2Login() applies the session-fixation strategy (changeSessionId) by default; do not disable it.',
        'aspnet-core': 'The OpenID Connect handler signs in with the cookie scheme, which issues a new cookie; do not carry the pre-login session over in a custom store.',
        rails: 'In the omniauth callback: reset_session before storing the user id.',
        flask: 'In the Authlib callback: session.clear(), then store the user; regenerate the ID with server-side sessions.',
        laravel: 'In the Socialite callback: Auth::login($user), then $request->session()->regenerate().',
      },
    },
    refs: ['ASVS v5.0.0-7.2.4', 'WSTG-SESS-03'],
    requires: ['session', 'fixation', 'sso'],
    procedure: 'Visit the app, note its session cookies, log in through the identity provider, compare the app’s session cookies after the callback, then replay the pre-login ones.',
  },
  evaluate({ artifacts }, spec) {
    const { session, fixation, sso } = artifacts;
    if ('notApplicable' in sso) return outcome.skipped(sso.notApplicable);
    if (!spec.invalidation.rotateOnLogin) return outcome.skipped('the spec does not require a new ID at login');
    if (session.authKind === 'bearer') return outcome.skipped('the app session is a bearer token minted at the callback; there is no pre-login ID to fix');
    return judgeLoginRotation(session, fixation.rotation, EXPECTED, `the callback from ${sso.providerOrigins.join(', ')}`);
  },
});
