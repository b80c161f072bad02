/**
 * The target cannot be tested at all (unreachable, login failed, the oracle cannot tell the states
 * apart). The CLI turns it into exit code 3 with its one-line message.
 */
export class TargetUntestableError extends Error {
  override readonly name = 'TargetUntestableError';
}
