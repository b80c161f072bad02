/**
 * The result model: the only thing reporters read. `report.json` is its serialization.
 */
import type { Severity, Spec, Waiver } from '../config/types.js';
import type { CheckMeta, Outcome, Verdict } from './check.js';
import type { Exchange } from '../evidence.js';
import type { SessionArtifact } from './artifacts.js';

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
  };

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
