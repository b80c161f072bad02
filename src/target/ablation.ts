/**
 * Which cookies of a jar carry a logged-in session, found by ablation rather than by name (CHECKS.md
 * edge case 10, rule 24): drop each cookie in turn — those whose removal logs the jar out are
 * necessary; when none is, several cookies each carry the session, so try each alone — those enough on
 * their own are sufficient. Session-cookie discovery, the check of a configured `sessionCookie` and the
 * search for the cookie that revives a revoked session all ask this one question.
 */
import type { OracleObservation } from '../model/observation.js';
import type { Credentials } from '../drivers/http.js';

export type Cookies = Credentials['cookies'];

export interface Ablation {
  /** Cookies without which the jar is logged out. */
  necessary: string[];
  /** Asked only when no cookie is necessary: cookies that are logged in on their own. */
  sufficient: string[];
  /** Cookies without which the oracle could not judge; when any, the ablation stopped there. */
  unknown: string[];
  trials: Array<{ removed: string; observation: OracleObservation }>;
}

/** `ask` replays a subset of the jar (with the jar's other credentials) and labels the step. */
export async function ablate(cookies: Cookies, ask: (subset: Cookies, what: string) => Promise<OracleObservation>): Promise<Ablation> {
  const trials: Ablation['trials'] = [];
  for (const c of cookies) trials.push({ removed: c.name, observation: await ask(cookies.filter((o) => o !== c), `without ${c.name}`) });
  const unknown = trials.filter((t) => t.observation.answer === 'unknown').map((t) => t.removed);
  const necessary = trials.filter((t) => t.observation.answer === 'no').map((t) => t.removed);
  if (unknown.length > 0 || necessary.length > 0) return { necessary, sufficient: [], unknown, trials };
  const sufficient: string[] = [];
  for (const c of cookies) {
    const observation = await ask([c], `only ${c.name}`);
    trials.push({ removed: `all but ${c.name}`, observation });
    if (observation.answer === 'yes') sufficient.push(c.name);
  }
  return { necessary, sufficient, unknown, trials };
}

/** The cookies an ablation says carry the session: the necessary ones, else those enough alone. */
export function carriers(a: Ablation): string[] {
  return a.necessary.length > 0 ? a.necessary : a.sufficient;
}
