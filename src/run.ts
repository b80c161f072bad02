/**
 * One conformance run: plan (which checks, which probes) → gather (drive the target, record
 * evidence) → evaluate (pure checks) → RunResult.
 */
import { displayPath } from './display-path.js';
import type { Config } from './config/types.js';
import type { Check } from './model/check.js';
import type { Artifacts, ProbeId, SessionArtifact } from './model/artifacts.js';
import { revocationMatrix } from './revocation/matrix.js';
import { EvidenceLog, Redactor } from './evidence.js';
import { evaluateCheck, messageOf, type Unavailable } from './judge/evaluate.js';
import { summarize, type Notice, type CheckResult, type ProbeTiming, type RunResult } from './model/result.js';
import type { TargetSession } from './target/session.js';
import { redactedProgress, type Progress } from './progress.js';
import { TargetUntestableError } from './target/untestable.js';
import type { Probe, ProbeContext, ProbePlan } from './probe.js';
import { baselineLine, sessionBudget } from './session-budget.js';
import { schedulePhases, type Phases } from './phases.js';
import { establishSession } from './target/establish.js';
import type { BrowserRunOptions } from './target/session.js';
import { VERSION } from './version.js';
import { TransportError } from './drivers/http.js';
import { FlowError } from './target/flows.js';
import { PasswordKeeper } from './account/keeper.js';
import { interruption } from './account/signals.js';
import { OutOfScopeError } from './drivers/scope.js';
import { adjustSeverity } from './judge/severity.js';
import { applyWaivers, utcDate } from './judge/waivers.js';
import { DEFAULT_GATE, evaluateGate } from './judge/gate.js';
import { systemClock, type Clock } from './scheduler.js';
import { PlanEstimate, revisionLine } from './plan-revision.js';
import { parseDuration } from './config/durations.js';
import type { GatePolicy } from './model/result.js';
import { withFingerprints } from './judge/fingerprint.js';
import { foreignSessionNotice, foreignSessionSigns } from './judge/foreign-sessions.js';

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

