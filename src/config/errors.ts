/**
 * Config problems name the file and a JSON path (`$.target.login.form.url`), so a user can fix every one
 * of them from a single run: the loader collects them all before it throws.
 */

export interface ConfigProblem {
  file: string;
  /** JSON path of the offending value, `$` for the file as a whole. */
  path: string;
  message: string;
}

/** A problem before the file is attached: the modules that find problems never need to know the file. */
export type Issue = Omit<ConfigProblem, 'file'>;

/** Problems printed one per line; the rest are counted (a million missing variables must not print a million lines). */
export const PRINTED_PROBLEMS = 20;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: ConfigProblem[]) {
    const shown = problems.slice(0, PRINTED_PROBLEMS).map((p) => `${p.file}: ${p.path}: ${p.message}`);
    const rest = problems.length - shown.length;
    super([...shown, ...(rest > 0 ? [`… and ${rest.toLocaleString('en-US')} more`] : [])].join('\n'));
  }
}

export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `['target', 'accounts', 0, 'user name']` → `$.target.accounts[0]["user name"]`. */
export function jsonPath(segments: readonly PathSegment[]): string {
  return segments.reduce<string>((path, s) => {
    if (typeof s === 'number') return `${path}[${s}]`;
    return IDENTIFIER.test(s) ? `${path}.${s}` : `${path}[${JSON.stringify(s)}]`;
  }, '$');
}

/** Whether `path` is `ancestor` itself or lies inside it. */
export function isWithin(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}.`) || path.startsWith(`${ancestor}[`);
}
