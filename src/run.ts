/**
 * One conformance run: plan (which checks, which probes) → gather (drive the target, record
 * evidence) → evaluate (pure checks) → RunResult.
 */
import type { Config } from './config/types.js';
import type { Check } from './model/check.js';
import type { Artifacts, ProbeId } from './model/artifacts.js';
import { EvidenceLog, Redactor } from './evidence.js';
import { evaluateCheck, messageOf, type Unavailable } from './judge/evaluate.js';
import { summarize, type Notice, type RunResult } from './model/result.js';
import type { TargetSession } from './target/session.js';
import type { Progress } from './progress.js';
import type { Probe } from './probe.js';
import { establishSession } from './target/establish.js';
import type { BrowserRunOptions } from './target/session.js';
import { VERSION } from './version.js';
import { TransportError } from './drivers/http.js';
import { FlowError } from './target/flows.js';
import { PasswordKeeper } from './account/keeper.js';
import { OutOfScopeError } from './drivers/scope.js';
import { adjustSeverity } from './judge/severity.js';
import { applyWaivers, utcDate } from './judge/waivers.js';
import { DEFAULT_GATE, evaluateGate } from './judge/gate.js';
import { systemClock, type Clock } from './scheduler.js';
import { parseDuration } from './config/durations.js';
import type { GatePolicy } from './model/result.js';

/** The default wait budget: long enough for short staging timeouts, short enough for a CI job. */
export const DEFAULT_MAX_WAIT_MS = parseDuration('10m');

export interface RunPlan {
  checks: readonly Check[];
  probes: readonly Probe[];
  gate?: GatePolicy;
}

export interface RunOptions {
  /** Write session IDs and tokens in clear beside their masks, for local debugging only. */
  revealSecrets?: boolean;
  /** How to drive Chromium when a flow or check needs it. */
  browser?: BrowserRunOptions;
  /** The longest wait the run may make (--max-wait); default DEFAULT_MAX_WAIT_MS. */
  maxWaitMs?: number;
  /** What probes wait with; the system's monotonic clock unless a test brings a virtual one. */
  clock?: Clock;
  /** Interrupts the run (Ctrl-C): probes stop, sessions are logged out, the result is marked partial. */
  signal?: AbortSignal;
}

export async function runConformance(config: Config, plan: RunPlan, progress: Progress, options: RunOptions = {}): Promise<RunResult> {
  const timing = {
    maxWaitMs: options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS,
    clock: options.clock ?? systemClock,
    signal: options.signal ?? new AbortController().signal,
  };
  const started = Date.now();
  const redactor = new Redactor(options.revealSecrets ?? false);
  for (const account of [config.target.account, ...config.target.accounts]) {
    redactor.addPassword(account.password);
    if (account.newPassword) redactor.addPassword(account.newPassword);
    if (account.totp) redactor.addOneTimeSecret(account.totp.secret, 'TOTP secret');
  }
  const evidence = new EvidenceLog(redactor);
  if (config.target.tls?.insecure) {
    progress.step('WARNING: target.tls.insecure is set — the target\'s TLS certificate is NOT verified; use target.tls.ca for a staging CA instead');
  }
  const keeper = await PasswordKeeper.forRun(config);
  const { session, artifact } = await establishSession(config.target, evidence, progress, keeper, options.browser);
  const artifacts: Artifacts = { session: artifact };
  const probeErrors = new Map<ProbeId, Unavailable>();
  try {
    const needed = new Set(plan.checks.flatMap((c) => c.meta.requires));
    const probes = plan.probes.filter((p) => needed.has(p.id));
    const ctx = { session, established: artifact, spec: config.spec, progress, ...timing };
    for (const probe of probes) for (const line of (await probe.plan?.(ctx)) ?? []) progress.step(`plan: ${line}`);
    for (const probe of probes) {
      if (timing.signal.aborted) {
        probeErrors.set(probe.id, { verdict: 'inconclusive', message: `the run was interrupted before the ${probe.title} probe ran` });
        continue;
      }
      try {
        Object.assign(artifacts, { [probe.id]: await probe.run(ctx) });
      } catch (error) {
        // A target that stopped answering or a flow that broke leaves the probe unable to observe:
        // that is inconclusive. Anything else is a bug in the probe: error.
        const unobservable = error instanceof TransportError || error instanceof FlowError || error instanceof OutOfScopeError;
        probeErrors.set(probe.id, {
          verdict: unobservable ? 'inconclusive' : 'error',
          message: `the ${probe.title} probe could not finish: ${redactor.redact(messageOf(error))}`,
        });
      }
    }
  } finally {
    progress.step('logging out every session the run opened');
    await session.close();
  }
  const whyMissing = (id: ProbeId): Unavailable =>
    probeErrors.get(id) ?? {
      verdict: 'inconclusive',
      message: plan.probes.some((p) => p.id === id) ? `its probe (${id}) did not run` : 'no probe of this run produces it',
    };
  const judged = plan.checks.map((check) => adjustSeverity(evaluateCheck(check, evidence.exchanges, artifacts, config.spec, whyMissing), config.spec.severityAdjustments));
  const { checks, waivers } = applyWaivers(judged, config.waivers, evidence.exchanges, utcDate(started));
  const finished = Date.now();
  return {
    tool: { name: 'sessionprobe', version: VERSION },
    configFile: config.file,
    secretsRevealed: redactor.revealTokens,
    target: { baseUrl: config.target.baseUrl },
    spec: config.spec,
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date(finished).toISOString(),
    durationMs: finished - started,
    session: artifact,
    checks,
    waivers,
    gate: evaluateGate(checks, plan.gate ?? DEFAULT_GATE),
    evidence: evidence.exchanges,
    notices: notices(session, keeper),
    ...(session.traceFiles.length > 0 ? { traces: session.traceFiles } : {}),
    summary: summarize(checks),
    ...(timing.signal.aborted && { partial: { reason: 'the run was interrupted (Ctrl-C); checks whose probes did not finish are inconclusive' } }),
  };
}

function notices(session: TargetSession, keeper: PasswordKeeper): Notice[] {
  const throttled = session.throttle.summary();
  return [...keeper.notices(), ...(throttled ? [{ level: 'warning' as const, message: throttled }] : [])];
}
