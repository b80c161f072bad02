import { defineCheck, outcome, type Finding } from '../../src/model/check.js';
import { requireControl } from '../shared/checks-common.js';
import { cookieContext, evaluateSetCookie, type EffectiveCookie } from '../../src/cookies/evaluate.js';
import type { Exchange } from '../../src/evidence.js';

const EXPECTED = 'the logout response expires each session cookie (same name, Path and Domain; Max-Age=0, a past Expires or an empty value)';

export default defineCheck({
  meta: {
    id: 'logout.cookie-cleared',
    suite: 'logout',
    title: 'Logout clears the session cookie in the browser',
    failureTitle: 'Logout leaves the session cookie in the browser',
    severity: 'low',
    remediation: {
      summary:
        'Answer the logout request with a Set-Cookie that expires the session cookie (same name, Path and Domain, an empty value and Max-Age=0 or a past Expires), so the browser forgets it.',
      stacks: {
        'express-session': "res.clearCookie('connect.sid', { path: '/' }) (use the configured name and path).",
        django: 'logout() does it; a custom view should call response.delete_cookie(settings.SESSION_COOKIE_NAME, path=…, domain=…).',
        php: "setcookie(session_name(), '', ['expires' => 1, 'path' => '/', 'secure' => true, 'httponly' => true]) after session_destroy().",
        spring: 'logout(l -> l.deleteCookies("JSESSIONID")) (the configured cookie name).',
        'aspnet-core': 'HttpContext.SignOutAsync() deletes the authentication cookie; delete other cookies with Response.Cookies.Delete(name).',
        rails: 'reset_session, or cookies.delete(:key) for extra cookies.',
        flask: 'session.clear() makes Flask delete the cookie; clear the remember-me cookie through logout_user().',
        laravel: '$request->session()->invalidate() re-issues the cookie; Cookie::expire(name) for others.',
      },
    },
    refs: ['WSTG-SESS-06', 'NIST SP 800-63B §7.1', 'NIST SP 800-63B-4 §5.1', 'OWASP CS: Session Expiration', 'RFC 6265bis §4.1.2'],
    requires: ['session', 'logout'],
    procedure: 'Inspect the Set-Cookie headers of the logout responses for each session cookie, against the Path and Domain it was issued with.',
  },
  evaluate({ artifacts, evidence }) {
    const session = artifacts.session;
    const a = artifacts.logout;
    if ('notConfigured' in a) return outcome.skipped(a.notConfigured);
    if (session.authKind === 'bearer') return outcome.skipped('the session is a bearer token; there is no cookie to clear');
    const noControl = requireControl(a.beforeLogout, EXPECTED, 'the session before logout');
    if (noControl) return noControl;
    const logoutExchanges = evidence.filter((e) => a.logoutExchanges.includes(e.id) && e.response);
    if (logoutExchanges.length === 0) return outcome.inconclusive(EXPECTED, 'the logout flow got no response');
    // The device that logged out is the one whose cookies must go: its own login set their Path and
    // Domain, and its own value is the one a re-sent "same value" would keep alive.
    const issued = issuedCookies(evidence.filter((e) => a.held.loginExchanges.includes(e.id)), session.sessionCookies);
    const findings: Finding[] = [];
    const cleared: string[] = [];
    for (const name of session.sessionCookies) {
      const original = issued.get(name);
      if (!original) return outcome.inconclusive(EXPECTED, `the logging-out device's Set-Cookie for ${name} was not recorded, so its Path and Domain are unknown`);
      const held = a.held.ids[name];
      if (!held) return outcome.inconclusive(EXPECTED, `the logging-out device held no ${name} before logout`);
      const answers = logoutExchanges.flatMap((e) =>
        e.setCookies.filter((c) => c.name === name).map((record) => ({ record, cookie: effective(e, record) })),
      );
      // The browser keeps what the flow's last Set-Cookie for that name says: a rolling session re-sent by the
      // page a logout form sits on, then expired by the logout itself, ends up cleared.
      const match = answers.findLast(({ cookie }) => cookie.path === original.path && cookie.domain === original.domain);
      const ids = logoutExchanges.map((e) => e.id);
      if (match?.cookie.deletion || (match && match.record.value.fp !== held.fp)) {
        cleared.push(match.cookie.deletion ? `${name} expired` : `${name} overwritten with a new value`);
        continue;
      }
      if (match) {
        findings.push({ message: `${name} is re-issued with the same value at logout`, exchanges: ids });
      } else if (answers.length === 0) {
        findings.push({ message: `the logout responses do not set ${name} at all; the browser keeps the old session cookie`, exchanges: ids });
      } else {
        const c = answers[0]!.cookie;
        findings.push({
          message: `${name} is set with ${scope(c)}, but was issued with ${scope(original)}: it is a different cookie, the original stays`,
          exchanges: ids,
        });
      }
    }
    if (findings.length > 0) return outcome.fail(EXPECTED, findings.map((f) => f.message).join('; '), findings);
    return outcome.pass(EXPECTED, cleared.join('; '), { exchanges: [logoutExchanges.map((e) => e.id), a.held.loginExchanges], controls: [a.beforeLogout] });
  },
});

function effective(e: Exchange, record: Exchange['setCookies'][number]): EffectiveCookie {
  return evaluateSetCookie(record, cookieContext(e));
}

function scope(c: EffectiveCookie): string {
  return `Path=${c.path}${c.domain ? ` Domain=${c.domain}` : ''}`;
}

/** The last non-deleting issuance of each session cookie at login: the Path and Domain logout must clear. */
function issuedCookies(exchanges: Exchange[], names: string[]): Map<string, EffectiveCookie> {
  const out = new Map<string, EffectiveCookie>();
  for (const e of exchanges) {
    for (const c of e.setCookies) {
      if (!names.includes(c.name)) continue;
      const cookie = effective(e, c);
      if (!cookie.deletion) out.set(c.name, cookie);
    }
  }
  return out;
}
