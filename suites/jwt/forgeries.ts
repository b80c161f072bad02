/**
 * What jwt.signature-verified and jwt.alg share: the JWT artifact must exist and its untouched token
 * must have been logged in, then each forgery must have been answered "logged out".
 */
import { outcome, type Finding, type Outcome } from '../../src/model/check.js';
import { exchangesOf, requireControl } from '../shared/checks-common.js';
import type { JwtArtifact, JwtForgery } from '../../src/model/artifacts.js';

export type Jwt = Exclude<JwtArtifact, { notApplicable: string }>;

export function usableJwt(a: JwtArtifact): Jwt | Outcome {
  return 'notApplicable' in a ? outcome.skipped(a.notApplicable) : a;
}

/** fail when a forgery was accepted, inconclusive without a control or a clear answer, else null. */
export function judgeForgeries(a: Jwt, forgeries: JwtForgery[], expected: string): Outcome | null {
  const noControl = requireControl(a.control, expected, `the ${a.carrier} as issued`);
  if (noControl) return noControl;
  const accepted = forgeries.filter((f) => f.observation.answer === 'yes');
  if (accepted.length) {
    const findings: Finding[] = accepted.map((f) => ({ message: `accepted: ${f.attack}`, exchanges: exchangesOf(f.observation) }));
    return outcome.fail(expected, `the target accepted forged tokens: ${accepted.map((f) => f.attack).join('; ')}`, findings);
  }
  const unclear = forgeries.find((f) => f.observation.answer === 'unknown');
  if (unclear) return outcome.inconclusive(expected, `no clear answer to the forgery "${unclear.attack}": ${unclear.observation.reason}`);
  return null;
}