export async function runConformance(config: Config, plan: RunPlan, shown: Progress, options: RunOptions = {}): Promise<RunResult> {
  const started = Date.now();
  const { timing, redactor, evidence, keeper, session, artifact, establishing, progress } = await prepare(config, shown, options);
  const artifacts: Artifacts = { session: artifact };
  const probeErrors = new Map<ProbeId, Unavailable>();
  const probeTimings: ProbeTiming[] = [establishing];
  try {
    const { base, phases, plans } = await planProbes(config, plan, session, artifact, progress, timing);
    for (const line of [...plans.values()].flatMap((p) => p.lines)) progress.step(`plan: ${line}`);
    for (const line of phases.describe()) progress.step(`plan: ${line}`);
    const runProbe = async (probe: Probe, waitsBegun?: () => void) => {
      if (timing.signal.aborted) {
        probeErrors.set(probe.id, { verdict: 'inconclusive', message: `the run was interrupted before the ${probe.title} probe ran` });
        return;
      }
      const startedAt = Date.now();
      const startedTick = timing.clock.now();
      const plannedMs = plans.get(probe)?.expectedMs;
      const estimate = plannedMs === undefined ? null : new PlanEstimate(startedTick, plannedMs);
      const revisePlan = (endsAt: number, reason: string) => {
        const revision = estimate?.revise(timing.clock.now(), endsAt, reason);
        if (revision) progress.step(`plan: ${revisionLine(probe.title, estimate!.plannedMs, revision)}`);
      };
      try {
        Object.assign(artifacts, { [probe.id]: await probe.run({ ...base, budget: phases.budgetOf(probe), ...(waitsBegun && { waitsBegun }), ...(estimate && { revisePlan }) }) });
      } catch (error) {
        // A target that stopped answering or a flow that broke leaves the probe unable to observe:
        // that is inconclusive. Anything else is a bug in the probe: error.
        const unobservable = error instanceof TransportError || error instanceof FlowError || error instanceof OutOfScopeError;
        probeErrors.set(probe.id, {
          verdict: unobservable ? 'inconclusive' : 'error',
          message: `the ${probe.title} probe could not finish: ${redactor.redact(messageOf(error))}`,
        });
      } finally {
        probeTimings.push({
          probe: probe.id,
          title: probe.title,
          startedAt: new Date(startedAt).toISOString(),
          durationMs: Math.round(timing.clock.now() - startedTick),
          ...(estimate && { plannedMs: estimate.plannedMs }),
          ...(estimate?.revisions.length && { revisions: estimate.revisions }),
        });
        // A probe's sessions end with it, so the next one finds the slots it was promised.
        if (!phases.holding.includes(probe)) await session.logoutAll(`after the ${probe.title} probe: logout`);
      }
    };
    const inTurn = async (list: readonly Probe[]) => {
      for (const probe of list) await runProbe(probe);
    };
    // The timed sessions log in first: the probes alongside start once they wait (or are over).
    let begin = () => {};
    const begun = new Promise<void>((resolve) => (begin = resolve));
    const holding = Promise.all(phases.holding.map((p) => runProbe(p, begin)));
    await Promise.race([begun, holding]);
    await Promise.all([holding, inTurn(phases.alongside)]);
    await inTurn(phases.after);
  } finally {
    progress.step('logging out every session the run opened');
    await session.close();
  }
  const whyMissing = (id: ProbeId): Unavailable =>
    probeErrors.get(id) ?? {
      verdict: 'inconclusive',
      message: plan.probes.some((p) => p.id === id) ? `its probe (${id}) did not run` : 'no probe of this run produces it',
    };
  const judged = plan.checks.map((check) =>
    adjustSeverity({ ...evaluateCheck(check, evidence.exchanges, artifacts, config.spec, whyMissing), ...checkTiming(check, probeTimings) }, config.spec.severityAdjustments),
  );
  const waived = applyWaivers(judged, config.waivers, evidence.exchanges, utcDate(started));
  const { waivers } = waived;
  const checks = waived.checks.map(withFingerprints);
  const foreign = foreignSessionNotice(foreignSessionSigns(artifacts, config.spec, evidence.exchanges), evidence.exchanges, (probe) =>
    checks.filter((c) => c.verdict === 'inconclusive' && c.probes?.includes(probe)).map((c) => c.id),
  );
  if (foreign) progress.step(`WARNING: ${foreign.message}`);
  const finished = Date.now();
  return {
    tool: { name: 'sessionprobe', version: VERSION },
    configFile: displayPath(config.file),
    secretsRevealed: redactor.revealTokens,
    target: { baseUrl: config.target.baseUrl },
    spec: config.spec,
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date(finished).toISOString(),
    durationMs: finished - started,
    session: artifact,
    checks,
    probeTimings,
    revocationMatrix: revocationMatrix(artifacts),
    waivers,
    gate: evaluateGate(checks, plan.gate ?? DEFAULT_GATE),
    evidence: evidence.exchanges,
    notices: [...notices(session, keeper, artifact), ...(foreign ? [foreign] : [])],
    ...(session.traceFiles.length > 0 ? { traces: session.traceFiles } : {}),
    summary: summarize(checks),
    ...(timing.signal.aborted && { partial: { reason: `the run was ${interruption(timing.signal)}; checks whose probes did not finish are inconclusive` } }),
  };
}

/** What `run --dry-run` found: the target can be tested, and what a full run would do there. */
export interface DryRunPlan {
  session: SessionArtifact;
  /** How long reaching the target, logging in and calibrating took. */
  establishMs: number;
  probes: Array<{ id: string; title: string; lines: string[]; expectedMs?: number }>;
  checks: number;
}

/**
 * Everything a run does before its probes — log in once, calibrate the oracle, identify the session
 * cookie — then each probe's plan, and no probe: the quick answer to "will this config work?".
 */
export async function planRun(config: Config, plan: RunPlan, shown: Progress, options: RunOptions = {}): Promise<DryRunPlan> {
  const { timing, session, artifact, establishing, progress } = await prepare(config, shown, options);
  const establishMs = establishing.durationMs;
  try {
    const { plans } = await planProbes(config, plan, session, artifact, progress, timing);
    const probes = [...plans].map(([probe, planned]) => ({ id: probe.id, title: probe.title, lines: planned.lines, ...(planned.expectedMs === undefined ? {} : { expectedMs: planned.expectedMs }) }));
    return { session: artifact, establishMs, probes, checks: plan.checks.length };
  } finally {
    progress.step('logging out');
    await session.close();
  }
}

