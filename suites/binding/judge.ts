/**
 * Binding checks report what the target does; they judge it only when the spec requires binding
 * (no standard does: OWASP CS "Binding the Session ID to Other User Properties" calls it an option).
 */
import { outcome, type Outcome } from '../../src/model/check.js';
import { exchangesOf, requireControl } from '../shared/checks-common.js';
import type { OracleObservation } from '../../src/model/observation.js';

export function judgeBinding(o: {
  required: boolean;
  setting: string;
  expected: string;
  control: OracleObservation;
  replay: OracleObservation;
  accepted: string;
  refused: string;
}): Outcome {
  const noControl = requireControl(o.control, o.expected, 'the device before its session was presented elsewhere');
  if (noControl) return noControl;
  if (o.replay.answer === 'unknown') return outcome.inconclusive(o.expected, `the replay gave no clear answer: ${o.replay.reason}`);
  const accepted = o.replay.answer === 'yes';
  const observed = `${accepted ? o.accepted : o.refused} (${o.replay.reason})`;
  if (!o.required) return outcome.reported(`report only: the spec does not require it (${o.setting})`, observed, { accepted });
  return accepted ? outcome.fail(o.expected, observed, [{ message: observed, exchanges: exchangesOf(o.replay) }]) : outcome.pass(o.expected, observed, { exchanges: [o.replay], controls: [o.control] });
}
