/**
 * A bearer API may answer a request without a token and one with a token it refuses differently (an OAuth
 * userinfo endpoint: 400 invalid_request, then 401 invalid_token, RFC 6750 §3.1). The calibration saw only
 * the first, so a revoked token would match neither state and every revocation check would come out
 * inconclusive. Asked once more with a token the target never issued: when that answer matches neither
 * calibrated state, the oracle is written as an expectation — logged in only when the page answers as it
 * did logged in — which a refused token then fails.
 */
import { randomBytes } from 'node:crypto';
import type { OracleExpectation } from '../config/types.js';
import type { HttpClient } from '../drivers/http.js';
import { Oracle } from '../target/oracle.js';

export interface RefusedTokenOracle {
  expect: OracleExpectation;
  oracle: Oracle;
  evidence: string;
}

export async function refusedTokenOracle(oracle: Oracle, user: HttpClient, replayer: HttpClient, log: (line: string) => void): Promise<RefusedTokenOracle | undefined> {
  const basis = oracle.basis;
  const credentials = await user.credentials(oracle.url);
  const scheme = credentials.authorization?.split(' ')[0];
  if (!scheme || basis.kind !== 'first-hop' || basis.loggedInStatus < 200 || basis.loggedInStatus >= 300) return undefined;
  log('asking the oracle with a bearer token the target never issued');
  const forged = { ...credentials, authorization: `${scheme} ${randomBytes(24).toString('base64url')}` };
  const refused = await oracle.ask(replayer, 'discover: oracle with a token never issued', forged);
  if (refused.answer !== 'unknown') return undefined;
  const expect = { status: basis.loggedInStatus };
  return {
    expect,
    oracle: Oracle.fromExpectation(oracle.url, expect),
    evidence: `with a token it never issued, ${oracle.url} ${refused.reason}: written as logged in only when it answers ${basis.loggedInStatus}, so a refused (revoked) token reads as logged out`,
  };
}
