/**
 * The login form's "remember me" box, verified rather than assumed: a second login on a fresh device
 * with the box ticked must earn a persistent cookie (a future Max-Age or Expires) that the plain login
 * did not get; that cookie is the one target.rememberMe names. It is only a login — the password is
 * never changed — and the remembered device is logged out again with the logout found, so it does not
 * hold one of the account's session slots when the run starts.
 */
import type { Account, Flow, RememberMe } from '../config/types.js';
import type { EvidenceLog } from '../evidence.js';
import type { FormInput } from '../target/html-forms.js';
import type { TargetSession } from '../target/session.js';
import { attemptFlow } from '../target/flows.js';
import { cookieContext, evaluateSetCookie } from '../cookies/evaluate.js';
import { formatDuration } from '../config/durations.js';
import type { Finding } from './findings.js';

/** Verified: the cookie is known. Unverified: only the field, and why it could not be verified. */
export type RememberMeFound = { verified: RememberMe } | { unverified: Pick<RememberMe, 'fields'>; reason: string };

export interface RememberMeInput {
  session: TargetSession;
  /** The login form flow the plain login used. */
  login: Flow & { kind: 'form' };
  box: FormInput;
  /** The plain login's exchanges, whose cookies the remembered login's are compared with. */
  plainExchanges: number[];
  account: Account;
  /** The logout found, to end the remembered device's session; none: it is left to expire. */
  logout?: Flow;
  log: (line: string) => void;
}

export async function verifyRememberMe(input: RememberMeInput): Promise<{ found: RememberMeFound; finding: Finding }> {
  const { session, box, log } = input;
  const fields = { [box.name]: box.checkedValue ?? 'on' };
  const summary = `the login form's “remember me” box (${box.name})`;
  const unverified = (reason: string, evidence: string[]) => ({
    found: { unverified: { fields }, reason },
    finding: { topic: 'remember me', summary: `${summary}, NOT verified: ${reason}`, evidence, confidence: 'low' as const },
  });

  log(`logging in again with the “remember me” box (${box.name}) ticked, on a fresh device`);
  const device = session.newClient('remember me');
  const attempt = await attemptFlow(device, { ...input.login, fields: { ...input.login.fields, ...fields } }, input.account, 'discover: login with remember me');
  if (attempt.status === null || attempt.status >= 400) {
    return unverified(`the login with the box ticked ${attempt.status === null ? `failed (${attempt.error})` : `answered ${attempt.status}`}`, []);
  }
  const plain = persistentCookies(session.evidence, input.plainExchanges);
  const remembered = persistentCookies(session.evidence, attempt.exchanges);
  const earned = [...remembered].filter(([name]) => !plain.has(name));
  const plainText = plain.size ? `the plain login got ${[...plain.keys()].join(', ')} persistently` : 'the plain login got no persistent cookie';
  if (input.logout) {
    log('logging the remembered device out again');
    await attemptFlow(device, input.logout, input.account, 'discover: logout after remember me');
  }
  const [first, ...others] = earned;
  if (!first) return unverified('ticking it earned no persistent cookie that the plain login did not get', [plainText, `the login with the box ticked answered ${attempt.status}`]);
  const [cookie, lifetimeMs] = first;
  return {
    found: { verified: { fields, cookie } },
    finding: {
      topic: 'remember me',
      summary: `${summary}: ticked, the login set the persistent cookie ${cookie}, which the plain login did not get`,
      evidence: [
        `the login with ${box.name}=${fields[box.name]} set ${cookie} for ${formatDuration(lifetimeMs)}; ${plainText}`,
        ...(others.length ? [`it also set ${others.map(([n]) => n).join(', ')} persistently; ${cookie}, the first, is taken as the remember-me cookie`] : []),
        input.logout ? 'the remembered device was logged out again' : 'no logout was found: the remembered device’s session is left to expire',
      ],
      confidence: others.length ? 'medium' : 'high',
    },
  };
}

/** The cookies the exchanges set to outlive the browser session (not deletions), with their lifetimes. */
function persistentCookies(evidence: EvidenceLog, exchanges: number[]): Map<string, number> {
  const cookies = new Map<string, number>();
  for (const id of exchanges) {
    const exchange = evidence.byId(id);
    if (!exchange) continue;
    for (const record of exchange.setCookies) {
      const cookie = evaluateSetCookie(record, cookieContext(exchange));
      if (cookie.expiry.kind === 'persistent' && !cookie.deletion) cookies.set(cookie.name, cookie.expiry.lifetimeMs);
      else cookies.delete(cookie.name);
    }
  }
  return cookies;
}
