/**
 * The authentication oracle: is this session logged in? Either the user's explicit expectation, or a
 * rule calibrated by comparing a logged-out and a logged-in response. It answers `unknown` whenever
 * a response matches neither state, and `unknown` can only ever lead to an inconclusive verdict.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { OracleExpectation } from '../config/types.js';
import { TransportError, type Credentials, type HttpClient, type HttpResponse, type RequestSpec } from '../drivers/http.js';
import { TargetUntestableError } from './untestable.js';
import type { OracleObservation } from '../model/observation.js';

const RETRY_DELAYS_MS = [250, 1000];
/**
 * Answers worth asking again. 500 too: a flaky backend answers it now and then, and a check that
 * judges 5xx answers (token.charset) must judge one the target gives every time, not a passing fault.
 */
const TRANSIENT_STATUSES = new Set([500, 502, 503, 504]);
/** Statuses that say the target was unavailable, not that it broke on what it was sent. */
export const UNAVAILABLE_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);

type Rule =
  | { kind: 'expect'; expect: OracleExpectation }
  | { kind: 'first-hop'; loggedIn: HopSignature; loggedOut: HopSignature }
  | { kind: 'markers'; status: number; positive: string[]; negative: string[] };

/** The oracle question asked differently: at another URL (e.g. with the ID as a query parameter) or as a POST. */
export interface OracleVariant {
  url?: string;
  method?: string;
  form?: Record<string, string>;
}

interface HopSignature {
  status: number;
  location: string | null;
}

export class Oracle {
  private constructor(
    readonly url: string,
    private readonly rule: Rule,
    readonly method: 'expect' | 'calibrated',
    readonly description: string,
  ) {}

  static fromExpectation(url: string, expect: OracleExpectation): Oracle {
    const parts = [
      expect.status !== undefined ? `status ${expect.status}` : null,
      expect.bodyContains !== undefined ? `body contains “${expect.bodyContains}”` : null,
      expect.bodyNotContains !== undefined ? `body does not contain “${expect.bodyNotContains}”` : null,
    ].filter(Boolean);
    return new Oracle(url, { kind: 'expect', expect }, 'expect', `logged in when ${url} answers with ${parts.join(' and ')} (configured)`);
  }

  /**
   * Learns the rule from two logged-out and two logged-in responses; only differences that hold in
   * both pairs count, so per-request noise (CSRF tokens, timestamps) is never taken for a marker.
   */
  static async calibrate(url: string, anonymous: HttpClient, loggedIn: HttpClient, username: string): Promise<Oracle> {
    const get = (client: HttpClient, what: string) => fetchPatiently(client, { url, step: `oracle calibration: ${what}` });
    const a1 = await get(anonymous, 'logged out');
    const b1 = await get(loggedIn, 'logged in');
    const a2 = await get(anonymous, 'logged out, again');
    const b2 = await get(loggedIn, 'logged in, again');
    const oracle = Oracle.learn(url, [a1, a2], [b1, b2], username, { yes: 'logged in', no: 'logged out' });
    if (oracle) return oracle;
    throw new TargetUntestableError(
      `the authentication oracle cannot tell logged-in from logged-out at ${url}: before and after login it answered ${describeHop(signature(a1))} with no stable difference in content — either the login did not work, or that page does not depend on the session (set target.authenticated.url/expect)`,
    );
  }

  /**
   * The rule that tells two states apart, from two responses in each (`no` first, then `yes`), or
   * undefined when no difference holds in both pairs. `states` names them in descriptions.
   */
  static learn(
    url: string,
    [a1, a2]: [HttpResponse, HttpResponse],
    [b1, b2]: [HttpResponse, HttpResponse],
    marker: string,
    states: { yes: string; no: string },
  ): Oracle | undefined {
    const sa = signature(a1);
    const sb = signature(b1);
    if (sameSignature(sa, signature(a2)) && sameSignature(sb, signature(b2)) && !sameSignature(sa, sb) && sb.status < 500) {
      return new Oracle(
        url,
        { kind: 'first-hop', loggedIn: sb, loggedOut: sa },
        'calibrated',
        `${states.yes} when ${url} answers ${describeHop(sb)}; ${states.no} when it answers ${describeHop(sa)} (calibrated)`,
      );
    }
    if (a1.status === b1.status && a1.status === a2.status && b1.status === b2.status && b1.status < 400) {
      const [pa1, pa2, pb1, pb2] = [a1, a2, b1, b2].map((r) => phrases(r.body));
      const positive = pick([...pb1!].filter((p) => pb2!.has(p) && !pa1!.has(p) && !pa2!.has(p)), marker);
      const negative = pick([...pa1!].filter((p) => pa2!.has(p) && !pb1!.has(p) && !pb2!.has(p)), marker);
      if (positive.length > 0) {
        const neg = negative.length ? `; ${states.no} when it shows ${quoteAll(negative)}` : '';
        return new Oracle(
          url,
          { kind: 'markers', status: b1.status, positive, negative },
          'calibrated',
          `${states.yes} when ${url} answers ${b1.status} showing ${quoteAll(positive)}${neg} (calibrated)`,
        );
      }
    }
    return undefined;
  }

