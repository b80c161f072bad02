/**
 * Multi-factor logins: stop after the first factor (password) and look at the session then — is it
 * already logged in, do the authenticated pages open? — then finish the login and compare the session
 * IDs, and replay the half-logged-in one.
 */
import type { Probe } from '../../src/probe.js';
import type { PageObservation } from '../../src/model/artifacts.js';

export const mfaProbe: Probe<'mfa'> = {
  id: 'mfa',
  title: 'multi-factor login',
  async run({ session, progress }) {
    const steps = session.loginSteps;
    if (steps < 2) return { notApplicable: 'the login has one step (no then: steps for a second factor)' };
    const client = session.newClient('mfa: between factors');
    await session.visitBeforeLogin(client);
    progress.step(`mfa: logging in with the first factor only (step 1 of ${steps})`);
    const first = await session.loginPart(client, 0, 1);
    const idsAfterFirst = await session.sessionIds(client);
    const heldAfterFirst = await session.sessionCredentials(client);
    const oracle = await session.ask(client, 'mfa: after the first factor only');
    const pageUrls = session.target.ui.pages.filter((u) => new URL(u, session.target.baseUrl + '/').toString() !== session.oracle.url);
    const partial = [];
    for (const url of pageUrls) partial.push(await session.replay(heldAfterFirst, `mfa: ${url} after the first factor only`, { url }));
    progress.step(`mfa: finishing the login (steps 2 to ${steps})`);
    const rest = await session.loginPart(client, 1, steps);
    const control = await session.ask(client, 'positive control: logged in after the last factor');
    const idsAfterLast = await session.sessionIds(client);
    const heldAfterLast = await session.sessionCredentials(client);
    const pages: PageObservation[] = [];
    for (const [i, url] of pageUrls.entries()) {
      pages.push({ url, partial: partial[i]!, full: await session.replay(heldAfterLast, `control: ${url} with the finished login`, { url }) });
    }
    const intermediateReplay = await session.replay(heldAfterFirst, 'replay: the session held after the first factor, once the login finished');
    const afterReplayControl = await session.ask(client, 'control: still logged in after the replay');
    await session.release(client);
    return {
      steps,
      afterFirstFactor: { ids: idsAfterFirst, oracle, pages, exchanges: first.exchanges },
      afterLastFactor: { ids: idsAfterLast, oracle: control, exchanges: rest.exchanges },
      intermediateReplay,
      afterReplayControl,
    };
  },
};
