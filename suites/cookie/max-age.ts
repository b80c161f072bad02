import { defineCheck } from '../../src/model/check.js';
import type { CookieMaxAgeRule } from '../../src/config/types.js';
import { judgeEach, noRequirement, onEveryIssuance, sessionIssuances, type ObservedCookie } from './judge.js';

/** RFC 6265bis §5.6.1–2: browsers cap any cookie lifetime at 400 days. */
const BROWSER_CAP_MS = 400 * 24 * 3600 * 1000;

export default defineCheck({
  meta: {
    id: 'cookie.max-age',
    suite: 'cookie',
    title: 'The session cookie does not outlive the session',
    failureTitle: 'The session cookie persists longer than allowed',
    severity: 'low',
    refs: [
      'WSTG-SESS-01',
      'WSTG-SESS-02',
      'NIST SP 800-63B §7.2',
      'NIST SP 800-63B §7.1.1(4)',
      'NIST SP 800-63B-4 §5.1',
      'NIST SP 800-63B-4 §5.1.1(4)',
      'RFC 6265bis §4.1.2.1-2, §5.5, §5.6.1-2, §5.7 step 6',
      'OWASP CS: Expire and Max-Age Attributes',
    ],
    requires: ['session'],
    procedure: 'Compute the lifetime of every Set-Cookie that (re)issues the session cookie: Max-Age wins over Expires, Expires is measured against the response Date, an unparsable Expires is ignored.',
  },
  evaluate(input, spec) {
    const rule = spec.cookie.maxAge;
    if (rule === null) return noRequirement('cookie.maxAge is not set');
    const expected =
      rule.kind === 'session'
        ? 'the session cookie is non-persistent (neither Max-Age nor Expires)'
        : `the session cookie lives at most ${duration(rule.maxMs)} (a non-persistent cookie passes), never over 400 days`;
    const issued = sessionIssuances(input, expected);
    if (!Array.isArray(issued)) return issued;
    const lifetimes = issued.flatMap((o) => (o.cookie.expiry.kind === 'persistent' ? [o.cookie.expiry.lifetimeMs] : []));
    const longest = lifetimes.length ? Math.max(...lifetimes) : null;
    const measured = {
      lifetimeSeconds: longest === null ? null : Math.round(longest / 1000),
      maxSeconds: rule.kind === 'max' ? Math.round(rule.maxMs / 1000) : null,
    };
    const passed =
      longest === null
        ? `non-persistent (no Max-Age, no valid Expires) ${onEveryIssuance(issued)}`
        : `a lifetime of at most ${duration(longest)} ${onEveryIssuance(issued)}`;
    return { ...judgeEach(expected, issued, (o) => violations(o, rule), passed), measured };
  },
});

function violations({ cookie, exchange }: ObservedCookie, rule: CookieMaxAgeRule): string[] {
  if (cookie.expiry.kind === 'session') return [];
  const life = cookie.expiry.lifetimeMs;
  const from = cookie.expiry.source === 'max-age' ? 'Max-Age' : `Expires, measured from ${exchange.response?.date ? 'the response Date' : 'the time of receipt (no Date header)'}`;
  const stated = `${cookie.name} lives ${duration(life)} (${from})`;
  const out: string[] = [];
  if (rule.kind === 'session') out.push(`${stated}: it is persistent`);
  else if (life > rule.maxMs) out.push(`${stated}, over the ${duration(rule.maxMs)} limit`);
  if (life > BROWSER_CAP_MS) out.push(`${stated}, over the 400 days browsers cap cookies at`);
  return out;
}

/** Lifetimes as people state them: "30 min", "8 h", "400 days". */
function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  const [value, unit] = s >= 86_400 ? [s / 86_400, 'day'] : s >= 3600 ? [s / 3600, 'h'] : s >= 60 ? [s / 60, 'min'] : [s, 's'];
  const n = Math.round(value * 10) / 10;
  return unit === 'day' ? `${n} day${n === 1 ? '' : 's'}` : `${n} ${unit}`;
}