  /** What tells the states apart: `discover` ranks candidate oracles by it. */
  get basis(): { kind: 'expect' } | { kind: 'first-hop'; loggedOutStatus: number; loggedInStatus: number } | { kind: 'markers'; positive: readonly string[] } {
    const rule = this.rule;
    if (rule.kind === 'first-hop') return { kind: 'first-hop', loggedOutStatus: rule.loggedOut.status, loggedInStatus: rule.loggedIn.status };
    if (rule.kind === 'markers') return { kind: 'markers', positive: rule.positive };
    return { kind: 'expect' };
  }

  async ask(client: HttpClient, step: string, credentials?: Credentials, variant: OracleVariant = {}): Promise<OracleObservation> {
    try {
      const res = await fetchPatiently(client, { url: this.url, step, credentials, ...variant });
      const exchange = res.exchanges[res.exchanges.length - 1]!;
      const judged = this.classify(res);
      client.evidence.noteOracle(exchange, judged);
      return { exchange, ...judged };
    } catch (error) {
      if (error instanceof TransportError) return { answer: 'unknown', exchange: 0, reason: error.message };
      throw error;
    }
  }

  classify(res: HttpResponse): Pick<OracleObservation, 'answer' | 'reason'> {
    if (res.first.status >= 500) return { answer: 'unknown', reason: `server error ${res.first.status}` };
    const rule = this.rule;
    switch (rule.kind) {
      case 'expect': {
        const e = rule.expect;
        const failures = [
          e.status !== undefined && res.status !== e.status ? `status ${res.status}, not ${e.status}` : null,
          e.bodyContains !== undefined && !res.body.includes(e.bodyContains) ? `body lacks “${e.bodyContains}”` : null,
          e.bodyNotContains !== undefined && res.body.includes(e.bodyNotContains) ? `body contains “${e.bodyNotContains}”` : null,
        ].filter((f): f is string => f !== null);
        if (res.status >= 500) return { answer: 'unknown', reason: `server error ${res.status}` };
        return failures.length === 0
          ? { answer: 'yes', reason: `matches the configured expectation (status ${res.status})` }
          : { answer: 'no', reason: failures.join('; ') };
      }
      case 'first-hop': {
        const s = signature(res);
        if (sameSignature(s, rule.loggedIn)) return { answer: 'yes', reason: `answered ${describeHop(s)}, as when logged in` };
        if (sameSignature(s, rule.loggedOut)) return { answer: 'no', reason: `answered ${describeHop(s)}, as when logged out` };
        return { answer: 'unknown', reason: `answered ${describeHop(s)}, which matches neither calibrated state` };
      }
      case 'markers': {
        if (res.status !== rule.status) return { answer: 'unknown', reason: `answered ${res.status}; calibrated responses were ${rule.status}` };
        const pos = rule.positive.filter((p) => res.body.includes(p));
        const neg = rule.negative.filter((p) => res.body.includes(p));
        if (pos.length > 0 && neg.length === 0) return { answer: 'yes', reason: `shows ${quoteAll(pos)}` };
        if (neg.length > 0 && pos.length === 0) return { answer: 'no', reason: `shows ${quoteAll(neg)}` };
        if (pos.length === 0 && rule.negative.length === 0) return { answer: 'no', reason: `does not show ${quoteAll(rule.positive)}` };
        return { answer: 'unknown', reason: 'shows markers of both states' };
      }
    }
  }
}

/**
 * GETs the oracle page, retrying a transient failure (connection error, 500/502/503/504) a bounded number of
 * times with backoff: the request is idempotent, and a flaky proxy must not turn into a verdict. What
 * still fails after the retries is returned (or thrown) as it is, and the caller treats it as unknown.
 */
async function fetchPatiently(client: HttpClient, spec: RequestSpec): Promise<HttpResponse> {
  let failure: TransportError | undefined;
  let last: HttpResponse | undefined;
  for (let attempt = 0; attempt <= RETRY_DELAYS_MS.length; attempt++) {
    if (attempt > 0) await delay(RETRY_DELAYS_MS[attempt - 1]);
    try {
      last = await client.request({ ...spec, step: attempt === 0 ? spec.step : `${spec.step} (retry ${attempt})` });
      if (!TRANSIENT_STATUSES.has(last.first.status)) return last;
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      failure = error;
    }
  }
  if (last) return last;
  throw failure!;
}

function signature(res: HttpResponse): HopSignature {
  const loc = res.first.location;
  return { status: res.first.status, location: loc === undefined ? null : new URL(loc, res.url).pathname };
}

function sameSignature(a: HopSignature, b: HopSignature): boolean {
  return a.status === b.status && a.location === b.location;
}

function describeHop(s: HopSignature): string {
  return s.location === null ? `${s.status}` : `${s.status} → ${s.location}`;
}

/** Visible text phrases of a page, for body markers. */
function phrases(html: string): Set<string> {
  const text = html.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ');
  const out = new Set<string>();
  for (const piece of text.split(/<[^>]*>/)) {
    const p = piece.replace(/\s+/g, ' ').trim();
    if (p.length >= 3 && p.length <= 100) out.add(p);
  }
  return out;
}

/** Phrases naming the user first (the most telling marker), then the longest; three at most. */
function pick(candidates: string[], username: string): string[] {
  const score = (p: string) => (p.includes(username) ? 1000 : 0) + p.length;
  return [...candidates].sort((a, b) => score(b) - score(a)).slice(0, 3);
}

function quoteAll(ps: string[]): string {
  return ps.map((p) => `“${p}”`).join(' or ');
}
