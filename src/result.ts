/**
 * The result model: the only thing reporters read. `report.json` is its serialization.
 */
import type { Severity, Spec } from './config/types.js';
import type { Finding, Verdict } from './check.js';
import type { Exchange } from './evidence.js';
import type { SessionArtifact } from './artifacts.js';

export interface CheckResult {
  id: string;
  suite: string;
  title: string;
  failureTitle: string;
  severity: Severity;
  refs: string[];
  procedure: string;
  verdict: Verdict;
  expected: string;
  observed: string;
  findings: Finding[];
  measured?: Record<string, string | number | boolean | null>;
}

export interface RunResult {
  tool: { name: 'sessionprobe'; version: string };
  /** The config file the run used. */
  configFile: string;
  target: { baseUrl: string };
  spec: Spec;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** What the run learned about the target's session before the suites ran (oracle, session cookies). */
  session: SessionArtifact;
  checks: CheckResult[];
  evidence: readonly Exchange[];
  /** Playwright trace files of the browser devices (--trace): absolute from the run, relative to the report folder in reports. */
  traces?: string[];
  summary: Record<Verdict, number>;
}

export function summarize(checks: readonly CheckResult[]): Record<Verdict, number> {
  const summary: Record<Verdict, number> = { pass: 0, fail: 0, inconclusive: 0, skipped: 0, error: 0 };
  for (const c of checks) summary[c.verdict]++;
  return summary;
}
