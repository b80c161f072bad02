/**
 * Preconditions shared by checks: the answers that must come before any verdict (CHECKS.md, verdict honesty).
 */
import { outcome, type Outcome } from './check.js';
import type { OracleObservation } from './artifacts.js';

/** A pass needs a positive control; without one the check is inconclusive. */
export function requireControl(control: OracleObservation, expected: string, what: string): Outcome | null {
  if (control.answer === 'yes') return null;
  return outcome.inconclusive(expected, `${what} was not logged in (${control.reason}), so nothing can be concluded`, [
    { message: `positive control failed: ${control.reason}`, exchanges: exchangesOf(control) },
  ]);
}

export function exchangesOf(...observations: Array<OracleObservation | null | undefined>): number[] {
  return observations.filter((o): o is OracleObservation => !!o && o.exchange > 0).map((o) => o.exchange);
}
