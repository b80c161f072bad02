import { defineCheck, outcome } from '../../src/model/check.js';
import { describeSource, sampleProof, usableSample } from './sampled.js';

const EXPECTED = 'every sampled session ID is different: the same inputs never reproduce an ID';

export default defineCheck({
  meta: {
    id: 'token.uniqueness',
    suite: 'token',
    title: 'Session IDs never repeat',
    failureTitle: 'The target issues the same session ID twice',
    severity: 'critical',
    remediation: {
      summary:
        'Never hand out the same session ID twice: generate IDs randomly with enough bits that collisions are negligible, and never derive them from the user, the time or a seed that repeats.',
    },
    refs: ['WSTG-SESS-01', 'ASVS v4.0.3-3.2.2', 'ASVS v5.0.0-7.2.2', 'ASVS v5.0.0-7.2.3'],
    requires: ['tokenSample'],
    procedure: 'Collect N session IDs (pre-auth visits or repeated logins of the same user, i.e. the same inputs) and count repeats.',
  },
  evaluate({ artifacts }) {
    const sample = usableSample(artifacts.tokenSample, EXPECTED, false);
    if ('verdict' in sample) return sample;
    const a = sample.analysis;
    const measured = { samples: a.samples, distinct: a.distinct, repeats: a.collisions };
    if (a.collisions > 0) {
      const inputs = sample.source.kind === 'login' ? ' for repeated logins of the same user (the same inputs)' : '';
      return {
        ...outcome.fail(EXPECTED, `${describeSource(sample)}: only ${a.distinct} distinct — ${a.collisions} repeat an earlier ID${inputs}`, [
          { message: `${a.collisions} repeated IDs among ${a.samples}`, exchanges: sample.exchanges },
        ]),
        measured,
      };
    }
    return { ...outcome.pass(EXPECTED, `${describeSource(sample)}: all distinct`, sampleProof(sample)), measured };
  },
});
