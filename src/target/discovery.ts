/**
 * Which cookies make the session? Found by ablation, not by name (CHECKS.md edge cases 10–11): drop
 * each cookie in turn and ask the oracle. CSRF, analytics and load-balancer cookies survive their
 * removal and are never mistaken for the session.
 */
import type { SessionArtifact } from '../model/artifacts.js';
import type { Credentials, HttpClient } from '../drivers/http.js';
import type { Oracle } from './oracle.js';
import { TargetUntestableError } from './untestable.js';
import type { OracleObservation } from '../model/observation.js';

type Discovery = SessionArtifact['discovery'] & { names: string[] };

export async function discoverSessionCookies(oracle: Oracle, client: HttpClient, replayer: HttpClient): Promise<Discovery> {
  const creds = await client.credentials(oracle.url);
  const cookies = creds.cookies;
  const trials: Discovery['trials'] = [];
  const ask = (subset: Credentials['cookies'], what: string): Promise<OracleObservation> =>
    oracle.ask(replayer, `session-cookie discovery: ${what}`, { ...creds, cookies: subset });

  for (const c of cookies) {
    trials.push({ removed: c.name, observation: await ask(cookies.filter((o) => o !== c), `without ${c.name}`) });
  }
  const unknown = trials.filter((t) => t.observation.answer === 'unknown');
  if (unknown.length > 0) {
    throw new TargetUntestableError(
      `could not identify the session cookie: the oracle could not judge the request without ${unknown.map((t) => t.removed).join(', ')} (${unknown[0]!.observation.reason}) — set target.sessionCookie`,
    );
  }
  const required = trials.filter((t) => t.observation.answer === 'no').map((t) => t.removed);
  if (required.length > 0) {
    return { method: 'ablation', names: required, trials, notes: [`logged out without ${required.join(' or ')}; every other cookie could be dropped`] };
  }
  // No single cookie is required: either several cookies each carry the session (redundant), or
  // the session is not in a cookie at all. Keep the cookies that are enough on their own.
  const sufficient: string[] = [];
  for (const c of cookies) {
    const obs = await ask([c], `only ${c.name}`);
    trials.push({ removed: `all but ${c.name}`, observation: obs });
    if (obs.answer === 'yes') sufficient.push(c.name);
  }
  if (sufficient.length > 0) {
    return {
      method: 'ablation',
      names: sufficient,
      trials,
      notes: [`no single cookie was required; each of ${sufficient.join(', ')} is enough on its own, so all are judged as session cookies`],
    };
  }
  if (creds.authorization) return { method: 'ablation', names: [], trials, notes: ['the session is carried by the Authorization header, not a cookie'] };
  throw new TargetUntestableError(
    `could not identify the session cookie: removing any one of [${cookies.map((c) => c.name).join(', ')}] kept the session, and none alone was enough — set target.sessionCookie`,
  );
}
