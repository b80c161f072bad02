/**
 * Picking the oracle: candidate pages (where the login landed, the pages it links to that sound like
 * an account, and common paths) are each fetched twice logged out and twice logged in, and the
 * oracle's own calibration (Oracle.learn) says whether the page tells the states apart. The most
 * specific wins (see specificity()).
 */
import type { HttpClient, HttpResponse } from '../drivers/http.js';
import { Oracle } from '../target/oracle.js';
import { describeLinks } from '../target/html-forms.js';
import { isLogoutText } from './form-fields.js';
import { pathOf, type Finding } from './findings.js';

const ACCOUNT_LINK = /account|profile|dashboard|settings|my\b|me\b|home|konto|profil/i;
export const ORACLE_PATHS = ['/account', '/profile', '/dashboard', '/me', '/settings', '/home', '/user', '/api/me', '/api/user', '/api/profile', '/api/account', '/api/session'];

export interface OracleFound {
  url: string;
  oracle: Oracle;
  finding: Finding;
}

export async function pickOracle(
  anonymous: HttpClient,
  loggedIn: HttpClient,
  landing: HttpResponse | undefined,
  baseUrl: string,
  username: string,
  log: (line: string) => void,
): Promise<OracleFound | undefined> {
  const candidates: Array<{ url: string; why: string }> = [];
  const add = (url: string, why: string) => {
    const u = new URL(url, baseUrl + '/');
    // The query may hold a session ID (a target that puts it in URLs): the oracle asks about the cookie alone.
    u.hash = '';
    u.search = '';
    // A page whose address says "log out" could end the session it is asked about.
    if (u.origin !== new URL(baseUrl).origin || isLogoutText(u.pathname) || candidates.some((c) => c.url === u.toString())) return;
    candidates.push({ url: u.toString(), why });
  };
  if (landing && landing.status < 400) {
    add(landing.url, 'where the login landed');
    for (const link of describeLinks(landing.body, landing.url)) if (ACCOUNT_LINK.test(`${link.text} ${new URL(link.url).pathname}`) && !isLogoutText(link.text)) add(link.url, `linked from the landing page as “${link.text}”`);
  }
  for (const path of ORACLE_PATHS) add(path.slice(1), 'a common account path');

  const found: Array<OracleFound & { score: number }> = [];
  for (const c of candidates.slice(0, 16)) {
    log(`comparing ${pathOf(c.url, baseUrl)} logged out and logged in`);
    const get = (client: HttpClient, what: string) => client.request({ url: c.url, step: `discover: oracle candidate, ${what}` }).catch(() => undefined);
    const a1 = await get(anonymous, 'logged out');
    if (!a1 || a1.first.status === 404) continue;
    const b1 = await get(loggedIn, 'logged in');
    const a2 = await get(anonymous, 'logged out, again');
    const b2 = await get(loggedIn, 'logged in, again');
    if (!b1 || !a2 || !b2) continue;
    // A page that refuses the logged-in device tells nothing about being logged in: the login did not reach it.
    if (b1.first.status >= 400) continue;
    const oracle = Oracle.learn(c.url, [a1, a2], [b1, b2], username, { yes: 'logged in', no: 'logged out' });
    if (!oracle) continue;
    const score = specificity(oracle, username);
    found.push({
      url: pathOf(c.url, baseUrl),
      oracle,
      score,
      finding: {
        topic: 'oracle',
        summary: `${pathOf(c.url, baseUrl)} (${c.why})`,
        evidence: [oracle.description, `two requests in each state gave the same answer (${a1.first.status} logged out, ${b1.first.status} logged in)`],
        confidence: score >= 3 ? 'high' : 'medium',
      },
    });
    // A marker naming the user is as specific as it gets.
    if (score === 5) break;
  }
  found.sort((x, y) => y.score - x.score);
  const best = found[0];
  if (!best) return undefined;
  const others = found.slice(1, 4).map((f) => f.url);
  if (others.length) best.finding.evidence.push(`also telling the states apart, less specifically: ${others.join(', ')}`);
  return best;
}

/**
 * A marker naming the user is the most specific; then a 401/403 when logged out (HTTP's own words for
 * "not authenticated", RFC 9110 §15.5.2, §15.5.4); then a redirect (often, but not only, to the login);
 * then a marker without the user; then any other stable difference.
 */
function specificity(oracle: Oracle, username: string): number {
  const basis = oracle.basis;
  if (basis.kind === 'markers') return basis.positive.some((p) => p.includes(username)) ? 5 : 2;
  if (basis.kind === 'first-hop') {
    const s = basis.loggedOutStatus;
    return s === 401 || s === 403 ? 4 : s >= 300 && s < 400 ? 3 : 1;
  }
  return 1;
}
