import type { OracleObservation } from './observation.js';
/**
 * What driving a flow or trying a password recorded: produced by the target and account code, read by
 * the artifacts and checks.
 */

/** Which of the account's two configured passwords. */
export type PasswordRole = 'password' | 'newPassword';

/** A flow whose outcome the probe judges afterwards: its final status, or why it broke. */
export interface FlowAttempt {
  /** The final status of the flow, or null when it broke (the reason is in `error`). */
  status: number | null;
  exchanges: number[];
  error?: string;
}

export interface PasswordTrial {
  role: PasswordRole;
  device: string;
  /** The oracle right after logging in with that password. */
  observation: OracleObservation;
  loginExchanges: number[];
}

export interface Restoration {
  outcome: 'not-needed' | 'restored' | 'failed';
  detail: string;
  trials: PasswordTrial[];
  change?: FlowAttempt;
}
