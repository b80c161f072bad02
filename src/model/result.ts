/**
 * The result model: the only thing reporters read. `report.json` is its serialization.
 */
import type { Severity, Spec, Waiver } from '../config/types.js';
import type { CheckMeta, Outcome, Verdict } from './check.js';
import type { Exchange } from '../evidence.js';
import type { ProbeId, SessionArtifact } from './artifacts.js';
import type { MatrixCell } from './revocation-matrix.js';

/** A check's metadata (minus its probe wiring) with its outcome; only the runner sets `error` and `waived`. */
export type CheckResult = Omit<CheckMeta, 'requires'> &
  Omit<Outcome, 'verdict'> & {
    verdict: Verdict;
    /** Present when the spec's preset changed the catalogue severity (`severity` is the adjusted one). */
    severityAdjustment?: { from: Severity; reason: string };
    /** For a waived check: the verdict the waivers turned into `waived`. */
    waivedVerdict?: 'fail' | 'inconclusive';
    /** Waivers that matched this check: applied, expired (so no longer waiving), or covering only some findings. */
    waivers?: WaiverMatch[];
    /** The probes whose evidence the check judged ('session': the login and session discovery). */
    probes?: ProbeId[];
    /** Wall time of those probes, in milliseconds: what this check cost the run. */
    durationMs?: number;
    /** Failures only: stable across runs (src/fingerprint.ts); `findings` is parallel to `findings` above. */
    fingerprints?: { check: string; findings: string[] };
    /** Failures only, under --baseline: new or unchanged since the baseline run. */
    baseline?: CheckBaseline;
  };

/** How long one probe drove the target, and for probes that wait on purpose (timeouts), how long their plan said. */
export interface ProbeTiming {
  probe: ProbeId;
  title: string;
  startedAt: string;
  durationMs: number;
  plannedMs?: number;
  /** Estimates made while the probe ran, when it went off the plan by more than 5 % (src/plan-revision.ts). */
  revisions?: PlanRevision[];
}

/** A new estimate of a probe's whole duration, made `atMs` after it started, and why. */
export interface PlanRevision {
  atMs: number;
  expectedMs: number;
  reason: string;
}

export type BaselineState = 'new' | 'unchanged';

/** A check's place in the comparison; `findings` is parallel to its findings. */
export interface CheckBaseline {
  state: BaselineState;
  findings: BaselineState[];
}

export interface BaselineSummary {
  /** The report.json compared with, as given. */
  file: string;
  /** When that run started. */
  startedAt: string;
  new: string[];
  unchanged: string[];
  /** Checks that failed in the baseline and pass now. */
  fixed: Array<Pick<CheckResult, 'id' | 'title' | 'severity'>>;
}


export interface RunResult {
  tool: { name: 'sessionprobe'; version: string };
  /** The config file the run used. */
  configFile: string;
  /** `--unsafe-show-secrets`: token values are written beside their masks (passwords never are). */
  secretsRevealed: boolean;
  target: { baseUrl: string };
  spec: Spec;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** What the run learned about the target's session before the suites ran (oracle, session cookies). */
  session: SessionArtifact;
  checks: CheckResult[];
  /** Wall time of each probe that ran, in the order they ran. */
  probeTimings?: ProbeTiming[];
  /** Under --baseline: what changed since the baseline run. */
  baseline?: BaselineSummary;
  /** Revocation events × artifacts × scope as observed (CHECKS.md revocation.matrix); absent in reports of older versions. */
  revocationMatrix?: MatrixCell[];
  /** Every configured waiver and what became of it in this run. */
  waivers: WaiverStatus[];
  /** The CI gate: its policy, and whether the run passed it. */
  gate: GateResult;
  evidence: readonly Exchange[];
  /** Playwright trace files of the browser devices (--trace): absolute from the run, relative to the report folder in reports. */
  traces?: string[];
  /** What the run did to the account or had to cope with, beyond the checks. */
  notices: Notice[];
  summary: Record<Verdict, number>;
  /** Present when the run stopped early (interrupted): the results cover what finished. */
  partial?: { reason: string };
}

/** A failure, waived or not: what fingerprints, baselines and headlines are about. */
export function isFailure(check: Pick<CheckResult, 'verdict' | 'waivedVerdict'>): boolean {
  return check.verdict === 'fail' || check.waivedVerdict === 'fail';
}

export function summarize(checks: readonly CheckResult[]): Record<Verdict, number> {
  const summary: Record<Verdict, number> = { pass: 0, fail: 0, inconclusive: 0, skipped: 0, error: 0, waived: 0 };
  for (const c of checks) summary[c.verdict]++;
  return summary;
}

/** A run-level message for every report: a throttled login, a password left changed, an alternation. */
export interface Notice {
  level: 'info' | 'warning' | 'critical';
  message: string;
}

export interface GatePolicy {
  /** The lowest severity whose failure fails the gate. */
  failOn: Severity;
  /** Inconclusive results at or above `failOn` fail the gate too. */
  strict: boolean;
  /** With a baseline: a failure the baseline already had does not fail the gate (`--fail-on-new`). */
  failOnNew?: boolean;
}

export interface GateResult extends GatePolicy {
  passed: boolean;
  /** Ids of the checks that failed the gate. */
  failing: string[];
  /** Ids of the checks that would have failed it but are waived. */
  waived: string[];
}

/** A waiver as it relates to one check. */
export interface WaiverMatch extends Waiver {
  /** Its position in the config's `waivers` list. */
  index: number;
  /** applied: it waives the check; expired: it would, but its day has passed; partial: it covers only some findings. */
  status: 'applied' | 'expired' | 'partial';
}

/** A configured waiver and what became of it in a run. */
export interface WaiverStatus extends Waiver {
  index: number;
  /** unused: active, but no failing check matched it (a candidate for removal). */
  status: 'applied' | 'partial' | 'expired' | 'unused';
  /** The checks it waived, or would have (expired), or partly covered. */
  checks: string[];
}
