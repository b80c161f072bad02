/**
 * Remember-me around logout: a persistent login, its cookie shown to mint a session on its own, the
 * device that cookie logged in logs out, and the cookie it held is presented alone again, then everything
 * that device held (rule 24). The same
 * trial around a password change runs inside the password-change probe.
 */
import type { RememberMeArtifact } from '../../src/model/artifacts.js';
import type { Probe } from '../../src/probe.js';
import { heldRemembered, rememberedDevice, replayRemembered } from '../shared/remember-me-trial.js';

export const rememberMeProbe: Probe<'rememberMe'> = {
  id: 'rememberMe',
  title: 'remember-me',
  sessions: 2,
  async run({ session, progress }): Promise<RememberMeArtifact> {
    const rememberMe = session.target.rememberMe;
    if (!rememberMe) return { notConfigured: 'the target profile does not say how to ask for a persistent login (target.rememberMe)' };
    if (!session.target.logout) return { cookie: rememberMe.cookie, logout: { notConfigured: 'the target profile has no logout flow (target.logout)' } };
    await session.logoutAll('freeing session slots before the remember-me trial: logout');
    progress.step('remember-me: persistent login, logout, then the remember-me cookie alone');
    const { trial, holder } = await rememberedDevice(session, 'remember-me');
    if (holder) {
      const held = await heldRemembered(session, holder);
      trial.eventExchanges = (await session.logout(holder)).exchanges;
      if (held !== undefined) Object.assign(trial, await replayRemembered(session, held, 'logout'));
    }
    return { cookie: rememberMe.cookie, logout: trial };
  },
};
