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
    const issued = issuedCookies(evidence.filter((e) => session.login.issuing.includes(e.id)), session.sessionCookies);
    const findings: Finding[] = [];
    const cleared: string[] = [];
    for (const name of session.sessionCookies) {
      const original = issued.get(name);
      if (!original) return outcome.inconclusive(EXPECTED, `the login's Set-Cookie for ${name} was not recorded, so its Path and Domain are unknown`);
      const answers = logoutExchanges.flatMap((e) =>
        e.setCookies.filter((c) => c.name === name).map((record) => ({ record, cookie: effective(e, record) })),
      );
      const match = answers.find(({ cookie }) => cookie.path === original.cookie.path && cookie.domain === original.cookie.domain);
      const ids = logoutExchanges.map((e) => e.id);
      if (match?.cookie.deletion || (match && match.record.value.fp !== original.fp)) {
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
          message: `${name} is set with ${scope(c)}, but was issued with ${scope(original.cookie)}: it is a different cookie, the original stays`,
          exchanges: ids,
        });
      }
    }
    if (findings.length > 0) return outcome.fail(EXPECTED, findings.map((f) => f.message).join('; '), findings);
    return outcome.pass(EXPECTED, cleared.join('; '));
  },
});

function effective(e: Exchange, record: Exchange['setCookies'][number]): EffectiveCookie {
  return evaluateSetCookie(record, cookieContext(e));
}

function scope(c: EffectiveCookie): string {
  return `Path=${c.path}${c.domain ? ` Domain=${c.domain}` : ''}`;
}

/** The last non-deleting issuance of each session cookie at login: what logout must clear. */
function issuedCookies(exchanges: Exchange[], names: string[]): Map<string, { cookie: EffectiveCookie; fp: string }> {
  const out = new Map<string, { cookie: EffectiveCookie; fp: string }>();
  for (const e of exchanges) {
    for (const c of e.setCookies) {
      if (!names.includes(c.name)) continue;
      const cookie = effective(e, c);
      if (!cookie.deletion) out.set(c.name, { cookie, fp: c.value.fp });
    }
  }
  return out;
}
