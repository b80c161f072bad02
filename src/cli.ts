#!/usr/bin/env node
/**
 * The command line. The only place that sets the exit code. Commands are imported when chosen, so
 * `--help` and `list-checks` start without loading HTTP, HTML or browser machinery.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { REPORTERS, SEVERITIES, type ReporterName } from './config/types.js';
import { CliError, EXIT } from './commands/exit-codes.js';
import { parseDuration } from './config/durations.js';
import { DEFAULT_PRESET, PRESETS } from './config/presets.js';
import { CHOICES } from './init/choices.js';
const io = { stdout: process.stdout, stderr: process.stderr };

/**
 * Ctrl-C (or SIGTERM) once: stop waiting, restore a changed password, log out every session the run
 * opened, write the reports for what finished (marked partial), exit 130. Twice: quit at once.
 */
function interruptSignal(): AbortSignal {
  const controller = new AbortController();
  const first = (signal: NodeJS.Signals) => {
    process.off('SIGINT', first).off('SIGTERM', first);
    io.stderr.write(`\nsessionprobe: ${signal}: interrupted — logging out the sessions it opened and writing reports for what finished (${signal} again to quit now)\n`);
    controller.abort(new Error('interrupted'));
    process.once('SIGINT', () => process.exit(EXIT.interrupted)).once('SIGTERM', () => process.exit(EXIT.interrupted));
  };
  process.on('SIGINT', first).on('SIGTERM', first);
  return controller.signal;
}

function maxWait(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  try {
    return parseDuration(text);
  } catch (error) {
    throw new CliError(`--max-wait: ${(error as Error).message}`, EXIT.usage);
  }
}

/** Accepts both `--suite a,b` and `--suite a --suite b`. */
const list = (values: string[] | undefined) => values?.flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter(Boolean);

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
        const { runCommand } = await import('./commands/run.js');
        const reporter = list(argv.reporter);
        const unknown = reporter?.filter((r) => !REPORTERS.includes(r as ReporterName));
        if (unknown?.length) throw new CliError(`unknown reporter ${unknown.join(', ')}; choose from ${REPORTERS.join(', ')}`, EXIT.usage);
        const { exitCode, reportFiles } = await runCommand(
          {
            config: argv.config,
            baseUrl: argv.baseUrl,
            suites: list(argv.suite),
            checks: list(argv.check),
            out: argv.out,
            reporter: reporter as ReporterName[] | undefined,
            failOn: argv.failOn,
            strict: argv.strict,
            onlyStatic: argv.onlyStatic,
            maxWaitMs: maxWait(argv.maxWait),
            signal: interruptSignal(),
            unsafeShowSecrets: argv.unsafeShowSecrets,
            browserPath: argv.browserPath,
            headed: argv.headed,
            trace: argv.trace,
          },
          io,
        );
        for (const f of reportFiles) io.stderr.write(`report: ${f}\n`);
        process.exitCode = exitCode;
      },
    )
    .command(
      'demo',
      'start the bundled example targets on loopback and run every suite against each',
      (y) =>
        y
          .option('out', { type: 'string', default: 'demo-out', describe: 'report folder (one subfolder per example)' })
          .option('browser-path', { type: 'string', describe: 'Chromium for the browser examples (default: $SESSIONPROBE_BROWSER, Playwright\'s own, then a system Chromium)' }),
      async (argv) => {
        const { demoCommand } = await import('./commands/demo.js');
        process.exitCode = await demoCommand({ out: argv.out, browserPath: argv.browserPath, signal: interruptSignal() }, io);
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
      'validate',
      'validate a config and print every problem with its location',
      (y) => y.option('config', { type: 'string', describe: 'config file' }),
      async (argv) => {
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
    .demandCommand(1, 'name a command')
    .strict()
    .fail((message, error) => {
      // yargs passes no error for its own usage failures, although its types promise one.
      throw (error as Error | undefined) ?? new CliError(message, EXIT.usage);
    })
    .help()
    .version()
    .parseAsync();
}

main().catch((error: unknown) => {
  if (error instanceof CliError) {
    process.stderr.write(`sessionprobe: ${error.message}\n`);
    process.exitCode = error.code;
    return;
  }
  // An unexpected fault is a bug in sessionprobe: say so plainly, keep the detail for the bug report.
  process.stderr.write(`sessionprobe: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
  if (process.env.SESSIONPROBE_DEBUG) process.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
  process.exitCode = 70;
});
