import { defineCheck, outcome } from '../../src/model/check.js';
import { exchangesOf } from '../shared/checks-common.js';
import { judgeForgeries, usableJwt } from './forgeries.js';

export default defineCheck({
  meta: {
    id: 'jwt.alg',
    suite: 'jwt',
    title: 'JWTs use an allowed algorithm and forged algorithms are rejected',
    failureTitle: 'The JWT algorithm is not allowed, or algorithm forgeries are accepted',
    severity: 'critical',
    refs: ['WSTG-SESS-10', 'ASVS v5.0.0-9.1.2', 'ASVS v5.0.0-9.1.3', 'OWASP CSJ: Threats on JWTs', 'RFC 8725 §2.1, §3.1'],
    requires: ['jwt'],
    procedure:
      'Read alg; send unsigned tokens with alg none/None/NONE/nOnE, a token signed by an attacker key embedded as jwk, an HMAC token whose kid points at /dev/null, and HS256 tokens keyed with the public keys of the JWKS URL.',
  },
  evaluate({ artifacts }, spec) {
    const a = usableJwt(artifacts.jwt);
    if ('verdict' in a) return a;
    const allowed = spec.jwt.algorithms;
    const expected = `alg ∈ ${allowed.length ? `{${allowed.join(', ')}}` : 'any signed algorithm'} (never none), and every algorithm forgery is rejected`;
    const forgeries = a.forgeries.filter((f) => f.judgedBy === 'jwt.alg');
    const verdict = judgeForgeries(a, forgeries, expected);
    if (a.header.alg.toLowerCase() === 'none' || (allowed.length > 0 && !allowed.includes(a.header.alg))) {
      const forged = verdict?.verdict === 'fail' ? `; and ${verdict.observed}` : '';
      return outcome.fail(expected, `the ${a.carrier} is signed with alg ${a.header.alg}, not in the allow-list${forged}`, [
        { message: `alg ${a.header.alg} is not allowed`, exchanges: exchangesOf(a.control) },
        ...(verdict?.verdict === 'fail' ? verdict.findings : []),
      ]);
    }
    if (verdict) return verdict;
    const untried = a.confusion ? `; not tried: ${a.confusion}` : '';
    return outcome.pass(expected, `alg ${a.header.alg} is allowed; ${forgeries.length} forgeries rejected (${forgeries.map((f) => f.attack).join('; ')})${untried}`);
  },
});
