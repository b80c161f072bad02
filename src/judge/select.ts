/**
 * Which checks a run executes: config include/exclude (ids or globs) narrowed by the CLI's --suite,
 * --check and --only-static.
 */
import type { Check } from '../model/check.js';
import type { ChecksSelection } from '../config/types.js';
import { globMatcher } from '../glob.js';

export interface CliSelection {
  suites?: string[];
  checks?: string[];
  /**
   * Only the checks judged from the first login's evidence (they require no probe but `session`): the
   * cookie attributes, token exposure and length, cache headers. No further logins, no waits.
   */
  onlyStatic?: boolean;
}

export function isStatic(check: Check): boolean {
  return check.meta.requires.every((probe) => probe === 'session');
}

export function selectChecks(all: readonly Check[], config: ChecksSelection, cli: CliSelection): Check[] {
  const matches = (patterns: string[], id: string) => patterns.some((p) => globMatcher(p)(id));
  return all.filter((check) => {
    const { meta } = check;
    if (config.include.length > 0 && !matches(config.include, meta.id)) return false;
    if (matches(config.exclude, meta.id)) return false;
    if (cli.suites?.length && !cli.suites.includes(meta.suite)) return false;
    if (cli.checks?.length && !matches(cli.checks, meta.id)) return false;
    return !cli.onlyStatic || isStatic(check);
  });
}
