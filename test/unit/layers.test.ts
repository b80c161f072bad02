import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [relative(REPO, p)] : [];
  });
}

/** Every relative import of every file, `import type` and re-exports included, as the compiler reads them. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of ['src', 'suites', 'reports'].flatMap((d) => sources(join(REPO, d)))) {
    const { importedFiles } = ts.preProcessFile(readFileSync(join(REPO, file), 'utf8'), true, true);
    const targets = importedFiles
      .map((i) => i.fileName)
      .filter((s) => s.startsWith('.'))
      .map((s) => relative(REPO, resolve(REPO, dirname(file), s.replace(/\.js$/, '.ts'))))
      .filter((p) => existsSync(join(REPO, p)));
    graph.set(file, targets);
  }
  return graph;
}

/** The import circles: strongly connected components of more than one file (Tarjan). */
function circles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      component.push(w);
    } while (w !== v);
    if (component.length > 1) found.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

function closure(graph: Map<string, string[]>, roots: string[]): Set<string> {
  const seen = new Set<string>();
  const todo = [...roots];
  while (todo.length) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    todo.push(...(graph.get(f) ?? []));
  }
  return seen;
}

/**
 * Below the model: pure data and record libraries that know nothing of checks, probes or runs (the
 * config's types, the evidence records, the token readings).
 */
const BELOW_MODEL = [/^src\/config\/types\.ts$/, /^src\/evidence\.ts$/, /^src\/token\//];

describe('layers', () => {
  const graph = importGraph();

  it('has no import circles in src/, suites/ or reports/, type-only imports included', () => {
    expect(circles(graph)).toEqual([]);
  });

  it('finds a circle when there is one', () => {
    expect(circles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]))).toEqual([['a', 'b', 'c']]);
  });

  it('keeps src/model/ lowest: it imports only itself and the data libraries below it', () => {
    const model = [...graph.keys()].filter((f) => f.startsWith('src/model/'));
    expect(model.length).toBeGreaterThan(0);
    const above = [...closure(graph, model)].filter((f) => !f.startsWith('src/model/') && !BELOW_MODEL.some((re) => re.test(f)));
    expect(above).toEqual([]);
  });

  it('keeps the engine and the post-processing free of suites and reports (only the commands use those)', () => {
    const commands = [/^src\/cli\.ts$/, /^src\/commands\//, /^src\/init\//];
    const engine = [...graph.keys()].filter((f) => f.startsWith('src/') && !commands.some((re) => re.test(f)));
    const upward = engine.flatMap((f) => graph.get(f)!.filter((t) => t.startsWith('suites/') || t.startsWith('reports/')).map((t) => `${f} → ${t}`));
    expect(upward).toEqual([]);
  });
});
