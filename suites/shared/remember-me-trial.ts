/**
 * A remember-me cookie tried around an event. The login asks for a persistent login; the cookie alone
 * is planted in a fresh device, which must come out logged in (the control — and a target that rotates
 * the cookie on use hands that device the next one). After the event, the cookie that device holds is
 * planted alone in another fresh device, and the whole jar the holder had is replayed (rule 24). Devices a
 * cookie logs in are adopted, so the run logs them out.
 */
import type { RememberMeTrial } from '../../src/model/artifacts.js';
import { mask } from '../../src/evidence.js';
import type { Credentials, HttpClient } from '../../src/drivers/http.js';
import { heldJar, replayJar } from '../../src/target/jar-replay.js';
import type { TargetSession } from '../../src/target/session.js';
import type { OracleObservation } from '../../src/model/observation.js';

export interface Remembered {
  trial: RememberMeTrial;
  /** The device the cookie logged in, holding the latest cookie; undefined when the control failed. */
  holder?: HttpClient;
}

export async function rememberedDevice(session: TargetSession, label: string): Promise<Remembered> {
  const name = session.target.rememberMe!.cookie;
  const device = session.newClient(`${label}: remember-me login`);
  const login = await session.login(device, { rememberMe: true, label: 'login with remember-me' });
  const value = await cookieValue(session, device, name);
  const issuing = login.exchanges.find((id) => session.evidence.byId(id)?.setCookies.some((c) => c.name === name && !c.value.empty));
  const trial: RememberMeTrial = { issued: null, control: null, eventExchanges: [], replay: null, jar: null };
  if (value === undefined || issuing === undefined) return { trial };
  trial.issued = { exchange: issuing, value: mask(value) };
  const holder = session.newClient(`${label}: remember-me cookie only`);
  trial.control = await presentAlone(session, holder, name, value, 'control: the remember-me cookie alone, before the event');
  return trial.control.answer === 'yes' ? { trial, holder } : { trial };
}

/** What the holder held right before the event: its remember-me cookie and its whole jar. */
export interface HeldRemembered {
  value: string;
  jar: Credentials;
}

/**
 * After the event: the cookie the holder had, alone, in a fresh device; then everything the holder held
 * (rule 24), which another cookie may bring back to life when the remember-me cookie alone is refused.
 */
export async function replayRemembered(session: TargetSession, held: HeldRemembered, event: string): Promise<Pick<RememberMeTrial, 'replay' | 'jar'>> {
  const name = session.target.rememberMe!.cookie;
  const replay = await presentAlone(session, session.newClient(`remember-me after ${event}: remember-me cookie only`), name, held.value, 'replay: the remember-me cookie alone, after the event');
  return { replay, jar: await replayJar(session, held.jar, event, "the remembered device's ") };
}

/** The holder's current remember-me cookie (the target may have rotated it when it was used) and its jar; undefined when it holds no cookie. */
export async function heldRemembered(session: TargetSession, holder: HttpClient): Promise<HeldRemembered | undefined> {
  const value = await cookieValue(session, holder, session.target.rememberMe!.cookie);
  return value === undefined ? undefined : { value, jar: await heldJar(session, holder) };
}

async function presentAlone(session: TargetSession, client: HttpClient, name: string, value: string, step: string): Promise<OracleObservation> {
  await client.setCookie(name, value);
  const observation = await session.ask(client, step);
  if (observation.answer === 'yes') session.adopt(client);
  return observation;
}

async function cookieValue(session: TargetSession, client: HttpClient, name: string): Promise<string | undefined> {
  const cookie = (await client.cookies(session.oracle.url)).find((c) => c.name === name && c.value !== '');
  return cookie?.value;
}
