/**
 * `sessionprobe run`: the conformance run against the configured target.
 */
import path from 'node:path';
import type { ReporterName, Severity } from '../config/types.js';
import type { RunResult, GatePolicy } from '../model/result.js';
import { CHECKS, PROBES } from '../../suites/index.js';
import { selectChecks, type CliSelection } from '../judge/select.js';
import { runConformance } from '../run.js';
import { consoleProgress } from '../progress.js';
import { contradictionWarning, specContradictions } from '../config/contradictions.js';
import { TargetUntestableError } from '../target/untestable.js';
import { writeReports } from '../../reports/index.js';
import { gateLine } from '../../reports/describe.js';
import { visibleControls } from '../../reports/escape.js';
import { CliError, EXIT, loud, type ExitCode } from './exit-codes.js';
import { AccountAtRiskError } from '../account/keeper.js';
import { JournalError } from '../account/journal.js';
import { loadConfigOrExit, resolveConfigPath } from './config-file.js';

export interface RunArgs extends CliSelection {
  config?: string;
  baseUrl?: string;
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
  /** Aborted on Ctrl-C: the run stops, logs out and still writes its reports. */
  signal?: AbortSignal;
}

export interface RunOutcome {
  result: RunResult;
  reportFiles: string[];
  exitCode: ExitCode;
}

export async function runCommand(args: RunArgs, io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }): Promise<RunOutcome> {
  const file = await resolveConfigPath(args.config);
  const config = await loadConfigOrExit(file, { baseUrl: args.baseUrl });
  const checks = selectChecks(CHECKS, config.checks, args);
  if (checks.length === 0) throw new CliError('no check matches the selection (checks.include/exclude, --suite, --check, --only-static)', EXIT.usage);
  for (const c of specContradictions(config.spec)) io.stderr.write(`${contradictionWarning(c)}\n`);
  const progress = consoleProgress(io.stderr);
  if (args.unsafeShowSecrets) {
    io.stderr.write('WARNING: --unsafe-show-secrets: session IDs and tokens are written in clear into the reports. Do not share or upload them.\n');
  }
  const mode = args.onlyStatic ? ' (static checks only: one login, no waits)' : '';
  progress.step(`testing ${config.target.baseUrl} against the ${config.spec.preset} spec: ${checks.length} checks${mode}`);
  const gate: GatePolicy = { failOn: args.failOn, strict: args.strict ?? false };
  const dir = path.resolve(args.out ?? config.report.dir);
  const traceDir = args.trace ? path.join(dir, 'traces') : undefined;
  if (traceDir) progress.step(`tracing browser devices into ${traceDir} — traces hold what the browser saw unmasked (typed passwords, session cookies): never share them`);
  const browser = { executablePath: args.browserPath, headed: args.headed, traceDir };
  const options = { revealSecrets: args.unsafeShowSecrets, browser, maxWaitMs: args.maxWaitMs, signal: args.signal };
  const run = await runOrUntestable(() => runConformance(config, { checks, probes: PROBES, gate }, progress, options), config.target.baseUrl);
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

async function runOrUntestable(run: () => Promise<RunResult>, baseUrl: string): Promise<RunResult> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof TargetUntestableError) throw new CliError(`cannot test ${baseUrl}: ${error.message}`, EXIT.untestable);
    if (error instanceof AccountAtRiskError || error instanceof JournalError) throw new CliError(`cannot test ${baseUrl}: ${error.message}`, EXIT.accountAtRisk);
    throw error;
  }
}
