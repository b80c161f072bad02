/**
 * Binding: is a session tied to the client that created it? One device's whole cookie jar is presented
 * with another User-Agent and Accept-Language; another device's session cookie(s) alone are copied into
 * a fresh client with another User-Agent (WSTG-SESS-06 "Cross-Device Session Reuse"). Each on its own
 * device, because a binding target ends the session it sees misused.
 */
import type { BindingArtifact } from '../../src/model/artifacts.js';
import type { Probe } from '../../src/probe.js';

/** Another browser on another system, as an attacker's client would be. */
export const FOREIGN_CLIENT = {
  'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36 (sessionprobe foreign client)',
  'accept-language': 'fr-CH, fr;q=0.9, en;q=0.5',
};

export const bindingProbe: Probe<'binding'> = {
  id: 'binding',
  title: 'session binding',
  async run({ session, progress }): Promise<BindingArtifact> {
    await session.logoutAll('freeing session slots before the binding probe: logout');
    progress.step('binding: presenting live sessions from another client');
    const a = session.newClient('binding: same jar, other User-Agent');
    await session.login(a);
    const uaControl = await session.ask(a, 'positive control: logged in');
    const jar = await a.credentials(session.oracle.url);
    const uaReplay = await session.replay({ ...jar, headers: FOREIGN_CLIENT }, 'replay: the whole cookie jar with another User-Agent and Accept-Language');
    const afterwards = await session.ask(a, 'the device itself, after its session was presented by another client');

    const b = session.newClient('binding: copied to a fresh client');
    await session.login(b);
    const crossControl = await session.ask(b, 'positive control: logged in');
    const creds = await session.sessionCredentials(b);
    const crossReplay = await session.replay({ ...creds, headers: FOREIGN_CLIENT }, 'replay: only the session artifact, in a fresh client with another User-Agent');
    return {
      userAgentChange: { device: a.device, control: uaControl, foreignUserAgent: FOREIGN_CLIENT['user-agent'], replay: uaReplay, afterwards },
      crossClient: {
        device: b.device,
        control: crossControl,
        replay: crossReplay,
        artifacts: [...creds.cookies.map((c) => c.name), ...(creds.authorization ? ['Authorization'] : [])],
      },
    };
  },
};