/**
 * The start every run shares: secrets registered, the password keeper, one login, the oracle, the session
 * cookies. From here on the console shows only what the reports may (`progress`, and a failed login's reason).
 */
async function prepare(config: Config, shown: Progress, options: RunOptions) {
  const timing = {
    maxWaitMs: options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS,
    clock: options.clock ?? systemClock,
    signal: options.signal ?? new AbortController().signal,
  };
  const redactor = new Redactor(options.revealSecrets ?? false);
  for (const account of [config.target.account, ...config.target.accounts]) {
    redactor.addPassword(account.password);
    if (account.newPassword) redactor.addPassword(account.newPassword);
    if (account.totp) redactor.addOneTimeSecret(account.totp.secret, 'TOTP secret');
  }
  const evidence = new EvidenceLog(redactor);
  const progress = redactedProgress(shown, (text) => redactor.redact(text));
  if (config.target.tls?.insecure) {
    progress.step('WARNING: target.tls.insecure is set — the target\'s TLS certificate is NOT verified; use target.tls.ca for a staging CA instead');
  }
  const keeper = await PasswordKeeper.forRun(config);
  const startedAt = Date.now();
  const startedTick = timing.clock.now();
  const { session, artifact } = await establishSession(config.target, evidence, progress, keeper, options.browser, timing.signal).catch((error: unknown) => {
    throw error instanceof TargetUntestableError ? new TargetUntestableError(redactor.redact(error.message)) : error;
  });
  const establishing: ProbeTiming = {
    probe: 'session',
    title: 'login and session discovery',
    startedAt: new Date(startedAt).toISOString(),
    durationMs: Math.round(timing.clock.now() - startedTick),
  };
  return { timing, redactor, evidence, keeper, session, artifact, establishing, progress };
}

/**
 * Where each probe the selected checks need will run, with the session slots it gets there, and what it
 * plans to do in them: a run and a dry run print the same plan.
 */
async function planProbes(
  config: Config,
  plan: RunPlan,
  session: TargetSession,
  established: SessionArtifact,
  progress: Progress,
  timing: Pick<ProbeContext, 'clock' | 'signal' | 'maxWaitMs'>,
): Promise<{ base: Omit<ProbeContext, 'budget'>; phases: Phases; plans: Map<Probe, ProbePlan> }> {
  const probes = neededProbes(plan);
  const base = { session, established, spec: config.spec, progress, ...timing };
  // Every slot the limit allows goes to the probes: the baseline session is no longer needed alive.
  const budget = sessionBudget(config.spec, config.target.loginRate, session.accounts, await session.retire(session.baseline));
  const baselineHeld = baselineLine(budget);
  if (baselineHeld) progress.step(`plan: ${baselineHeld}`);
  const phases = schedulePhases(probes, budget, base);
  const plans = new Map<Probe, ProbePlan>();
  for (const probe of probes) plans.set(probe, (await probe.plan?.({ ...base, budget: phases.budgetOf(probe) })) ?? { lines: [] });
  return { base, phases, plans };
}

/** The probes the selected checks need, in catalogue order. */
function neededProbes(plan: RunPlan): Probe[] {
  const needed = new Set(plan.checks.flatMap((c) => c.meta.requires));
  return plan.probes.filter((p) => needed.has(p.id));
}

/** The probes a check judged and their wall time; the login is part of every check's cost only when it is all the check reads. */
function checkTiming(check: Check, timings: readonly ProbeTiming[]): Pick<CheckResult, 'probes' | 'durationMs'> {
  const own = check.meta.requires.filter((p) => p !== 'session');
  const probes = own.length > 0 ? own : [...check.meta.requires];
  const durationMs = timings.filter((t) => probes.includes(t.probe)).reduce((sum, t) => sum + t.durationMs, 0);
  return { probes, durationMs };
}

function notices(session: TargetSession, keeper: PasswordKeeper, established: SessionArtifact): Notice[] {
  const throttled = session.throttle.summary();
  const mismatch = established.discovery.mismatch;
  return [
    ...keeper.notices(),
    ...(throttled ? [{ level: 'warning' as const, message: throttled }] : []),
    ...(mismatch ? [{ level: 'warning' as const, message: mismatch }] : []),
  ];
}
