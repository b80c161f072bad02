#!/usr/bin/env node
/**
 * The command line. The only place that sets the exit code. Commands are imported when chosen, so
 * `--help` and `list-checks` start without loading HTTP, HTML or browser machinery.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { REPORTERS, SEVERITIES, type ReporterName } from './config/types.js';
import { CliError, EXIT, EXIT_MEANING } from './commands/exit-codes.js';
import { tolerateClosedPipes } from './commands/closed-pipes.js';
import { REPORT_FILES } from '../reports/files.js';
import { VERSION } from './version.js';
import { parseDuration, tooLong } from './config/durations.js';
import { DEFAULT_PRESET, PRESETS } from './config/presets.js';
import { CHOICES } from './init/choices.js';
import { Interrupted } from './account/signals.js';
import { visibleControls } from './visible-text.js';
const io = { stdout: process.stdout, stderr: process.stderr };
tolerateClosedPipes(io.stdout, io.stderr);

const NO_COMMAND = 'name a command';

/** The end of `--help`: what a CI job needs to know without reading the README. */
const EPILOGUE = [
  'Exit codes:',
  ...Object.entries(EXIT_MEANING).map(([code, meaning]) => `  ${code.padEnd(4)}${meaning}`),
  '',
  'Reports go into --out (default: report.dir, else sessionprobe-report/):',
  `  ${Object.values(REPORT_FILES).join(', ')}`,
  '  the list report goes to stdout; progress and the gate line to stderr',
].join('\n');

/**
 * Ctrl-C (or SIGTERM) once: stop waiting, restore a changed password, log out every session the run
 * opened, write the reports for what finished (marked partial), exit 130. Twice: quit at once.
 */
function interruptSignal(): AbortSignal {
  const controller = new AbortController();
  const first = (signal: NodeJS.Signals) => {
    process.off('SIGINT', first).off('SIGTERM', first);
    io.stderr.write(`\nsessionprobe: ${signal}: interrupted — logging out the sessions it opened and writing reports for what finished (${signal} again to quit now)\n`);
    controller.abort(new Interrupted(signal === 'SIGINT' ? 'interrupted by SIGINT (Ctrl-C)' : `interrupted by ${signal}`));
    process.once('SIGINT', () => process.exit(EXIT.interrupted)).once('SIGTERM', () => process.exit(EXIT.interrupted));
  };
  process.on('SIGINT', first).on('SIGTERM', first);
  return controller.signal;
}

function maxWait(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  let ms: number;
  try {
    ms = parseDuration(text);
  } catch (error) {
    throw new CliError(`--max-wait: ${(error as Error).message}`, EXIT.usage);
  }
  const refused = tooLong(text);
  if (refused) throw new CliError(`--max-wait: ${refused}`, EXIT.usage);
  return ms;
}

/** Accepts both `--suite a,b` and `--suite a --suite b`. */
const list = (values: string[] | undefined) => values?.flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter(Boolean);

function reporters(values: string[] | undefined): ReporterName[] | undefined {
  const reporter = list(values);
  const unknown = reporter?.filter((r) => !REPORTERS.includes(r as ReporterName));
  if (unknown?.length) throw new CliError(`unknown reporter ${unknown.join(', ')}; choose from ${REPORTERS.join(', ')}`, EXIT.usage);
  return reporter as ReporterName[] | undefined;
}

