/**
 * Privilege change: a device elevates its session (sudo, role switch, step-up re-authentication); its
 * IDs before and after are compared, and what it held before is replayed (rule 24: each session
 * artifact, all together, the whole jar) — against the authentication oracle (still a session at all?)
 * and, when target.privilegeChange.elevatedCheck names one, against a page only an elevated session may
 * see (did the old ID, or a session the old jar brings back, get the privilege too?).
 */
import type { PrivilegeArtifact } from '../../src/model/artifacts.js';
import type { HttpResponse } from '../../src/drivers/http.js';
import type { Probe } from '../../src/probe.js';
import { attemptFlow } from '../../src/target/flows.js';
import { Oracle } from '../../src/target/oracle.js';
import { openSurvivorWitness } from '../../src/target/survivors.js';
import { holdings, replayHeld } from '../../src/target/jar-replay.js';

export const privilegeChangeProbe: Probe<'privilegeChange'> = {
  id: 'privilegeChange',
  title: 'privilege change',
  async run({ session, progress }): Promise<PrivilegeArtifact> {
    const { target } = session;
    if (!target.privilegeChange) return { notConfigured: 'the target profile has no privilege-change flow (target.privilegeChange)' };
    await session.logoutAll('freeing session slots before the privilege change: logout');
    const witness = await openSurvivorWitness(session, 'privilege change');
    const client = session.newClient('privilege');
    progress.step('privilege change: logging in, elevating, replaying the pre-elevation session');
    await session.login(client);
    const before = await session.ask(client, 'positive control: logged in before the elevation');
    const idsBefore = await session.sessionIds(client);
    const pre = await holdings(session, client);
    const check = target.elevatedCheck;
    const elevatedUrl = check && new URL(check.url, `${target.baseUrl}/`).toString();
    const fetchElevated = (what: string): Promise<HttpResponse> => client.request({ url: elevatedUrl!, step: `elevated page: ${what}` });
    const unelevated = elevatedUrl && !check.expect ? [await fetchElevated('before the elevation'), await fetchElevated('before the elevation, again')] : undefined;

    const change = await attemptFlow(client, target.privilegeChange, session.account, 'privilege change');
    const after = await session.ask(client, 'control: still logged in after the elevation');
    const idsAfter = await session.sessionIds(client);
    const held = await replayHeld(session, pre, 'the elevation');

    let elevated: Extract<PrivilegeArtifact, { device: string }>['elevated'];
    if (!check || !elevatedUrl) {
      elevated = { notConfigured: 'no target.privilegeChange.elevatedCheck names a page only an elevated session may see' };
    } else {
      const oracle = check.expect
        ? Oracle.fromExpectation(elevatedUrl, check.expect)
        : Oracle.learn(elevatedUrl, unelevated as [HttpResponse, HttpResponse], [await fetchElevated('after the elevation'), await fetchElevated('after the elevation, again')], session.account.username, {
            yes: 'elevated',
            no: 'not elevated',
          });
      elevated = oracle
        ? {
            description: oracle.description,
            current: await oracle.ask(client, 'positive control: elevated after the elevation'),
            oldId: await oracle.ask(session.replayer, 'replay: the pre-elevation session IDs on the elevated page', pre.artifacts),
            jar: held.jar?.observation.answer === 'yes' ? await oracle.ask(session.replayer, 'replay: the whole pre-elevation jar on the elevated page', pre.jar) : null,
          }
        : { uncalibrated: `${check.url} answered the same before and after the elevation, so it cannot tell an elevated session from another` };
    }
    return { device: client.device, before, idsBefore, change, after, idsAfter, held, elevated, survivors: await witness.read(client) };
  },
};
