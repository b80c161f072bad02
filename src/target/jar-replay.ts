/**
 * Rule 24 (c): after a revocation event, replay everything the device held before it — every cookie of
 * its jar and its auth header — not only the session artifacts. An auth cookie carrying credentials, a
 * remember-me token or a signed user-id cookie can re-create a session the event did destroy. When the
 * jar is logged in, ablation on it names the cookie(s) that bring the session back.
 */
import type { JarReplay } from '../model/artifacts.js';
import type { Credentials, HttpClient } from '../drivers/http.js';
import { ablate } from './ablation.js';
import type { TargetSession } from './session.js';

/** Everything the device holds for the authenticated page: take it before the event. */
export function heldJar(session: TargetSession, client: HttpClient): Promise<Credentials> {
  return client.credentials(session.oracle.url);
}

/**
 * Replays the held jar after `event`; null when the jar held nothing besides the session artifacts
 * (their replay together is the same request).
 */
export async function replayJar(session: TargetSession, jar: Credentials, event: string): Promise<JarReplay | null> {
  const names = jar.cookies.map((c) => c.name);
  if (names.every((n) => session.sessionCookies.includes(n))) return null;
  const observation = await session.replay(jar, `replay after ${event}: the whole jar held before it (${names.join(' + ')})`);
  if (observation.answer !== 'yes') return { cookies: names, observation, revival: null };
  const { necessary, sufficient, trials } = await ablate(jar.cookies, (subset, what) =>
    session.replay({ ...jar, cookies: subset }, `replay after ${event}: the held jar ${what}`),
  );
  return { cookies: names, observation, revival: { necessary, sufficient, trials } };
}
