/**
 * A refresh token tried around an event (logout, a password change on another device): the holder logs
 * in and refreshes once, the control that refreshing works for it (RT1 → RT2); after the event the
 * newest refresh token it holds is presented. The logout probe of the refresh suite and the password-
 * change probe both run it.
 */
import type { RefreshTrial } from '../../src/model/artifacts.js';
import type { HttpClient } from '../../src/drivers/http.js';
import { RefreshClient, type HeldToken } from '../../src/target/refresh.js';
import type { TargetSession } from '../../src/target/session.js';
import type { Clock } from '../../src/scheduler.js';

export interface RefreshHolder {
  trial: RefreshTrial;
  device: HttpClient;
  refresher: RefreshClient;
  /** The newest refresh token after the control; undefined when the control did not get one. */
  newest?: HeldToken;
}

export async function refreshHolder(session: TargetSession, clock: Clock, label: string): Promise<RefreshHolder> {
  const device = session.newClient(`${label}: refresh-token holder`);
  const login = await session.login(device, { label: `${label}: login` });
  const refresher = new RefreshClient(session, session.target.refresh!, clock.now(), () => clock.now());
  const rt1 = await refresher.fromLogin(device, login);
  const trial: RefreshTrial = { issued: refresher.issued(rt1), control: null, eventExchanges: [], afterEvent: null, replay: null };
  if (!rt1) return { trial, device, refresher };
  const control = await refresher.refresh(rt1, `control before the ${label}`);
  trial.control = control.attempt;
  return { trial, device, refresher, newest: control.attempt.outcome === 'issued' ? (control.next ?? rt1) : undefined };
}

/** After the event: the holder's newest refresh token, presented once more. */
export async function replayAfterEvent(holder: RefreshHolder, label: string): Promise<RefreshTrial> {
  if (!holder.newest) return holder.trial;
  const replay = await holder.refresher.refresh(holder.newest, `after the ${label}`);
  return { ...holder.trial, replay: replay.attempt };
}
