/**
 * Preconditions shared by checks: the answers that must come before any verdict (CHECKS.md, verdict honesty).
 */
import { outcome, type Outcome } from '../../src/model/check.js';
import type { DeviceBeforeAfter, SessionIds } from '../../src/model/artifacts.js';
import type { FlowAttempt } from '../../src/model/attempts.js';
import type { OracleObservation } from '../../src/model/observation.js';

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

/** Positive controls of several devices: the first one not logged in makes the check inconclusive. */
export function requireControls(devices: readonly Pick<DeviceBeforeAfter, 'device' | 'before'>[], expected: string, when: string): Outcome | null {
  for (const d of devices) {
    const missing = requireControl(d.before, expected, `device ${d.device} ${when}`);
    if (missing) return missing;
  }
  return null;
}

/** Whether any session ID changed (a rotated set), judged by fingerprint; a vanished ID counts as changed. */
export function idsChanged(before: SessionIds, after: SessionIds): boolean {
  return Object.entries(before).some(([name, id]) => id !== null && after[name]?.fp !== id.fp);
}

/** `sid 3f9a1c2b… → 77aa0c1d…`: how reports show an ID before and after. */
export function describeIds(before: SessionIds, after: SessionIds): string {
  return Object.keys(before)
    .map((name) => `${name} ${before[name]?.fp ?? 'none'}… → ${after[name]?.fp ?? 'none'}…`)
    .join(', ');
}

/** A flow that plainly did not go through: it broke, or the target answered with an error status. */
export function flowFailed(flow: FlowAttempt): string | null {
  if (flow.status === null) return flow.error ?? 'the flow broke';
  return flow.status >= 400 ? `it answered ${flow.status}` : null;
}

/** "logged in" / "logged out" / "of unknown state", with the oracle's reason. */
export function stateOf(o: OracleObservation): string {
  return `${o.answer === 'yes' ? 'logged in' : o.answer === 'no' ? 'logged out' : 'of unknown state'} (${o.reason})`;
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
