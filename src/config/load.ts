/**
 * The config edge: file → ConfigError with every problem, or a Config everything downstream trusts.
 * Order matters: --base-url replaces the file's value before anything reads it, environment references
 * are resolved before validation (so a resolved value is what gets checked), and a value whose
 * variable is missing is reported once, as missing, not again as invalid.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, isWithin, type Issue } from './errors.js';
import { interpolateEnv } from './interpolate.js';
import { normalize, type RawConfig } from './normalize.js';
import { parseConfigFile } from './parse.js';
import { semanticIssues } from './semantics.js';
import { missingFileIssues } from './files.js';
import type { Config } from './types.js';
import { schemaIssues } from './validate.js';

export interface LoadOptions {
  /** --base-url: replaces target.baseUrl. */
  baseUrl?: string;
  /** --instance (repeatable): replaces target.instances. */
  instances?: string[];
  /** The check catalogue's ids, for naming unknown checks in waivers. */
  knownChecks?: readonly string[];
}

const DEFAULT_NAMES = ['sessionprobe.yaml', 'sessionprobe.yml', 'sessionprobe.json'];

/** The first of sessionprobe.yaml, .yml, .json in `cwd`, as an absolute path. */
export async function findDefaultConfig(cwd: string): Promise<string | undefined> {
  for (const name of DEFAULT_NAMES) {
    const candidate = path.resolve(cwd, name);
    const info = await stat(candidate).catch(() => undefined);
    if (info?.isFile()) return candidate;
  }
  return undefined;
}

export async function loadConfig(file: string, options: LoadOptions = {}): Promise<Config> {
  const fail = (issues: Issue[]) => new ConfigError(issues.map((i) => ({ file, ...i })));
  const parsed = await parseConfigFile(file);
  if (!parsed.ok) throw fail(parsed.issues);

  const override = options.baseUrl !== undefined && isRecord(parsed.value.target);
  if (override) delete (parsed.value.target as Record<string, unknown>).baseUrl;
  const { value, issues: envIssues } = interpolateEnv(parsed.value, process.env);
  const raw = value as Record<string, unknown>;
  if (override) (raw.target as Record<string, unknown>).baseUrl = options.baseUrl;
  const instancesOverride = options.instances !== undefined && options.instances.length > 0 && isRecord(raw.target);
  if (instancesOverride) (raw.target as Record<string, unknown>).instances = options.instances;

  const schemaProblems = schemaIssues(raw);
  const unresolved = envIssues.map((i) => i.path);
  const later = [...schemaProblems, ...semanticIssues(raw, { baseUrlFromOption: override, instancesFromOption: instancesOverride, knownChecks: options.knownChecks })].filter(
    (issue) => !unresolved.some((p) => isWithin(issue.path, p)),
  );
  const issues = [...envIssues, ...later];
  // Schema problems are only ever filtered out when a variable is missing, so past this line the file
  // is schema-valid and fully resolved, which is what normalize relies on.
  if (issues.length > 0) throw fail(issues);
  const missing = await missingFileIssues(raw.target as Record<string, unknown>, path.dirname(path.resolve(file)));
  if (missing.length > 0) throw fail(missing);
  return normalize(raw as unknown as RawConfig, path.resolve(file));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
