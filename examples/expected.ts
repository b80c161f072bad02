/**
 * What an example declares in its expected.json: the verdicts it exists to show, not one for every check,
 * so a new check touches only the examples that show it. A declared verdict must come out exactly as
 * declared; an undeclared check may come out any way but `error` (no example expects the tool to break).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** Check id → the verdict the example is built to produce. */
export type DeclaredVerdicts = Record<string, string>;

export async function declaredVerdicts(dir: string): Promise<DeclaredVerdicts> {
  const parsed = JSON.parse(await readFile(path.join(dir, 'expected.json'), 'utf8')) as { checks: DeclaredVerdicts };
  return parsed.checks;
}

/** Every way a run's verdicts disagree with the declaration, one line each; empty when they agree. */
export function verdictMismatches(declared: DeclaredVerdicts, checks: ReadonlyArray<{ id: string; verdict: string; observed?: string }>): string[] {
  const byId = new Map(checks.map((c) => [c.id, c]));
  const mismatches: string[] = [];
  for (const [id, want] of Object.entries(declared)) {
    const check = byId.get(id);
    if (check === undefined) mismatches.push(`${id} is declared ${want} but did not run`);
    else if (check.verdict !== want) mismatches.push(`${id} is ${check.verdict}, expected ${want}${check.observed ? ` — ${check.observed}` : ''}`);
  }
  for (const check of checks) {
    if (!(check.id in declared) && check.verdict === 'error') mismatches.push(`${check.id} is error (undeclared checks may be anything but error)${check.observed ? ` — ${check.observed}` : ''}`);
  }
  return mismatches;
}
