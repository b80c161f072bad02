/**
 * What a check is: metadata plus a pure function from recorded evidence to an outcome.
 * Checks never touch the network; probes never decide verdicts.
 */
import type { Severity, Spec } from '../config/types.js';
import type { Exchange } from '../evidence.js';
import type { Artifacts, ProbeId } from './artifacts.js';
import type { Timeline } from './timeline.js';

/** `error` is set by the runner (a probe or check broke), `waived` by a configured waiver; checks decide the rest. */
export type Verdict = 'pass' | 'fail' | 'inconclusive' | 'skipped' | 'error' | 'waived';
export type OutcomeVerdict = Exclude<Verdict, 'error' | 'waived'>;

export interface CheckMeta {
  id: string;
  suite: string;
  title: string;
  /** The headline shown when the check fails. */
  failureTitle: string;
  severity: Severity;
  /** Standard references in the CHECKS.md notation, e.g. `ASVS v5.0.0-3.3.1`. */
  refs: string[];
  /** Probes whose artifacts this check reads: `evaluate` receives exactly these, present. */
  requires: readonly ProbeId[];
  /** One sentence: what the tester does to observe it. */
  procedure: string;
  /** How to fix a failure; every reporter shows it with the failure. */
  remediation: Remediation;
}

/** The stacks whose session settings differ enough to deserve their own fix hint. */
export type Stack = 'express-session' | 'django' | 'php' | 'spring' | 'aspnet-core' | 'rails' | 'flask' | 'laravel';

export interface Remediation {
  /** One generic paragraph: what to change, whatever the stack. */
  summary: string;
  /** Concrete hints where a stack's setting or API differs. */
  stacks?: Partial<Record<Stack, string>>;
}

/**
 * One defect of one cookie or artifact. The message names the defect and stays the same from run to run
 * (no IDs, no exchange numbers), so a defect seen on many exchanges is one finding (see groupFindings).
 */
export interface Finding {
  message: string;
  /** Evidence exchanges that show it. */
  exchanges: number[];
  /** The cookie it is about, when it is about one (waivers can be narrowed to a cookie). */
  cookie?: string;
  /** How often the defect was seen (e.g. Set-Cookie headers) when that differs from the number of exchanges. */
  occurrences?: number;
  /** The first occurrence as recorded, masked (a Set-Cookie header, a URL): the deciding evidence in a line. */
  sample?: string;
}

export interface Outcome {
  verdict: OutcomeVerdict;
  expected: string;
  observed: string;
  findings: Finding[];
  measured?: Record<string, string | number | boolean | null>;
  /** Exchanges the verdict rests on beyond its findings: for a pass, what proved it (e.g. the replay that was refused). */
  evidence?: number[];
  /**
   * A pass's positive controls: exchanges where the target accepted what it should (the survivor still
   * logged in, the token as issued accepted), so the refusals in `evidence` mean something.
   */
  controls?: number[];
  /** A pass that no exchange proves (a pure spec comparison): why, in words. */
  noExchange?: string;
  /** Time-dependent checks: the measured bracket and the sessions behind it. */
  timeline?: Timeline;
}

/** The artifacts of the probes `R`, every one present: the runner never evaluates a check without them. */
export type RequiredArtifacts<R extends ProbeId> = { [K in R]-?: NonNullable<Artifacts[K]> };

/**
 * What a check may read: the whole evidence log plus the artifacts, those of the probes it requires
 * present. Any other artifact stays optional: a check may use it when its probe happened to run
 * (cookie.httponly adds the browser's word), never depend on it.
 */
export interface CheckInput<R extends ProbeId = ProbeId> {
  evidence: readonly Exchange[];
  artifacts: Artifacts & RequiredArtifacts<R>;
}

export interface Check<R extends readonly ProbeId[] = readonly ProbeId[]> {
  meta: CheckMeta & { requires: R };
  // Method syntax on purpose: a check that reads fewer artifacts still fits `Check` (parameter bivariance).
  evaluate(input: CheckInput<R[number]>, spec: Spec): Outcome;
}

/** `requires: ['session', 'logout']` types `evaluate`'s artifacts as exactly those two, non-optional. */
export function defineCheck<const R extends readonly ProbeId[]>(check: Check<R>): Check<R> {
  return check;
}

/**
 * An exchange cited by number or through what recorded it (an oracle observation); absent ones, and the
 * 0 of an answer no exchange gave, are left out.
 */
export type Cited = number | { exchange: number } | null | undefined | readonly Cited[];

/**
 * What proved a pass: the exchanges (and the positive controls that make them mean something), or, for a
 * pass no exchange stands behind, why. Every pass states one or the other.
 */
export type Proof = ({ exchanges: Cited } | { noExchange: string }) & { controls?: Cited };

/** The exchange numbers `items` cite, in order, without repeats. */
export function cite(...items: Cited[]): number[] {
  const ids: number[] = [];
  const walk = (c: Cited): void => {
    if (typeof c === 'number') {
      if (c > 0) ids.push(c);
    } else if (Array.isArray(c)) {
      (c as readonly Cited[]).forEach(walk);
    } else if (c) {
      walk((c as { exchange: number }).exchange);
    }
  };
  items.forEach(walk);
  return [...new Set(ids)];
}

function proven(proof: Proof): Pick<Outcome, 'evidence' | 'controls' | 'noExchange'> {
  const controls = cite(proof.controls);
  const proved = 'noExchange' in proof ? { noExchange: proof.noExchange } : { evidence: cite(proof.exchanges) };
  return { ...proved, ...(controls.length > 0 && { controls }) };
}

export const outcome = {
  pass: (expected: string, observed: string, proof: Proof, findings: Finding[] = []): Outcome => ({ verdict: 'pass', expected, observed, findings, ...proven(proof) }),
  fail: (expected: string, observed: string, findings: Finding[]): Outcome => ({ verdict: 'fail', expected, observed, findings }),
  inconclusive: (expected: string, observed: string, findings: Finding[] = []): Outcome => ({
    verdict: 'inconclusive',
    expected,
    observed,
    findings,
  }),
  skipped: (reason: string): Outcome => ({ verdict: 'skipped', expected: '—', observed: reason, findings: [] }),
  /**
   * Skipped because the spec states no requirement, with what was observed all the same: report-only
   * checks (binding, a concurrency count without a limit) say what the target does without judging it.
   */
  reported: (reason: string, observed: string, measured: NonNullable<Outcome['measured']>): Outcome => ({
    verdict: 'skipped',
    expected: '—',
    observed: `${reason}; observed: ${observed}`,
    findings: [],
    measured,
  }),
};
