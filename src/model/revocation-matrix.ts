/**
 * The revocation matrix as the result model holds it (CHECKS.md revocation.matrix): revocation
 * events × session artifacts × scope, each cell what was observed. Built by src/revocation/matrix.ts.
 */
export type MatrixEvent = 'logout' | 'sign-out-everywhere' | 'password change' | 'privilege change';
/** The session is its cookie(s) or its bearer token, whichever the target uses. */
export type MatrixArtifact = 'session' | 'remember-me cookie' | 'refresh token';
export type MatrixScope = 'this device' | 'other devices';
export type CellOutcome = 'revoked' | 'alive' | 'unclear' | 'not tested';

export interface MatrixCell {
  event: MatrixEvent;
  artifact: MatrixArtifact;
  scope: MatrixScope;
  outcome: CellOutcome;
  /** The measured bracket(s), when the event was timed: "baseUrl: refused from the first replay (at 12ms)". */
  delay: string | null;
  /** The check whose verdict covers this cell; null when no check judges it (shown as observed). */
  check: string | null;
  /** Why a cell is not tested, or what decided its outcome. */
  note: string;
}
