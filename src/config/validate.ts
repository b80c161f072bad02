/**
 * Schema validation with messages a user can act on. Ajv reports what failed inside the schema; this
 * turns that into "where in the file, what was expected, what was found", and folds the cascades of
 * `anyOf` and exactly-one-of objects (flows, browser steps) into one message each.
 */
import { Ajv, type ErrorObject } from 'ajv';
import schema from '../../schema/config.schema.json' with { type: 'json' };
import { jsonPath, type Issue, type PathSegment } from './errors.js';
import { tooLong } from './durations.js';

/** The schema's own annotation: the phrase a message uses for what a value should look like. */
const EXPECTED = 'x-expected';
/**
 * The schema's annotation on an exactly-one-of object whose listed keys may come beside the one kind
 * (a browser step's `on`); semantics.ts counts the kinds, since a schema cannot.
 */
const MODIFIERS = 'x-modifiers';

/** The schema's own keyword: the longest a duration may be. */
const MAX_DURATION = 'x-maxDuration';

/** An Ajv that knows the schema's own keywords: the validator and the tests that compile parts of the schema share it. */
export function configSchemaAjv(): Ajv {
  // Without Ajv's code optimisation passes the schema compiles in half the time (~130 → ~70 ms of every
  // CLI start); the generated validator finds the same errors, a little slower, on a few-kilobyte config.
  const ajv = new Ajv({ allErrors: true, verbose: true, allowUnionTypes: true, code: { optimize: false } });
  ajv.addKeyword(EXPECTED);
  ajv.addKeyword(MODIFIERS);
  ajv.addKeyword({ keyword: MAX_DURATION, type: 'string', schemaType: 'string', validate: (limit: string, data: string) => tooLong(data, limit) === undefined });
  return ajv;
}

const validate = configSchemaAjv().compile(schema);

interface SchemaNode {
  title?: string;
  properties?: Record<string, unknown>;
  minProperties?: number;
  maxProperties?: number;
  [EXPECTED]?: string;
  [MODIFIERS]?: string[];
}

/** Every schema violation in `data`, in the order Ajv meets them; [] when valid. */
export function schemaIssues(data: unknown): Issue[] {
  if (validate(data)) return [];
  // A bad property name is reported by its own pattern error (naming the key); the summary adds nothing.
  const errors = foldExactlyOne(foldAnyOf((validate.errors ?? []).filter((e) => e.keyword !== 'propertyNames')));
  const issues = errors.map((e) => explain(e, data));
  return issues.filter((issue, i) => issues.findIndex((o) => o.path === issue.path && o.message === issue.message) === i);
}

/**
 * A failed anyOf comes right after the errors of its branches (the contiguous run at or below its
 * location: every anyOf in config.schema.json is alone at its location, never at the root). When exactly one branch has the value's
 * shape (the others failed on type/const/enum at the anyOf's own location), that branch's errors are
 * the useful ones; otherwise the anyOf's single "expected …" message replaces them all.
 */
