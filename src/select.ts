/**
 * Which checks a run executes: config include/exclude (ids or globs) narrowed by the CLI's --suite and --check.
 */
import type { Check } from './check.js';
import type { ChecksSelection } from './config/types.js';

export interface CliSelection {
  suites?: string[];
  checks?: string[];
}

export function selectChecks(all: readonly Check[], config: ChecksSelection, cli: CliSelection): Check[] {
  const matches = (patterns: string[], id: string) => patterns.some((p) => globToRegExp(p).test(id));
  return all.filter(({ meta }) => {
    if (config.include.length > 0 && !matches(config.include, meta.id)) return false;
    if (matches(config.exclude, meta.id)) return false;
    if (cli.suites?.length && !cli.suites.includes(meta.suite)) return false;
    if (cli.checks?.length && !matches(cli.checks, meta.id)) return false;
    return true;
  });
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}
