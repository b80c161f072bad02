import { defineCheck, outcome, type Finding } from '../../src/model/check.js';
import { exchangesOf } from '../shared/checks-common.js';
import { usableJwt } from './forgeries.js';

export default defineCheck({
  meta: {
    id: 'jwt.exp',
    suite: 'jwt',
    title: 'JWTs expire, soon enough, and expired tokens are rejected',
    failureTitle: 'JWTs do not expire, live too long, or are accepted after expiry',
    severity: 'high',
    remediation: {
      summary:
        'Give every JWT an exp claim no further away than the spec allows (minutes for access tokens), and reject expired tokens on the server with at most a small clock skew.',
      stacks: {
        'express-session': "Node: jwt.sign(payload, key, { expiresIn: '15m' }); jwt.verify checks exp unless ignoreExpiration is set.",
        spring: 'JwtDecoder validates exp by default (JwtTimestampValidator); keep the clock skew small.',
        'aspnet-core': 'TokenValidationParameters.ValidateLifetime = true and a small ClockSkew (the default is 5 minutes).',
      },
    },
    refs: ['WSTG-SESS-10', 'ASVS v5.0.0-9.2.1', 'RFC 7519 §4.1.4'],
    requires: ['jwt'],
    procedure:
      'Read exp and iat; replay a token after exp + leeway — re-signed with the key when the weak-secret test found it, else the real token once it expires (when that is within spec.jwt.expiryWait).',
  },
  evaluate({ artifacts, evidence }, spec) {
    const a = usableJwt(artifacts.jwt);
    if ('verdict' in a) return a;
    const max = spec.jwt.maxLifetimeMs;
    const expected = `exp present${max !== null ? `, exp − iat ≤ ${max / 1000}s` : ''}, and a token past exp + ${spec.jwt.leewayMs / 1000}s leeway is rejected`;
    const { exp, iat } = a.claims;
    if (exp === null) return outcome.fail(expected, `the ${a.carrier} has no exp claim: it never expires`, [{ message: 'no exp claim', exchanges: exchangesOf(a.control) }]);
    // Without iat, the moment the probe received the token stands in for the issue time.
    const issuedAt = iat ?? Math.floor((evidence.find((e) => e.id === a.control.exchange)?.startedAt ?? Date.now()) / 1000);
    const lifetime = exp - issuedAt;
    const findings: Finding[] = [];
    if (max !== null && lifetime * 1000 > max) findings.push({ message: `lives ${formatSeconds(lifetime)} (exp − ${iat === null ? 'time received' : 'iat'}), more than ${formatSeconds(max / 1000)}`, exchanges: exchangesOf(a.control) });
    if ('observation' in a.expired && a.expired.observation.answer === 'yes') {
      findings.push({ message: `an expired token was accepted (${a.expired.method})`, exchanges: exchangesOf(a.expired.observation) });
    }
    const measured = { lifetimeSeconds: lifetime, maxLifetimeSeconds: max === null ? null : max / 1000 };
    if (findings.length) return { ...outcome.fail(expected, findings.map((f) => f.message).join('; '), findings), measured };
    if ('notObserved' in a.expired) return { ...outcome.inconclusive(expected, `lives ${formatSeconds(lifetime)}; rejection after expiry not observed: ${a.expired.notObserved}`), measured };
    if (a.expired.observation.answer !== 'no') return { ...outcome.inconclusive(expected, `no clear answer to the expired token: ${a.expired.observation.reason}`), measured };
    return { ...outcome.pass(expected, `lives ${formatSeconds(lifetime)}; ${a.expired.method}: rejected`, { exchanges: [a.expired.observation], controls: [a.control] }), measured };
  },
});

function formatSeconds(s: number): string {
  return s >= 3600 ? `${+(s / 3600).toFixed(1)} h` : s >= 60 ? `${+(s / 60).toFixed(1)} min` : `${s} s`;
}
