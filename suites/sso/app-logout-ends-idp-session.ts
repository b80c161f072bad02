import { defineCheck, outcome } from '../../src/model/check.js';
import { flowFailed } from '../shared/checks-common.js';

const EXPECTED = 'after the app’s logout, a new login makes the identity provider ask for credentials again (RP-initiated logout)';

export default defineCheck({
  meta: {
    id: 'sso.app-logout-ends-idp-session',
    suite: 'sso',
    title: 'Logging out of the app ends the identity provider session',
    failureTitle: 'The identity provider session outlives the app’s logout',
    severity: 'low',
    remediation: {
      summary:
        "End the provider session too when the user logs out of the app: after destroying the app session, redirect to the provider's end_session_endpoint (OpenID Connect RP-Initiated Logout) with id_token_hint and a registered post_logout_redirect_uri.",
      stacks: {
        'express-session': "req.session.destroy(), then redirect to openid-client's buildEndSessionUrl(config, { id_token_hint, post_logout_redirect_uri }).",
        django: 'mozilla-django-oidc: set OIDC_OP_LOGOUT_URL_METHOD to build the end_session URL; with django-allauth redirect to the provider logout after logout().',
        php: 'After session_destroy(), redirect to the end_session_endpoint with id_token_hint.',
        spring: 'Use OidcClientInitiatedLogoutSuccessHandler as the logoutSuccessHandler of oauth2Login.',
        'aspnet-core': 'Sign out of both schemes: SignOut(CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme).',
        rails: 'After reset_session, redirect to the provider logout URL (omniauth_openid_connect knows the end_session_endpoint).',
        flask: 'After clearing the session, redirect to the end_session_endpoint from the provider metadata.',
        laravel: 'After Auth::logout() and invalidate(), redirect to the provider logout URL.',
      },
    },
    refs: ['ASVS v5.0.0-7.6.1', 'OpenID Connect RP-Initiated Logout 1.0', 'WSTG-SESS-06'],
    requires: ['session', 'sso'],
    procedure: 'Log in through the provider; start a login again (the control: the provider remembers the user and asks nothing); log out in the app; start a login again and see whether the provider asks for credentials.',
  },
  evaluate({ artifacts }, spec) {
    const a = artifacts.sso;
    if ('notApplicable' in a) return outcome.skipped(a.notApplicable);
    if (!spec.sso.appLogoutEndsIdpSession) return outcome.skipped('the spec does not require the app’s logout to end the provider session (spec.sso.appLogoutEndsIdpSession)');
    const t = a.appLogout;
    if ('notConfigured' in t) return outcome.skipped(t.notConfigured);
    if (t.remembered.askedForCredentials || t.remembered.app.answer !== 'yes') {
      return outcome.inconclusive(
        EXPECTED,
        `even before the logout, a new login did not go through without credentials (it ended at ${t.remembered.landedOn}, ${t.remembered.askedForCredentials ? 'asking for a password' : `the app ${t.remembered.app.answer === 'no' ? 'logged out' : 'of unknown state'}`}): the provider does not remember the user, so a prompt after the logout proves nothing`,
        [{ message: 'control: a login started while the provider session lives', exchanges: t.remembered.exchanges }],
      );
    }
    const failed = flowFailed(t.logout);
    if (failed) return outcome.inconclusive(EXPECTED, `the app’s logout did not go through (${failed})`, [{ message: 'logout', exchanges: t.logout.exchanges }]);
    const exchanges = [...t.logout.exchanges, ...t.after.exchanges];
    if (t.after.askedForCredentials) {
      return outcome.pass(EXPECTED, `after the app’s logout a new login stopped at ${t.after.landedOn} asking for credentials`, {
        exchanges,
        controls: [t.remembered.exchanges, t.remembered.app],
      });
    }
    if (t.after.app.answer === 'yes') {
      return outcome.fail(EXPECTED, `after the app’s logout a new login went straight back in at ${t.after.landedOn} without credentials: the provider session survived`, [
        { message: 'the identity provider still remembered the user after the app’s logout', exchanges },
      ]);
    }
    return outcome.inconclusive(EXPECTED, `after the app’s logout a new login ended at ${t.after.landedOn}, neither asking for credentials nor logged in (${t.after.app.reason})`, [
      { message: 'a login started after the app’s logout', exchanges },
    ]);
  },
});
