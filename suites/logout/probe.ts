/**
 * Logout: log a fresh device in, keep its session artifacts, log out, confirm the device itself is
 * logged out, then replay the kept artifacts from elsewhere — alone and together. Only a replay
 * proves server-side destruction; a cleared cookie proves nothing (CHECKS.md edge case 12).
 */
import type { LogoutArtifact } from '../../src/model/artifacts.js';
import type { Probe } from '../../src/probe.js';

export const logoutProbe: Probe<'logout'> = {
  id: 'logout',
  title: 'logout',
  async run({ session, progress }): Promise<LogoutArtifact> {
    if (!session.target.logout) return { notConfigured: 'the target profile has no logout flow (target.logout)' };
    const client = session.newClient('logout');
    progress.step('logout: logging in, logging out, replaying the old session');
    const controlAccount = session.target.accounts[0];
    const controlDevice = session.newClient('logout: control');
    await session.login(controlDevice, { account: controlAccount });
    await session.login(client);
    const saved = await session.sessionCredentials(client);
    const beforeLogout = await session.ask(client, 'positive control: logged in before logout');
    const logout = await session.logout(client);
    const currentAfterLogout = await session.ask(client, 'control: the same client after logout');
    const controlAfterLogout = await session.ask(controlDevice, 'control: a session never logged out, after the logout');
    const subsets = saved.cookies.length > 1 ? [...saved.cookies.map((c) => [c]), saved.cookies] : [saved.cookies];
    const replays = [];
    for (const cookies of subsets) {
      const names = cookies.map((c) => c.name);
      const label = names.length ? names.join(' + ') : 'the bearer token';
      replays.push({ cookies: names, observation: await session.replay({ ...saved, cookies }, `replay after logout: ${label}`) });
    }
    const control = {
      account: controlAccount ? ('other' as const) : ('same' as const),
      afterLogout: controlAfterLogout,
      afterReplays: await session.ask(controlDevice, 'control: a session never logged out, after the replays'),
    };
    return { beforeLogout, logoutExchanges: logout.exchanges, logoutStatus: logout.response.status, currentAfterLogout, replays, control };
  },
};
