import { defineCheck, outcome, type Finding } from '../../src/model/check.js';
import { exchangesOf, jarNote, revivalOf } from '../shared/checks-common.js';
import type { RememberMeTrial } from '../../src/model/artifacts.js';
import { cookieContext, evaluateSetCookie } from '../../src/cookies/evaluate.js';
import { formatDuration } from '../../src/config/durations.js';
import type { Exchange } from '../../src/evidence.js';

export default defineCheck({
  meta: {
    id: 'remember-me.revocation',
    suite: 'remember-me',
    title: 'The remember-me cookie dies with logout and password change',
    failureTitle: 'The remember-me cookie logs in again after logout or password change',
    severity: 'high',
    remediation: {
      summary:
        'Store remember-me tokens server-side (hashed, per device) and delete them on logout and password change, so a stolen remember-me cookie cannot log in again.',
      stacks: {
        spring: 'PersistentTokenBasedRememberMeServices with a JdbcTokenRepositoryImpl; logout removes the token.',
        rails: 'Devise: config.expire_all_remember_me_on_sign_out = true.',
        flask: 'Flask-Login remember cookies encode get_id(): use an alternative token that changes on password change and logout.',
        laravel: 'Auth::logout() cycles the remember_token; logoutOtherDevices() does too.',
        'aspnet-core': 'Persistent cookies are the same ticket: update the security stamp on password change.',
      },
    },
    refs: ['WSTG-ATHN-05', 'NIST SP 800-63B-4 §5.1'],
    requires: ['rememberMe', 'passwordChange'],
    procedure:
      'Log in asking to be remembered; show that the remember-me cookie alone logs a fresh device in; then log out (and, separately, change the password) and present the cookie alone again, then the whole jar the remembered device held before the event (ablated when logged in, to name the cookies that bring the session back).',
  },
  evaluate({ artifacts, evidence }, spec) {
    const rm = artifacts.rememberMe;
    if ('notConfigured' in rm) return outcome.skipped(rm.notConfigured);
    const pc = artifacts.passwordChange;
    const events: Array<[string, RememberMeTrial | { notConfigured: string }]> = [
      ['logout', rm.logout],
      ['the password change', 'notConfigured' in pc ? { notConfigured: 'no password change was made' } : pc.rememberMe],
    ];
    const maxAgeMs = spec.rememberMe.maxAgeMs;
    const expected = `after logout and after a password change, the remember-me cookie ${rm.cookie} alone no longer logs in${maxAgeMs === null ? '' : `, and it lives at most ${formatDuration(maxAgeMs)}`}`;
    const tried = events.filter((e): e is [string, RememberMeTrial] => !('notConfigured' in e[1]));
    if (tried.length === 0) return outcome.skipped(`neither logout nor a password change is configured (${events.map(([, t]) => ('notConfigured' in t ? t.notConfigured : '')).join('; ')})`);

    const findings: Finding[] = [];
    const passed: string[] = [];
    for (const [event, t] of tried) {
      if (!t.issued) return outcome.inconclusive(expected, `the login asking to be remembered did not set ${rm.cookie} (before ${event})`);
      if (t.control?.answer !== 'yes') {
        return outcome.inconclusive(expected, `the remember-me cookie alone did not log in even before ${event} (${t.control?.reason ?? 'not tried'}), so its refusal afterwards proves nothing`);
      }
      if (t.replay?.answer === 'yes') findings.push({ message: `after ${event}, ${rm.cookie} alone still logs a fresh device in`, exchanges: [...t.eventExchanges, ...exchangesOf(t.replay)] });
      else if (t.replay?.answer !== 'no') return outcome.inconclusive(expected, `presenting ${rm.cookie} after ${event} gave no clear answer: ${t.replay?.reason ?? 'it was not presented (the device no longer held it)'}`);
      else if (t.jar?.observation.answer === 'unknown') return outcome.inconclusive(expected, `replaying the whole jar the remembered device held before ${event} gave no clear answer: ${t.jar.observation.reason}`);
      else {
        // Refused alone, the cookie may still come back with the rest of the jar, or another cookie may (rule 24).
        const revived = revivalOf(t.jar, event, t.eventExchanges, 'the remembered device');
        if (revived) findings.push(...revived.findings);
        else passed.push(`after ${event} it was refused${jarNote(t)}`);
      }
      if (maxAgeMs !== null) {
        const lifetime = lifetimeMs(evidence, t.issued.exchange, rm.cookie);
        if (lifetime !== undefined && lifetime > maxAgeMs) {
          findings.push({ message: `${rm.cookie} is issued for ${formatDuration(lifetime)}, more than ${formatDuration(maxAgeMs)}`, exchanges: [t.issued.exchange] });
        }
      }
    }
    if (findings.length > 0) return outcome.fail(expected, findings.map((f) => f.message).join('; '), findings);
    const untried = events.filter(([, t]) => 'notConfigured' in t).map(([event, t]) => `${event} not tried: ${(t as { notConfigured: string }).notConfigured}`);
    return outcome.pass(expected, [`the cookie alone logged a device in before; ${passed.join('; ')}`, ...untried].join('; '), {
      exchanges: tried.map(([, t]) => [t.replay, t.jar?.observation, t.eventExchanges]),
      controls: tried.map(([, t]) => [t.issued?.exchange, t.control]),
    });
  },
});

/** The cookie's lifetime as its issuing Set-Cookie states it (Max-Age over Expires, measured against Date). */
function lifetimeMs(evidence: readonly Exchange[], exchangeId: number, name: string): number | undefined {
  const e = evidence.find((x) => x.id === exchangeId);
  const record = e?.setCookies.find((c) => c.name === name);
  if (!e || !record) return undefined;
  const expiry = evaluateSetCookie(record, cookieContext(e)).expiry;
  return expiry.kind === 'persistent' ? expiry.lifetimeMs : undefined;
}
