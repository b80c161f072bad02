/**
 * The revocation matrix (CHECKS.md revocation.matrix): revocation events × session artifacts × scope,
 * each cell what was observed — revoked, still alive, unclear or not tested — with the measured delay
 * and the check that judges it. Built from the probes' artifacts after the run; it renders what the
 * checks judged, it judges nothing itself.
 */
import { heldAnswers, revivingCookies, type Artifacts, type DeviceRevoked, type JarReplay, type RefreshTrial, type RememberMeTrial, type RevocationTiming } from '../model/artifacts.js';
import type { OracleObservation } from '../model/observation.js';
import type { CellOutcome, MatrixArtifact, MatrixCell, MatrixEvent, MatrixScope } from '../model/revocation-matrix.js';
import { brackets, describeBracket } from './bracket.js';

/** Dead when every answer is no, alive when any is yes, else unclear. */
function outcomeOf(observations: ReadonlyArray<OracleObservation | null | undefined>): CellOutcome {
  const seen = observations.filter((o): o is OracleObservation => !!o);
  if (seen.length === 0) return 'not tested';
  if (seen.some((o) => o.answer === 'yes')) return 'alive';
  return seen.every((o) => o.answer === 'no') ? 'revoked' : 'unclear';
}

function delayOf(timing: RevocationTiming | undefined): string | null {
  if (!timing) return null;
  return brackets(timing)
    .map((b) => `${b.target}: ${describeBracket(b, timing.boundMs)}`)
    .join('; ');
}

/** " and with the whole jar (auth brings the session back)": what a note adds when jars were replayed (rule 24). */
function withJars(jars: ReadonlyArray<JarReplay | null>): string {
  const replayed = jars.filter((j): j is JarReplay => j !== null);
  if (replayed.length === 0) return '';
  const reviving = [...new Set(replayed.flatMap(revivingCookies))];
  return ` and with the whole jar${reviving.length ? ` (${reviving.join(', ')} ${reviving.length > 1 ? 'bring' : 'brings'} the session back)` : ''}`;
}

/** Devices the event must log out: each asked itself, and what it held replayed. */
function devicesCell(devices: readonly DeviceRevoked[]): Pick<MatrixCell, 'outcome' | 'note'> {
  return {
    outcome: outcomeOf(devices.flatMap((d) => [d.after, ...heldAnswers(d.held)])),
    note: `${devices.map((d) => d.device).join(', ')}: each asked, its artifacts replayed alone, together${withJars(devices.map((d) => d.held.jar))}`,
  };
}

function rememberCell(event: MatrixEvent, trial: RememberMeTrial | { notConfigured: string } | undefined): Omit<MatrixCell, 'event' | 'artifact' | 'scope'> {
  if (!trial || 'notConfigured' in trial) return { outcome: 'not tested', delay: null, check: 'remember-me.revocation', note: trial?.notConfigured ?? 'no remember-me trial ran' };
  return { outcome: outcomeOf([trial.replay, trial.jar?.observation]), delay: null, check: 'remember-me.revocation', note: `the remember-me cookie alone${withJars([trial.jar])}, after ${event}` };
}

/** A refresh token presented after the event: refused is revoked, a new token minted is alive. */
function refreshCell(event: MatrixEvent, check: string, trial: RefreshTrial | { notConfigured: string } | undefined): Omit<MatrixCell, 'event' | 'artifact' | 'scope'> {
  if (!trial || 'notConfigured' in trial) return { outcome: 'not tested', delay: null, check, note: trial?.notConfigured ?? 'the refresh probe did not run' };
  const replay = trial.replay;
  const outcome: CellOutcome = !replay ? 'not tested' : replay.outcome === 'issued' ? 'alive' : replay.outcome === 'refused' ? 'revoked' : 'unclear';
  return { outcome, delay: null, check, note: replay ? `the newest refresh token (${replay.presented}), after ${event}` : `no refresh worked before ${event}` };
}

