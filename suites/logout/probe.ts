/**
 * Logout: log a fresh device in, keep its session artifacts, log out, confirm the device itself is
 * logged out, then replay the kept artifacts from elsewhere — alone, together, and with everything else
 * the device held (rule 24). Only a replay
 * proves server-side destruction; a cleared cookie proves nothing (CHECKS.md edge case 12).
 */
import type { LogoutArtifact } from '../../src/model/artifacts.js';
import type { Probe } from '../../src/probe.js';
import { holdings, replayHeld } from '../../src/target/jar-replay.js';
import { RevocationTimer } from '../../src/target/revocation-timing.js';

export const logoutProbe: Probe<'logout'> = {
  id: 'logout',
  title: 'logout',
  // The control session is on another account when there is one, else on the main account.
  sessions: 2,
  async run(ctx): Promise<LogoutArtifact> {
    const { session, progress } = ctx;
    if (!session.target.logout) return { notConfigured: 'the target profile has no logout flow (target.logout)' };
    const client = session.newClient('logout');
    progress.step('logout: logging in, logging out, replaying the old session');
    const controlAccount = session.target.accounts[0];
    const controlDevice = session.newClient('logout: control');
    await session.login(controlDevice, { account: controlAccount });
    const login = await session.login(client);
    const beforeLogout = await session.ask(client, 'positive control: logged in before logout');
    const ids = await session.sessionIds(client);
    const held = await holdings(session, client);
    const timer = await RevocationTimer.start(ctx, held.artifacts, 'logout');
    const logout = await session.logout(client);
    timer.eventDone();
    const currentAfterLogout = await session.ask(client, 'control: the same client after logout');
    const controlAfterLogout = await session.ask(controlDevice, 'control: a session never logged out, after the logout');
    const timing = await timer.measure();
    const { replays, jar } = await replayHeld(session, held, 'logout');
    const control = {
      account: controlAccount ? ('other' as const) : ('same' as const),
      afterLogout: controlAfterLogout,
      afterReplays: await session.ask(controlDevice, 'control: a session never logged out, after the replays'),
    };
    return {
      beforeLogout,
      held: { loginExchanges: login.exchanges, ids },
      logoutExchanges: logout.exchanges,
      logoutStatus: logout.response.status,
      currentAfterLogout,
      replays,
      jar,
      timing,
      control,
    };
  },
};
