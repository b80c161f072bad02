/**
 * `sessionprobe demo`: the bundled example targets, started in-process on loopback, each run through
 * every suite. Exits 0 when every verdict is the one the example is built to produce.
 */
import path from 'node:path';
import { EXAMPLES, type Example } from '../../examples/index.js';
import { missingRedis } from '../../examples/redis-server.js';
import { declaredVerdicts, verdictMismatches } from '../../examples/expected.js';
import { BrowserUnavailableError, resolveChromium } from '../drivers/browser-resolve.js';
import { runCommand } from './run.js';
import { CliError, EXIT, type ExitCode } from './exit-codes.js';

export async function demoCommand(
  args: { out: string; examples?: string[]; browserPath?: string; signal?: AbortSignal },
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): Promise<ExitCode> {
  const examples = selectExamples(args.examples);
  const outDir = path.resolve(args.out);
  const mismatches: string[] = [];
  const summaries: string[] = [];
  const noBrowser = examples.some((e) => e.browser) ? await missingBrowser(args.browserPath) : undefined;
  // The Redis examples start a redis-server of their own unless REDIS_URL names one.
  const noRedis = examples.some((e) => e.redis) && !process.env.REDIS_URL ? missingRedis() : undefined;
  for (const example of examples) {
    if (args.signal?.aborted) break;
    io.stderr.write(`\n== ${example.name}: ${example.description}\n`);
    if (example.browser && noBrowser) {
      io.stderr.write(`skipped: this example logs in through a real browser and ${noBrowser}\n`);
      summaries.push(`${example.name.padEnd(12)} SKIPPED — no usable Chromium (the reason is above; install one or name it with --browser-path)`);
      continue;
    }
    if (example.redis && noRedis) {
      io.stderr.write(`skipped: this example shares a Redis between its instances and ${noRedis}\n`);
      summaries.push(`${example.name.padEnd(12)} SKIPPED — no redis-server (the reason is above; install it or set REDIS_URL)`);
      continue;
    }
    const server = await example.start();
    // The example's config names what only exists once it runs (its identity provider's URL) through ${ENV}.
    const restoreEnv = setEnv(server.env ?? {});
    try {
      const { result, reportFiles } = await runCommand(
        {
          config: path.join(example.dir, 'sessionprobe.yaml'),
          baseUrl: server.url,
          instances: server.instances,
          out: path.join(outDir, example.name),
          reporter: ['junit', 'json', 'html', 'markdown', 'sarif'],
          failOn: 'low',
          browserPath: args.browserPath,
          signal: args.signal,
        },
        io,
      );
      for (const line of verdictMismatches(await declaredVerdicts(example.dir), result.checks)) mismatches.push(`${example.name}: ${line}`);
      const s = result.summary;
      const html = reportFiles.find((f) => f.endsWith('.html'));
      summaries.push(`${example.name.padEnd(12)} ${s.pass} passed, ${s.fail} failed, ${s.inconclusive} inconclusive, ${s.skipped} skipped, ${s.error} error  ${html ?? ''}`);
    } finally {
      restoreEnv();
      await server.close();
    }
  }
  io.stdout.write(`\n${summaries.join('\n')}\n`);
  if (args.signal?.aborted) {
    io.stdout.write('\nThe demo was interrupted; the reports above cover what finished.\n');
    return EXIT.interrupted;
  }
  if (mismatches.length > 0) {
    io.stdout.write(`\n${mismatches.length} verdict(s) differ from what the examples are built to show:\n  ${mismatches.join('\n  ')}\n`);
    return EXIT.checksFailed;
  }
  const skippedKinds = [noBrowser && 'the browser examples were skipped: no Chromium', noRedis && 'the Redis examples were skipped: no redis-server'].filter(Boolean);
  const skipped = skippedKinds.length > 0 ? ` (${skippedKinds.join('; ')})` : '';
  io.stdout.write(`\nEvery declared verdict is the expected one and no check errored${skipped}. Open the HTML reports above to see the evidence.\n`);
  return EXIT.ok;
}

/** `--example`: the named examples in the catalogue's order; a name the catalogue lacks is a usage error. */
function selectExamples(names: string[] | undefined): Example[] {
  if (names === undefined || names.length === 0) return EXAMPLES;
  const unknown = names.filter((n) => !EXAMPLES.some((e) => e.name === n));
  if (unknown.length > 0) throw new CliError(`unknown example ${unknown.join(', ')}; choose from ${EXAMPLES.map((e) => e.name).join(', ')}`, EXIT.usage);
  return EXAMPLES.filter((e) => names.includes(e.name));
}

function setEnv(values: Record<string, string>): () => void {
  const previous = Object.fromEntries(Object.keys(values).map((k) => [k, process.env[k]]));
  Object.assign(process.env, values);
  return () => {
    for (const [k, v] of Object.entries(previous)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

/** Why the browser examples cannot run here, or undefined when a Chromium is available. */
async function missingBrowser(explicit: string | undefined): Promise<string | undefined> {
  try {
    await resolveChromium({ explicit });
    return undefined;
  } catch (error) {
    if (error instanceof BrowserUnavailableError) return error.message;
    throw error;
  }
}
