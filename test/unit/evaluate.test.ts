import { describe, expect, it } from 'vitest';
import { defineCheck, outcome } from '../../src/model/check.js';
import { evaluateCheck, type Unavailable } from '../../src/judge/evaluate.js';
import type { Artifacts, ProbeId } from '../../src/model/artifacts.js';
import { RECOMMENDED_SPEC } from '../fixtures/spec.js';
import { sessionArtifact } from '../fixtures/evidence.js';

const needsLogout = defineCheck({
  meta: {
    id: 'test.needs-logout',
    suite: 'test',
    title: 'reads the session and logout artifacts',
    failureTitle: 'x',
    severity: 'low',
    refs: [],
    requires: ['session', 'logout'],
    procedure: 'x',
    remediation: { summary: 'x' },
  },
  evaluate({ artifacts }) {
    // No assertion needed: both are typed present.
    const logout = artifacts.logout;
    return 'notConfigured' in logout ? outcome.skipped(logout.notConfigured) : outcome.pass('x', artifacts.session.baseUrl, { exchanges: logout.logoutExchanges });
  },
});

const whyMissing = (id: ProbeId): Unavailable => ({ verdict: 'inconclusive', message: `the ${id} probe could not finish: 503` });

function judge(artifacts: Artifacts, why = whyMissing) {
  return evaluateCheck(needsLogout, [], artifacts, RECOMMENDED_SPEC, why);
}

describe('evaluateCheck', () => {
  it('hands the check its required artifacts', () => {
    expect(judge({ session: sessionArtifact(), logout: { notConfigured: 'no logout flow' } })).toMatchObject({ id: 'test.needs-logout', verdict: 'skipped', observed: 'no logout flow' });
  });

  it('is inconclusive, naming the missing artifact and why, without calling the check', () => {
    expect(judge({ session: sessionArtifact() })).toMatchObject({
      verdict: 'inconclusive',
      observed: 'required artifact logout missing: the logout probe could not finish: 503',
      findings: [],
    });
  });

  it('keeps an error verdict when the probe broke on a bug', () => {
    expect(judge({ session: sessionArtifact() }, (id) => ({ verdict: 'error', message: `the ${id} probe threw` })).verdict).toBe('error');
  });

  it('turns a check that throws into an error', () => {
    const broken = { ...needsLogout, evaluate: () => { throw new Error('boom'); } };
    expect(evaluateCheck(broken, [], { session: sessionArtifact(), logout: { notConfigured: 'x' } }, RECOMMENDED_SPEC, whyMissing)).toMatchObject({
      verdict: 'error',
      observed: 'the check itself failed: boom',
    });
  });
});
