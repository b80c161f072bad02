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

/**
 * A logged-out replay proves revocation only if a session that should still be alive is alive after it;
 * otherwise the server may simply have lost its sessions (restart, failover) and the replay proves nothing.
 */
export function requireStillAlive(control: OracleObservation | null | undefined, expected: string): Outcome | null {
  if (!control || control.answer === 'yes') return null;
  return outcome.inconclusive(
    expected,
    `a session that should still be alive was ${control.answer === 'no' ? 'logged out' : 'of unknown state'} after the replay (${control.reason}): the server may have lost its sessions, so a logged-out replay proves nothing`,
    [{ message: 'control session not alive after the replay', exchanges: exchangesOf(control) }],
  );
}
