import { defineCheck, outcome } from '../../src/model/check.js';
import { cookiePrefix, prefixViolations } from '../../src/cookies/evaluate.js';
import { everyCookie, headers, judgeEach } from './judge.js';

const EXPECTED = 'every cookie named __Host-… or __Secure-… (in any letter case) has the attributes its prefix requires';

export default defineCheck({
  meta: {
    id: 'cookie.prefix-valid',
    suite: 'cookie',
    title: 'Prefixed cookies satisfy their prefix',
    failureTitle: 'Browsers silently drop a prefixed cookie whose attributes break its prefix',
    severity: 'medium',
    remediation: {
      summary:
        'A cookie named __Secure- must be set with Secure over HTTPS; a __Host- cookie additionally needs Path=/ and no Domain. Browsers silently drop a prefixed cookie that breaks these rules, so users end up with no session. Fix the attributes, or drop the prefix.',
    },
    refs: ['RFC 6265bis §5.4, §5.7 steps 20-22', 'MDN: Cookie prefixes'],
    requires: ['session'],
    procedure: 'For every Set-Cookie of the run whose name starts case-insensitively with __Host- or __Secure-, check the attributes the prefix requires.',
  },
  evaluate({ evidence }) {
    const all = everyCookie(evidence);
    if (!Array.isArray(all)) return all;
    const prefixed = all.filter((o) => cookiePrefix(o.record.name));
    // Nothing to judge is proven by every Set-Cookie read.
    if (prefixed.length === 0) return outcome.pass(EXPECTED, `no cookie uses a __Host- or __Secure- prefix (${headers(all.length)} seen)`, { exchanges: all.map((o) => o.exchange.id) });
    const names = [...new Set(prefixed.map((o) => o.record.name))].join(', ');
    return judgeEach(
      EXPECTED,
      prefixed,
      ({ cookie }) => prefixViolations(cookie).map((v) => `${cookie.name}: ${v}`),
      `every prefixed cookie (${names}; ${headers(prefixed.length)}) satisfies its prefix`,
    );
  },
});
