import { defineCheck, outcome, type Finding } from '../../src/model/check.js';
import { exchangesOf } from '../shared/checks-common.js';
import { describeAttempt } from './judge.js';

export default defineCheck({
  meta: {
    id: 'refresh.reuse-detection',
    suite: 'refresh',
    title: 'A used refresh token is refused, and revokes its family',
    failureTitle: 'A used refresh token still works, or its family survives the reuse',
    severity: 'high',
    remediation: {
      summary:
        'Remember every refresh token of a family (the grant) after use. When a used one is presented again, refuse it and revoke the whole family — the newest refresh token and the access tokens minted with it — since either the client or an attacker holds a stolen copy.',
    },
    refs: ['ASVS v5.0.0-10.4.5', 'RFC 9700 §4.14.2'],
    requires: ['refresh'],
    procedure: 'Refresh twice (RT1 → RT2 → RT3), present the used RT2 again, then ask with the access token minted with RT3 and refresh with RT3.',
  },
  evaluate({ artifacts }, spec) {
    const r = artifacts.refresh;
    if ('notConfigured' in r) return outcome.skipped(r.notConfigured);
    const policy = spec.refresh.reuse;
    const family = policy === 'revoke-family';
    const expected = `a used refresh token presented again is refused${family ? ', and the newest refresh token and its access token of the same family die with it' : ''}`;
    const reuse = r.reuse;
    if (!reuse) {
      const unrotated = r.rotation.attempts.find((a) => a.outcome === 'issued' && a.rotated !== true);
      return outcome.inconclusive(
        expected,
        unrotated ? 'the target hands out no new refresh token, so there is no used one to present again (refresh.rotation judges that)' : `the rotation did not complete, so there is no used token to present: ${r.rotation.attempts.map(describeAttempt).join('; ') || 'the login handed out no refresh token'}`,
      );
    }
    const observed: string[] = [`replayed ${describeAttempt(reuse.replay)}`];
    const findings: Finding[] = [];
    if (reuse.replay.outcome === 'issued') findings.push({ message: `the used ${reuse.replay.presented} was accepted again`, exchanges: reuse.replay.exchanges });
    if (policy === null || policy === 'allow') return outcome.reported('the spec states no reuse policy (spec.refresh.reuse)', observed.join('; '), { reuseRefused: reuse.replay.outcome === 'refused' });
    const unknown: string[] = reuse.replay.outcome === 'unknown' ? [describeAttempt(reuse.replay)] : [];
    if (family) {
      observed.push(`then ${describeAttempt(reuse.newest)}`);
      if (reuse.newest.outcome === 'issued') findings.push({ message: `the family's newest ${reuse.newest.presented} still refreshes after the reuse`, exchanges: reuse.newest.exchanges });
      if (reuse.newest.outcome === 'unknown') unknown.push(describeAttempt(reuse.newest));
      if (reuse.newest.outcome === 'refused' && reuse.newest.presentedExpired) unknown.push(`${reuse.newest.presented} had expired on its own when it was refused`);
      const access = reuse.newestAccess;
      if (access && r.rotation.access?.answer === 'yes') {
        observed.push(`the newest access token is ${access.answer === 'yes' ? 'still accepted' : access.answer === 'no' ? 'refused' : 'of unknown state'}`);
        if (access.answer === 'yes') findings.push({ message: 'the access token minted with the family’s newest refresh token still works after the reuse', exchanges: exchangesOf(access) });
        if (access.answer === 'unknown') unknown.push(`the newest access token: ${access.reason}`);
      } else observed.push('no minted access token could be asked (none handed out, or the first did not work)');
    }
    if (findings.length > 0) return outcome.fail(expected, observed.join('; '), findings);
    if (unknown.length > 0) return outcome.inconclusive(expected, `no clear answer: ${unknown.join('; ')}`);
    return outcome.pass(expected, observed.join('; '), { exchanges: [reuse.replay.exchanges, reuse.newest.exchanges, reuse.newestAccess], controls: r.rotation.attempts.map((a) => a.exchanges) });
  },
});
