/**
 * A remember-me cookie tried around an event. The login asks for a persistent login; the cookie alone
 * is planted in a fresh device, which must come out logged in (the control — and a target that rotates
 * the cookie on use hands that device the next one). After the event, the cookie that device holds is
 * planted alone in another fresh device. Devices a cookie logs in are adopted, so the run logs them out.
 */
import type { RememberMeTrial } from '../../src/model/artifacts.js';
import { mask } from '../../src/evidence.js';
import type { HttpClient } from '../../src/drivers/http.js';
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
  const trial: RememberMeTrial = { issued: null, control: null, eventExchanges: [], replay: null };
  if (value === undefined || issuing === undefined) return { trial };
  trial.issued = { exchange: issuing, value: mask(value) };
  const holder = session.newClient(`${label}: remember-me cookie only`);
  trial.control = await presentAlone(session, holder, name, value, 'control: the remember-me cookie alone, before the event');
  return trial.control.answer === 'yes' ? { trial, holder } : { trial };
}

/** After the event: the cookie the holder had, alone, in a fresh device. */
export async function replayRemembered(session: TargetSession, value: string, label: string): Promise<OracleObservation> {
  const name = session.target.rememberMe!.cookie;
  return presentAlone(session, session.newClient(`${label}: remember-me cookie only`), name, value, 'replay: the remember-me cookie alone, after the event');
}

/** The holder's current remember-me cookie (the target may have rotated it when it was used). */
export async function heldValue(session: TargetSession, holder: HttpClient): Promise<string | undefined> {
  return cookieValue(session, holder, session.target.rememberMe!.cookie);
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
