/**
 * "Sign out everywhere": devices B and C logged in, A invokes the configured action (re-authenticating
 * with {{password}} when the flow asks for it); all three are asked before and after; what B and C held
 * before is replayed from fresh clients (rule 24: each session artifact, all together, the whole jar); then
 * A and a session of another account (target.accounts) once more, the control that the server kept its sessions.
 */
import type { SignOutEverywhereArtifact } from '../../src/model/artifacts.js';
import type { Probe } from '../../src/probe.js';
import { attemptFlow } from '../../src/target/flows.js';
import { openSurvivorWitness } from '../../src/target/survivors.js';
import { RevocationTimer } from '../../src/target/revocation-timing.js';
import { holdings, replayEach } from '../../src/target/jar-replay.js';

export const signOutEverywhereProbe: Probe<'signOutEverywhere'> = {
  id: 'signOutEverywhere',
  title: 'sign out everywhere',
  effect: 'ends-other-sessions',
  async run(ctx): Promise<SignOutEverywhereArtifact> {
    const { session, progress } = ctx;
    const flow = session.target.signOutEverywhere;
    if (!flow) return { notConfigured: 'the target profile has no sign-out-everywhere flow (target.signOutEverywhere)' };
    await session.logoutAll('freeing session slots before signing out everywhere: logout');
    const witness = await openSurvivorWitness(session, 'sign-out-everywhere');
    progress.step('sign out everywhere: devices B and C logged in, A signs out the others');
    const others = [session.newClient('sign-out B'), session.newClient('sign-out C')];
    const a = session.newClient('sign-out A');
    for (const client of [...others, a]) await session.login(client);
    const before = await session.askEach([...others, a], 'positive control: logged in before signing out everywhere');
    const held = await Promise.all(others.map((c) => holdings(session, c)));
    const timer = await RevocationTimer.start(ctx, held[0]!.artifacts, 'sign-out-everywhere');
    const action = await attemptFlow(a, flow, session.account, 'sign out everywhere');
    timer.eventDone();
    const after = await session.askEach([...others, a], `after ${a.device} signed out everywhere`);
    const timing = await timer.measure();
    const replayed = await replayEach(session, held, 'sign-out-everywhere');
    return {
      others: others.map((c, i) => ({ device: c.device, before: before[i]!, after: after[i]!, held: replayed[i]! })),
      current: { device: a.device, before: before[2]!, after: after[2]! },
      action: { ...action, device: a.device },
      survivors: await witness.read(a),
      timing,
    };
  },
};
