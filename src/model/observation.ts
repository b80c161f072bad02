/**
 * One answer of the authentication oracle: the unit of evidence every session-state claim rests on.
 */
export type OracleAnswer = 'yes' | 'no' | 'unknown';

/** One question to the authentication oracle and its answer. */
export interface OracleObservation {
  answer: OracleAnswer;
  /** The exchange the answer is based on (the first hop of the oracle request). */
  exchange: number;
  reason: string;
}