async function main(): Promise<void> {
  await yargs(hideBin(process.argv))
    .scriptName('sessionprobe')
    .usage('$0 <command> [options]\n\nBlack-box session-security conformance tester.')
    .command(
      'run',
      'run the suites against the target and write reports',
      (y) =>
        y
          .option('config', { type: 'string', describe: 'config file (default: sessionprobe.yaml|.yml|.json in the working directory)' })
          .option('base-url', { type: 'string', describe: "override target.baseUrl (e.g. a staging deployment's URL)" })
          .option('instance', { type: 'array', string: true, describe: 'override target.instances: each instance of the deployment, reached directly (repeat or comma-separate)' })
          .option('suite', { type: 'array', string: true, describe: 'only these suites (comma-separated or repeated)' })
          .option('check', { type: 'array', string: true, describe: 'only these check ids or globs' })
          .option('out', { type: 'string', describe: 'report folder (default: report.dir, sessionprobe-report)' })
          .option('reporter', { type: 'array', string: true, describe: `reporters: ${REPORTERS.join(', ')}` })
          .option('fail-on', { choices: SEVERITIES, default: 'low' as const, describe: 'lowest severity whose failure fails the run' })
          .option('max-wait', {
            type: 'string',
            describe: 'wait budget: the longest wait a timeout check may make (e.g. 45m); checks that need longer are inconclusive (default 10m)',
          })
          .option('strict', { type: 'boolean', default: false, describe: 'inconclusive results (at or above --fail-on) fail the run too' })
          .option('dry-run', {
            type: 'boolean',
            default: false,
            describe: 'log in once, calibrate the oracle, identify the session cookie, print the plan and its expected duration, and stop (exit 3 when the target cannot be tested)',
          })
          .option('baseline', { type: 'string', describe: 'report.json of an earlier run: mark each failure new or unchanged, and list what was fixed' })
          .option('fail-on-new', { type: 'boolean', default: false, describe: 'with --baseline: only failures the baseline did not have fail the run' })
          .option('only-static', {
            type: 'boolean',
            default: false,
            describe: 'only the checks judged from the first login (cookie attributes, token exposure and length, cache headers): no further logins, no waits',
          })
          .option('unsafe-show-secrets', {
            type: 'boolean',
            default: false,
            describe: 'write session IDs and tokens in clear into the reports (local debugging only; passwords stay masked)',
          })
          .option('browser-path', { type: 'string', describe: 'Chromium to drive for browser flows (default: $SESSIONPROBE_BROWSER, Playwright\'s own, then a system Chromium)' })
          .option('headed', { type: 'boolean', default: false, describe: 'show the browser window (debugging browser flows)' })
          .option('trace', { type: 'boolean', default: false, describe: 'write a Playwright trace per browser device into the report folder, linked from report.html' }),
      async (argv) => {
        const { runCommand, dryRunCommand } = await import('./commands/run.js');
        const reporter = reporters(argv.reporter);
        const args = {
          config: argv.config,
          baseUrl: argv.baseUrl,
          instances: list(argv.instance),
          suites: list(argv.suite),
          checks: list(argv.check),
          out: argv.out,
          reporter,
          failOn: argv.failOn,
          strict: argv.strict,
          baseline: argv.baseline,
          failOnNew: argv.failOnNew,
          onlyStatic: argv.onlyStatic,
          dryRun: argv.dryRun,
          maxWaitMs: maxWait(argv.maxWait),
          signal: interruptSignal(),
          unsafeShowSecrets: argv.unsafeShowSecrets,
          browserPath: argv.browserPath,
          headed: argv.headed,
          trace: argv.trace,
        };
        if (argv.dryRun) {
          process.exitCode = await dryRunCommand(args, io);
          return;
        }
        const { exitCode, reportFiles } = await runCommand(args, io);
        for (const f of reportFiles) io.stderr.write(`report: ${visibleControls(f)}\n`);
        process.exitCode = exitCode;
      },
    )
    .command(
      'merge <reports..>',
      'merge the report.json of several runs (shards of one target, or many targets) into one set of reports',
      (y) =>
        y
          .positional('reports', { type: 'string', array: true, demandOption: true, describe: 'report.json files of earlier runs' })
          .option('out', { type: 'string', demandOption: true, describe: 'report folder for the merged reports' })
          .option('reporter', { type: 'array', string: true, describe: `reporters (default all): ${REPORTERS.join(', ')}` }),
      async (argv) => {
        const { mergeCommand } = await import('./commands/merge.js');
        const { exitCode, reportFiles } = await mergeCommand({ reports: argv.reports, out: argv.out, reporter: reporters(argv.reporter) }, io);
        for (const f of reportFiles) io.stderr.write(`report: ${visibleControls(f)}\n`);
        process.exitCode = exitCode;
      },
    )
    .command(
      'demo',
      'start the bundled example targets on loopback and run every suite against each',
      (y) =>
        y
          .option('out', { type: 'string', default: 'demo-out', describe: 'report folder (one subfolder per example)' })
          .option('example', { type: 'array', string: true, describe: 'only these examples (repeat or comma-separate; default: every bundled example)' })
          .option('browser-path', { type: 'string', describe: 'Chromium for the browser examples (default: $SESSIONPROBE_BROWSER, Playwright\'s own, then a system Chromium)' }),
      async (argv) => {
        const { demoCommand } = await import('./commands/demo.js');
        process.exitCode = await demoCommand({ out: argv.out, examples: list(argv.example), browserPath: argv.browserPath, signal: interruptSignal() }, io);
      },
    )
    .command(
      'recover',
      "after a crash or Ctrl-C during a password change: change the account's password back to account.password",
      (y) =>
        y
          .option('config', { type: 'string', describe: 'the config file the interrupted run used (the journal is in .sessionprobe/ beside it)' })
          .option('base-url', { type: 'string', describe: 'the target to recover (default: the one the journal names)' }),
      async (argv) => {
        const { recoverCommand } = await import('./commands/recover.js');
        process.exitCode = await recoverCommand({ config: argv.config, baseUrl: argv.baseUrl }, io);
      },
    )
    .command(
      'init',
      'the spec builder: write sessionprobe.yaml from a preset and your choices, print the Set-Cookie line it implies',
      (y) => {
        const withChoices = y
          .option('preset', { type: 'string', describe: `the standard to start from: ${Object.keys(PRESETS).join(', ')} (default ${DEFAULT_PRESET})` })
          .option('format', { choices: ['yaml', 'md'] as const, default: 'yaml' as const, describe: 'yaml: the config; md: the spec as a design-review document' })
          .option('out', { type: 'string', describe: 'file to write (default sessionprobe.yaml, or sessionprobe-spec.md with --format md)' })
          .option('yes', { type: 'boolean', default: false, describe: 'ask nothing: the preset and the flags decide (also when stdin is not a terminal)' })
          .option('force', { type: 'boolean', default: false, describe: 'overwrite an existing file' })
          .option('cookie-name', { type: 'string', describe: 'the session cookie name without prefix, for the Set-Cookie line (default sid)' })
          .option('base-url', { type: 'string', describe: 'the target URL to write into the target half' });
        for (const c of CHOICES) withChoices.option(c.flag, { type: c.boolean ? 'boolean' : 'string', describe: `${c.question}: ${c.accepts}` });
        return withChoices;
      },
      async (argv) => {
        const { initCommand } = await import('./commands/init.js');
        const choices = Object.fromEntries(CHOICES.map((c) => [c.flag, argv[c.flag] as string | boolean | undefined]));
        await initCommand(
          { preset: argv.preset, format: argv.format, out: argv.out, yes: argv.yes, force: argv.force, cookieName: argv.cookieName, baseUrl: argv.baseUrl, choices },
          { stdin: process.stdin, ...io },
        );
      },
    )
    .command(
      'discover <url>',
      'find the login, oracle, session cookie, logout and password change of a site from its URL and one account; --write a config',
      (y) =>
        y
          .positional('url', { type: 'string', demandOption: true, describe: "the site's address or its login page" })
          .option('username', { type: 'string', demandOption: true, describe: 'the account to log in with' })
          .option('password-env', { type: 'string', demandOption: true, describe: "environment variable holding the account's password" })
          .option('new-password-env', { type: 'string', describe: 'environment variable holding a second password, for the password-change flow (never used while discovering)' })
          .option('write', { type: 'string', describe: 'write the config here (validated first)' })
          .option('force', { type: 'boolean', default: false, describe: 'overwrite the --write file' })
          .option('browser', { type: 'boolean', default: false, describe: 'log in through a real browser (pages built by JavaScript, single-page apps)' })
          .option('browser-path', { type: 'string', describe: 'Chromium to drive with --browser' })
          .option('headed', { type: 'boolean', default: false, describe: 'show the browser window' })
          .option('ca', { type: 'string', describe: 'PEM file of a CA to trust for an https staging site (written into the config as target.tls.ca)' }),
      async (argv) => {
        const { discoverCommand } = await import('./commands/discover.js');
        process.exitCode = await discoverCommand(
          {
            url: argv.url,
            username: argv.username,
            passwordEnv: argv.passwordEnv,
            newPasswordEnv: argv.newPasswordEnv,
            write: argv.write,
            force: argv.force,
            browser: argv.browser,
            browserPath: argv.browserPath,
            headed: argv.headed,
            ca: argv.ca,
          },
          io,
        );
      },
    )
    .command(
      'validate',
      'validate a config and print every problem with its location; --live: also prove it against the target (run --dry-run)',
      (y) =>
        y
          .option('config', { type: 'string', describe: 'config file' })
          .option('live', {
            type: 'boolean',
            describe: 'the same as run --dry-run: log in once, calibrate the oracle, identify the session cookie, print the plan and stop (exit 3 when the target cannot be tested)',
          })
          .option('base-url', { type: 'string', describe: 'with --live: override target.baseUrl' })
          .option('browser-path', { type: 'string', describe: 'with --live: Chromium to drive for browser flows' }),
      async (argv) => {
        const liveOnly = [argv.baseUrl && '--base-url', argv.browserPath && '--browser-path'].filter(Boolean);
        if (!argv.live && liveOnly.length) throw new CliError(`validate: ${liveOnly.join(', ')}: only with --live (validate alone never contacts the target)`, EXIT.usage);
        if (argv.live) {
          // An alias, not a second implementation: exactly what `run --dry-run` does with these options.
          const { dryRunCommand } = await import('./commands/run.js');
          const args = { config: argv.config, baseUrl: argv.baseUrl, browserPath: argv.browserPath, failOn: 'low' as const, dryRun: true, signal: interruptSignal() };
          process.exitCode = await dryRunCommand(args, io);
          return;
        }
        const { validateCommand } = await import('./commands/validate.js');
        await validateCommand({ config: argv.config }, io.stdout);
      },
    )
    .command(
      'list-checks',
      'print the check catalogue',
      (y) => y.option('json', { type: 'boolean', default: false, describe: 'machine-readable output' }),
      async (argv) => {
        const { listChecksCommand } = await import('./commands/list-checks.js');
        listChecksCommand({ json: argv.json }, io.stdout);
      },
    )
    .demandCommand(1, NO_COMMAND)
    .strict()
    .fail((message, error, y) => {
      // No command at all: the help is what a newcomer needs, not a one-line complaint.
      if (message === NO_COMMAND) y.showHelp((help) => io.stderr.write(`${help}\n\n`));
      // yargs passes no error for its own usage failures, although its types promise one.
      throw (error as Error | undefined) ?? new CliError(message, EXIT.usage);
    })
    .epilogue(EPILOGUE)
    .help()
    // The tool's own version: yargs would otherwise read the package.json nearest the working directory.
    .version(VERSION)
    .parseAsync();
}

main().catch((error: unknown) => {
  if (error instanceof CliError) {
    process.stderr.write(`sessionprobe: ${visibleControls(error.message)}\n`);
    process.exitCode = error.code;
    return;
  }
  // An unexpected fault is a bug in sessionprobe: say so plainly, keep the detail for the bug report.
  process.stderr.write(`sessionprobe: internal error: ${visibleControls(error instanceof Error ? error.message : String(error))}\n`);
  if (process.env.SESSIONPROBE_DEBUG) process.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
  process.exitCode = 70;
});
