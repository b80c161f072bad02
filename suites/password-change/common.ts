/**
 * What every password-change check needs before judging: the flow was configured, and the change
 * demonstrably took effect (the new password logs in). Without that, nothing can be concluded.
 */
import { outcome, type Outcome } from '../../src/model/check.js';
import type { PasswordChangeArtifact } from '../../src/model/artifacts.js';
import { exchangesOf } from '../shared/checks-common.js';

export type ChangedPassword = Extract<PasswordChangeArtifact, { requiresCurrent: unknown }> & {
  change: NonNullable<Extract<PasswordChangeArtifact, { requiresCurrent: unknown }>['change']>;
  current: NonNullable<Extract<PasswordChangeArtifact, { requiresCurrent: unknown }>['current']>;
};

export function changedPassword(artifact: PasswordChangeArtifact, expected: string): ChangedPassword | Outcome {
  if ('notConfigured' in artifact) return outcome.skipped(artifact.notConfigured);
  if (!artifact.change || !artifact.current) {
    return outcome.inconclusive(expected, `the password was never changed: ${artifact.stoppedEarly ?? 'the probe stopped before the change'}`);
  }
  const login = artifact.newPasswordLogin;
  if (login?.observation.answer !== 'yes') {
    const why = login ? login.observation.reason : 'it was not tried';
    return outcome.inconclusive(expected, `the new password did not log in after the change (${why}), so the change did not take effect and proves nothing`, [
      { message: 'the password change did not take effect', exchanges: [...artifact.change.exchanges, ...exchangesOf(login?.observation)] },
    ]);
  }
  return artifact as ChangedPassword;
}
