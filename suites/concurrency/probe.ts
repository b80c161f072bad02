/**
 * Concurrency: with the run's own earlier sessions logged out, open one session more than the spec's
 * limit (or a fixed number when it sets none), each on its own device, one after the other; ask the
 * earlier ones before each login, each right after its login, and all again once all are open. Runs last: on an evict-oldest target it ends
 * sessions, on a reject target it uses up the account's slots (CHECKS.md edge case 20).
 */
import type { ConcurrencyArtifact } from '../../src/model/artifacts.js';
import type { Probe } from '../../src/probe.js';

/** Sessions opened when the spec sets no limit: enough to show there is none, few enough not to hammer the login. */
export const UNLIMITED_SAMPLE = 10;
/** The largest limit probed; beyond it the check is inconclusive rather than a flood of logins. */
export const MAX_PROBED_LIMIT = 50;

export const concurrencyProbe: Probe<'concurrency'> = {
  id: 'concurrency',
  title: 'concurrent sessions',
  effect: 'ends-other-sessions',
  async run({ session, spec, progress }): Promise<ConcurrencyArtifact> {
    const { maxSessions: limit, onExceed } = spec.concurrency;
    const opened = limit === null ? UNLIMITED_SAMPLE : limit > MAX_PROBED_LIMIT ? 0 : limit + 1;
    const freedSlots = session.target.logout !== undefined;
    await session.logoutAll('freeing session slots before counting sessions: logout');
    const devices = [];
    for (let i = 1; i <= opened; i++) {
      progress.step(`concurrency: opening session ${i} of ${opened}`);
      // Oldest first, and before the login rather than after it: a target that evicts the least recently
      // used session then still sees them in the order they were opened.
      const earlier = await session.askEach(devices.map((d) => d.client), `before login ${i} of ${opened}`);
      const client = session.newClient(`session ${i}`);
      const login = await session.attemptLogin(client);
      devices.push({ client, login, earlier, afterLogin: await session.ask(client, `control: logged in right after its own login (${i} of ${opened})`) });
    }
    const atEnd = await session.askEach(devices.map((d) => d.client), `after all ${opened} sessions were opened`);
    const sessions = devices.map((d, i) => ({ device: d.client.device, login: d.login, earlier: d.earlier, afterLogin: d.afterLogin, atEnd: atEnd[i]! }));
    return { limit, onExceed, opened, freedSlots, sessions };
  },
};
