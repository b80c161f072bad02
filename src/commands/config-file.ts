/**
 * Finding and loading the config for a command, turning config problems into exit code 2.
 */
import path from 'node:path';
import type { Config } from '../config/types.js';
import { findDefaultConfig, loadConfig, type LoadOptions } from '../config/load.js';
import { ConfigError } from '../config/errors.js';
import { CliError, EXIT } from './exit-codes.js';
import { CHECKS } from '../../suites/index.js';

export async function resolveConfigPath(given: string | undefined): Promise<string> {
  if (given) return path.resolve(given);
  const found = await findDefaultConfig(process.cwd());
  if (!found) throw new CliError(`no config file: pass --config FILE or create sessionprobe.yaml in ${process.cwd()}`, EXIT.usage);
  return found;
}

/** Loads with the check catalogue at hand, so a waiver naming no known check is a located error. */
export async function loadConfigOrExit(file: string, options: LoadOptions = {}): Promise<Config> {
  try {
    return await loadConfig(file, { knownChecks: CHECKS.map((c) => c.meta.id), ...options });
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(`invalid config (${error.problems.length} problem(s)):\n${error.message}`, EXIT.usage);
    throw error;
  }
}
