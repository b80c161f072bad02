/**
 * `${ENV_VAR}` in config strings, so secrets stay out of the file. A missing variable is reported at its
 * JSON path instead of silently becoming an empty string: an empty password would make login fail
 * with a misleading "target not testable" much later.
 */
import { jsonPath, type Issue, type PathSegment } from './errors.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** `$${` is the escape for a literal `${`; `${` without a closing brace is caught as malformed. */
const REFERENCE = /\$\$\{|\$\{([^}]*)(\}?)/g;

export interface Interpolated {
  value: unknown;
  issues: Issue[];
}

/** Replaces references in every string, however deeply nested; keys are left alone. */
export function interpolateEnv(value: unknown, env: NodeJS.ProcessEnv): Interpolated {
  const issues: Issue[] = [];
  const walk = (v: unknown, at: PathSegment[]): unknown => {
    if (typeof v === 'string') return substitute(v, env, jsonPath(at), issues);
    if (Array.isArray(v)) return v.map((item, i) => walk(item, [...at, i]));
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, walk(item, [...at, k])]));
    }
    return v;
  };
  return { value: walk(value, []), issues };
}

function substitute(text: string, env: NodeJS.ProcessEnv, path: string, issues: Issue[]): string {
  return text.replace(REFERENCE, (match, name: string | undefined, close: string | undefined) => {
    if (match === '$${') return '${';
    if (!close || name === undefined || !NAME.test(name)) {
      issues.push({ path, message: `${JSON.stringify(match)} is not a valid environment reference: write \${NAME} (letters, digits, _), or $\${ for a literal \${` });
      return match;
    }
    const resolved = env[name];
    if (resolved === undefined || resolved === '') {
      // Empty counts as missing: CI systems expand an undefined secret to "".
      issues.push({ path, message: `environment variable ${name} is ${resolved === undefined ? 'not set' : 'empty'}` });
      return match;
    }
    return resolved;
  });
}
