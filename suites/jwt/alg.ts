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
    remediation: {
      summary:
        'Pin the accepted algorithm(s) on the server (e.g. only RS256 or ES256) and reject tokens whose header names another one, including "none" and HS256 signed with the public key.',
      stacks: {
        'express-session': "Node: jwt.verify(token, key, { algorithms: ['RS256'] }) / jwtVerify(token, key, { algorithms: ['ES256'] }).",
        spring: 'NimbusJwtDecoder.withPublicKey(key).signatureAlgorithm(SignatureAlgorithm.RS256).build().',
        'aspnet-core': 'TokenValidationParameters.ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha256 }.',
      },
    },
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
    // Without forgeries to refute, the allowed alg is read off the token the target accepted.
    return outcome.pass(expected, `alg ${a.header.alg} is allowed; ${forgeries.length} forgeries rejected (${forgeries.map((f) => f.attack).join('; ')})${untried}`, {
      exchanges: forgeries.length > 0 ? forgeries.map((f) => f.observation) : [a.control],
      controls: [a.control],
    });
  },
});
