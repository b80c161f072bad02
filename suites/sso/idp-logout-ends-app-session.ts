import { defineCheck, outcome } from '../../src/model/check.js';
import { exchangesOf, flowFailed, requireControl, requireStillAlive } from '../shared/checks-common.js';
import { formatDuration } from '../../src/config/durations.js';

const EXPECTED = 'logging out at the identity provider ends the app session (back-channel or front-channel logout) within spec.invalidation.maxDelay plus the replays’ grace';

export default defineCheck({
  meta: {
    id: 'sso.idp-logout-ends-app-session',
    suite: 'sso',
    title: 'Logging out at the identity provider ends the app session',
    failureTitle: 'The app session outlives the logout at the identity provider',
    severity: 'medium',
    remediation: {
      summary:
        "Let the provider's logout reach the application: implement OpenID Connect Back-Channel Logout (a logout_token naming the sid or sub ends every matching app session) or Front-Channel Logout, keeping an index from the provider's sid to the app sessions.",
      stacks: {
        'express-session': 'Add a POST back-channel logout route: verify the logout_token (openid-client / jose), look up the sessions by sid in the store and destroy them.',
        django: 'mozilla-django-oidc has no back-channel logout: add a view that validates the logout_token and deletes the sessions indexed by its sid.',
        php: 'Validate the logout_token and delete the session data recorded for its sid.',
        spring: 'Spring Security 6.2+: oidcLogout((logout) -> logout.backChannel(Customizer.withDefaults())).',
        'aspnet-core': 'Add an endpoint that validates the logout_token and removes the ticket from the ITicketStore.',
        rails: 'Add an endpoint that validates the logout_token and deletes the sessions stored for its sid.',
        flask: 'Add a back-channel endpoint that validates the logout_token (Authlib) and deletes the server-side sessions for its sid.',
        laravel: 'Add a route that validates the logout_token and removes that user\'s rows from the sessions table.',
      },
    },
    refs: ['ASVS v5.0.0-7.6.1', 'OpenID Connect Back-Channel Logout 1.0', 'OpenID Connect Front-Channel Logout 1.0', 'WSTG-SESS-06'],
    requires: ['session', 'sso'],
    procedure: 'Log in through the provider, log out at the provider itself (target.sso.logout), then replay the app session on a rising schedule until it is refused or the grace period ends; another device’s session is the control.',
  },
  evaluate({ artifacts }, spec) {
    const a = artifacts.sso;
    if ('notApplicable' in a) return outcome.skipped(a.notApplicable);
    if (!spec.sso.idpLogoutEndsAppSession) return outcome.skipped('the spec does not require the provider’s logout to end the app session (spec.sso.idpLogoutEndsAppSession)');
    const t = a.idpLogout;
    if ('notConfigured' in t) return outcome.skipped(t.notConfigured);
    const noControl = requireControl(t.before, EXPECTED, 'the app session right before the provider logout');
    if (noControl) return noControl;
    const failed = flowFailed(t.logout);
    if (failed) return outcome.inconclusive(EXPECTED, `the logout at the provider did not go through (${failed})`, [{ message: 'provider logout', exchanges: t.logout.exchanges }]);
    const ended = t.replays.find((r) => r.observation.answer === 'no');
    if (ended) {
      return (
        requireStillAlive(t.control, EXPECTED) ??
        outcome.pass(EXPECTED, `the app session was logged out ${formatDuration(ended.afterMs)} after the provider logout`, {
          exchanges: [ended.observation, t.logout.exchanges],
          controls: [t.before, t.control],
        })
      );
    }
    const unclear = t.replays.find((r) => r.observation.answer === 'unknown');
    if (unclear) return outcome.inconclusive(EXPECTED, `a replay after the provider logout gave no clear answer: ${unclear.observation.reason}`);
    const last = t.replays.at(-1)!;
    return outcome.fail(EXPECTED, `the app session is still logged in ${formatDuration(last.afterMs)} after the provider logout (bound ${formatDuration(t.boundMs)}): the app does not act on the provider’s logout`, [
      { message: 'the app session outlived the logout at the identity provider', exchanges: [...t.logout.exchanges, ...exchangesOf(...t.replays.map((r) => r.observation))] },
    ]);
  },
});
