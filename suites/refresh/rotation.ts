import { defineCheck, outcome, type Finding } from '../../src/model/check.js';
import { describeAttempt } from './judge.js';

export default defineCheck({
  meta: {
    id: 'refresh.rotation',
    suite: 'refresh',
    title: 'Every refresh hands out a new refresh token',
    failureTitle: 'Refresh tokens are not rotated',
    severity: 'medium',
    remediation: {
      summary:
        'Issue a new refresh token with every refresh and invalidate the one presented (refresh-token rotation), so a stolen token and the legitimate client cannot both keep using it unnoticed; public clients that cannot rotate need sender-constrained tokens (DPoP, mTLS).',
    },
    refs: ['ASVS v5.0.0-10.4.5', 'RFC 9700 §4.14.2'],
    requires: ['refresh'],
    procedure: 'Log in, refresh with the login’s refresh token, then refresh again with the newest one; compare each refresh token handed out with the one presented.',
  },
  evaluate({ artifacts }, spec) {
    const r = artifacts.refresh;
    if ('notConfigured' in r) return outcome.skipped(r.notConfigured);
    const expected = 'each refresh returns a refresh token different from the one presented';
    const { issued, attempts } = r.rotation;
    if (!issued) return outcome.inconclusive(expected, `the login handed out no refresh token (${r.carrier})`);
    const findings: Finding[] = [];
    const seen: string[] = [];
    for (const a of attempts) {
      if (a.outcome !== 'issued') {
        if (findings.length > 0) break;
        return outcome.inconclusive(expected, `a refresh did not go through, so rotation cannot be observed: ${describeAttempt(a)}`);
      }
      seen.push(describeAttempt(a));
      if (a.rotated === false) findings.push({ message: 'a refresh handed out the refresh token it was given', exchanges: a.exchanges });
      if (a.refreshToken === null) findings.push({ message: 'a refresh handed out no refresh token, so the one presented stays in use', exchanges: a.exchanges });
    }
    const observed = seen.join('; ');
    if (!spec.refresh.rotation) return outcome.reported('the spec does not require rotation (spec.refresh.rotation)', observed || 'no refresh went through', { rotated: findings.length === 0 });
    if (findings.length > 0) return outcome.fail(expected, observed, findings);
    if (attempts.length < 2) return outcome.inconclusive(expected, `only ${attempts.length} refresh went through: ${observed}`);
    return outcome.pass(expected, observed, { exchanges: attempts.map((a) => a.exchanges) });
  },
});
