/**
 * `sessionprobe discover URL --username U --password-env VAR`: finds the target half of a config by
 * exploring the site with one account, prints every finding with its evidence and confidence, and with
 * --write writes a config that was validated before it was written. Exit 0 when login and oracle were
 * found and proven, 3 when the site could not be worked out, 2 for usage errors.
 */
import { access, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { discover } from '../discover/discover.js';
import { discoveredConfig } from '../discover/config-writer.js';
import type { Finding } from '../discover/findings.js';
import { consoleProgress } from '../progress.js';
import { TargetUntestableError } from '../target/untestable.js';
import { AccountAtRiskError } from '../account/keeper.js';
import { visibleControls } from '../visible-text.js';
import { CliError, EXIT, type ExitCode } from './exit-codes.js';
import { loadConfigOrExit } from './config-file.js';

export interface DiscoverArgs {
  url: string;
  username: string;
  passwordEnv: string;
  newPasswordEnv?: string;
  write?: string;
  force?: boolean;
  browser?: boolean;
  browserPath?: string;
  headed?: boolean;
  ca?: string;
}

export async function discoverCommand(args: DiscoverArgs, io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }): Promise<ExitCode> {
  const url = parseUrl(args.url);
  const password = envValue(args.passwordEnv, '--password-env');
  if (args.newPasswordEnv) envValue(args.newPasswordEnv, '--new-password-env');
  const out = args.write ? path.resolve(args.write) : undefined;
  if (out && !args.force && (await exists(out))) throw new CliError(`${out} exists; pass --force to overwrite it`, EXIT.usage);
  const ca = args.ca ? path.resolve(args.ca) : undefined;
  const started = Date.now();
  let found;
  try {
    found = await discover({
      url,
      account: { username: args.username, password },
      ...(ca ? { tls: { ca, insecure: false } } : {}),
      ...(args.browser ? { browser: { executablePath: args.browserPath, headed: args.headed } } : {}),
      configFile: out ?? path.resolve('sessionprobe.yaml'),
      progress: consoleProgress(io.stderr),
    });
  } catch (error) {
    if (error instanceof TargetUntestableError) throw new CliError(`discover ${url}: ${error.message}`, EXIT.untestable);
    if (error instanceof AccountAtRiskError) throw new CliError(`discover ${url}: ${error.message}`, EXIT.accountAtRisk);
    throw error;
  }
  io.stdout.write(visibleControls(found.findings.map(describeFinding).join('') + found.notFound.map((n) => `not found: ${n.field} — ${n.reason}\n`).join('')));
  io.stdout.write(`discovered in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  if (out) {
    const text = discoveredConfig(found, {
      url,
      username: args.username,
      passwordEnv: args.passwordEnv,
      newPasswordEnv: args.newPasswordEnv,
      ...(ca ? { ca: path.relative(path.dirname(out), ca) } : {}),
    });
    await validated(text, out);
    const shown = path.relative(process.cwd(), out);
    io.stdout.write(`wrote ${out}; next: sessionprobe run --dry-run --config ${shown.startsWith('..') ? out : shown}\n`);
  }
  return EXIT.ok;
}

function describeFinding(f: Finding): string {
  return `${f.topic} (${f.confidence} confidence): ${f.summary}\n${f.evidence.map((e) => `  - ${e}\n`).join('')}`;
}

/** The config is loaded as `run` would load it, beside its destination (relative paths resolve the same), before it replaces anything. */
async function validated(text: string, out: string): Promise<void> {
  const draft = path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.draft.yaml`);
  try {
    await writeFile(draft, text, { mode: 0o600 });
    await loadConfigOrExit(draft);
    await rename(draft, out);
  } finally {
    await rm(draft, { force: true });
  }
}

function parseUrl(text: string): string {
  try {
    const u = new URL(text);
    if (u.protocol === 'http:' || u.protocol === 'https:') return u.toString();
  } catch {
    // reported below
  }
  throw new CliError(`discover: expected an absolute http(s) URL, got ${JSON.stringify(text)}`, EXIT.usage);
}

function envValue(name: string, option: string): string {
  const value = process.env[name];
  if (!value) throw new CliError(`${option}: the environment variable ${name} is not set (discover reads the password from it, so it never appears in a command line or a file)`, EXIT.usage);
  return value;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
