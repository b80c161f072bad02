import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS, PROBE_ORDER, PROBES, SUITES } from '../../suites/index.js';

const ROOT = resolve(import.meta.dirname, '../../suites');
const SHARED = 'shared';
const folders = readdirSync(ROOT).filter((f) => statSync(join(ROOT, f)).isDirectory());

function filesOf(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? filesOf(join(dir, f)) : f.endsWith('.ts') ? [join(dir, f)] : []));
}

/** The suites/ folder each relative import of a file lands in (null: outside suites/). */
function importedFolders(file: string): Array<{ specifier: string; folder: string | null }> {
  const specifiers = [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((m) => m[1]!);
  return specifiers.map((specifier) => {
    const target = relative(ROOT, resolve(dirname(file), specifier));
    return { specifier, folder: target.startsWith('..') ? null : target.split(sep)[0]! };
  });
}

describe('suite modules', () => {
  it('no suite imports a sibling suite, and shared code imports no suite', () => {
    const crossings = folders.flatMap((folder) =>
      filesOf(join(ROOT, folder)).flatMap((file) =>
        importedFolders(file)
          .filter((i) => i.folder !== null && i.folder !== folder && (folder === SHARED || i.folder !== SHARED))
          .map((i) => `${relative(ROOT, file)} imports ${i.specifier}`),
      ),
    );
    expect(crossings).toEqual([]);
  });

  it('every suite folder is a module with an index.ts, composed into the catalogue', () => {
    const suiteFolders = folders.filter((f) => f !== SHARED);
    for (const f of suiteFolders) expect(statSync(join(ROOT, f, 'index.ts')).isFile(), f).toBe(true);
    expect(SUITES.map((s) => s.checks[0]?.meta.suite).sort()).toEqual(suiteFolders.sort());
    expect(new Set(CHECKS.map((c) => c.meta.id)).size).toBe(CHECKS.length);
  });

  it('runs every probe a suite brings, once, and has a probe for every artifact a check requires', () => {
    const provided = new Set(SUITES.flatMap((s) => s.probes));
    expect(new Set(PROBES)).toEqual(provided);
    expect(PROBES.map((p) => p.id)).toEqual(PROBE_ORDER);
    const produced = new Set(['session', ...PROBE_ORDER]);
    expect(CHECKS.flatMap((c) => c.meta.requires.filter((id) => !produced.has(id)).map((id) => `${c.meta.id} requires ${id}`))).toEqual([]);
  });

  it('gives each suite module only checks of its own suite', () => {
    for (const suite of SUITES) expect(new Set(suite.checks.map((c) => c.meta.suite)).size).toBe(1);
  });
});
