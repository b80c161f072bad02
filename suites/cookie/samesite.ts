import { defineCheck } from '../../src/model/check.js';
import { judgeEach, noRequirement, onEveryIssuance, sessionIssuances, type ObservedCookie } from './judge.js';

export default defineCheck({
  meta: {
    id: 'cookie.samesite',
    suite: 'cookie',
    title: 'The session cookie sets an accepted SameSite value explicitly',
    failureTitle: 'The session cookie lacks an accepted, explicit SameSite value',
    severity: 'medium',
    refs: [
      'WSTG-SESS-02',
      'WSTG-SESS-05',
      'ASVS v4.0.3-3.4.3',
      'ASVS v5.0.0-3.3.2',
      'NIST SP 800-63B-4 §5.1.1(6)',
      'RFC 6265bis §4.1.2.7, §5.6.7, §5.7 steps 17, 19',
      'OWASP CS: Cookies (SameSite)',
    ],
    requires: ['session'],
    procedure: 'Compute the effective SameSite of every Set-Cookie that (re)issues the session cookie with the browser algorithm (last SameSite wins, unknown value means Default).',
  },
  evaluate(input, spec) {
    const accepted = spec.cookie.sameSite;
    if (accepted.length === 0) return noRequirement('cookie.sameSite is empty');
    const expected = `every issuance of the session cookie sets SameSite explicitly to ${accepted.join(' or ')}, and SameSite=None only with Secure`;
    const issued = sessionIssuances(input, expected);
    if (!Array.isArray(issued)) return issued;
    const values = [...new Set(issued.map((o) => o.cookie.sameSite))].join(', ');
    return judgeEach(expected, issued, (o) => violations(o, accepted), `SameSite=${values} ${onEveryIssuance(issued)}`);
  },
});

function violations({ cookie, record }: ObservedCookie, accepted: readonly string[]): string[] {
  const name = cookie.name;
  if (cookie.sameSite === 'Default') {
    if (!cookie.sameSiteExplicit) return [`${name} has no SameSite attribute, so each browser applies its own default`];
    const sent = record.attributes.filter(([n]) => n.toLowerCase() === 'samesite').at(-1)?.[1] ?? '';
    return [`${name} has SameSite=${sent}, a value browsers do not recognize (treated as Default)`];
  }
  const out: string[] = [];
  if (!accepted.includes(cookie.sameSite)) out.push(`${name} has SameSite=${cookie.sameSite}, not ${accepted.join(' or ')}`);
  // The browser drops such a cookie outright (§5.7), whatever the spec accepts.
  if (cookie.sameSite === 'None' && !cookie.secure) out.push(`${name} has SameSite=None without Secure, so browsers ignore the cookie`);
  return out;
}
