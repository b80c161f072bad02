/**
 * What an example declares in its expected.json: the verdicts it exists to show, not one for every check,
 * so a new check touches only the examples that show it. A declared verdict must come out exactly as
 * declared; an undeclared check may come out any way but `error` (no example expects the tool to break),
 * unless the example says `"undeclared": "no-fail"`: a target built to get everything right declares the
 * passes it shows and, with that rule, that nothing else fails either.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** Check id → the verdict the example is built to produce. */
export type DeclaredVerdicts = Record<string, string>;

export interface Declaration {
  checks: DeclaredVerdicts;
  /** What an undeclared check may come out as: anything but error, or also not fail. */
  undeclared: 'any' | 'no-fail';
}

const VERDICTS = ['pass', 'fail', 'inconclusive', 'skipped', 'error'];
const UNDECLARED = ['any', 'no-fail'];

/** The example's expected.json; a malformed one is an error naming the file and the JSON path. */
export async function declaredVerdicts(dir: string): Promise<Declaration> {
  const file = path.join(dir, 'expected.json');
  const text = await readFile(file, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not JSON (${(e as Error).message})`);
  }
  return parseDeclaration(parsed, file);
}

export function parseDeclaration(parsed: unknown, file: string): Declaration {
  const bad = (where: string, expected: string) => new Error(`${file}: ${where} must be ${expected}`);
  if (!isObject(parsed)) throw bad('the top level', 'an object with "checks"');
  for (const key of Object.keys(parsed)) if (key !== 'checks' && key !== 'undeclared') throw bad(`$.${key}`, 'absent (only "checks" and "undeclared" are known)');
  const { checks, undeclared = 'any' } = parsed;
  if (!isObject(checks)) throw bad('$.checks', 'an object of check id → verdict');
  for (const [id, verdict] of Object.entries(checks)) {
    if (typeof verdict !== 'string' || !VERDICTS.includes(verdict)) throw bad(`$.checks["${id}"]`, `one of ${VERDICTS.join(', ')}`);
  }
  if (typeof undeclared !== 'string' || !UNDECLARED.includes(undeclared)) throw bad('$.undeclared', `one of ${UNDECLARED.join(', ')}`);
  return { checks: checks as DeclaredVerdicts, undeclared: undeclared as Declaration['undeclared'] };
}

/** Every way a run's verdicts disagree with the declaration, one line each; empty when they agree. */
export function verdictMismatches(declared: Declaration, checks: ReadonlyArray<{ id: string; verdict: string; observed?: string }>): string[] {
  const byId = new Map(checks.map((c) => [c.id, c]));
  const mismatches: string[] = [];
  const seen = (check: { observed?: string }) => (check.observed ? ` — ${check.observed}` : '');
  for (const [id, want] of Object.entries(declared.checks)) {
    const check = byId.get(id);
    if (check === undefined) mismatches.push(`${id} is declared ${want} but did not run`);
    else if (check.verdict !== want) mismatches.push(`${id} is ${check.verdict}, expected ${want}${seen(check)}`);
  }
  for (const check of checks) {
    if (check.id in declared.checks) continue;
    if (check.verdict === 'error') mismatches.push(`${check.id} is error (undeclared checks may be anything but error)${seen(check)}`);
    else if (check.verdict === 'fail' && declared.undeclared === 'no-fail') mismatches.push(`${check.id} is fail, and this example declares that no check fails${seen(check)}`);
  }
  return mismatches;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
