/**
 * `sessionprobe run`: the conformance run against the configured target.
 */
import path from 'node:path';
import type { ReporterName, Severity } from '../config/types.js';
import type { RunResult, GatePolicy } from '../model/result.js';
import { CHECKS, PROBES } from '../../suites/index.js';
import { selectChecks, type CliSelection } from '../judge/select.js';
import { planRun, runConformance } from '../run.js';
import { describeDryRun } from './dry-run.js';
import { consoleProgress } from '../progress.js';
import { contradictionWarning, specContradictions } from '../config/contradictions.js';
import { TargetUntestableError } from '../target/untestable.js';
import { writeReports } from '../../reports/index.js';
import { gateLine } from '../../reports/describe.js';
import { visibleControls } from '../visible-text.js';
import { CliError, EXIT, loud, type ExitCode } from './exit-codes.js';
import { AccountAtRiskError } from '../account/keeper.js';
import { JournalError, journalPath } from '../account/journal.js';
import { AccountBusyError, lockAccounts } from '../account/run-lock.js';
import { loadConfigOrExit, resolveConfigPath } from './config-file.js';
import { reportDirProblem } from '../config/files.js';
import type { Config } from '../config/types.js';
import { applyBaseline } from '../judge/baseline.js';
import { readReportOrExit } from './report-input.js';

export interface RunArgs extends CliSelection {
  config?: string;
  baseUrl?: string;
  /** --instance: replaces target.instances. */
  instances?: string[];
  out?: string;
  reporter?: ReporterName[];
  failOn: Severity;
  /** Inconclusive results fail the gate too. */
  strict?: boolean;
  unsafeShowSecrets?: boolean;
  /** --browser-path: the Chromium to drive for browser flows. */
  browserPath?: string;
  /** --headed: show the browser window. */
  headed?: boolean;
  /** --trace: write a Playwright trace per browser device into the report folder. */
  trace?: boolean;
  /** The longest wait the run may make, in milliseconds (--max-wait). */
  maxWaitMs?: number;
  /** --dry-run: log in once, calibrate, identify the session cookie, print the plan and stop. */
  dryRun?: boolean;
  /** Aborted on Ctrl-C: the run stops, logs out and still writes its reports. */
  signal?: AbortSignal;
  /** --baseline: the report.json of an earlier run to compare with. */
  baseline?: string;
  /** --fail-on-new: with a baseline, only new failures fail the gate. */
  failOnNew?: boolean;
}

export interface RunOutcome {
  result: RunResult;
  reportFiles: string[];
  exitCode: ExitCode;
}

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream };

/** What a run and a dry run both start from: the loaded config, the selected checks and how to drive the target. */
async function setUp(args: RunArgs, io: Io) {
  const file = await resolveConfigPath(args.config);
  const config = await loadConfigOrExit(file, { baseUrl: args.baseUrl, instances: args.instances });
  const checks = selectChecks(CHECKS, config.checks, args);
  if (checks.length === 0) throw new CliError('no check matches the selection (checks.include/exclude, --suite, --check, --only-static)', EXIT.usage);
  const dir = path.resolve(args.out ?? config.report.dir);
  if (!args.dryRun) {
    const unwritable = await reportDirProblem(dir);
    if (unwritable) throw new CliError(`cannot write reports to ${dir} (${args.out === undefined ? 'report.dir' : '--out'}): ${unwritable}`, EXIT.usage);
  }
  for (const c of specContradictions(config.spec)) io.stderr.write(`${contradictionWarning(c)}\n`);
  const progress = consoleProgress(io.stderr);
  if (args.unsafeShowSecrets) {
    io.stderr.write('WARNING: --unsafe-show-secrets: session IDs and tokens are written in clear into the reports. Do not share or upload them.\n');
  }
  const mode = args.dryRun ? ' (dry run: one login, then the plan)' : args.onlyStatic ? ' (static checks only: one login, no waits)' : '';
  progress.step(`testing ${config.target.baseUrl} against the ${config.spec.preset} spec: ${checks.length} checks${mode}`);
  const gate: GatePolicy = { failOn: args.failOn, strict: args.strict ?? false, ...(args.failOnNew && { failOnNew: true }) };
  const traceDir = args.trace ? path.join(dir, 'traces') : undefined;
  if (traceDir) progress.step(`tracing browser devices into ${traceDir} — traces hold what the browser saw unmasked (typed passwords, session cookies): never share them`);
  const browser = { executablePath: args.browserPath, headed: args.headed, traceDir };
  const options = { revealSecrets: args.unsafeShowSecrets, browser, maxWaitMs: args.maxWaitMs, signal: args.signal };
  return { config, plan: { checks, probes: PROBES, gate }, progress, options, dir };
}