function foldAnyOf(errors: ErrorObject[]): ErrorObject[] {
  const kept: ErrorObject[] = [];
  for (const error of errors) {
    if (error.keyword !== 'anyOf') {
      kept.push(error);
      continue;
    }
    let start = kept.length;
    while (start > 0 && underPointer(kept[start - 1]!.instancePath, error.instancePath)) start--;
    const branchErrors = kept.splice(start);
    const branchOf = (e: ErrorObject): number | undefined => {
      const m = e.schemaPath.slice(error.schemaPath.length).match(/^\/(\d+)\//);
      return e.schemaPath.startsWith(error.schemaPath) && m ? Number(m[1]) : undefined;
    };
    const misfits = new Set(
      branchErrors
        .filter((e) => e.instancePath === error.instancePath && ['type', 'const', 'enum'].includes(e.keyword))
        .map(branchOf)
        .filter((b) => b !== undefined),
    );
    const branches = (error.schema as unknown[]).length;
    if (branches - misfits.size === 1) kept.push(...branchErrors.filter((e) => !misfits.has(branchOf(e) ?? -1)));
    else kept.push(error);
  }
  return kept;
}

const isExactlyOne = (e: ErrorObject): boolean => {
  const parent = e.parentSchema as SchemaNode | undefined;
  return parent?.minProperties === 1 && (parent.maxProperties === 1 || parent[MODIFIERS] !== undefined);
};

/**
 * Objects that take exactly one key (flows, browser steps): an unknown key is reported as an unknown
 * kind; several kinds become one message, without the errors inside each of them.
 */
function foldExactlyOne(errors: ErrorObject[]): ErrorObject[] {
  const crowded = errors.filter((e) => e.keyword === 'maxProperties' && isExactlyOne(e)).map((e) => e.instancePath);
  const withUnknownKind = new Set(errors.filter((e) => e.keyword === 'additionalProperties' && isExactlyOne(e)).map((e) => e.instancePath));
  return errors.filter((e) => {
    if (['minProperties', 'maxProperties'].includes(e.keyword) && isExactlyOne(e)) return !withUnknownKind.has(e.instancePath);
    return !crowded.some((p) => !withUnknownKind.has(p) && e.instancePath !== p && underPointer(e.instancePath, p));
  });
}

function underPointer(pointer: string, ancestor: string): boolean {
  return pointer === ancestor || pointer.startsWith(`${ancestor}/`);
}

function explain(error: ErrorObject, root: unknown): Issue {
  const segments = pointerSegments(error.instancePath, root);
  const path = jsonPath(segments);
  const parent = (error.parentSchema ?? {}) as SchemaNode;
  const params = error.params as Record<string, unknown>;
  const got = `got ${describeValue(error.data, segments)}`;
  const expected = parent[EXPECTED];
  const keys = Object.keys(parent.properties ?? {}).filter((k) => !parent[MODIFIERS]?.includes(k));
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const at = jsonPath([...segments, key]);
      if (isExactlyOne(error)) return { path: at, message: `"${key}" is not a ${parent.title} kind; expected one of ${keys.join(', ')}` };
      const near = closest(key, keys);
      return { path: at, message: `unknown key "${key}"; ${near ? `did you mean "${near}"?` : `expected one of ${keys.join(', ')}`}` };
    }
    case 'required':
      return { path, message: `missing required key "${String(params.missingProperty)}"` };
    case 'minProperties':
    case 'maxProperties': {
      if (!isExactlyOne(error)) return { path, message: `expected at least one of ${keys.join(', ')}` };
      const given = Object.keys(error.data as object);
      return {
        path,
        message: `a ${parent.title} takes exactly one of ${keys.join(', ')}; got ${given.length === 0 ? 'none' : `${given.length}: ${given.join(', ')}`}`,
      };
    }
    case 'enum':
      return { path, message: `expected one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, ${got}` };
    case 'const':
      return { path, message: `expected ${JSON.stringify(params.allowedValue)}, ${got}` };
    case 'type':
      return { path, message: `expected ${expected ?? String(params.type).split(',').join(' or ')}, ${got}` };
    case 'minimum':
    case 'maximum':
      return { path, message: `expected a number ${String(params.comparison)} ${String(params.limit)}, ${got}` };
    case 'minItems':
      return { path, message: `expected at least ${String(params.limit)} item(s), got ${(error.data as unknown[]).length}` };
    case 'minLength':
      return { path, message: `expected a non-empty string` };
    case MAX_DURATION:
      return { path, message: tooLong(error.data as string, error.schema as string)! };
    case 'uniqueItems':
      return { path, message: `duplicate item ${JSON.stringify((error.data as unknown[])[Number(params.j)])}` };
    default:
      // pattern, not, anyOf: the schema says in words what it wants.
      return { path, message: expected ? `expected ${expected}, ${got}` : `${error.message ?? 'invalid'}, ${got}` };
  }
}

/** Ajv's JSON pointer as path segments; the data decides whether `0` is an array index or a key. */
function pointerSegments(pointer: string, root: unknown): PathSegment[] {
  const segments: PathSegment[] = [];
  let node = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const segment = Array.isArray(node) ? Number(key) : key;
    segments.push(segment);
    node = node !== null && typeof node === 'object' ? (node as Record<PathSegment, unknown>)[segment] : undefined;
  }
  return segments;
}

const SECRET_KEYS = new Set(['password', 'newPassword']);

function describeValue(value: unknown, segments: PathSegment[]): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  if (type === 'object') return 'an object';
  // A password given with the wrong type is still a password: name the type, never echo it.
  if (SECRET_KEYS.has(String(segments.at(-1)))) return type;
  if (type === 'string') {
    const text = value as string;
    return `string ${JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text)}`;
  }
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- objects returned above: a number, boolean or bigint is left
  return `${type} ${String(value)}`;
}

/** The allowed name a typo most likely meant: same letters ignoring case, or at most two edits away. */
export function closest(key: string, candidates: string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const distance = name.toLowerCase() === key.toLowerCase() ? 0 : editDistance(key, name);
    if (distance <= 2 && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
