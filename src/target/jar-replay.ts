/**
 * Rule 24: after a revocation event, replay what a device held before it from fresh clients — (a) each
 * session artifact alone, (b) all of them together, and (c) everything it held: every cookie of its jar
 * and its auth header. An auth cookie carrying credentials, a remember-me token or a signed user-id
 * cookie can re-create a session the event did destroy. When the jar is logged in, ablation on it names
 * the cookie(s) that bring the session back. Every revocation probe takes its holdings and replays them
 * here, so every event is judged on the same replays.
 */
import type { HeldReplays, JarReplay } from '../model/artifacts.js';
import type { Credentials, HttpClient } from '../drivers/http.js';
import { ablate } from './ablation.js';
import type { TargetSession } from './session.js';

/** What a device holds, taken before the event: its session artifacts and its whole jar. */
export interface Holdings {
  device: string;
  artifacts: Credentials;
  jar: Credentials;
}

export async function holdings(session: TargetSession, client: HttpClient): Promise<Holdings> {
  return { device: client.device, artifacts: await session.sessionCredentials(client), jar: await heldJar(session, client) };
}

/** `replayHeld` for several devices, one after the other (the order is part of the evidence). */
export async function replayEach(session: TargetSession, held: readonly Holdings[], event: string): Promise<HeldReplays[]> {
  const replayed: HeldReplays[] = [];
  for (const h of held) replayed.push(await replayHeld(session, h, event, `device ${h.device}'s `));
  return replayed;
}

/** Everything the device holds for the authenticated page: take it before the event. */
export function heldJar(session: TargetSession, client: HttpClient): Promise<Credentials> {
  return client.credentials(session.oracle.url);
}

/** (a), (b) and (c) after `event`; `whose` names the device in the step labels ("device B's "). */
export async function replayHeld(session: TargetSession, held: Holdings, event: string, whose = ''): Promise<HeldReplays> {
  const saved = held.artifacts;
  const subsets = saved.cookies.length > 1 ? [...saved.cookies.map((c) => [c]), saved.cookies] : [saved.cookies];
  const replays: HeldReplays['replays'] = [];
  for (const cookies of subsets) {
    const names = cookies.map((c) => c.name);
    const label = names.length ? names.join(' + ') : 'the bearer token';
    replays.push({ cookies: names, observation: await session.replay({ ...saved, cookies }, `replay after ${event}: ${whose}${label}`) });
  }
  return { replays, jar: await replayJar(session, held.jar, event, whose) };
}

/**
 * Replays the held jar after `event`; null when the jar held nothing besides the session artifacts
 * (their replay together is the same request).
 */
export async function replayJar(session: TargetSession, jar: Credentials, event: string, whose = ''): Promise<JarReplay | null> {
  const names = jar.cookies.map((c) => c.name);
  if (names.every((n) => session.sessionCookies.includes(n))) return null;
  const owner = whose || 'the ';
  const observation = await session.replay(jar, `replay after ${event}: ${owner}whole jar held before it (${names.join(' + ')})`);
  if (observation.answer !== 'yes') return { cookies: names, observation, revival: null };
  const { necessary, sufficient, trials } = await ablate(jar.cookies, (subset, what) =>
    session.replay({ ...jar, cookies: subset }, `replay after ${event}: ${owner}held jar ${what}`),
  );
  return { cookies: names, observation, revival: { necessary, sufficient, trials } };
}
