import { defineCheck, outcome, type Finding } from '../../src/model/check.js';
import { describeSource, sampleProof, usableSample } from './sampled.js';

export default defineCheck({
  meta: {
    id: 'token.entropy',
    suite: 'token',
    title: 'Session IDs are unpredictable',
    failureTitle: 'Session IDs are predictable or carry too little entropy',
    severity: 'high',
    remediation: {
      summary:
        'Generate session IDs from a cryptographically secure random generator (crypto.randomBytes, secrets.token_urlsafe, SecureRandom, RandomNumberGenerator), never from counters, timestamps, user data or Math.random().',
      stacks: {
        'express-session': 'Remove a custom genid, or base it on crypto.randomBytes / crypto.randomUUID.',
        php: 'Let PHP generate IDs (do not call session_id() with your own value).',
        spring: 'Let the servlet container or Spring Session generate IDs (SecureRandom / UUID).',
      },
    },
    refs: ['WSTG-SESS-01', 'ASVS v4.0.3-3.2.2', 'ASVS v4.0.3-3.2.4', 'ASVS v5.0.0-7.2.3', 'NIST SP 800-63B §7.1', 'NIST SP 800-63B-4 §5.1, §3.2.12', 'OWASP CS: Session ID Entropy'],
    requires: ['tokenSample'],
    procedure:
      'Collect N fresh session IDs, strip framing, split fields, and test every bit position (monobit, runs), the stream (FIPS 140-2, serial correlation) and the fields (clocks, counters); estimate the effective entropy from what survives.',
  },
  evaluate({ artifacts }, spec) {
    const min = spec.token.minEntropyBits;
    const expected = `no statistical defect, and an estimated effective entropy ≥ ${min} bits`;
    const sample = usableSample(artifacts.tokenSample, expected, true);
    if ('verdict' in sample) return sample;
    const a = sample.analysis;
    const measured = {
      samples: a.samples,
      effectiveBits: a.effectiveBits,
      capacityBits: a.capacityBits,
      thresholdBits: min,
      samplingMs: sample.durationMs,
      idsPerSecond: Math.round((sample.collected / Math.max(1, sample.durationMs)) * 1000),
      analysisMs: a.durationMs,
    };
    const findings: Finding[] = [
      ...a.notes.map((message) => ({ message, exchanges: sample.exchanges })),
      ...a.segments.map((s) => ({
        message: `field ${s.index + 1}: ${s.characters} ${s.alphabet} characters, capacity ${s.capacityBits} bits, credited ${s.creditedBits} (bit positions: ${s.positions.random} random, ${s.positions.biased} biased, ${s.positions.dependent} sequence-dependent, ${s.positions.constant} constant)${s.weakestCharacter ? `; weakest character position ${s.weakestCharacter.position}: ${s.weakestCharacter.bits} of ${s.weakestCharacter.ofBits} bits` : ''}`,
        exchanges: sample.exchanges,
      })),
      ...a.structure.map((f) => ({ message: `${f.kind}: ${f.detail} — excluded from the estimate`, exchanges: sample.exchanges })),
      ...(a.fips ? [{ message: `FIPS 140-2 on ${a.fips.blocks} blocks of 20,000 credited bits: failures ${Object.entries(a.fips.failures).map(([t, n]) => `${t} ${n}`).join(', ')}`, exchanges: sample.exchanges }] : []),
      ...a.defects.map((d) => ({ message: `defect (${d.test}): ${d.message}`, exchanges: sample.exchanges })),
    ];
    const basis = `${describeSource(sample)}; estimated ${a.effectiveBits} bits of ${a.capacityBits} capacity`;
    if (a.defects.length > 0) return { ...outcome.fail(expected, `${basis}; ${a.defects.length} defect(s), first: ${a.defects[0]!.message}`, findings), measured };
    if (a.effectiveBits < min) {
      const why = a.capacityBits < min ? `the format cannot hold ${min} bits` : a.structure.length ? `${a.structure.map((f) => f.kind).join(' and ')} fields are guessable` : 'too few bit positions look random';
      return { ...outcome.fail(expected, `${basis}: below ${min} bits — ${why}`, findings), measured };
    }
    return {
      ...outcome.pass(
        expected,
        `${basis}; no defect found with ${a.samples} samples (entropy can be refuted, not proven: this is an upper estimate)`,
        sampleProof(sample),
        findings,
      ),
      measured,
    };
  },
});
