/**
 * What every cookie check shares: the Set-Cookie headers the target sent, read as a browser would, the
 * preconditions of the session-cookie checks, and one way to turn per-header violations into a verdict.
 */
import { outcome, type CheckInput, type Outcome } from '../../src/model/check.js';
import { groupFindings, requireControl } from '../shared/checks-common.js';
import { cookieContext, evaluateSetCookie, type EffectiveCookie } from '../../src/cookies/evaluate.js';
import type { Exchange, SetCookieRecord } from '../../src/evidence.js';

/** One Set-Cookie header, where it came from and what a browser makes of it. */
export interface ObservedCookie {
  exchange: Exchange;
  record: SetCookieRecord;
  cookie: EffectiveCookie;
}

export function noRequirement(setting: string): Outcome {
  return outcome.skipped(`the spec states no requirement (${setting})`);
}

/** Every Set-Cookie header in the evidence, in the order received. */
function observedCookies(evidence: readonly Exchange[]): ObservedCookie[] {
  return evidence.flatMap((exchange) =>
    exchange.setCookies.map((record) => ({ exchange, record, cookie: evaluateSetCookie(record, cookieContext(exchange)) })),
  );
}

/** Every Set-Cookie of the run, or the skip of a check about all cookies when the target set none (a bearer API). */
export function everyCookie(evidence: readonly Exchange[]): ObservedCookie[] | Outcome {
  const all = observedCookies(evidence);
  return all.length > 0 ? all : outcome.skipped('the target set no cookie during the run: nothing to judge');
}

/**
 * The (re)issuances of the session cookie across the whole run (login, renewals, replays), or the
 * outcome that stops a session-cookie check before any judgement. Deletions and empty values carry no
 * session ID: they are how logout clears the cookie, which logout.cookie-cleared judges.
 */
export function sessionIssuances({ artifacts, evidence }: CheckInput<'session'>, expected: string): ObservedCookie[] | Outcome {
  const session = artifacts.session;
  if (session.authKind === 'bearer' || session.sessionCookies.length === 0) {
    return outcome.skipped('the session is a bearer token; no session cookie to judge');
  }
  const noControl = requireControl(session.oracle.authenticated, expected, 'the session after login');
  if (noControl) return noControl;
  const names = session.sessionCookies;
  const issued = observedCookies(evidence).filter(
    (o) => names.includes(o.record.name) && !o.cookie.deletion && !o.record.value.empty,
  );
  if (issued.length === 0) return outcome.inconclusive(expected, `no Set-Cookie issuing ${names.join(', ')} was recorded`);
  return issued;
}

/** "on every Set-Cookie issuing sid (3 headers)" — how pass texts name what they judged. */
export function onEveryIssuance(issued: ObservedCookie[]): string {
  const names = [...new Set(issued.map((o) => cookieLabel(o.record.name)))].join(', ');
  return `on every Set-Cookie issuing ${names} (${headers(issued.length)})`;
}

export function headers(n: number): string {
  return `${n} Set-Cookie header${n === 1 ? '' : 's'}`;
}

export function cookieLabel(name: string): string {
  return name === '' ? '(nameless cookie)' : name;
}

/**
 * Fails when any judged header has a violation: one finding per (cookie, violation) with every exchange
 * that sent it and the first masked header as its sample; passes with `passed` otherwise.
 */
export function judgeEach(expected: string, judged: ObservedCookie[], violations: (o: ObservedCookie) => string[], passed: string): Outcome {
  const found = judged.map((o) => ({ o, violations: violations(o) }));
  const failing = found.filter((f) => f.violations.length > 0);
  if (failing.length === 0) return outcome.pass(expected, passed, { exchanges: judged.map((o) => o.exchange.id) });
  const findings = groupFindings(
    failing.flatMap(({ o, violations }) =>
      violations.map((message) => ({ message, exchanges: [o.exchange.id], cookie: o.record.name, sample: `Set-Cookie: ${o.record.header}` })),
    ),
  );
  const distinct = [...new Set(findings.map((f) => f.message))];
  return outcome.fail(expected, `${summarize(distinct)} (in ${failing.length} of ${headers(judged.length)})`, findings);
}

/** Keeps the observed sentence short enough for a JUnit message; the findings list everything. */
function summarize(items: string[]): string {
  const shown = items.slice(0, 3).join('; ');
  return items.length > 3 ? `${shown}; and ${items.length - 3} more` : shown;
}
