/**
 * What the checks of sampled IDs share: the sample must be large enough and not a JWT, the verdict text
 * says where the IDs came from, and a pass cites the sampling requests recorded as examples.
 */
import { outcome, type Outcome, type Proof } from '../../src/model/check.js';
import type { TokenSampleArtifact } from '../../src/model/artifacts.js';

/** CHECKS.md token.entropy: N = 500 by default, 100 at least. */
export const MIN_SAMPLES = 100;

export type Sampled = Exclude<TokenSampleArtifact, { notApplicable: string }>;

/** The usable sample, or the outcome that ends the check (skipped / inconclusive). */
export function usableSample(a: TokenSampleArtifact, expected: string, jwtSkips: boolean): Sampled | Outcome {
  if ('notApplicable' in a) return outcome.skipped(a.notApplicable);
  if (jwtSkips && a.analysis.format === 'jwt') return outcome.skipped(`the ${a.carrier} is a JWT: its strength is the signing key, judged by the jwt suite`);
  if (a.collected < MIN_SAMPLES) {
    const why = a.stoppedEarly ? ` (sampling stopped early: ${a.stoppedEarly})` : '';
    return outcome.inconclusive(expected, `only ${a.collected} IDs were collected${why}; at least ${MIN_SAMPLES} are needed to judge`, [
      { message: `${a.collected} of ${a.requested} samples`, exchanges: a.exchanges },
    ]);
  }
  return a;
}

/**
 * What a pass over the sample rests on: the sampling requests recorded as examples. Sampling by login
 * records none (each login's ID is taken and logged out unrecorded; only statistics leave the probe).
 */
export function sampleProof(a: Sampled): Proof {
  return a.exchanges.length > 0
    ? { exchanges: a.exchanges }
    : { noExchange: `the ${a.collected} IDs were collected by logins that are counted, not recorded (only their statistics leave the probe)` };
}

export function describeSource(a: Sampled): string {
  const source = a.source.kind === 'pre-auth' ? `pre-auth IDs from ${a.source.request}` : `logins at ${a.source.loginsPerSecond}/s`;
  const early = a.stoppedEarly ? `; stopped early: ${a.stoppedEarly}` : '';
  return `${a.collected} ${a.carrier} values (${source}, ${(a.durationMs / 1000).toFixed(1)} s${early})`;
}