export function revocationMatrix(a: Artifacts): MatrixCell[] {
  const cells: MatrixCell[] = [];
  const add = (event: MatrixEvent, artifact: MatrixArtifact, scope: MatrixScope, cell: Omit<MatrixCell, 'event' | 'artifact' | 'scope'>) =>
    cells.push({ event, artifact, scope, ...cell });
  const notTested = (note: string) => ({ outcome: 'not tested' as const, delay: null, check: null, note });

  const logout = a.logout;
  if (!logout || 'notConfigured' in logout) {
    add('logout', 'session', 'this device', notTested(logout?.notConfigured ?? 'the logout probe did not run'));
  } else {
    add('logout', 'session', 'this device', {
      outcome: outcomeOf([...logout.replays.map((r) => r.observation), logout.jar?.observation]),
      delay: delayOf(logout.timing),
      check: 'logout.server-revocation',
      note: `the old artifacts alone, together${withJars([logout.jar])}`,
    });
    add('logout', 'session', 'other devices', { outcome: outcomeOf([logout.control.afterLogout]), delay: null, check: null, note: 'a session never logged out (logout need not end it)' });
  }
  const remembered = a.rememberMe;
  add('logout', 'remember-me cookie', 'this device', rememberCell('logout', remembered && ('notConfigured' in remembered ? remembered : remembered.logout)));
  const refresh = a.refresh;
  add('logout', 'refresh token', 'this device', refreshCell('logout', 'refresh.revoked-on-logout', refresh && ('notConfigured' in refresh ? refresh : refresh.logout)));

  const signOut = a.signOutEverywhere;
  if (!signOut || 'notConfigured' in signOut) {
    add('sign-out-everywhere', 'session', 'other devices', notTested(signOut?.notConfigured ?? 'the sign-out-everywhere probe did not run'));
  } else {
    add('sign-out-everywhere', 'session', 'other devices', { ...devicesCell(signOut.others), delay: delayOf(signOut.timing), check: 'concurrency.signout-everywhere' });
    add('sign-out-everywhere', 'session', 'this device', { outcome: outcomeOf([signOut.current.after]), delay: null, check: null, note: `${signOut.current.device}, which signed the others out (stays logged in)` });
  }

  const pw = a.passwordChange;
  if (!pw || 'notConfigured' in pw || !pw.change) {
    add('password change', 'session', 'other devices', notTested(pw && 'notConfigured' in pw ? pw.notConfigured : 'the password change did not run'));
  } else {
    add('password change', 'session', 'other devices', { ...devicesCell(pw.others), delay: delayOf(pw.timing), check: 'password-change.revoke-others' });
    if (pw.current) {
      add('password change', 'session', 'this device', {
        outcome: outcomeOf(heldAnswers(pw.current.held)),
        delay: null,
        check: 'password-change.rotate-current',
        note: `${pw.current.device}'s IDs from before the change${withJars([pw.current.held.jar])} (the device itself is ${pw.current.after.answer === 'yes' ? 'still logged in' : 'logged out'})`,
      });
    }
    add('password change', 'remember-me cookie', 'this device', rememberCell('password change', pw.rememberMe));
    add('password change', 'refresh token', 'other devices', refreshCell('password change', 'refresh.revoked-on-password-change', pw.refresh));
  }

  const priv = a.privilegeChange;
  if (!priv || 'notConfigured' in priv) {
    add('privilege change', 'session', 'this device', notTested(priv?.notConfigured ?? 'the privilege-change probe did not run'));
  } else {
    add('privilege change', 'session', 'this device', {
      outcome: outcomeOf(heldAnswers(priv.held)),
      delay: null,
      check: 'privilege-change.rotate',
      note: `the pre-elevation IDs${withJars([priv.held.jar])} (alive without the elevated privilege may pass)`,
    });
  }
  return cells;
}