/** `run --dry-run`: exit 0 when the target can be tested with this config, 3 when it cannot (as a run would). */
export async function dryRunCommand(args: RunArgs, io: Io): Promise<ExitCode> {
  const { config, plan, progress, options } = await setUp(args, io);
  const planned = await withAccountLock(config, () => runOrUntestable(() => planRun(config, plan, progress, options), config.target.baseUrl));
  io.stdout.write(describeDryRun(planned, { baseUrl: config.target.baseUrl, loginKind: config.target.login.kind }));
  return EXIT.ok;
}

export async function runCommand(args: RunArgs, io: Io): Promise<RunOutcome> {
  if (args.failOnNew && !args.baseline) throw new CliError('--fail-on-new needs --baseline PREVIOUS/report.json: new compared with what?', EXIT.usage);
  const previous = args.baseline === undefined ? undefined : await readReportOrExit(args.baseline);
  const { config, plan, progress, options, dir } = await setUp(args, io);
  const judged = await withAccountLock(config, () => runOrUntestable(() => runConformance(config, plan, progress, options), config.target.baseUrl));
  const run = previous && args.baseline !== undefined ? applyBaseline(judged, previous, args.baseline) : judged;
  // Reports link traces relative to themselves, so the folder can be moved or archived whole.
  const result = run.traces ? { ...run, traces: run.traces.map((t) => path.relative(dir, t)) } : run;
  const reportFiles = await writeReports(result, dir, args.reporter ?? config.report.formats, io.stdout);
  if (result.partial) return { result, reportFiles, exitCode: EXIT.interrupted };
  io.stderr.write(`gate: ${visibleControls(gateLine(result))}\n`);
  // A password left changed outranks every verdict: the account is at risk until someone acts.
  const stranded = result.notices.filter((n) => n.level === 'critical');
  if (stranded.length > 0) {
    io.stderr.write(loud(stranded.map((n) => n.message)));
    return { result, reportFiles, exitCode: EXIT.accountAtRisk };
  }
  return { result, reportFiles, exitCode: result.gate.passed ? EXIT.ok : EXIT.checksFailed };
}

/** One account, one run: a second run on the same account on this machine is refused while this one holds it. */
async function withAccountLock<T>(config: Config, work: () => Promise<T>): Promise<T> {
  const lock = await lockAccounts(path.dirname(journalPath(config.file)), config.target.baseUrl, [config.target.account, ...config.target.accounts]).catch((error: unknown) => {
    throw error instanceof AccountBusyError ? new CliError(error.message, EXIT.usage) : error;
  });
  return work().finally(() => lock.release());
}

async function runOrUntestable<T>(run: () => Promise<T>, baseUrl: string): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof TargetUntestableError) throw new CliError(`cannot test ${baseUrl}: ${error.message}`, EXIT.untestable);
    if (error instanceof AccountAtRiskError || error instanceof JournalError) throw new CliError(`cannot test ${baseUrl}: ${error.message}`, EXIT.accountAtRisk);
    throw error;
  }
}
