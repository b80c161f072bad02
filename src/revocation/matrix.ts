/**
 * The revocation matrix (CHECKS.md revocation.matrix): revocation events × session artifacts × scope,
 * each cell what was observed — revoked, still alive, unclear or not tested — with the measured delay
 * and the check that judges it. Built from the probes' artifacts after the run; it renders what the
 * checks judged, it judges nothing itself.
 */
import type { Artifacts, RefreshTrial, RememberMeTrial, RevocationTiming } from '../model/artifacts.js';
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

function rememberCell(event: MatrixEvent, trial: RememberMeTrial | { notConfigured: string } | undefined): Omit<MatrixCell, 'event' | 'artifact' | 'scope'> {
  if (!trial || 'notConfigured' in trial) return { outcome: 'not tested', delay: null, check: 'remember-me.revocation', note: trial?.notConfigured ?? 'no remember-me trial ran' };
  return { outcome: outcomeOf([trial.replay]), delay: null, check: 'remember-me.revocation', note: `the remember-me cookie alone, after ${event}` };
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
      note: `the old artifacts alone, together${logout.jar ? ' and with the whole jar' : ''}`,
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
    add('sign-out-everywhere', 'session', 'other devices', {
      outcome: outcomeOf(signOut.others.map((o) => o.after)),
      delay: delayOf(signOut.timing),
      check: 'concurrency.signout-everywhere',
      note: signOut.others.map((o) => o.device).join(', '),
    });
    add('sign-out-everywhere', 'session', 'this device', { outcome: outcomeOf([signOut.current.after]), delay: null, check: null, note: `${signOut.current.device}, which signed the others out (stays logged in)` });
  }

  const pw = a.passwordChange;
  if (!pw || 'notConfigured' in pw || !pw.change) {
    add('password change', 'session', 'other devices', notTested(pw && 'notConfigured' in pw ? pw.notConfigured : 'the password change did not run'));
  } else {
    add('password change', 'session', 'other devices', {
      outcome: outcomeOf(pw.others.map((o) => o.after)),
      delay: delayOf(pw.timing),
      check: 'password-change.revoke-others',
      note: pw.others.map((o) => o.device).join(', '),
    });
    if (pw.current) {
      add('password change', 'session', 'this device', {
        outcome: outcomeOf([pw.current.oldIdReplay]),
        delay: null,
        check: 'password-change.rotate-current',
        note: `${pw.current.device}'s IDs from before the change (the device itself is ${pw.current.after.answer === 'yes' ? 'still logged in' : 'logged out'})`,
      });
    }
    add('password change', 'remember-me cookie', 'this device', rememberCell('password change', pw.rememberMe));
    add('password change', 'refresh token', 'other devices', refreshCell('password change', 'refresh.revoked-on-password-change', pw.refresh));
  }

  const priv = a.privilegeChange;
  if (!priv || 'notConfigured' in priv) {
    add('privilege change', 'session', 'this device', notTested(priv?.notConfigured ?? 'the privilege-change probe did not run'));
  } else {
    add('privilege change', 'session', 'this device', { outcome: outcomeOf([priv.oldIdReplay]), delay: null, check: 'privilege-change.rotate', note: 'the pre-elevation IDs' });
  }
  return cells;
}
