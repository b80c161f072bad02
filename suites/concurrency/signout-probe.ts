/**
 * "Sign out everywhere": devices B and C logged in, A invokes the configured action (re-authenticating
 * with {{password}} when the flow asks for it); all three are asked before and after.
 */
import type { SignOutEverywhereArtifact } from '../../src/model/artifacts.js';
import type { Probe } from '../../src/probe.js';
import { attemptFlow } from '../../src/target/flows.js';

export const signOutEverywhereProbe: Probe<'signOutEverywhere'> = {
  id: 'signOutEverywhere',
  title: 'sign out everywhere',
  async run({ session, progress }): Promise<SignOutEverywhereArtifact> {
    const flow = session.target.signOutEverywhere;
    if (!flow) return { notConfigured: 'the target profile has no sign-out-everywhere flow (target.signOutEverywhere)' };
    await session.logoutAll('freeing session slots before signing out everywhere: logout');
    progress.step('sign out everywhere: devices B and C logged in, A signs out the others');
    const others = [session.newClient('sign-out B'), session.newClient('sign-out C')];
    const a = session.newClient('sign-out A');
    for (const client of [...others, a]) await session.login(client);
    const before = await session.askEach([...others, a], 'positive control: logged in before signing out everywhere');
    const action = await attemptFlow(a, flow, session.account, 'sign out everywhere');
    const after = await session.askEach([...others, a], `after ${a.device} signed out everywhere`);
    return {
      others: others.map((c, i) => ({ device: c.device, before: before[i]!, after: after[i]! })),
      current: { device: a.device, before: before[2]!, after: after[2]! },
      action: { ...action, device: a.device },
    };
  },
};
