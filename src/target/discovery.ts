/**
 * Which cookies make the session? Found by ablation, not by name (CHECKS.md edge cases 10–11): drop
 * each cookie in turn and ask the oracle. CSRF, analytics and load-balancer cookies survive their
 * removal and are never mistaken for the session. A configured `sessionCookie` is checked the same way
 * (rule 24): when the session lives without it, every report carries a notice, and the name stays.
 */
import type { SessionArtifact } from '../model/artifacts.js';
import type { Credentials, HttpClient } from '../drivers/http.js';
import type { Oracle } from './oracle.js';
import { ablate, type Cookies } from './ablation.js';
import { TargetUntestableError } from './untestable.js';

type Discovery = SessionArtifact['discovery'] & { names: string[] };

function asker(oracle: Oracle, replayer: HttpClient, creds: Credentials) {
  return (subset: Cookies, what: string) => oracle.ask(replayer, `session-cookie discovery: ${what}`, { ...creds, cookies: subset });
}

export async function discoverSessionCookies(oracle: Oracle, client: HttpClient, replayer: HttpClient): Promise<Discovery> {
  const creds = await client.credentials(oracle.url);
  const cookies = creds.cookies;
  const { necessary, sufficient, unknown, trials } = await ablate(cookies, asker(oracle, replayer, creds));
  if (unknown.length > 0) {
    const reason = trials.find((t) => t.removed === unknown[0])!.observation.reason;
    throw new TargetUntestableError(
      `could not identify the session cookie: the oracle could not judge the request without ${unknown.join(', ')} (${reason}) — set target.sessionCookie`,
    );
  }
  if (necessary.length > 0) {
    return { method: 'ablation', names: necessary, trials, notes: [`logged out without ${necessary.join(' or ')}; every other cookie could be dropped`] };
  }
  // No single cookie is required: either several cookies each carry the session (redundant), or
  // the session is not in a cookie at all. Keep the cookies that are enough on their own.
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

/**
 * A configured name is trusted for what the reports call *the* session cookie, and verified: each named
 * cookie must be necessary (without it, the rest of the jar is logged out). A name the session lives
 * without is a mismatch — the notice says which cookies do carry it — never a silent override.
 */
export async function verifyConfiguredCookies(oracle: Oracle, client: HttpClient, replayer: HttpClient, names: string[]): Promise<Discovery> {
  const creds = await client.credentials(oracle.url);
  const ablation = await ablate(creds.cookies, asker(oracle, replayer, creds));
  const trials = ablation.trials;
  const notes = ['named in the config (target.sessionCookie)'];
  const unneeded = names.filter((n) => trials.some((t) => t.removed === n && t.observation.answer === 'yes'));
  if (unneeded.length === 0) return { method: 'configured', names, trials, notes };
  const actual = ablation.necessary.length > 0 ? `the session needs ${ablation.necessary.join(' and ')}` : `each of ${ablation.sufficient.join(', ') || 'none'} carries the session on its own`;
  const mismatch =
    `target.sessionCookie names ${names.join(', ')}, but the session lives without ${unneeded.join(', ')}: ablation on the jar after login finds that ${actual}. ` +
    'The checks keep the configured name for what they report, and the revocation checks replay the whole jar anyway.';
  return { method: 'configured', names, trials, notes: [...notes, mismatch], mismatch };
}
